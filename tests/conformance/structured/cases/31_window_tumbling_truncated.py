from pyspark.sql import SparkSession
import pyspark.sql.functions as F

spark = SparkSession.builder.appName("Tumbling").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = F.split(lines.value, ",")
events = lines.select(F.to_timestamp(parts[0]).alias("time"), parts[1].alias("word"))
counts = events.groupBy(F.window("time", "10 minutes")).agg(F.count("word").alias("n"))
query = counts.writeStream.outputMode("update").format("console").start()
query.awaitTermination()
