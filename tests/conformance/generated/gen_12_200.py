# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_200")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('a', (2.5, 'x'))], [('ß', (2, (1, 2))), ('b', (2, (1, 2))), ('b', (1, (1, 2)))]])
d0 = s.union(s.map(lambda x: x))
d1 = d0.map(lambda x: (x[0], x[1][1]))
d2 = d1.transform(lambda rdd: rdd.map(lambda x: (str(x)[:1], 1)).groupByKey().mapValues(len))
d3 = d2.fullOuterJoin(d2.filter(lambda p: len(repr(p)) % 2 == 0))
d3.pprint()
ssc.start()
ssc.awaitTermination()
