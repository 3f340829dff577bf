# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_110")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[], []])
d0 = s.map(lambda x: sorted(x, reverse=True))
d1 = d0.map(lambda x: type(x).__name__)
d2 = d1.count()
d3 = d2.count()
d4 = d3.reduce(lambda a, b: a * b % 1000)
d4.pprint()
d0.pprint(3)
ssc.start()
ssc.awaitTermination()
