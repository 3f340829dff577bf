# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, expr, split, to_timestamp

spark = SparkSession.builder.appName("FilterAfterJoin").getOrCreate()
# The join's state partitions: the order its rows come out in.
spark.conf.set("spark.sql.shuffle.partitions", 2)

impressions = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(impressions.value, ",")
impressions = impressions.select(to_timestamp(parts.getItem(0)).alias("impressionTime"), parts.getItem(1).alias("impressionAdId"))

clicks = spark.readStream.format("socket").option("host", "localhost").option("port", 9998).load()
parts = split(clicks.value, ",")
clicks = clicks.select(to_timestamp(parts.getItem(0)).alias("clickTime"), parts.getItem(1).alias("clickAdId"))

impressions = impressions.withWatermark("impressionTime", "10 minutes")
clicks = clicks.withWatermark("clickTime", "10 minutes")

# A filter on the joined rows that reads one side's columns: Spark runs it on
# that side before the join (and its watermark); the adV click never counts.
joined = impressions.join(
    clicks,
    expr("clickAdId = impressionAdId AND clickTime BETWEEN impressionTime AND impressionTime + interval 5 minutes"),
).where("clickAdId != 'adV'").where("clickTime > impressionTime")
query = joined.writeStream.format("console").start()
query.awaitTermination()
