from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp, window

spark = SparkSession.builder.appName("AppendWindow").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
events = lines.select(to_timestamp(split(col("value"), ",").getItem(0)).alias("t"))
query = events.groupBy(window("t", "5 minutes")).count().writeStream.outputMode("append").format("console").start()
query.awaitTermination()
