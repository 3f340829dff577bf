# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import expr

spark = SparkSession.builder.appName("ExprSql").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
events = lines.selectExpr(
    "split(value, ',')[0] AS device",
    "CAST(split(value, ',')[1] AS INT) AS signal",
    "to_timestamp(split(value, ',')[2]) AS time",
)
shaped = events.selectExpr(
    "device",
    "signal",
    "CASE WHEN signal > 50 THEN 'strong' WHEN signal IS NULL THEN 'unknown' ELSE 'weak' END AS level",
    "signal * 2 + 1 AS twice",
    "signal / 4",
    "signal % 7 = 1",
    "signal IS NOT NULL AND signal >= 10 AS usable",
    "upper(substring(device, 1, 2)) AS code",
    "concat_ws('-', device, 'x')",
    "date_format(time, 'yyyy-MM-dd HH:mm') AS minute",
    "coalesce(CAST(signal AS STRING), 'n/a') AS shown",
).withColumn("band", expr("CASE signal WHEN 5 THEN 'five' ELSE 'other' END"))
query = shaped.select("device", "level", "twice", "band", "minute").where("signal > 4").writeStream.format("console").start()
query.awaitTermination()
