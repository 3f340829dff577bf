# lesson: 11
# step: 5
# expect: your rate source makes 1 row a second, the solution's 4: .option("rowsPerSecond", 4)
from pyspark.sql.functions import col, window
rates = spark.readStream.format("rate").load()
counts = rates.groupBy(window(col("timestamp"), "2 seconds")).count()
query = counts.writeStream.outputMode("complete").format("console").option("truncate", False).start()
