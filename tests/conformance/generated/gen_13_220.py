# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_220")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[], [1], [True, 2.5, 2.5, (1, 'a')], [2.5, 2.5, 2.5]])
d0 = s.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d1 = d0.union(d0.map(lambda x: x))
d2 = d1.countByWindow(3, 1)
d3 = d2.filter(lambda x: (x % -3) > 1)
d4 = d3.map(repr).countByValue()
d5 = d4.map(repr).countByValue()
d5.pprint()
ssc.start()
ssc.awaitTermination()
