# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "ValuesInvert")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[0, 5, -6, 2 ** 70], [True, False, 7]])
s.map(lambda x: (x, ~x, -~x, ~x ** 2, 3 * ~x, ~x & 0xFF, ~~x)).pprint()
s.map(lambda x: (x, ~x if isinstance(x, bool) else -x)).pprint()


def flip(x):
    try:
        return ~(x / 2)
    except TypeError as e:
        return str(e)


s.map(flip).pprint()
ssc.start()
ssc.awaitTermination()
