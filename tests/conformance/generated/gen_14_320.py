# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_320")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[255], [123.456], []])
t = ssc.queueStream([[], [], [-1]])
d0 = s.map(lambda x: (str(x)[:2], x))
d0.pprint()
ssc.start()
ssc.awaitTermination()
