# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_20")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[None]])
d0 = s.map(lambda x: (x, x is None))
d1 = d0.map(lambda x: repr(x))
d2 = d1.filter(lambda x: x)
d2.pprint()
ssc.start()
ssc.awaitTermination()
