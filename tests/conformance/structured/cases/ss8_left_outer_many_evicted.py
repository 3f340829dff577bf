# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, expr, split, to_timestamp

spark = SparkSession.builder.appName("ManyUnmatched").getOrCreate()
# The join's state partitions: the order its rows come out in.
spark.conf.set("spark.sql.shuffle.partitions", 3)

impressions = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(impressions.value, ",")
impressions = impressions.select(to_timestamp(parts.getItem(0)).alias("impressionTime"), parts.getItem(1).alias("impressionAdId"))

clicks = spark.readStream.format("socket").option("host", "localhost").option("port", 9998).load()
parts = split(clicks.value, ",")
clicks = clicks.select(to_timestamp(parts.getItem(0)).alias("clickTime"), parts.getItem(1).alias("clickAdId"))

impressions = impressions.withWatermark("impressionTime", "10 minutes")
clicks = clicks.withWatermark("clickTime", "10 minutes")

# Many impressions of a few ads never clicked: when the watermark passes
# them they come out with nulls, in the order Spark's state store gives them.
joined = impressions.join(
    clicks,
    expr("clickAdId = impressionAdId AND clickTime BETWEEN impressionTime AND impressionTime + interval 5 minutes"),
    "left_outer",
)
query = joined.writeStream.format("console").option("numRows", 50).start()
query.awaitTermination()
