# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_70")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['hello world', 'İx', '-3'], ['ﬃ', 'hello world', 'ﬁne'], ['ǅemal', '①', 'ΣΑΣ ΣΑΣ']])
d0 = s.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d0.pprint()
ssc.start()
ssc.awaitTermination()
