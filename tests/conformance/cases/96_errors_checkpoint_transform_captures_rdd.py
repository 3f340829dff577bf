# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "ErrorsCheckpointTransformCapturesRdd")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
names = sc.parallelize([(1, "one"), (2, "two")])
nums = ssc.queueStream([[1, 2], [2, 3]])
nums.map(lambda n: (n, n * n)).transform(lambda rdd: rdd.join(names)).pprint()
ssc.start()
ssc.awaitTermination()
