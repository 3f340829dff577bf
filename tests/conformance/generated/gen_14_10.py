# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_10")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[0.1, 1.7014821481072694e+17], [9007199254740993, 100000000000000000000], [-3, 9007199254740992.0, 1e+16, 9007199254740992.0]])
d0 = s.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d1 = d0.map(repr).countByValue()
d2 = d1.transform(lambda rdd: rdd.keys().map(lambda k: (repr(k), 1)).reduceByKey(lambda a, b: a + b))
d3 = d2.map(repr).countByValueAndWindow(2, 1)
d3.pprint()
ssc.start()
ssc.awaitTermination()
