# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_230")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-1.5, 0.125, -1.5, -6.16511792009401e+21]])
t = ssc.queueStream([[]])
d0 = s.reduce(lambda a, b: min(a, b))
d1 = d0.flatMap(lambda x: str(x))
d2 = d1.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 4, 2)
d2.pprint()
ssc.start()
ssc.awaitTermination()
