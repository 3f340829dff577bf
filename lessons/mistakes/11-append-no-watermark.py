# lesson: 11
# step: 4
# expect: an aggregation in append mode needs a watermark
from pyspark.sql.functions import col, explode, split, to_timestamp, window
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), explode(split(parts.getItem(1), " ")).alias("word"))
windowedCounts = events.groupBy(window(col("timestamp"), "10 minutes", "5 minutes"), col("word")).count()
query = windowedCounts.writeStream.outputMode("append").format("console").option("truncate", False).start()
