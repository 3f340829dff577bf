from pyspark.sql import SparkSession
from pyspark.sql.functions import col, session_window, split, to_timestamp

spark = SparkSession.builder.appName("SessionWindowUpdate").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("t"), parts.getItem(1).alias("user"))
sessions = events.withWatermark("t", "10 minutes").groupBy(session_window("t", "5 minutes"), "user").count()
query = sessions.writeStream.outputMode("update").format("console").option("truncate", False).start()
query.awaitTermination()
