# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_180")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[1], [1, True], [(1, 'a'), 2.5]])
u = ssc.union(s, s.map(lambda x: x))
u.pprint()
d0 = s.filter(lambda x: bool(x))
d1 = d0.map(lambda x: (str(x), 1))
d2 = d1.updateStateByKey(lambda vs, st: None if not vs else sorted(map(repr, vs))[:2])
d3 = d2.mapValues(lambda v: len(repr(v))).reduceByKeyAndWindow(lambda a, b: max(a, b), None, 4, 2)
d4 = d3.groupByKey().mapValues(len)
d5 = d4.cogroup(d4.mapValues(repr)).mapValues(lambda p: (sorted(map(repr, p[0])), sorted(p[1])))
d5.pprint()
ssc.start()
ssc.awaitTermination()
