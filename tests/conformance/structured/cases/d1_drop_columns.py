# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import *

spark = SparkSession.builder.appName("DropColumns").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(lines.value, ",")
readings = lines.select(parts.getItem(0).alias("device"), parts.getItem(1).cast("int").alias("signal"), lit("x").alias("Extra"))
strong = readings.where("signal > 10").drop("extra", "missing").drop(col("device"))
query = strong.writeStream.format("console").start()
query.awaitTermination()
