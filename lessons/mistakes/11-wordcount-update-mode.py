# lesson: 11
# step: 1
# expect: your query prints only changed rows (update mode); this step wants the whole result table each trigger: outputMode("complete")
from pyspark.sql.functions import explode, split
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
wordCounts = words.groupBy("word").count()
query = wordCounts.writeStream.outputMode("update").format("console").start()
