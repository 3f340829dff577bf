# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import *

spark = SparkSession.builder.appName("DateParts").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
df = lines.select(to_timestamp(col("value")).alias("t"))
out = df.select("t", year("t"), month("t"), dayofmonth(col("t")), dayofweek("t"), dayofyear("t"),
                hour("t"), minute("t"), second("t"), year(col("t")).alias("y"))
query = out.writeStream.format("console").start()
query.awaitTermination()
