# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[("a", 1)], [], [("a", 2)]])
p = s.transform(lambda rdd: None if rdd.isEmpty() else rdd)
p.pprint()
p.count().pprint()
p.updateStateByKey(lambda new, old: (old or 0) + len(new) + 100).pprint()
s.transform(lambda t, rdd: rdd.mapValues(lambda v: v * 10)).pprint()
ssc.start()
ssc.awaitTermination()
