# rows: ordered
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("SqlTypedLiterals").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
out = lines.selectExpr(
    "value",
    "DATE'2024-03-01'",
    "TIMESTAMP'2024-01-01 10:00:00'",
    "int(length(value)) + 1",
    "year(DATE'2024-03-01')",
    "date_add(DATE'2024-03-01', length(value))",
    "to_date(value) > DATE'2024-01-01'",
    "datediff(to_date(value), DATE'2024-01-01')",
).where("value IS NOT NULL AND to_date(value) >= DATE'2023-01-01' OR value = 'x'")
query = out.writeStream.format("console").start()
query.awaitTermination()
