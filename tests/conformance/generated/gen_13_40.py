# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_40")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('b', 2)], [('Ⅻ', 1), ('a', -1)]])
d0 = s.map(lambda x: x)
d1 = d0.fullOuterJoin(d0.filter(lambda p: len(repr(p)) % 2 == 0))
d2 = d1.groupByKeyAndWindow(2, 1).mapValues(lambda vs: sorted(map(repr, vs)))
d3 = d2.mapValues(repr).reduceByKey(lambda a, b: max(a, b))
d4 = d3.window(4, 2)
d4.pprint()
ssc.start()
ssc.awaitTermination()
