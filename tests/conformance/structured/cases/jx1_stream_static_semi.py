# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, explode, length, split

spark = SparkSession.builder.appName("StreamStaticSemiJoin").getOrCreate()

animals = spark.read.schema("word string, kind string, legs int").json(
    "tests/conformance/structured/data/j2_stream_static_left_agg"
)

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("w")).select(length("w").alias("n"), col("w").alias("word"))
known = words.join(animals, "word", "left_semi")

query = known.writeStream.format("console").start()
query.awaitTermination()
