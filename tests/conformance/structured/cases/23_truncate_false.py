# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import length

spark = SparkSession.builder.appName("NoTruncate").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
out = lines.select(lines["value"], length(lines.value).alias("n"))
query = out.writeStream.format("console").option("truncate", "false").start()
query.awaitTermination()
