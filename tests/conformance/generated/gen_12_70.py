# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_70")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[None, None, True]])
d0 = s.window(4, 1)
d1 = d0.map(lambda x: len(repr(x))).reduce(lambda a, b: a + b)
d2 = d1.map(repr).countByValue()
d2.pprint()
ssc.start()
ssc.awaitTermination()
