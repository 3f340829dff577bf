from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("BadMode").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.outputMode("bogus").format("console").start()
query.awaitTermination()
