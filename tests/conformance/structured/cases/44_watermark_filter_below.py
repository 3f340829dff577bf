from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp, window

spark = SparkSession.builder.appName("WatermarkFilter").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), parts.getItem(1).alias("word"))
# The filter does not read the event time: Spark runs it before the
# watermark, so the far-future "noise" rows never move the watermark.
windowed = (
    events.withWatermark("timestamp", "10 minutes")
    .where("word != 'noise'")
    .groupBy(window(col("timestamp"), "10 minutes"), col("word"))
    .count()
)
query = windowed.writeStream.outputMode("append").format("console").option("truncate", False).start()
query.awaitTermination()
