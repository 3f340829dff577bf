from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("SqlOverStreamingView").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
words.createOrReplaceTempView("words")

counts = spark.sql("SELECT word, COUNT(*) AS total, MAX(LENGTH(word)) AS longest FROM words GROUP BY word")
print(counts.isStreaming)

query = counts.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
