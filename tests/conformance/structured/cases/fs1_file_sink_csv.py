# compare: stdout
# clean: /tmp/streamlab-case-fs1
import os
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split, length

spark = SparkSession.builder.appName("FileSinkCsv").getOrCreate()

out = "/tmp/streamlab-case-fs1"
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
sized = words.select("word", length("word").alias("len"))

query = (sized.writeStream.format("csv").option("header", True)
         .option("path", out + "/data").option("checkpointLocation", out + "/ck").start())
query.awaitTermination()

schema = "word string, len int"
spark.read.csv(out + "/data", header=True, schema=schema).orderBy("word", "len").show()
print(spark.read.csv(out + "/data", header=True, schema=schema).where("len > 3").count())
log = out + "/data/_spark_metadata"
for n in sorted([n for n in os.listdir(log) if n.isdigit()], key=int):
    with open(log + "/" + n) as f:
        entries = f.read().split("\n")
    print("batch", n, entries[0], len(entries) - 1, "files")
