from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split, count, sum

spark = SparkSession.builder.appName("StreamStaticLeftJoin").getOrCreate()

animals = spark.read.schema("word string, kind string, legs int").json("tests/conformance/structured/data/j2_stream_static_left_agg")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
joined = words.join(animals, on=["word"], how="left_outer")
print(joined.columns)
kinds = joined.groupBy("kind").agg(count("*").alias("n"), sum("legs").alias("legs"))

query = kinds.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
