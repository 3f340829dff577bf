# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_30")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[9007199254740992.0, 2, 255], [1, 2.675]])
d0 = s.map(lambda x: '%d' % x)
d0.pprint()
ssc.start()
ssc.awaitTermination()
