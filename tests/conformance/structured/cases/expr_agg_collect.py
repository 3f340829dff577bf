from pyspark.sql import SparkSession
from pyspark.sql.functions import collect_list, collect_set, first, last, size, split, window, to_timestamp

spark = SparkSession.builder.appName("ExprCollect").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(lines.value, ",")
events = lines.select(to_timestamp(parts[0]).alias("time"), parts[1].alias("user"), parts[2].alias("page"))
visits = events.groupBy(window("time", "10 minutes"), "user").agg(
    collect_list("page").alias("pages"),
    collect_set("page").alias("distinct_pages"),
    first("page").alias("entry"),
    last("page").alias("exit"),
)
shaped = visits.selectExpr("window.start AS start", "user", "pages", "size(distinct_pages) AS n", "entry", "exit")
query = shaped.writeStream.outputMode("update").format("console").option("truncate", "false").start()
query.awaitTermination()
