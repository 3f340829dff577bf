# compare: stdout
# clean: spark-warehouse/sl_case_tt4
import os
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("ToTableLocationExists").getOrCreate()

spark.createDataFrame([("old",)], ["value"]).write.mode("overwrite").text("spark-warehouse/sl_case_tt4")
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
try:
    lines.writeStream.option("checkpointLocation", "/tmp/streamlab-case-tt4").toTable("sl_case_tt4")
except Exception as e:
    print(type(e).__name__, str(e).split("\n")[0].replace(os.getcwd(), "CWD"))
print(len([n for n in os.listdir("spark-warehouse/sl_case_tt4") if n.startswith("part-")]))
