# compare: stdout
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("MemorySink").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
counts = words.groupBy("word").count()

query = counts.writeStream.outputMode("complete").format("memory").queryName("word_counts").start()
query.awaitTermination()

spark.sql("select * from word_counts order by word").show()
spark.sql("select word, count * 10 as tens from word_counts where count > 1 order by tens desc, word").show()
print(spark.sql("select count(*) as n, sum(count) as total from word_counts").collect())
