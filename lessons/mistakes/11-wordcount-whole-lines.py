# lesson: 11
# step: 1
# expect: your words still hold spaces
from pyspark.sql.functions import col
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(col("value").alias("word"))
wordCounts = words.groupBy("word").count()
query = wordCounts.writeStream.outputMode("complete").format("console").start()
