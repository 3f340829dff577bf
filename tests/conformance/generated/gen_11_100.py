# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_100")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[7], [0]])
d0 = s.map(repr).countByValue()
d1 = d0.reduceByKey(lambda a, b: a * b % 1000)
d2 = d1.flatMapValues(lambda v: [v, repr(v)])
d3 = d2.join(d2.mapValues(str))
d4 = d3.groupByKeyAndWindow(2, 1).mapValues(lambda vs: sorted(map(repr, vs)))
d4.pprint()
ssc.start()
ssc.awaitTermination()
