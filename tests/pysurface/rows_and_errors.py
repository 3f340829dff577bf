# Recorded on PySpark 3.5.9 (python3 rows_and_errors.py > rows_and_errors.spark.out).
from pyspark.sql import SparkSession, Row, SQLContext
spark = SparkSession.builder.master("local[2]").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
sc = spark.sparkContext
def attempt(label, f):
    try:
        print(label, "ok", repr(f()))
    except BaseException as e:
        print(label, "error", str(e).split("\n")[0])
r = Row(word="a", n=2)
print(r == ("a", 2), r[1], r["word"], list(r), len(r), "a" in r, r.asDict())
P = Row("name", "age")
print(repr(P), P("x", 3), P("x", 3).name)
attempt("missing", lambda: r.nope)
attempt("missingkey", lambda: r["nope"])
attempt("noview", lambda: spark.sql("select * from nope"))
attempt("strs", lambda: spark.createDataFrame(["a", "b"]))
attempt("empty", lambda: spark.createDataFrame(sc.emptyRDD()))
df = spark.createDataFrame([("a", 1), ("b", 2)], ["w", "n"])
attempt("ws", lambda: df.writeStream)
attempt("badcol", lambda: spark.sql("select foo from words"))
df.createOrReplaceTempView("words")
print(df, df.isStreaming, df.dtypes, df.columns)
print(SQLContext(sc).sql("select w from words where n > 1").collect())
print(spark.createDataFrame([{"b": 1, "a": "x"}]).collect())
print(spark.createDataFrame([(1, 2.5, True, "s")]).dtypes)
print(df.orderBy(df.n.desc()).first(), df.orderBy("n", ascending=False).head(), df.take(1), df.head(2))
print(spark.sql("select distinct w from words").count())
spark.createDataFrame([(1, 2.5, "x")], "a int, b double, c string").printSchema()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9).load()
attempt("streamsort", lambda: lines.orderBy("value").writeStream.format("console").start())
