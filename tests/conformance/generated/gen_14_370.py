# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_370")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[9007199254740992.0, 1e+22, 0.1], [4000000000000000.0, -0.0, 123.456]])
d0 = s.countByWindow(6, 2)
d1 = d0.countByWindow(6, 2)
d2 = d1.union(d1.map(lambda x: x))
d3 = d2.map(lambda x: bin(int(x) & 1023))
d4 = d3.map(repr).countByValue()
d4.pprint()
ssc.start()
ssc.awaitTermination()
