from pyspark.sql import SparkSession
from pyspark.sql.functions import desc

spark = SparkSession.builder.appName("ExprSortError").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.orderBy(desc("value")).writeStream.outputMode("append").format("console").start()
query.awaitTermination()
