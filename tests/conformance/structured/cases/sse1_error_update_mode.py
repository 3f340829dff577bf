from pyspark.sql import SparkSession
from pyspark.sql.functions import col, count, expr, split, to_timestamp, window

spark = SparkSession.builder.appName("StreamStreamRules").getOrCreate()

impressions = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(impressions.value, ",")
impressions = impressions.select(to_timestamp(parts.getItem(0)).alias("impressionTime"), parts.getItem(1).alias("impressionAdId"))

clicks = spark.readStream.format("socket").option("host", "localhost").option("port", 9998).load()
parts = split(clicks.value, ",")
clicks = clicks.select(to_timestamp(parts.getItem(0)).alias("clickTime"), parts.getItem(1).alias("clickAdId"))

joined = impressions.join(clicks, expr("clickAdId = impressionAdId"))
query = joined.writeStream.outputMode("update").format("console").start()
query.awaitTermination()
