# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_80")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('a', (2, 'x')), ('a', (1, (1, 2)))], [('a', (2.5, 'x')), ('ß', (1, (1, 2)))], [('b', (2, 'x')), ('a', (2.5, (1, 2))), ('b', (1, 'x')), ('b', (1, (1, 2)))]])
d0 = s.filter(lambda x: bool(x))
d1 = d0.flatMap(lambda x: [x, str(x)])
d2 = d1.map(lambda x: repr(x))
d3 = d2.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d4 = d3.map(lambda x: (x + 0.5).is_integer())
d5 = d4.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d5.pprint()
ssc.start()
ssc.awaitTermination()
