# compare: stdout
# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split, length

spark = SparkSession.builder.appName("ForeachBatchShow").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word")).withColumn("len", length("word"))


def handle(df, epoch_id):
    n = df.count()
    print("batch", epoch_id, "rows", n)
    if n > 0:
        df.show()
        for row in df.where("len > 3").collect():
            print(row.word, row["len"], row)


query = words.writeStream.foreachBatch(handle).start()
query.awaitTermination()
print("done")
