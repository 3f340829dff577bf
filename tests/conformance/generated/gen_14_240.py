# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_240")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('b', (2, 'x')), ('b', (2.5, (1, 2)))]])
d0 = s.map(lambda x: x[1][0])
d1 = d0.map(lambda x: (int(x) % 2 == 0, str(x)))
d2 = d1.transform(lambda rdd: rdd.keys().map(lambda k: (repr(k), 1)).reduceByKey(lambda a, b: a + b))
d3 = d2.groupByKey().mapValues(lambda vs: (len(vs), sorted(repr(v) for v in vs)[:1]))
d4 = d3.map(repr).countByValueAndWindow(2, 1)
d5 = d4.join(d4.mapValues(str))
d5.pprint()
ssc.start()
ssc.awaitTermination()
