# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_7")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[(1, 'a')], [], [1, (1, 'a'), (1, 'a')]])
d0 = s.map(lambda x: (x, x is None, str(x)))
d1 = d0.flatMap(lambda x: [x, str(x)])
d2 = d1.transform(lambda rdd: rdd.map(lambda x: (str(x), 1)).reduceByKey(lambda a, b: a + b))
d2.pprint()
ssc.start()
ssc.awaitTermination()
