# rows: ordered
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("SelectExprFunctions").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
out = lines.selectExpr(
    "value",
    "if(length(value) > 3, 'long', 'short')",
    "nvl(element_at(split(value, ' '), 2), 'none')",
    "ifnull(element_at(split(value, ' '), 2), value)",
    "value || '!'",
    "int(element_at(split(value, ' '), 2))",
    "string(length(value))",
    "abs(3 - length(value))",
    "round(length(value) / 3, 2)",
    "round(length(value) / 3)",
)
query = out.writeStream.format("console").option("truncate", False).start()
query.awaitTermination()
