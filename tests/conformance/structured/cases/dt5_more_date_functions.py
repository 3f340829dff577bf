# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import add_months, col, last_day, quarter, to_date, weekofyear

spark = SparkSession.builder.appName("MoreDateFunctions").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
d = lines.select(to_date(col("value")).alias("d"))
out = d.select("d", weekofyear("d"), quarter("d"), add_months("d", 1), add_months(col("d"), -13).alias("back"),
               last_day("d"), (col("d").cast("timestamp").cast("long") / 7).cast("timestamp").alias("ts"))
out = out.selectExpr("*", "weekofyear(d) AS w", "quarter(d) AS q", "add_months(d, 12) AS next_year",
                     "last_day(d) AS last", "CAST(1700000000.25 AS TIMESTAMP) AS t")
query = out.writeStream.format("console").start()
query.awaitTermination()
