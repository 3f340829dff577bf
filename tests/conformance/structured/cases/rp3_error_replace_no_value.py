from pyspark.sql import SparkSession
from pyspark.sql.functions import col

spark = SparkSession.builder.appName("ReplaceError").getOrCreate()
df = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
out = df.replace("cat")
query = out.writeStream.format("console").start()
query.awaitTermination()
