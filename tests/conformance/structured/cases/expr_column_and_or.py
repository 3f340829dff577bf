# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, length

spark = SparkSession.builder.appName("ColumnAndOr").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
sized = lines.select(col("value").alias("word"), length("value").alias("n"))
picked = sized.where((col("n") > 3) & (col("word") != "horse") | col("word").isin("ox", "eel")).select(
    "word", "n", (col("n") < 5) & col("word").like("%a%"), (col("n") == 2) | col("word").rlike("^e")
)

query = picked.writeStream.format("console").start()
query.awaitTermination()
