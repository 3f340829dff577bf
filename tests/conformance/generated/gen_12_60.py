# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_60")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['Ab C', 'ﬁne', 'ा', 'ﬁne'], ['ǅemal', 'hello world', 'ा', 'ΣΑΣ ΣΑΣ']])
t = ssc.queueStream([['a', 'ß'], ['a1', 'ŉ']])
d0 = s.map(lambda x: (x[:1], x))
d0.pprint()
ssc.start()
ssc.awaitTermination()
