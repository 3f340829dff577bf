# lesson: 11
# step: 1
# expect: Append output mode not supported when there are streaming aggregations
from pyspark.sql.functions import explode, split
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
wordCounts = words.groupBy("word").count()
query = wordCounts.writeStream.format("console").start()
