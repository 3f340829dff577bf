# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_9")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['a', 1, None]])
d0 = s.union(s.map(lambda x: x))
d1 = d0.transform(lambda rdd: rdd.map(lambda x: (str(x), 1)).reduceByKey(lambda a, b: a + b))
d1.pprint()
ssc.start()
ssc.awaitTermination()
