# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_220")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['٣', '', 'a1', 'ﬁne'], ['ß', 'ΣΑΣ ΣΑΣ'], ['ﬁne', '٣', 'a1', 'x y'], ['Ǉ', 'ŉ', '  pad ']])
d0 = s.countByWindow(3, 1)
d1 = d0.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d1.pprint()
ssc.start()
ssc.awaitTermination()
