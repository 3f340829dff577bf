# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_0")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['①', 'ǅemal', ''], ['ा', '①', 'Ab C'], ['straße', 'ﬃ', 'ŉ', '-3'], []])
d0 = s.map(lambda x: (len(x), x))
d1 = d0.groupByKeyAndWindow(2, 1).mapValues(lambda vs: sorted(map(repr, vs)))
d2 = d1.cogroup(d1.mapValues(repr)).mapValues(lambda p: (sorted(map(repr, p[0])), sorted(p[1])))
d2.pprint()
ssc.start()
ssc.awaitTermination()
