# rows: ordered
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("SqlFilters").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
lines.createOrReplaceTempView("lines")

picked = spark.sql(
    "select value, length(value) as n, value not like '%a%' as no_a, "
    "value not in ('cat', 'dog') as other, length(value) not between 4 and 6 as odd_size "
    "from lines "
    "where value like 'c%' or value in ('dog', 'owl') or length(value) between 5 and 6 "
    "or value rlike '^z+$' or value like '_e_'"
)

query = picked.writeStream.format("console").start()
query.awaitTermination()
