# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_1")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[100000000000000000000], [4000000000000000.0], []])
d0 = s.union(s.map(lambda x: x))
d0.pprint()
ssc.start()
ssc.awaitTermination()
