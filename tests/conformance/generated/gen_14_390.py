# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_390")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[('b', (1, (1, 2))), ('b', (2.5, (1, 2))), ('ß', (1, (1, 2)))], [('ß', (2, None)), ('b', (1, (1, 2))), ('b', (2, (1, 2))), ('b', (1, None))]])
d0 = s.filter(lambda x: str(x) > '1')
d0.pprint()
ssc.start()
ssc.awaitTermination()
