# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_190")
ssc = StreamingContext(sc, 1)
static = sc.parallelize(['s1', 's2'])
s = ssc.queueStream([['ﬃ', 'ΟΔΟΣ', 'ŉ', 'Ab C'], ['a1']])
t = ssc.queueStream([[('ab', 7), ('x y', -1), ('ǅemal', 0)], [('Ⅻ', 2)], [('ﬁne', 2), ('Ab C', 7), ('b', 2)]])
d0 = s.reduce(lambda a, b: max(a, b))
d1 = d0.transform(lambda rdd: rdd.map(repr).union(static).map(lambda x: (x, 1)))
d1.pprint()
ssc.start()
ssc.awaitTermination()
