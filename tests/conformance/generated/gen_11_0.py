# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_0")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('ΟΔΟΣ', 0), ('٣', 1), ('x y', -1)], []])
d0 = s.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 4, 2)
d1 = d0.map(lambda x: (x > 1, 1))
d2 = d1.mapValues(lambda v: len(repr(v))).reduceByKeyAndWindow(lambda a, b: max(a, b), None, 4, 2)
d3 = d2.map(lambda p: (repr(p[0]), p[1])).transform(lambda rdd: rdd.sortByKey().map(lambda p: (repr(p[0]), repr(p[1]))))
d3.pprint()
ssc.start()
ssc.awaitTermination()
