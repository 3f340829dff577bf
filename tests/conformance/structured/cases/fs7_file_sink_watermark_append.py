# compare: stdout
# clean: /tmp/streamlab-case-fs7
import os
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp, window

spark = SparkSession.builder.appName("FileSinkWatermark").config("spark.sql.shuffle.partitions", 2).getOrCreate()
out = "/tmp/streamlab-case-fs7"
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), parts.getItem(1).alias("word"))
windowed = (events.withWatermark("timestamp", "10 minutes")
            .groupBy(window(col("timestamp"), "10 minutes"), col("word")).count()
            .select(col("window.start").alias("start"), "word", "count"))
query = (windowed.writeStream.outputMode("append").format("csv")
         .option("path", out + "/data").option("checkpointLocation", out + "/ck").start())
query.awaitTermination()

back = spark.read.csv(out + "/data", schema="start string, word string, count long")
back.orderBy("start", "word").show(truncate=False)
# The sink's log: one entry per batch; batch 9's is "9.compact", with every file so far.
log = out + "/data/_spark_metadata"
names = sorted([n for n in os.listdir(log) if not n.startswith(".")], key=lambda n: int(n.split(".")[0]))
print(names)
with open(log + "/9.compact") as f:
    entries = f.read().split("\n")
print(entries[0], len(entries) - 1, "files in 9.compact")
print(sorted(e.split("part-")[1][:5] for e in entries[1:]))
