# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_10")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['x y', 'ﬃ', 'a1', 'ΣΑΣ ΣΑΣ']])
d0 = s.map(lambda x: len(x.ljust(6, '.').center(9, '*')))
d1 = d0.count()
d2 = d1.reduce(lambda a, b: max(a, b))
d2.pprint()
ssc.start()
ssc.awaitTermination()
