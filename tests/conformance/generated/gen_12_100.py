# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_100")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['Ǉ', '٣', 'a1']])
d0 = s.map(lambda x: x[:2].swapcase())
d1 = d0.map(repr).countByValue()
d2 = d1.flatMapValues(lambda v: [v, repr(v)])
d2.pprint()
ssc.start()
ssc.awaitTermination()
