# compare: stdout
from pyspark.sql import SparkSession
from pyspark.sql.functions import length

spark = SparkSession.builder.appName("MemoryAppend").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
sized = lines.select(lines.value.alias("line"), length("value").alias("size"))

query = sized.writeStream.format("memory").queryName("sized_lines").start()
query.awaitTermination()

table = spark.sql("select * from sized_lines")
print(table.isStreaming, table.columns, table.count())
table.show(truncate=False)
spark.sql("select line from sized_lines where size between 3 and 7 and line like '%o%' order by line").show()
