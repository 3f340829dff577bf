# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_80")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-3, 1e+22, -1.5], [], [0.3, -6.16511792009401e+21, -2.5], []])
d0 = s.union(s.map(lambda x: x))
d1 = d0.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d1.pprint()
d0.pprint(1)
ssc.start()
ssc.awaitTermination()
