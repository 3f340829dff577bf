# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_130")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[3], []])
d0 = s.filter(lambda x: -1 < x < 100)
d1 = d0.count()
d2 = d1.window(2, 2)
d2.pprint()
ssc.start()
ssc.awaitTermination()
