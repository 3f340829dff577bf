# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_110")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['hello world', 'ﬁne', 'Σα'], []])
d0 = s.map(lambda x: {c: x.count(c) for c in x})
d1 = d0.map(lambda x: (str(x), 1))
d2 = d1.updateStateByKey(lambda vs, st: None if not vs else sorted(map(repr, vs))[:2])
d3 = d2.flatMapValues(lambda v: [v, repr(v)])
d4 = d3.updateStateByKey(lambda vs, st: ((st or (0, ''))[0] + 1, max([repr(v) for v in vs] + [(st or (0, ''))[1]])))
d4.pprint()
ssc.start()
ssc.awaitTermination()
