# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_350")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['ǅemal', 'ǅemal', 'ǅemal'], ['ΣΑΣ ΣΑΣ', 'İx', 'ß']])
d0 = s.map(lambda x: (x.casefold(), len(x)))
d1 = d0.mapValues(lambda v: 1).reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d2 = d1.reduceByKey(lambda a, b: max(a, b))
d3 = d2.cogroup(d2.mapValues(repr)).mapValues(lambda p: (sorted(map(repr, p[0])), sorted(p[1])))
d4 = d3.map(repr).countByValue()
d4.pprint()
ssc.start()
ssc.awaitTermination()
