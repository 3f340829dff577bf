from pyspark.sql import SparkSession
from pyspark.sql.functions import col, count, max, session_window, split, to_timestamp

spark = SparkSession.builder.appName("SessionWindowAppend").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("t"), parts.getItem(1).alias("user"))
sessions = (
    events.withWatermark("t", "10 minutes")
    .groupBy(session_window(col("t"), "5 minutes"), col("user"))
    .agg(count("*").alias("n"), max("t").alias("last"))
    .select("user", col("session_window.start").alias("start"), col("session_window.end").alias("end"), "n", "last")
)
query = sessions.writeStream.outputMode("append").format("console").option("truncate", False).start()
query.awaitTermination()
