# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_40")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['a'], []])
d0 = s.count()
d1 = d0.map(lambda x: (x > 1, 1))
d2 = d1.groupByKeyAndWindow(2, 1).mapValues(lambda vs: sorted(map(repr, vs)))
d3 = d2.window(2, 1)
d4 = d3.map(lambda p: (repr(p[0]), p[1])).transform(lambda rdd: rdd.sortByKey().map(lambda p: (repr(p[0]), repr(p[1]))))
d4.pprint()
d2.pprint(1)
ssc.start()
ssc.awaitTermination()
