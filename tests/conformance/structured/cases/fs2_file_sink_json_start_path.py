# compare: stdout
# clean: /tmp/streamlab-case-fs2
from pyspark.sql import SparkSession
from pyspark.sql.functions import upper, length

spark = SparkSession.builder.appName("FileSinkJson").getOrCreate()

out = "/tmp/streamlab-case-fs2"
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
rows = lines.select(upper(lines.value).alias("line"), length("value").alias("size")).where("size > 2")

query = rows.writeStream.format("json").option("checkpointLocation", out + "/ck").start(out + "/data")
query.awaitTermination()

back = spark.read.schema("line string, size long").json(out + "/data")
back.orderBy("line").show(truncate=False)
print(back.count())
