from pyspark.sql import SparkSession
from pyspark.sql.functions import *

spark = SparkSession.builder.appName("ImportStarBuiltins").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
sized = lines.select(length("value").alias("n"), (length("value") / 3).alias("third"))
out = sized.agg(max("n"), min("n"), sum("n"), round(sum("third"), 1).alias("r"), abs(min("n") - max("n")).alias("spread"))
query = out.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
