# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, length

spark = SparkSession.builder.appName("InvertNot").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
sized = lines.select(col("value").alias("word"), length("value").alias("n"))
kept = sized.where(~col("word").isin("ox", "eel")).where(~(sized.n > 6))
out = kept.select("word", "n", ~(col("n") > 3), ~col("word").like("%a%"), (~(col("n") == 2)).alias("not2"))

query = out.writeStream.format("console").start()
query.awaitTermination()
