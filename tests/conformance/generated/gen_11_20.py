# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_20")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[(1, 'a'), 'a', (1, 'a'), (1, 'a')], [2.5, 2.5]])
d0 = s.count()
d1 = d0.window(3, 1)
d2 = d1.map(lambda x: f'{x:.0%}')
d3 = d2.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d4 = d3.flatMap(lambda x: str(x))
d5 = d4.union(d4.map(lambda x: x))
d5.pprint()
ssc.start()
ssc.awaitTermination()
