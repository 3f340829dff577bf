from pyspark.sql import SparkSession
from pyspark.sql.functions import col, session_window, split, to_timestamp

spark = SparkSession.builder.appName("SessionWindowGapBoundary").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("t"), parts.getItem(1).alias("user"))
sessions = events.withWatermark("t", "0 seconds").groupBy("user", session_window("t", "10 minutes")).count()
query = sessions.writeStream.format("console").option("truncate", False).start()
query.awaitTermination()
