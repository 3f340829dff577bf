# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_180")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('a', (2, None)), ('b', (2, 'x')), ('ß', (2.5, 'x'))], [('ß', (2.5, None)), ('ß', (2.5, (1, 2))), ('b', (1, (1, 2)))], [('b', (2.5, None))]])
t = ssc.queueStream([[('x y', 0), ('ß', -1)]])
d0 = s.union(s.map(lambda x: x))
d1 = d0.map(lambda x: [a2 for a2 in x[1]])
d1.pprint()
ssc.start()
ssc.awaitTermination()
