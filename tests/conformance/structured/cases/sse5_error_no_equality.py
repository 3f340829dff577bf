from pyspark.sql import SparkSession
from pyspark.sql.functions import col, count, expr, split, to_timestamp, window

spark = SparkSession.builder.appName("StreamStreamRules").getOrCreate()

impressions = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(impressions.value, ",")
impressions = impressions.select(to_timestamp(parts.getItem(0)).alias("impressionTime"), parts.getItem(1).alias("impressionAdId"))

clicks = spark.readStream.format("socket").option("host", "localhost").option("port", 9998).load()
parts = split(clicks.value, ",")
clicks = clicks.select(to_timestamp(parts.getItem(0)).alias("clickTime"), parts.getItem(1).alias("clickAdId"))

impressions = impressions.withWatermark("impressionTime", "20 minutes")
clicks = clicks.withWatermark("clickTime", "30 minutes")
# A time range alone, without an equality of the two sides' columns.
joined = impressions.join(
    clicks, expr("clickTime >= impressionTime AND clickTime <= impressionTime + interval 10 minutes")
)
query = joined.writeStream.format("console").start()
query.awaitTermination()
