# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col

spark = SparkSession.builder.appName("Casts").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
nums = lines.select(col("value"), col("value").cast("int"), (col("value").cast("int") % 2).alias("odd"), col("value").cast("double") / 4)
query = nums.where(col("odd") == 1).writeStream.format("console").start()
query.awaitTermination()
