# batches: 10
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[1], [2], [3], [4], [5], [6], [7]])
s.window(3, 1).pprint()
s.window(3, 2).pprint()
s.window(2, 2).pprint()
s.window(2, 4).pprint()
ssc.start()
ssc.awaitTermination()
