# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, expr, split, to_timestamp

spark = SparkSession.builder.appName("DedupAfterJoin").getOrCreate()
# The join's state partitions: the order its rows come out in.
spark.conf.set("spark.sql.shuffle.partitions", 2)

impressions = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(impressions.value, ",")
impressions = impressions.select(to_timestamp(parts.getItem(0)).alias("impressionTime"), parts.getItem(1).alias("impressionAdId"))

clicks = spark.readStream.format("socket").option("host", "localhost").option("port", 9998).load()
parts = split(clicks.value, ",")
clicks = clicks.select(to_timestamp(parts.getItem(0)).alias("clickTime"), parts.getItem(1).alias("clickAdId"))

impressions = impressions.withWatermark("impressionTime", "20 minutes")
clicks = clicks.withWatermark("clickTime", "30 minutes")

joined = impressions.join(
    clicks,
    expr("clickAdId = impressionAdId AND clickTime >= impressionTime AND clickTime <= impressionTime + interval 10 minutes"),
)
# One row per clicked ad and click time, whatever impressions it matched.
firsts = joined.dropDuplicates(["clickAdId", "clickTime"])
query = firsts.select("clickAdId", "clickTime").writeStream.format("console").start()
query.awaitTermination()
