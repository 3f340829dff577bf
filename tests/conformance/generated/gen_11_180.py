# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_180")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['a', (1, 'a'), True, 2.5], [2.5, 'a']])
d0 = s.map(repr).countByValue()
d1 = d0.map(repr).countByValueAndWindow(4, 2)
d2 = d1.mapValues(lambda v: len(repr(v))).reduceByKeyAndWindow(lambda a, b: max(a, b), None, 6, 2)
d2.pprint()
ssc.start()
ssc.awaitTermination()
