# lesson: 11
# step: 1
# expect: your rows hold arrays of words: explode(...)
from pyspark.sql.functions import split
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(split(lines.value, " ").alias("word"))
wordCounts = words.groupBy("word").count()
query = wordCounts.writeStream.outputMode("complete").format("console").start()
