# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, upper

spark = SparkSession.builder.appName("UpdateStateless").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.select(upper(col("value")).alias("shout")).writeStream.outputMode("update").format("console").start()
query.awaitTermination()
