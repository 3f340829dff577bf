# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, length, lower, trim, lit

spark = SparkSession.builder.appName("Filter").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
clean = lines.withColumn("word", lower(trim(col("value"))))
longer = clean.withColumn("len", length("word")).where(col("len") > 3)
out = longer.select("word", "len", (col("len") * 2 + 1).alias("score"), lit("x").alias("tag"), col("len") >= 5)
query = out.writeStream.format("console").start()
query.awaitTermination()
