# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_60")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[-1000000000000000000, 9007199254740993], [7, -3, 2]])
d0 = s.flatMap(lambda x: range(int(x) % 4))
d1 = d0.transform(lambda rdd: rdd.map(repr).distinct().map(lambda x: (x, len(x))))
d2 = d1.transform(lambda rdd: rdd.keys().map(lambda k: (repr(k), 1)).reduceByKey(lambda a, b: a + b))
d2.pprint()
ssc.start()
ssc.awaitTermination()
