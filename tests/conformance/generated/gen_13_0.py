# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_0")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([['', 'straße', 'ﬁne'], ['straße', 'İx', 'hello world', 'ab'], ['a'], []])
d0 = s.transform(lambda rdd: rdd.map(lambda x: (str(x)[:1], 1)).groupByKey().mapValues(len))
d0.pprint()
ssc.start()
ssc.awaitTermination()
