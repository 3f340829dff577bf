# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_110")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-0.0, -6.16511792009401e+21], [-2.5, 5e-324], [1e-07, 0.125], [2.5, 1e+22]])
d0 = s.reduce(lambda a, b: min(a, b))
d1 = d0.filter(lambda x: -1 < x < 100)
d2 = d1.count()
d3 = d2.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d4 = d3.map(lambda x: '%d' % x)
d5 = d4.union(d4.map(lambda x: x))
d5.pprint()
ssc.start()
ssc.awaitTermination()
