# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[("a", 1)], [("a", 2)], [("a", 3)], [("a", 4)]])
w = s.window(2, 2)
s.join(w).pprint()
w.join(s).pprint()
ssc.start()
ssc.awaitTermination()
