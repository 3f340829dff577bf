# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_180")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[True, 1], [], [1, 1, 1]])
d0 = s.filter(lambda x: x is not None)
d1 = d0.map(lambda x: (str(x), 1))
d1.pprint()
d0.pprint(1)
ssc.start()
ssc.awaitTermination()
