# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_120")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('b', (2.5, 'x')), ('b', (2.5, None)), ('ß', (1, None)), ('b', (2.5, 'x'))], [('a', (2, 'x')), ('b', (2.5, (1, 2)))]])
d0 = s.flatMap(lambda x: (x, x))
d1 = d0.countByWindow(3, 1)
d2 = d1.count()
d3 = d2.map(lambda x: (int(x) % 2 == 0, str(x)))
d3.pprint()
ssc.start()
ssc.awaitTermination()
