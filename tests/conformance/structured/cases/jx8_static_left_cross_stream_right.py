from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("StaticCrossStream").getOrCreate()

colors = spark.read.option("header", True).csv("tests/conformance/structured/data/jx4_stream_static_cross")
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
pairs = colors.crossJoin(lines)

query = pairs.writeStream.format("console").start()
query.awaitTermination()
