# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_130")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('b', (2.5, None))], [('ß', (1, 'x')), ('ß', (2, None))], [('b', (2, (1, 2)))], [('ß', (1, None)), ('ß', (2.5, 'x'))]])
d0 = s.map(lambda x: [a2 for a2 in x[1]])
d1 = d0.map(lambda x: str(x)[::-1])
d2 = d1.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d2.pprint()
d0.pprint(1)
ssc.start()
ssc.awaitTermination()
