# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_30")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[], [('ß', (1, 'x')), ('ß', (1, 'x')), ('ß', (2.5, None))]])
d0 = s.map(lambda x: [a2 for a2 in x[1]])
d0.pprint()
ssc.start()
ssc.awaitTermination()
