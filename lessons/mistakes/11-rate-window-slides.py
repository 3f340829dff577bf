# lesson: 11
# step: 5
# expect: your windows start every 1 second, the solution's every 2 seconds
from pyspark.sql.functions import col, window
rates = spark.readStream.format("rate").option("rowsPerSecond", 4).load()
counts = rates.groupBy(window(col("timestamp"), "2 seconds", "1 second")).count()
query = counts.writeStream.outputMode("complete").format("console").option("truncate", False).start()
