from pyspark.sql import SparkSession
from pyspark.sql.functions import avg, col, count, explode, length, max, round, split, when

spark = SparkSession.builder.appName("AggExpressions").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(col("value"), " ")).alias("word")).withColumn("len", length("word"))
stats = words.groupBy(col("word").substr(1, 1).alias("letter")).agg(
    round(avg("len"), 1),
    (count("*") * 2).alias("twice"),
    when(max("len") > 4, "long").otherwise("short").alias("kind"),
    count("*"),
)
query = stats.writeStream.outputMode("update").format("console").start()
query.awaitTermination()
