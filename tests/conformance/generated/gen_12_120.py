# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_120")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([['①', 'straße'], ['a']])
d0 = s.map(lambda x: sorted(x, reverse=True))
d1 = d0.map(lambda x: len(repr(x))).reduce(lambda a, b: a + b)
d1.pprint()
ssc.start()
ssc.awaitTermination()
