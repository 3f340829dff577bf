# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("StreamStaticAntiSortMerge").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 3)

sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof"), ("owl", "hoot")], ["word", "sound"])

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"), lines.value.alias("line"))
silent = words.join(sounds, "word", "left_anti")

query = silent.writeStream.format("console").option("truncate", False).start()
query.awaitTermination()
