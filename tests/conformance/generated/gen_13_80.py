# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_80")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('a', (1, (1, 2))), ('a', (2.5, 'x')), ('a', (2.5, 'x'))], [('a', (2.5, 'x')), ('b', (2.5, 'x')), ('ß', (1, 'x')), ('ß', (2.5, None))], [('a', (2.5, (1, 2))), ('a', (1, (1, 2)))]])
t = ssc.queueStream([[], [('٣', -1), ('', 2), ('٣', -1)], [('٣', 0)]])
d0 = s.count()
d1 = d0.count()
d2 = d1.map(lambda x: f'{x:.3f}')
d2.pprint()
d0.pprint(1)
ssc.start()
ssc.awaitTermination()
