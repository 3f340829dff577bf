# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_280")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('ß', 2), ('ß', -1)], [], [], [('Ⅻ', 1)]])
d0 = s.map(lambda x: (x[0], x[1] * 2))
d1 = d0.flatMap(lambda x: x)
d1.pprint()
ssc.start()
ssc.awaitTermination()
