# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_190")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[255, 10, -1000000000000000000], [1e+22], [9007199254740993]])
t = ssc.queueStream([[]])
d0 = s.map(lambda x: (str(x)[:2], x))
d1 = d0.reduceByKey(lambda a, b: max(a, b))
d2 = d1.reduceByKey(lambda a, b: min(a, b))
d3 = d2.flatMapValues(lambda v: [v, repr(v)])
d4 = d3.groupByKey().mapValues(lambda vs: (len(vs), sorted(repr(v) for v in vs)[:1]))
d4.pprint()
ssc.start()
ssc.awaitTermination()
