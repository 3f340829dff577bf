# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_210")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
static = sc.parallelize([100, 200])
pair_of = (1, static)
s = ssc.queueStream([['①'], ['Ab C', 'ﬃ'], ['ΟΔΟΣ', 'a1', ''], ['ΟΔΟΣ', 'ǅemal']])
c = s.map(lambda x: x).transform(lambda rdd: rdd.union(pair_of[1]))
c.map(repr).pprint()
d0 = s.map(lambda x: dict(zip(x, range(5))))
d1 = d0.count()
d2 = d1.filter(lambda x: min(x, x, 1) > 1)
d3 = d2.map(lambda x: (str(x)[:2], x))
d3.pprint()
ssc.start()
ssc.awaitTermination()
