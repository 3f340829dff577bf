# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Own")
ssc = StreamingContext(sc, 1)
ssc.queueStream([[1], [2], [3]], oneAtATime=False).pprint()
ssc.queueStream([[1], [2]], default=[9, 9]).pprint()
ssc.queueStream([], default=[7]).pprint()
ssc.start()
ssc.awaitTermination()
