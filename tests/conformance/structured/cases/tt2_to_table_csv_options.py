# compare: stdout
# clean: spark-warehouse/sl_case_tt2
# clean: /tmp/streamlab-case-tt2
import os
import re
from pyspark.sql import SparkSession
from pyspark.sql.functions import length

spark = SparkSession.builder.appName("ToTableCsv").getOrCreate()
spark.conf.set("spark.sql.streaming.checkpointLocation", "/tmp/streamlab-case-tt2")

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
sized = lines.select("value", length("value").alias("n"))

query = sized.writeStream.toTable("sl_case_tt2", format="csv", header=True, queryName="sizes")
query.awaitTermination()

spark.read.table("sl_case_tt2").orderBy("n", "value").show()
names = [re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", n) for n in os.listdir("spark-warehouse/sl_case_tt2")]
print(sorted(names))
print(os.listdir("/tmp/streamlab-case-tt2"))
try:
    sized.writeStream.toTable("sl_case_tt2", format="json")
except Exception as e:
    print(type(e).__name__, str(e).split("\n")[0])
try:
    sized.writeStream.outputMode("update").toTable("sl_case_tt2b", format="json")
except Exception as e:
    print(type(e).__name__, str(e).split("\n")[0])
