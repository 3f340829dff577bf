# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import split

spark = SparkSession.builder.appName("StreamStreamInner").getOrCreate()
# The join's state partitions: the order its rows come out in.
spark.conf.set("spark.sql.shuffle.partitions", 2)

views = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
views = views.select(split(views.value, " ").getItem(0).alias("ad"), split(views.value, " ").getItem(1).alias("user"))
clicks = spark.readStream.format("socket").option("host", "localhost").option("port", 9998).load()
clicks = clicks.select(split(clicks.value, " ").getItem(0).alias("ad"), split(clicks.value, " ").getItem(1).alias("page"))

joined = views.join(clicks, "ad")
query = joined.writeStream.format("console").start()
query.awaitTermination()
