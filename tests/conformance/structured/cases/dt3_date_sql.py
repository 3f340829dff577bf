# rows: ordered
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("DateSql").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
df = lines.selectExpr("to_timestamp(element_at(split(value, ','), 1)) AS t", "element_at(split(value, ','), 2) AS s",
                      "CAST(element_at(split(value, ','), 3) AS BIGINT) AS u")
df.createOrReplaceTempView("events")
out = spark.sql("""
    SELECT year(t), month(t) AS m, dayofmonth(t), dayofweek(t), dayofyear(t), hour(t), minute(t), second(t),
           to_date(t), to_date(s, 'dd/MM/yyyy') AS d2, date_add(to_date(t), 7), date_sub(t, 1),
           datediff(to_date(t), to_date(s, 'dd/MM/yyyy')) AS dd, date_trunc('HOUR', t), unix_timestamp(t),
           unix_timestamp(s, 'dd/MM/yyyy') AS us, from_unixtime(u), from_unixtime(u, 'yyyy/MM/dd HH:mm:ss') AS f,
           to_timestamp(s, 'dd/MM/yyyy') AS ts, year(current_date()) >= 2024 AS past
    FROM events WHERE year(t) >= 2000 AND month(t) < 12
""")
query = out.writeStream.format("console").start()
query.awaitTermination()
