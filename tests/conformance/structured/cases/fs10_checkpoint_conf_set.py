# compare: stdout
# clean: /tmp/streamlab-case-fs10
import os
from pyspark.sql import SparkSession
from pyspark.sql.functions import length

out = "/tmp/streamlab-case-fs10"
spark = SparkSession.builder.appName("CheckpointConfSet").getOrCreate()
spark.conf.set("spark.sql.streaming.checkpointLocation", out + "/ck")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
sized = lines.select("value", length("value").alias("n"))

query = sized.writeStream.format("csv").start(out + "/data")
query.awaitTermination()

runs = os.listdir(out + "/ck")
print(len(runs), len(runs[0]), runs[0].count("-"))
print(spark.read.schema("value string, n int").csv(out + "/data").orderBy("value").collect())
