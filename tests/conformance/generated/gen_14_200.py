# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_200")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['a', (1, 'a')], [], [(1, 'a')], ['a', 2.5, True]])
t = ssc.queueStream([[True, 2.5], [1]])
d0 = s.flatMap(lambda x: [x, str(x)])
d1 = d0.map(repr).countByValue()
d2 = d1.transform(lambda rdd: rdd.keys().map(lambda k: (repr(k), 1)).reduceByKey(lambda a, b: a + b))
d2.pprint()
ssc.start()
ssc.awaitTermination()
