# batches: 9
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
words = ssc.queueStream([["a", "b"], ["a"], ["c"]])
words.countByWindow(5, 1).pprint()
pairs = words.map(lambda w: (w, 1))
pairs.groupByKeyAndWindow(5, 1).mapValues(sorted).pprint()
pairs.groupByKeyAndWindow(3, 1).mapValues(sorted).pprint()
pairs.reduceByKeyAndWindow(lambda x, y: x + y, lambda x, y: x - y, 3, 1).pprint()
ssc.start()
ssc.awaitTermination()
