# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp, window

spark = SparkSession.builder.appName("OrderedWindows").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 4)

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), parts.getItem(1).alias("word"))
windowed = events.groupBy(window(col("timestamp"), "15 minutes"), col("word")).count()

query = windowed.writeStream.outputMode("complete").format("console").option("truncate", False).option("numRows", 100).start()
query.awaitTermination()
