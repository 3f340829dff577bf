# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, explode, split

spark = SparkSession.builder.appName("OrderedDoubles").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", "3")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
nums = lines.select(explode(split(lines.value, " ")).alias("n"))
counts = nums.groupBy(col("n").cast("double").alias("d")).count()

query = counts.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
