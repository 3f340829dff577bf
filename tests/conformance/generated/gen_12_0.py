# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_0")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[], [('ǅemal', 0), ('a', 1)]])
t = ssc.queueStream([[], [('ß', 1)], []])
u = ssc.union(s, t)
u.pprint()
d0 = s.flatMap(lambda x: [x, (x[0], -x[1])])
d1 = d0.map(lambda x: (x[0].upper(), x[1]))
d2 = d1.updateStateByKey(lambda vs, st: ((st or (0, ''))[0] + 1, max([repr(v) for v in vs] + [(st or (0, ''))[1]])))
d2.pprint()
ssc.start()
ssc.awaitTermination()
