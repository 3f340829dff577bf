# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, element_at

spark = SparkSession.builder.appName("NaFillStream").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
p = split(col("value"), ",")
df = lines.select(
    element_at(p, 1).alias("name"),
    element_at(p, 2).cast("int").alias("n"),
    element_at(p, 3).cast("double").alias("x"),
    element_at(p, 4).alias("tag"),
)
out = df.dropna(thresh=2).na.fill(0, subset=["n"]).fillna({"tag": "t0", "x": 1.5})
query = out.writeStream.format("console").start()
query.awaitTermination()
