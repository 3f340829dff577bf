# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_190")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[], []])
t = ssc.queueStream([[('x y', 0)], [('a', 7), ('a', 2), ('ΟΔΟΣ', 3)], [('x y', -1)]])
d0 = s.map(lambda x: divmod(x, -2.5))
d1 = d0.map(lambda x: len(repr(x))).reduce(lambda a, b: a + b)
d2 = d1.map(lambda x: bin(int(x) & 1023))
d3 = d2.transform(lambda rdd: rdd.map(repr).distinct().map(lambda x: (x, len(x))))
d3.pprint()
ssc.start()
ssc.awaitTermination()
