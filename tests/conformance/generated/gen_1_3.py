# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_3")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['ﬁne', 'x y', 'ΟΔΟΣ'], ['ß', 'ΟΔΟΣ', 'ǅemal']])
d0 = s.map(lambda x: (len(x), x))
d1 = d0.window(2, 1)
d2 = d1.map(str).countByValue()
d3 = d2.join(d2.mapValues(str))
d4 = d3.window(3, 1)
d4.pprint()
ssc.start()
ssc.awaitTermination()
