# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_50")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[-6.16511792009401e+21, -6.16511792009401e+21, 0.5, 1e-07]])
d0 = s.countByWindow(6, 2)
d1 = d0.filter(lambda x: (2 // -2.5) > 1)
d1.pprint()
ssc.start()
ssc.awaitTermination()
