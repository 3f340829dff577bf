# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_160")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[], [], [1.7014821481072694e+17, 0.1, 4000000000000000.0], []])
d0 = s.map(lambda x: (x > 1, 1))
d1 = d0.updateStateByKey(lambda vs, st: (st or 0) + len(vs))
d2 = d1.groupByKeyAndWindow(4, 2).mapValues(lambda vs: sorted(map(repr, vs)))
d3 = d2.flatMapValues(lambda v: [v, repr(v)])
d4 = d3.window(6, 2)
d5 = d4.fullOuterJoin(d4.filter(lambda p: len(repr(p)) % 2 == 0))
d5.pprint()
ssc.start()
ssc.awaitTermination()
