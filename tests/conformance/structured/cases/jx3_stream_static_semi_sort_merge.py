# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("StreamStaticSemiSortMerge").getOrCreate()
# A static side made from Python data has no known size: Spark sort-merges it.
spark.conf.set("spark.sql.shuffle.partitions", 3)

sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof"), ("owl", "hoot"), ("cow", "moo")], ["word", "sound"])

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
loud = words.join(sounds, on=["word"], how="leftsemi")

query = loud.writeStream.format("console").start()
query.awaitTermination()
