# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
ssc.union().pprint()
ssc.start()
ssc.awaitTermination()
