# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("StreamStaticAntiJoin").getOrCreate()

animals = (
    spark.read.schema("word string, kind string, legs int")
    .json("tests/conformance/structured/data/j2_stream_static_left_agg")
    .withColumnRenamed("word", "name")
)

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"), lines.value.alias("line"))
unknown = words.join(animals, words.word == animals.name, "anti")

query = unknown.writeStream.format("console").start()
query.awaitTermination()
