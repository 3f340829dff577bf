from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("ReadStreamUnknownTable").getOrCreate()
stream = spark.readStream.table("sl_case_tt6_missing")
query = stream.writeStream.format("console").start()
query.awaitTermination()
