# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "MapPartitions")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[1, 2, 3], [], [4, 4]])
s.mapPartitions(lambda it: [x * 10 for x in it]).pprint()
s.mapPartitions(lambda it: [sum(it)]).filter(lambda x: x > 0).reduce(lambda a, b: a + b).pprint()
s.transform(lambda rdd: rdd.mapPartitions(lambda it: [(x, 1) for x in it])).reduceByKey(lambda a, b: a + b).pprint()
ssc.start()
ssc.awaitTermination()
