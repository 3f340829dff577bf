# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[1], [2], [3], [4], [5], [6]])
w = s.window(2, 2)
w.window(4, 2).pprint()
ssc.start()
ssc.awaitTermination()
