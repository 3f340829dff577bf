# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_30")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[], [-6.16511792009401e+21, 0.125, 2.5], [0.125, -6.16511792009401e+21], [3.5]])
d0 = s.union(s.map(lambda x: x))
d1 = d0.window(3, 1)
d2 = d1.map(repr).countByValue()
d3 = d2.mapValues(lambda v: 1).reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d3.pprint()
ssc.start()
ssc.awaitTermination()
