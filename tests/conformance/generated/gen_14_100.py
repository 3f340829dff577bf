# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_100")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
static = sc.parallelize(['s1', 's2'])
s = ssc.queueStream([[], ['b', '-3', 'ab', 'ΟΔΟΣ']])
d0 = s.transform(lambda rdd: rdd.map(repr).union(static).map(lambda x: (x, 1)))
d1 = d0.groupByKey().mapValues(lambda vs: (len(vs), sorted(repr(v) for v in vs)[:1]))
d2 = d1.map(repr).countByValue()
d3 = d2.mapValues(lambda v: 1).reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d3.pprint()
ssc.start()
ssc.awaitTermination()
