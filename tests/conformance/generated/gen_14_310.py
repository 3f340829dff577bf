# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_310")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['a'], [True, None, (1, 'a'), (1, 'a')], [True, 1, 2.5]])
d0 = s.transform(lambda rdd: rdd.map(repr).distinct().map(lambda x: (x, len(x))))
d1 = d0.map(repr).countByValue()
d2 = d1.leftOuterJoin(d1.filter(lambda p: len(repr(p)) % 2 == 0))
d2.pprint()
d1.pprint(3)
ssc.start()
ssc.awaitTermination()
