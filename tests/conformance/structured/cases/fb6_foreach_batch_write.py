# compare: stdout
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split, length

spark = SparkSession.builder.appName("ForeachBatchWrite").getOrCreate()

out = "/tmp/streamlab-case-fb6"
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
sized = words.select("word", length("word").alias("len"))


def save(batch_df, epoch_id):
    mode = "overwrite" if epoch_id == 0 else "append"
    batch_df.write.mode(mode).csv(out + "/csv", header=True)
    batch_df.write.format("json").mode(mode).save(out + "/json")
    print("batch", epoch_id, "saved", batch_df.count(), "rows")


query = sized.writeStream.foreachBatch(save).start()
query.awaitTermination()

schema = "word string, len int"
spark.read.csv(out + "/csv", header=True, schema=schema).orderBy("word", "len").show()
spark.read.schema(schema).json(out + "/json").where("len > 3").orderBy("word").show()
print(spark.read.schema(schema).json(out + "/json").count())
