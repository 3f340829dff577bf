# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_200")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[], [7, 0, 2], [3, -1, 0, 0], [255, 9007199254740993, 3, -1000000000000000000]])
d0 = s.map(repr).countByValue()
d1 = d0.window(4, 2)
d2 = d1.reduceByKey(lambda a, b: a + b)
d3 = d2.rightOuterJoin(d2.filter(lambda p: len(repr(p)) % 2 == 0))
d3.pprint()
ssc.start()
ssc.awaitTermination()
