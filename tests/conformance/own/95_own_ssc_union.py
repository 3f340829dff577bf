# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
a = ssc.queueStream([["a1"], ["a2"]])
b = ssc.queueStream([["b1"]])
c = ssc.queueStream([[], ["c2"], ["c3"]])
ssc.union(a, b, c).pprint()
ssc.union(a).count().pprint()
ssc.start()
ssc.awaitTermination()
