# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_4")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['a', '', 'ΟΔΟΣ', 'ﬁne']])
d0 = s.flatMap(lambda x: [x, str(x)])
d1 = d0.count()
d2 = d1.union(d1.map(lambda x: x))
d3 = d2.map(lambda x: (str(x)[:2], x))
d4 = d3.groupByKey().mapValues(lambda vs: sorted(map(str, vs)))
d5 = d4.join(d4.mapValues(str))
d5.pprint()
ssc.start()
ssc.awaitTermination()
