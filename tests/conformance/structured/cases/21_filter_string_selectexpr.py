# rows: ordered
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("SqlStrings").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
items = lines.selectExpr("value AS item", "length(value) AS n", "upper(value)")
query = items.filter("n >= 3").writeStream.outputMode("append").format("console").start()
query.awaitTermination()
