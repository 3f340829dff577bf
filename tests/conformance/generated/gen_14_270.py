# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_270")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[]])
d0 = s.map(lambda x: (str(x), 1))
d1 = d0.window(4, 1)
d2 = d1.groupByKeyAndWindow(2, 1).mapValues(lambda vs: sorted(map(repr, vs)))
d3 = d2.updateStateByKey(lambda vs, st: None if not vs else sorted(map(repr, vs))[:2])
d3.pprint()
d1.pprint(3)
ssc.start()
ssc.awaitTermination()
