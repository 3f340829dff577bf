# Recorded on PySpark 3.5.9 (python3 sql_logic.py > sql_logic.spark.out): AND/OR/NOT with
# nulls, aggregates, DISTINCT, ORDER BY, and Spark 3.5 showing nulls as NULL.
from pyspark.sql import SparkSession
spark = SparkSession.builder.master("local[2]").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
df = spark.createDataFrame([("a", 1, True), ("b", None, False), ("c", 3, None), ("d", 4, True), (None, 5, False)], "w string, n bigint, f boolean")
df.createOrReplaceTempView("t")
for q in [
    "select w, n from t where n > 1 and f",
    "select w, n from t where n > 3 or not f",
    "select w, n > 2 and f, n > 2 or f, not f from t",
    "select w, (n + 1) * 2 as m from t where w != 'a' order by m desc",
    "select f, count(*) as c, sum(n), avg(n), min(w), max(n) from t group by f order by f",
    "select count(*), count(n), sum(n) from t",
    "select distinct f from t",
    "select w from t where not (n = 3 or w = 'a')",
    "select upper(w) as u, length(w) from t order by u limit 2",
]:
    r = spark.sql(q)
    print(q)
    r.show()
    print(r.columns)
df.filter(df.n > 2).select("w").show()
df.groupBy("f").count().orderBy("count", ascending=False).show()
