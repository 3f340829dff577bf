# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_170")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[100000000000000000000, 2, 10, 10]])
d0 = s.union(s.map(lambda x: x))
d1 = d0.map(lambda x: [x2 for x2 in range(int(x) % 5) if x2 % 2 == 0])
d2 = d1.map(lambda x: (str(x), 1))
d2.pprint()
ssc.start()
ssc.awaitTermination()
