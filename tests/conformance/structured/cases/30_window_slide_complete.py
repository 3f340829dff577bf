from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split, to_timestamp, window

spark = SparkSession.builder.appName("Windows").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(lines.value, ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("time"), explode(split(parts.getItem(1), " ")).alias("word"))
windowed = events.groupBy(window(events.time, "10 minutes", "5 minutes"), events.word).count()
query = windowed.writeStream.outputMode("complete").format("console").option("truncate", "false").start()
query.awaitTermination()
