# compare: stdout
# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, element_at

spark = SparkSession.builder.appName("NaFillBatch").getOrCreate()
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
    batch.na.fill(0).show()
    batch.fillna(2.7).show()
    batch.fillna("z").show()
    batch.fillna("z", subset=["tag", "n"]).show()
    batch.fillna(False, "big").show()
    batch.fillna({"n": 7, "tag": "q", "x": 2, "big": True}).show()
    batch.fillna({"name": 5, "n": "9"}).show()
    batch.na.drop().show()
    batch.dropna(how="all", subset=["n", "x"]).show()
    batch.dropna(thresh=3).show()
    batch.na.drop("all", subset="tag").show()
    batch.dropna("any", 2, ["n", "x", "tag"]).show()
    print(batch.na.fill(1).columns, batch.dropna().count())


query = df.writeStream.foreachBatch(handle).start()
query.awaitTermination()
