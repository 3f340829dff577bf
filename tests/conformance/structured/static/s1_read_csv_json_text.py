from pyspark.sql import SparkSession
from pyspark.sql.types import *

spark = SparkSession.builder.master("local[2]").appName("StaticReads").getOrCreate()
devices = spark.read.option("header", True).csv("tests/conformance/structured/data/f1_devices")
devices.printSchema()
devices.show(truncate=False)
typed = spark.read.schema("device STRING, signal INT, time TIMESTAMP").csv(
    "tests/conformance/structured/data/f1_devices/*.csv", header=True)
typed.printSchema()
typed.where("signal > 10").show()
print(typed.count(), typed.columns)
schema = StructType().add("user", StringType()).add("action", StringType()).add("ms", LongType())
events = spark.read.schema(schema).json("tests/conformance/structured/data/f2_events")
events.groupBy("action").count().orderBy("action").show()
lines = spark.read.text("tests/conformance/structured/data/f2_events")
print(lines.count())
lines.show(3)
