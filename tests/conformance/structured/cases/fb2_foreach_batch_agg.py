# compare: stdout
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split, desc, col
from pyspark.sql.functions import sum as total

spark = SparkSession.builder.appName("ForeachBatchAggregate").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
counts = words.groupBy("word").count()


def report(batch_df, batch_id):
    batch_df.persist()
    print(f"== batch {batch_id}: {batch_df.count()} groups, isStreaming={batch_df.isStreaming}")
    batch_df.orderBy(desc("count"), "word").show(3)
    top = batch_df.where(col("count") > 1).orderBy("word").collect()
    print("repeated:", [(r.word, r["count"]) for r in top])
    print("words seen:", batch_df.agg(total("count")).collect()[0][0])
    batch_df.unpersist()


query = counts.writeStream.outputMode("complete").foreachBatch(report).start()
query.awaitTermination()
