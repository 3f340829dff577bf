# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_160")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[3.5, 9007199254740992.0]])
t = ssc.queueStream([[('b', 2), ('Ⅻ', -1), ('b', 7)]])
d0 = s.countByWindow(3, 1)
d0.pprint()
ssc.start()
ssc.awaitTermination()
