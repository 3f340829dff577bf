# clean: /tmp/streamlab-case-fs6
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("FileSinkNoPath").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.format("json").option("checkpointLocation", "/tmp/streamlab-case-fs6/ck").start()
query.awaitTermination()
