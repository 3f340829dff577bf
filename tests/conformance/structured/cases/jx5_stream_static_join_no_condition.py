# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("StreamStaticJoinNoCondition").getOrCreate()

colors = spark.read.option("header", True).csv("tests/conformance/structured/data/jx4_stream_static_cross")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
a = words.join(colors).where("hex != '00f'")
b = a.join(colors.withColumnRenamed("color", "c2").withColumnRenamed("hex", "h2"), how="cross").where("c2 = color")

query = b.writeStream.format("console").start()
query.awaitTermination()
