# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import abs, col, lit, round

spark = SparkSession.builder.appName("RoundAbs").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
x = lines.select(col("value").cast("double").alias("x"), col("value").cast("int").alias("n"))
out = x.select("x", round("x"), round(col("x"), 2), round("x", -1), abs("x"), abs(col("n")), round("n", -1),
               round(lit(2.675), 2).alias("r"), round(col("x") / 3, 3).alias("third"))
query = out.writeStream.format("console").start()
query.awaitTermination()
