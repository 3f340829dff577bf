# compare: stdout
# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, element_at

spark = SparkSession.builder.appName("Replace").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
p = split(col("value"), ",")
df = lines.select(
    element_at(p, 1).alias("name"),
    element_at(p, 2).cast("int").alias("n"),
    element_at(p, 3).cast("double").alias("x"),
    element_at(p, 4).alias("tag"),
    (element_at(p, 2).cast("int") > 2).alias("big"),
)


def handle(batch, epoch_id):
    if epoch_id == 0:
        return
    batch.show()
    batch.na.replace("dog", "hound").show()
    batch.replace(["cat", "owl"], ["kitty", "owlet"], subset=["name"]).show()
    batch.replace({"cat": "c", "a": None}).show()
    batch.na.replace(3, 30).show()
    batch.replace([1, 2.5], [10.7, 99]).show()
    batch.replace(True, False).show()
    batch.replace("a", "b", "tag").show()
    batch.replace({}).show()


stream = df.replace("eel", "EEL").na.replace({5: 50}, subset="n")
query = stream.writeStream.foreachBatch(handle).start()
query.awaitTermination()
