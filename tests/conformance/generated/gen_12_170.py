# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_170")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['ΣΑΣ ΣΑΣ', 'hello world', 'ा', '12'], ['Ǉ', 'ŉ'], ['a'], ['a']])
d0 = s.transform(lambda rdd: rdd.map(lambda x: (str(x)[:1], 1)).groupByKey().mapValues(len))
d1 = d0.groupByKey().mapValues(lambda vs: (len(vs), sorted(repr(v) for v in vs)[:1]))
d2 = d1.updateStateByKey(lambda vs, st: (st or 0) + len(vs))
d3 = d2.leftOuterJoin(d2.filter(lambda p: len(repr(p)) % 2 == 0))
d4 = d3.rightOuterJoin(d3.filter(lambda p: len(repr(p)) % 2 == 0))
d4.pprint()
ssc.start()
ssc.awaitTermination()
