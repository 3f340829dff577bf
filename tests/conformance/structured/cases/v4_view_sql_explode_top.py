# rows: ordered
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("SqlTopWords").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
lines.createOrReplaceTempView("updates")
words = spark.sql("select explode(split(value, ' ')) as word from updates")
words.createOrReplaceTempView("words")
top = spark.sql(
    "select word, count(*) as n, max(length(word)) as size from words "
    "where word not in ('a', 'the') and word not like 'x%' "
    "group by word order by n desc, word limit 3"
)

query = top.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
