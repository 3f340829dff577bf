# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_160")
ssc = StreamingContext(sc, 1)
static = sc.parallelize([100, 200])
statics = [static]
s = ssc.queueStream([['']])
c = s.map(lambda x: x).transform(lambda rdd: rdd.union(statics[0]))
c.map(repr).pprint()
d0 = s.map(repr).countByValue()
d1 = d0.transform(lambda rdd: rdd.keys().map(lambda k: (repr(k), 1)).reduceByKey(lambda a, b: a + b))
d2 = d1.mapValues(lambda v: len(repr(v))).reduceByKeyAndWindow(lambda a, b: max(a, b), None, 2, 1)
d2.pprint()
d0.pprint(1)
ssc.start()
ssc.awaitTermination()
