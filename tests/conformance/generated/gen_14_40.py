# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_40")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['', 'hello world', 'Ab C'], ['Σα', '-3', 'Σα', 'ß'], ['straße']])
u = ssc.union(s, s.map(lambda x: x))
u.pprint()
d0 = s.filter(lambda x: x)
d1 = d0.count()
d1.pprint()
ssc.start()
ssc.awaitTermination()
