# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_10")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-2.5, 2, 3, 2], [2, 0.5, 255], [7, -1, 0.125]])
d0 = s.map(lambda x: f'{x:g}')
d1 = d0.map(lambda x: len((x * 2).strip(' a')))
d2 = d1.countByWindow(3, 1)
d3 = d2.window(3, 1)
d4 = d3.map(lambda x: (int(x) % 2 == 0, str(x)))
d4.pprint()
ssc.start()
ssc.awaitTermination()
