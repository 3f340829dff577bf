# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_220")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[3.5, 5e-324, 1.7014821481072694e+17, 3.5], [0.5], [], []])
d0 = s.count()
d1 = d0.map(lambda x: round(float(x) * 3, 2))
d2 = d1.countByWindow(3, 1)
d3 = d2.map(lambda x: (round(round(x / 7) / 7), x))
d4 = d3.count()
d5 = d4.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d5.pprint()
ssc.start()
ssc.awaitTermination()
