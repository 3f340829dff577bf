# compare: stdout
import os
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split, upper

spark = SparkSession.builder.appName("ForeachFunction").getOrCreate()

out = "/tmp/streamlab-case-fb3"
os.makedirs(out, exist_ok=True)
for name in os.listdir(out):
    os.remove(os.path.join(out, name))

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
loud = words.select(words.word, upper(words.word).alias("loud"))


def save(row):
    with open(os.path.join(out, row.word), "a") as f:
        f.write(row.loud + "\n")


query = loud.writeStream.foreach(save).start()
query.awaitTermination()

for name in sorted(os.listdir(out)):
    with open(os.path.join(out, name)) as f:
        print(name, f.read().split())
