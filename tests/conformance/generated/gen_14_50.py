# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_50")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[100000000000000000000, 10, -1000000000000000000]])
t = ssc.queueStream([[('x y', 2), ('Ⅻ', 3), ('ﬁne', 3)]])
d0 = s.map(lambda x: [x2 for x2 in range(int(x) % 5) if x2 % 2 == 0])
d1 = d0.flatMap(lambda x: (x, x))
d2 = d1.window(8, 2)
d2.pprint()
ssc.start()
ssc.awaitTermination()
