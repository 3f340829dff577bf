# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_6")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[1, 100000000000000000000]])
d0 = s.count()
d1 = d0.filter(lambda x: x is not None and str(x) > '1')
d1.pprint()
ssc.start()
ssc.awaitTermination()
