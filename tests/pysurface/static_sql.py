# Recorded on PySpark 3.5.9 (python3 static_sql.py > static_sql.spark.out): grouped
# rows come out in the order of Spark's shuffle (see src/structured/batch.rs).
from pyspark.sql import SparkSession, Row
spark = SparkSession.builder.master("local[2]").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
sc = spark.sparkContext
words = "hello world the cat the cat a b c a good happy bad good hello hello the world cat c c c b happy world zebra yak xylophone".split(" ")
for parts in [1, 2, 3]:
    rdd = sc.parallelize(words, parts).map(lambda w: Row(word=w))
    df = spark.createDataFrame(rdd)
    df.createOrReplaceTempView("words")
    print("parts", parts, rdd.glom().map(lambda p: [r.word for r in p]).collect())
    spark.sql("select word, count(*) as total from words group by word").show()
df = spark.createDataFrame([(w, i) for i, w in enumerate(words)], ["w", "n"])
print(df.rdd.getNumPartitions())
df.groupBy("w").count().show(50)
df.groupBy("n").count().show(5)
spark.createDataFrame([(i % 7, i) for i in range(40)], ["k", "v"]).groupBy("k").sum("v").show()
print(Row(word='a'), repr(Row(word='a', n=1)), Row(word='a').asDict(), Row(a=1)[0], Row(a=1).a)
df.printSchema()
print(df.collect()[:2], df.count())
df.show(3, truncate=False)
spark.sql("select word, count(*) as total from words group by word order by total desc, word limit 4").show()
print(spark.sql("select word, count(*) from words where word != 'a' group by word order by 2 desc").columns)
