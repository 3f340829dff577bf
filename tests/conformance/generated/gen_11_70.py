# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_70")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('a', (2, (1, 2))), ('ß', (1, 'x'))]])
t = ssc.queueStream([[], [('a', (1, None)), ('b', (1, (1, 2)))]])
d0 = s.map(lambda x: [a2 for a2 in x[1]])
d1 = d0.map(lambda x: bool(x))
d2 = d1.flatMap(lambda x: [x, str(x)])
d3 = d2.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d4 = d3.map(repr).union(t.map(repr))
d4.pprint()
ssc.start()
ssc.awaitTermination()
