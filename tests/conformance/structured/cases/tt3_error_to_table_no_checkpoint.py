# clean: spark-warehouse/sl_case_tt3
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("ToTableNoCheckpoint").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.toTable("sl_case_tt3")
query.awaitTermination()
