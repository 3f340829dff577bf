from pyspark.sql import SparkSession
import pyspark.sql.functions as F

spark = SparkSession.builder.appName("Aggs").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = F.split(lines.value, " ")
sales = lines.select(parts[0].alias("shop"), parts[1].cast("int").alias("amount"))
stats = sales.groupBy("shop").agg(F.count("*"), F.sum("amount"), F.avg("amount"), F.min("amount"), F.max(sales.amount).alias("top"))
query = stats.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
