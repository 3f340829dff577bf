from pyspark.sql import SparkSession
from pyspark.sql.functions import col, session_window, split, to_timestamp, sum

spark = SparkSession.builder.appName("SessionWindowComplete").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("t"), parts.getItem(1).alias("user"), parts.getItem(2).cast("int").alias("clicks"))
sessions = (
    events.withWatermark("t", "10 minutes")
    .groupBy(session_window(events.t, "5 minutes"), "user")
    .agg(sum("clicks").alias("clicks"))
)
query = sessions.writeStream.outputMode("complete").format("console").option("truncate", False).start()
query.awaitTermination()
