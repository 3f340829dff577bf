from pyspark.sql import SparkSession
from pyspark.sql.functions import countDistinct, split

spark = SparkSession.builder.appName("ExprDistinctError").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(split(lines.value, " ")[0].alias("shop"), split(lines.value, " ")[1].alias("item"))
stats = words.groupBy("shop").agg(countDistinct("item"))
query = stats.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
