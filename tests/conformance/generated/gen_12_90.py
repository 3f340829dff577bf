# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_90")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[1, 9007199254740993, 0], [9007199254740993], [1, 255, 1, 3], [1]])
d0 = s.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)
d0.pprint()
ssc.start()
ssc.awaitTermination()
