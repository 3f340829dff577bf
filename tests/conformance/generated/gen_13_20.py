# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_20")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['İx', 'ा', 'İx'], ['ﬃ'], ['ŉ', 'ﬃ'], ['Ab C', '٣']])
d0 = s.map(repr).countByValue()
d0.pprint()
ssc.start()
ssc.awaitTermination()
