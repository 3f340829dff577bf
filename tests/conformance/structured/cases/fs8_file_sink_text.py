# compare: stdout
# clean: /tmp/streamlab-case-fs8
from pyspark.sql import SparkSession
from pyspark.sql.functions import upper, concat_ws, lit

spark = SparkSession.builder.appName("FileSinkText").getOrCreate()
out = "/tmp/streamlab-case-fs8"
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
shouted = lines.select(concat_ws(" ", upper(lines.value), lit("!")).alias("value"))
query = shouted.writeStream.format("text").option("checkpointLocation", out + "/ck").start(path=out + "/data")
query.awaitTermination()

back = spark.read.text(out + "/data")
print(sorted(r.value for r in back.collect()))
print(back.count(), back.columns)
