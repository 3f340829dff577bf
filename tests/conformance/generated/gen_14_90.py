# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_90")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[5e-324, -1.5, 1e+22], [4000000000000000.0]])
t = ssc.queueStream([[('Ab C', -1), ('b', 1), ('٣', 7)], [('', 2)], [('b', 1), ('', 1)]])
d0 = s.map(lambda x: bin(int(x) & 1023))
d1 = d0.map(lambda x: [w[:1].upper() + w[1:] for w in x.split()])
d2 = d1.flatMap(lambda x: [x, str(x)])
d3 = d2.filter(lambda x: x is not None)
d3.pprint()
ssc.start()
ssc.awaitTermination()
