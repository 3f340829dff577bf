# lesson: 11
# step: 4
# expect: your query prints only changed rows (update mode); this step wants only final rows
from pyspark.sql.functions import col, explode, split, to_timestamp, window
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), explode(split(parts.getItem(1), " ")).alias("word"))
windowedCounts = events.withWatermark("timestamp", "10 minutes").groupBy(window(col("timestamp"), "10 minutes", "5 minutes"), col("word")).count()
query = windowedCounts.writeStream.outputMode("update").format("console").option("truncate", False).start()
