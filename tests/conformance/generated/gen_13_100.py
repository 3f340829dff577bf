# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_100")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['x y', 'Ⅻ', 'Ǉ', 'x y']])
t = ssc.queueStream([[('Ⅻ', -1)], [('ﬁne', 0)], [('x y', 0), ('ǅemal', 7), ('٣', 2)]])
d0 = s.map(lambda x: {c: x.count(c) for c in x})
d1 = d0.window(2, 1)
d2 = d1.map(lambda x: [x, [x]])
d3 = d2.map(lambda x: (str(x), 1))
d3.pprint()
d0.pprint(1)
ssc.start()
ssc.awaitTermination()
