# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_150")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-0.0, -1.5, -2.5, 1e-07], [-1.5]])
u = ssc.union(s, s.map(lambda x: x))
u.pprint()
d0 = s.flatMap(lambda x: [x, x * 2])
d1 = d0.countByWindow(3, 1)
d2 = d1.map(repr).countByValue()
d3 = d2.mapValues(lambda v: len(repr(v))).reduceByKeyAndWindow(lambda a, b: max(a, b), None, 2, 1)
d4 = d3.cogroup(d3.mapValues(repr)).mapValues(lambda p: (sorted(map(repr, p[0])), sorted(p[1])))
d5 = d4.window(2, 1)
d5.pprint()
d1.pprint(3)
ssc.start()
ssc.awaitTermination()
