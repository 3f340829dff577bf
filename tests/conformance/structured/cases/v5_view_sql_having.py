from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("SqlHaving").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
lines.select(explode(split(lines.value, " ")).alias("word")).createOrReplaceTempView("words")
repeated = spark.sql(
    "select word, count(*) as n from words group by word "
    "having count(*) > 1 and max(length(word)) between 3 and 4"
)

query = repeated.writeStream.outputMode("update").format("console").start()
query.awaitTermination()
