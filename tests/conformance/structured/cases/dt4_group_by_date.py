# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, count, max, to_date, to_timestamp

spark = SparkSession.builder.appName("DailyCounts").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", "200")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
events = lines.select(to_timestamp(col("value")).alias("t"))
daily = events.groupBy(to_date("t").alias("day")).agg(count("*").alias("n"), max("t").alias("last"))

query = daily.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
