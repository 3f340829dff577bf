# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("OrderedWordCount").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", "200")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
counts = words.groupBy("word").count()

query = counts.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
