# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp

spark = SparkSession.builder.appName("DedupWatermark").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts[0]).alias("t"), parts[1].alias("word"))
unique = events.withWatermark("t", "5 minutes").dropDuplicates(["word", "t"])
query = unique.writeStream.outputMode("append").format("console").start()
query.awaitTermination()
