# compare: stdout
import os
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split

spark = SparkSession.builder.appName("ForeachWriter").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 3)

out = "/tmp/streamlab-case-fb4"
os.makedirs(out, exist_ok=True)
for name in os.listdir(out):
    os.remove(os.path.join(out, name))


class PartitionWriter:
    def open(self, partition_id, epoch_id):
        self.path = os.path.join(out, "epoch%d-part%d" % (epoch_id, partition_id))
        self.rows = []
        return True

    def process(self, row):
        self.rows.append("%s=%d" % (row.word, row["count"]))

    def close(self, error):
        with open(self.path, "w") as f:
            f.write(" ".join(sorted(self.rows)) + "\n")


lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
counts = words.groupBy("word").count()

query = counts.writeStream.outputMode("update").foreach(PartitionWriter()).start()
query.awaitTermination()

for name in sorted(os.listdir(out)):
    with open(os.path.join(out, name)) as f:
        print(name, repr(f.read()))
