# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_190")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['straße'], ['Ǉ', 'a', '٣'], ['ा', '12', 'Ⅻ'], ['b']])
d0 = s.flatMap(lambda x: x)
d1 = d0.window(3, 1)
d1.pprint()
d0.pprint(1)
ssc.start()
ssc.awaitTermination()
