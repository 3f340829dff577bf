# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_5")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[], [4000000000000000.0, -1.5]])
d0 = s.flatMap(lambda x: [x, str(x)])
d1 = d0.count()
d2 = d1.flatMap(lambda x: [x, str(x)])
d3 = d2.union(d2.map(lambda x: x))
d4 = d3.transform(lambda rdd: rdd.map(lambda x: (str(x), 1)).reduceByKey(lambda a, b: a + b))
d5 = d4.window(3, 1)
d5.pprint()
ssc.start()
ssc.awaitTermination()
