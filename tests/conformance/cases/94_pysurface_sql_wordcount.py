# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext
from pyspark.sql import Row, SparkSession

sc = SparkContext("local[2]", "SqlWordCount")
ssc = StreamingContext(sc, 1)
spark = SparkSession.builder.config(conf=sc.getConf()).getOrCreate()

lines = ssc.queueStream([
    ["hello world", "the cat the cat"],
    ["a b c a", "good happy bad good"],
    [],
    ["hello hello the", "world cat"],
])
words = lines.flatMap(lambda line: line.split(" "))


def sql_counts(rdd):
    if rdd.isEmpty():
        return rdd
    rows = rdd.map(lambda w: Row(word=w))
    df = spark.createDataFrame(rows)
    df.createOrReplaceTempView("words")
    counts = spark.sql(
        "select word, count(*) as total from words group by word order by total desc, word limit 4"
    )
    return counts.rdd


def as_dicts(rdd):
    if rdd.isEmpty():
        return rdd
    df = rdd.map(lambda w: (w, len(w))).toDF(["word", "length"])
    longest = df.where(df.length > 3).groupBy("length").count().orderBy("length")
    return sc.parallelize([r.asDict() for r in longest.collect()])


def per_partition(index, records):
    n = 0
    for r in records:
        n += 1
    return [(index, n)]


words.transform(sql_counts).pprint()
words.transform(as_dicts).pprint()
words.mapPartitions(lambda part: [len(list(part))]).pprint()
words.mapPartitionsWithIndex(per_partition).pprint()
words.transform(lambda rdd: rdd.map(lambda w: Row(word=w, first=w[0]))).filter(lambda r: r.first == "h").pprint()

ssc.start()
ssc.awaitTermination()
