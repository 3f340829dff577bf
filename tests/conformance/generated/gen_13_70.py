# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_70")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-1000000000000000000, -1000000000000000000, 10, 255]])
d0 = s.map(lambda x: (x > 1, 1))
d1 = d0.join(d0.mapValues(str))
d2 = d1.updateStateByKey(lambda vs, st: None if not vs else sorted(map(repr, vs))[:2])
d3 = d2.flatMapValues(lambda v: [v, repr(v)])
d4 = d3.groupByKey().mapValues(lambda vs: sorted(map(repr, vs)))
d4.pprint()
ssc.start()
ssc.awaitTermination()
