# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_210")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[-1.5], [1e+22, 1e-07]])
t = ssc.queueStream([[('٣', -1)]])
d0 = s.filter(lambda x: (x ** 2) > 1)
d1 = d0.filter(lambda x: (1e15 if 1e15 > x else x) > 1)
d2 = d1.map(lambda x: f'{x:.3f}')
d3 = d2.count()
d4 = d3.window(2, 2)
d5 = d4.window(4, 1)
d5.pprint()
ssc.start()
ssc.awaitTermination()
