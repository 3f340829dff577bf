# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, length

spark = SparkSession.builder.appName("WithColumnsRenamed").getOrCreate()
df = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
df = df.withColumn("len", length("value")).withColumn("n", col("len") + 1)
out = df.withColumnsRenamed({"value": "word", "LEN": "size", "nope": "x", "size": "sz"})
query = out.writeStream.format("console").start()
query.awaitTermination()
