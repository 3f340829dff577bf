# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_40")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([['  pad ', 'Σα', 'ﬁne', 'ab'], ['Ǉ'], ['ा', '12']])
d0 = s.reduce(lambda a, b: min(a, b))
d1 = d0.map(lambda x: (x[:1], x))
d2 = d1.mapValues(lambda v: v.split())
d2.pprint()
ssc.start()
ssc.awaitTermination()
