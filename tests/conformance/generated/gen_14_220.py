# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_220")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[], [], []])
d0 = s.union(s.map(lambda x: x))
d1 = d0.filter(lambda x: (x ** 2) != x)
d2 = d1.countByWindow(3, 1)
d3 = d2.map(lambda x: repr((int((2 % 7)) % 10 * 1.5)))
d4 = d3.flatMap(lambda x: x.upper())
d4.pprint()
d2.pprint(1)
ssc.start()
ssc.awaitTermination()
