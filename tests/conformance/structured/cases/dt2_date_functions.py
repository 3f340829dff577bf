# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import *

spark = SparkSession.builder.appName("DateFunctions").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
p = split(col("value"), ",")
df = lines.select(to_timestamp(element_at(p, 1)).alias("t"), element_at(p, 2).alias("s"),
                  element_at(p, 3).cast("long").alias("u"))
out = df.select(
    to_date("t").alias("d"),
    to_date(col("s"), "dd/MM/yyyy").alias("d2"),
    date_add(to_date("t"), 7).alias("plus7"),
    date_sub("t", 1).alias("minus1"),
    datediff(col("t"), to_date(col("s"), "dd/MM/yyyy")).alias("days"),
    date_trunc("hour", "t").alias("h"),
    date_trunc("month", col("t")).alias("m"),
    date_trunc("fortnight", col("t")).alias("bad"),
    unix_timestamp("t").alias("ut"),
    unix_timestamp(col("s"), "dd/MM/yyyy").alias("us"),
    from_unixtime("u").alias("fu"),
    from_unixtime(col("u"), "yyyy-MM-dd HH:mm").alias("fu2"),
    to_timestamp(col("s"), "dd/MM/yyyy").alias("ts"),
    (year(current_date()) >= 2024).alias("past"),
    expr("date_add(to_date(t), 1)").alias("next"),
)
query = out.writeStream.format("console").option("truncate", False).start()
query.awaitTermination()
