# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("StreamStaticCrossOnKey").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 3)

sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof"), ("cat", "purr")], ["word", "sound"])

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
pairs = words.join(sounds, on="word", how="cross")

query = pairs.writeStream.format("console").start()
query.awaitTermination()
