from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp, window

spark = SparkSession.builder.appName("Watermark").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), parts.getItem(1).alias("word"))
windowed = events.withWatermark("timestamp", "10 minutes").groupBy(window(col("timestamp"), "10 minutes", "5 minutes"), col("word")).count()
query = windowed.writeStream.outputMode("append").format("console").option("truncate", False).start()
query.awaitTermination()
