# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_50")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[1e+16, -1.5, 0.1]])
d0 = s.map(lambda x: repr((x / 3)))
d0.pprint()
ssc.start()
ssc.awaitTermination()
