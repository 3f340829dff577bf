# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_140")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('ß', (2, None))], [], [], [('b', (2.5, None)), ('ß', (2.5, None)), ('b', (2, None)), ('b', (2, (1, 2)))]])
t = ssc.queueStream([[('ǅemal', -1)]])
d0 = s.map(lambda x: len(repr(x))).reduce(lambda a, b: a + b)
d1 = d0.count()
d2 = d1.map(lambda x: (round(x) % 4, 1))
d3 = d2.map(repr).countByValue()
d3.pprint()
ssc.start()
ssc.awaitTermination()
