# compare: stdout
# clean: /tmp/streamlab-case-fs9
import os
import re
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

out = "/tmp/streamlab-case-fs9"
spark = (SparkSession.builder.appName("CheckpointConf")
         .config("spark.sql.streaming.checkpointLocation", out + "/checkpoints").getOrCreate())

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))

query = words.writeStream.format("json").queryName("words").option("path", out + "/data").start()
query.awaitTermination()


def listing(d):
    names = [re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", n) for n in os.listdir(d)]
    return sorted(names)


print(spark.conf.get("spark.sql.streaming.checkpointLocation") == out + "/checkpoints")
print(os.listdir(out + "/checkpoints"))
print(listing(out + "/data"))
print(listing(out + "/data/_spark_metadata"))
print(sorted(n for n in os.listdir(out + "/checkpoints/words/commits") if n.endswith(".crc")))
print(sorted(spark.read.schema("word string").json(out + "/data").collect()))
