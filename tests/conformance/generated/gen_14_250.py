# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_250")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[3, 10, 0.5, 9007199254740993], [2, -1], [-1000000000000000000, 0.1], [-6.16511792009401e+21, 5e-324, 0]])
d0 = s.map(lambda x: (x > 1, 1))
d1 = d0.mapValues(lambda v: len(repr(v))).reduceByKeyAndWindow(lambda a, b: max(a, b), None, 3, 1)
d2 = d1.window(4, 1)
d3 = d2.mapValues(lambda v: len(repr(v))).reduceByKeyAndWindow(lambda a, b: max(a, b), None, 2, 1)
d4 = d3.transform(lambda rdd: rdd.keys().map(lambda k: (repr(k), 1)).reduceByKey(lambda a, b: a + b))
d5 = d4.reduceByKey(lambda a, b: a + b)
d5.pprint()
ssc.start()
ssc.awaitTermination()
