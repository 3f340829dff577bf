# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split, upper

spark = SparkSession.builder.appName("StreamStaticJoin").getOrCreate()
# A static side made from Python data has no known size: Spark sort-merges
# it with each micro-batch, and the rows come by shuffle partition of the key.
spark.conf.set("spark.sql.shuffle.partitions", 3)

sounds = spark.createDataFrame(
    [("cat", "meow", 1), ("dog", "woof", 2), ("owl", "hoot", 3), ("cow", "moo", 4)],
    ["word", "sound", "rank"],
)

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
joined = words.join(sounds, "word").withColumn("loud", upper("sound")).where("rank < 4")

query = joined.writeStream.format("console").start()
query.awaitTermination()
