# clean: /tmp/streamlab-case-fs5
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("FileSinkUpdate").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = (lines.writeStream.format("text").outputMode("update")
         .option("path", "/tmp/streamlab-case-fs5/data")
         .option("checkpointLocation", "/tmp/streamlab-case-fs5/ck").start())
query.awaitTermination()
