# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, count, desc, first, last, max, split, sum

spark = SparkSession.builder.appName("ExprOrderBy").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(lines.value, " ")
sales = lines.select(parts[0].alias("shop"), parts[1].cast("int").alias("amount"))
totals = sales.groupBy("shop").agg(count("*").alias("n"), sum("amount").alias("total"), max("amount").alias("top"))
ranked = totals.orderBy(desc("total"), col("shop").asc())
query = ranked.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
