# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_160")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[], [], [], ['a1', '①', 'ﬃ']])
d0 = s.union(s.map(lambda x: x))
d1 = d0.window(2, 1)
d1.pprint()
d0.pprint(3)
ssc.start()
ssc.awaitTermination()
