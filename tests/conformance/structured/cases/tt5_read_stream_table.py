# compare: stdout
# clean: spark-warehouse/sl_case_tt5
# clean: /tmp/streamlab-case-tt5
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, length, split

spark = SparkSession.builder.appName("ReadStreamTable").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
sized = words.select("word", length("word").alias("len"))

query = sized.writeStream.option("checkpointLocation", "/tmp/streamlab-case-tt5/ck").toTable("sl_case_tt5")
query.awaitTermination()

stream = spark.readStream.table("sl_case_tt5")
print(stream.isStreaming, stream.columns)


def show(batch, epoch_id):
    print("batch", epoch_id, batch.count())
    batch.orderBy("word").show()


q2 = (stream.where("len > 3").writeStream.trigger(availableNow=True)
      .option("checkpointLocation", "/tmp/streamlab-case-tt5/ck2").foreachBatch(show).start())
q2.processAllAvailable()
q2.stop()
print("done")
