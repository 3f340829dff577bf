# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_170")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[0.5], [0.1, 4000000000000000.0, 0.5, 5e-324]])
u = ssc.union(s, s.map(lambda x: x))
u.pprint()
d0 = s.map(lambda x: (x == int(x), x > 0.5, 0 < x <= 10))
d1 = d0.countByWindow(3, 1)
d2 = d1.filter(lambda x: x % 2 == 0)
d3 = d2.count()
d3.pprint()
d1.pprint(1)
ssc.start()
ssc.awaitTermination()
