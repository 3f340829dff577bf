from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("CsvNoSchema").getOrCreate()
devices = spark.readStream.option("header", True).csv("tests/conformance/structured/data/f1_devices")
query = devices.writeStream.format("console").start()
query.awaitTermination()
