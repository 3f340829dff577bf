# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_150")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[3, 7, 255, 10], [7, 3, 3, 10], [10, 7], [255, 100000000000000000000, 255, 1]])
u = ssc.union(s, s.map(lambda x: x))
u.pprint()
d0 = s.union(s.map(lambda x: x))
d1 = d0.map(lambda x: bin(int(x) & 1023))
d1.pprint()
d0.pprint(1)
ssc.start()
ssc.awaitTermination()
