# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_380")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[], [], []])
t = ssc.queueStream([[True, 2.5], [None]])
d0 = s.map(lambda x: len(repr(x))).reduce(lambda a, b: a + b)
d1 = d0.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d2 = d1.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d3 = d2.countByWindow(3, 1)
d3.pprint()
d2.pprint(3)
ssc.start()
ssc.awaitTermination()
