# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("OrderedDedup").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", "3")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
unique = words.dropDuplicates(["word"])

query = unique.writeStream.outputMode("append").format("console").option("numRows", 50).start()
query.awaitTermination()
