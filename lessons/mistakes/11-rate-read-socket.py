# lesson: 11
# step: 5
# expect: your query reads a socket source; this step reads the rate source
from pyspark.sql.functions import col, window
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).option("includeTimestamp", True).load()
counts = lines.groupBy(window(col("timestamp"), "2 seconds")).count()
query = counts.writeStream.outputMode("complete").format("console").option("truncate", False).start()
