# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[1]])
s.pprint()
ssc.stop()
ssc.start()
ssc.awaitTermination()
