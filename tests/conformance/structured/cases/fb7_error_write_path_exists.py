from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("WriteTwice").getOrCreate()

df = spark.createDataFrame([("cat", 1), ("dog", 2)], ["word", "n"])
df.write.mode("overwrite").json("/tmp/streamlab-case-fb7")
df.write.json("/tmp/streamlab-case-fb7")
