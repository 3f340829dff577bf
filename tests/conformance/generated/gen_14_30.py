# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_30")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
static = sc.parallelize([100, 200])
pair_of = (1, static)
s = ssc.queueStream([['a'], ['hello world', 'Ab C', 'a1', 'a1']])
c = s.map(lambda x: x).transform(lambda rdd: rdd.union(pair_of[1]))
c.map(repr).pprint()
d0 = s.countByWindow(3, 1)
d1 = d0.window(3, 1)
d2 = d1.map(lambda x: (x % 3, x))
d2.pprint()
ssc.start()
ssc.awaitTermination()
