# clean: /tmp/streamlab-case-fs3
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("FileSinkNoCheckpoint").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.format("csv").option("path", "/tmp/streamlab-case-fs3/data").start()
query.awaitTermination()
