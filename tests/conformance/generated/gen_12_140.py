# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_140")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-6.16511792009401e+21, 7, 0.5], [5e-324, 100000000000000000000, 123.456, 0], [9007199254740992.0, 10, 255, 2.675]])
d0 = s.count()
d1 = d0.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d2 = d1.window(3, 1)
d2.pprint()
ssc.start()
ssc.awaitTermination()
