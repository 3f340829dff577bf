# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, length, upper

spark = SparkSession.builder.appName("WithColumns").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
df = lines.withColumns({"len": length("value"), "up": upper(col("value"))})
df = df.withColumns({"len": col("len") * 10, "half": col("len") / 2})
out = df.toDF("v", "l", "u", "h").selectExpr("*", "l + 1 AS `l 1`", "upper(v) = u AS same", "v AS `v.x`")
query = out.writeStream.format("console").start()
query.awaitTermination()
