# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_170")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['-3', 'x y', '12', 'Σα'], [], ['İx', 'ab'], ['ﬁne']])
t = ssc.queueStream([[]])
d0 = s.count()
d1 = d0.countByWindow(3, 1)
d2 = d1.map(lambda x: (str(x)[:2], x))
d2.pprint()
ssc.start()
ssc.awaitTermination()
