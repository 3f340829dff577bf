from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("MemoryNoName").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.format("memory").start()
query.awaitTermination()
