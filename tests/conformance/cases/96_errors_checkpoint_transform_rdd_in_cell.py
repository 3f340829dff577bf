# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "ErrorsCheckpointTransformRddInCell")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")


def joiner():
    names = sc.parallelize([(1, "one"), (2, "two")])

    def join(rdd):
        nonlocal names
        names = names.filter(lambda p: p[0] > 0)
        return rdd.join(names)

    return join


nums = ssc.queueStream([[1, 2], [2, 3]])
nums.map(lambda n: (n, n * n)).transform(joiner()).pprint()
ssc.start()
ssc.awaitTermination()
