# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_110")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['12', 'ा', '-3'], ['ﬃ', 'hello world', 'b']])
u = ssc.union(s, s.map(lambda x: x))
u.pprint()
d0 = s.map(lambda x: x.ljust(6, '.'))
d1 = d0.map(repr).countByValue()
d2 = d1.map(repr).countByValueAndWindow(2, 1)
d3 = d2.groupByKeyAndWindow(2, 1).mapValues(lambda vs: sorted(map(repr, vs)))
d4 = d3.transform(lambda rdd: rdd.mapValues(lambda v: 1).reduceByKey(lambda a, b: a + b).filter(lambda p: p[1] > 1))
d5 = d4.reduceByKey(lambda a, b: a + b)
d5.pprint()
ssc.start()
ssc.awaitTermination()
