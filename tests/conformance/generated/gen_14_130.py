# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_130")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[]])
d0 = s.map(repr).countByValue()
d1 = d0.flatMapValues(lambda v: [v, repr(v)])
d2 = d1.groupByKeyAndWindow(2, 1).mapValues(lambda vs: sorted(map(repr, vs)))
d2.pprint()
ssc.start()
ssc.awaitTermination()
