# rows: ordered
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("StaticLeftRightOuter").getOrCreate()

sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof")], ["value", "sound"])
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
joined = sounds.join(lines, "value", "right")

query = joined.writeStream.format("console").start()
query.awaitTermination()
