# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import *
from pyspark.sql.types import *

spark = SparkSession.builder.appName("JsonAvailableNow").getOrCreate()
schema = StructType([
    StructField("user", StringType()),
    StructField("action", StringType()),
    StructField("ms", LongType()),
])
events = spark.readStream.schema(schema).json("tests/conformance/structured/data/f2_events")
slow = events.where(col("ms") > 50).select("user", (col("ms") * 2).alias("double_ms"))
query = slow.writeStream.format("console").trigger(availableNow=True).start()
query.awaitTermination()
