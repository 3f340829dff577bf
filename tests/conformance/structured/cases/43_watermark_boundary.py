from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp, window

spark = SparkSession.builder.appName("Boundary").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("t"), parts.getItem(1).alias("word"))
counts = events.withWatermark("t", "5 minutes").groupBy(window("t", "10 minutes")).count()
query = counts.writeStream.outputMode("append").format("console").option("truncate", "false").start()
query.awaitTermination()
