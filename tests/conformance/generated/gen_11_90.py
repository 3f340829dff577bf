# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_90")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['a'], ['٣', 'ﬁne', '', 'b'], [], []])
d0 = s.union(s.map(lambda x: x))
d1 = d0.transform(lambda rdd: rdd.map(lambda x: (str(x)[:1], 1)).groupByKey().mapValues(len))
d2 = d1.transform(lambda rdd: rdd.mapValues(lambda v: 1).reduceByKey(lambda a, b: a + b).filter(lambda p: p[1] > 1))
d2.pprint()
ssc.start()
ssc.awaitTermination()
