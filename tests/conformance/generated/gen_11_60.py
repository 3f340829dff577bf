# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_60")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('b', (2, 'x')), ('b', (1, 'x')), ('a', (1, (1, 2)))], [('b', (2, 'x')), ('a', (1, 'x')), ('a', (1, None)), ('ß', (2.5, 'x'))]])
d0 = s.union(s.map(lambda x: x))
d1 = d0.map(lambda x: [a2 for a2 in x[1]])
d2 = d1.map(lambda x: (str(x), 1))
d2.pprint()
d1.pprint(1)
ssc.start()
ssc.awaitTermination()
