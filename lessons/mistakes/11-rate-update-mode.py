# lesson: 11
# step: 5
# expect: your query prints only changed rows (update mode); this step wants the whole result table each trigger
from pyspark.sql.functions import col, window
rates = spark.readStream.format("rate").option("rowsPerSecond", 4).load()
counts = rates.groupBy(window(col("timestamp"), "2 seconds")).count()
query = counts.writeStream.outputMode("update").format("console").option("truncate", False).start()
