# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_0")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['a', 'ΟΔΟΣ'], ['x y']])
d0 = s.map(lambda x: (x.lower(), 1))
d0.pprint()
ssc.start()
ssc.awaitTermination()
