# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "ErrorsCheckpointTransformRddInList")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
tables = [sc.parallelize([(1, "one"), (2, "two")])]
nums = ssc.queueStream([[1, 2], [2, 3]])
nums.map(lambda n: (n, n * n)).transform(lambda rdd: rdd.join(tables[0])).pprint()
ssc.start()
ssc.awaitTermination()
