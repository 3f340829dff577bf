# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_80")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('ß', (1, None)), ('a', (2, None)), ('b', (2.5, None))], [('ß', (2.5, None))]])
d0 = s.map(lambda x: (x[0], x[1][1]))
d1 = d0.map(lambda x: (str(x), 1))
d1.pprint()
ssc.start()
ssc.awaitTermination()
