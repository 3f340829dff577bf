# compare: stdout
# clean: spark-warehouse/sl_case_tt1
# clean: /tmp/streamlab-case-tt1
import os
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, length, split

spark = SparkSession.builder.appName("ToTable").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
sized = words.select("word", length("word").alias("len"))

query = sized.writeStream.option("checkpointLocation", "/tmp/streamlab-case-tt1/ck").toTable("sl_case_tt1")
query.awaitTermination()

spark.read.table("sl_case_tt1").orderBy("word").show()
print(spark.table("sl_case_tt1").count(), spark.table("sl_case_tt1").isStreaming)
print(spark.table("sl_case_tt1").columns)
spark.sql("select len, count(*) as n from sl_case_tt1 group by len").orderBy("len").show()
print(sorted(n for n in os.listdir("spark-warehouse/sl_case_tt1/_spark_metadata")))
