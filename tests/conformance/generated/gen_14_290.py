# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_290")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[], [('ß', (2, (1, 2))), ('ß', (1, (1, 2)))], [('b', (2, (1, 2))), ('b', (1, 'x'))], []])
d0 = s.countByWindow(3, 1)
d1 = d0.map(lambda x: str(x).zfill(8))
d2 = d1.map(repr).countByValue()
d3 = d2.map(repr).countByValueAndWindow(2, 1)
d4 = d3.groupByKey().mapValues(lambda vs: (len(vs), sorted(repr(v) for v in vs)[:1]))
d5 = d4.mapValues(lambda v: 1).reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d5.pprint()
ssc.start()
ssc.awaitTermination()
