# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("StreamStaticCrossJoin").getOrCreate()

colors = spark.read.option("header", True).csv("tests/conformance/structured/data/jx4_stream_static_cross")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
pairs = words.crossJoin(colors).where("word != 'ant' or color = 'red'")

query = pairs.writeStream.format("console").start()
query.awaitTermination()
