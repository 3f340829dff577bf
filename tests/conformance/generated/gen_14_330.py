# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_330")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[100000000000000000000], [-1, 3, 1, -1000000000000000000], [2, 100000000000000000000]])
d0 = s.count()
d1 = d0.count()
d2 = d1.map(lambda x: (x > 1, 1))
d3 = d2.window(8, 2)
d3.pprint()
d2.pprint(1)
ssc.start()
ssc.awaitTermination()
