# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_360")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[7], [3, 5e-324, -1], [0.125, 255], []])
d0 = s.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 4, 2)
d1 = d0.map(lambda x: (x % 3, x))
d2 = d1.groupByKey().mapValues(lambda vs: sorted(map(repr, vs)))
d3 = d2.mapValues(repr).reduceByKey(lambda a, b: max(a, b))
d4 = d3.map(repr).countByValueAndWindow(4, 2)
d5 = d4.map(repr).countByValueAndWindow(4, 2)
d5.pprint()
ssc.start()
ssc.awaitTermination()
