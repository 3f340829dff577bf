# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_60")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('ß', 0), ('ΟΔΟΣ', 7), ('Ab C', 3), ('x y', -1)], []])
d0 = s.union(s.map(lambda x: x))
d1 = d0.count()
d2 = d1.flatMap(lambda x: [x] * 2)
d3 = d2.map(repr).countByValue()
d4 = d3.fullOuterJoin(d3.filter(lambda p: len(repr(p)) % 2 == 0))
d5 = d4.groupByKeyAndWindow(4, 2).mapValues(lambda vs: sorted(map(repr, vs)))
d5.pprint()
ssc.start()
ssc.awaitTermination()
