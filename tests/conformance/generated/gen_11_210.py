# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_210")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('٣', -1)], [('Ab C', 0), ('b', 3), ('ΟΔΟΣ', 3)], [('ΟΔΟΣ', 7)], [('ΟΔΟΣ', 3), ('ǅemal', 0), ('٣', -1)]])
t = ssc.queueStream([[('ΟΔΟΣ', 2), ('', 3)], [('ﬁne', 2), ('Ⅻ', -1)]])
d0 = s.transform(lambda rdd: rdd.map(repr).distinct().map(lambda x: (x, len(x))))
d1 = d0.map(repr).countByValue()
d2 = d1.flatMapValues(lambda v: [v, repr(v)])
d3 = d2.join(d2.mapValues(str))
d4 = d3.transform(lambda rdd: rdd.mapValues(lambda v: 1).reduceByKey(lambda a, b: a + b).filter(lambda p: p[1] > 1))
d4.pprint()
ssc.start()
ssc.awaitTermination()
