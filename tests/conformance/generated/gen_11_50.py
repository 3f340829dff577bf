# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_50")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-3, 10, 9007199254740993, -3], [2], [9007199254740993], [100000000000000000000, 100000000000000000000, 7, -1000000000000000000]])
u = ssc.union(s.map(repr), s.map(lambda x: repr(x)[::-1]))
u.countByValue().pprint()
d0 = s.map(lambda x: bin(int(x) & 1023))
d1 = d0.transform(lambda rdd: rdd.map(lambda x: (str(x)[:1], 1)).groupByKey().mapValues(len))
d2 = d1.leftOuterJoin(d1.filter(lambda p: len(repr(p)) % 2 == 0))
d3 = d2.updateStateByKey(lambda vs, st: (st or 0) + len(vs))
d3.pprint()
ssc.start()
ssc.awaitTermination()
