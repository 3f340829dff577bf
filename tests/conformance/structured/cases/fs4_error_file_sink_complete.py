# clean: /tmp/streamlab-case-fs4
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("FileSinkComplete").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
counts = lines.groupBy("value").count()
query = (counts.writeStream.outputMode("complete").format("json")
         .option("checkpointLocation", "/tmp/streamlab-case-fs4/ck")
         .start("/tmp/streamlab-case-fs4/data"))
query.awaitTermination()
