# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.types import StructType, StructField, StringType, IntegerType, TimestampType

spark = SparkSession.builder.appName("CsvDevices").getOrCreate()
schema = StructType([
    StructField("device", StringType(), True),
    StructField("signal", IntegerType(), True),
    StructField("time", TimestampType(), True),
])
devices = (spark.readStream.schema(schema)
           .option("header", True)
           .csv("tests/conformance/structured/data/f1_devices"))
query = (devices.select("device", "signal", "time")
         .writeStream.format("console").option("truncate", False).start())
query.awaitTermination()
