# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "ErrorsUnionSerializer")
ssc = StreamingContext(sc, 1)
raw = ssc.queueStream([["a", "b", "c", "d"], ["e"]])
words = ssc.queueStream([["x", "y"]])
mapped = words.map(lambda w: w.upper())
both = raw.union(mapped)
both.pprint()
ssc.union(mapped, raw.map(lambda w: w)).pprint()
ssc.union(words, mapped).pprint()
ssc.start()
ssc.awaitTermination()
