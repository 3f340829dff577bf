# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_210")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[1, 10, 255], [-1000000000000000000, 1, -1], [-1000000000000000000, -1]])
u = ssc.union(s.map(repr), s.map(lambda x: repr(x)[::-1]))
u.countByValue().pprint()
d0 = s.map(lambda x: {'v': x, 'neg': x < 0, 'half': x / 2})
d1 = d0.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d2 = d1.map(lambda x: divmod(x, 3))
d3 = d2.filter(lambda x: x is not None)
d4 = d3.count()
d4.pprint()
ssc.start()
ssc.awaitTermination()
