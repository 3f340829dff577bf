# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, expr, split, to_timestamp

spark = SparkSession.builder.appName("OuterFiltersAndSwaps").getOrCreate()
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

# A condition on one side only: an impression of ad2 can never match, so a
# left outer join emits it at once; a click of adV is never kept.
joined = impressions.join(
    clicks,
    expr(
        "clickAdId = impressionAdId AND impressionAdId != 'ad2' AND clickAdId != 'adV'"
        " AND clickTime BETWEEN impressionTime AND impressionTime + interval 5 minutes"
    ),
    "left_outer",
)
query = joined.select("impressionAdId", "impressionTime", col("clickTime").alias("clicked")).writeStream.format("console").start()
query.awaitTermination()
