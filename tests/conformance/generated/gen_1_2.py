# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_2")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['ﬁne', 'ß', 'Ⅻ'], [], ['ǅemal', 'ǅemal', '٣']])
d0 = s.map(lambda x: (x + '!').isalpha())
d1 = d0.union(d0.map(lambda x: x))
d2 = d1.union(d1.map(lambda x: x))
d2.pprint()
ssc.start()
ssc.awaitTermination()
