from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("WatermarkPolicy").getOrCreate()
spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "avg")
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.format("console").start()
query.awaitTermination()
