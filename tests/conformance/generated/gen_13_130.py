# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_130")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[2.5], [], [], [3.5, 1e+22, 123.456, 255]])
d0 = s.window(3, 1)
d0.pprint()
ssc.start()
ssc.awaitTermination()
