from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, element_at

spark = SparkSession.builder.appName("NaError").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
p = split(col("value"), ",")
df = lines.select(element_at(p, 1).alias("name"), element_at(p, 2).cast("int").alias("n"))
out = df.fillna([1])
query = out.writeStream.format("console").start()
query.awaitTermination()
