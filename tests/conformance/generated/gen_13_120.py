# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_120")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([[('ﬁne', 2), ('ab', 7)], [('ß', 1)], [('', 0), ('a', -1)]])
t = ssc.queueStream([[('ǅemal', 0)]])
d0 = s.flatMap(lambda x: x)
d1 = d0.countByWindow(3, 1)
d2 = d1.transform(lambda rdd: rdd.map(lambda x: (str(x)[:1], 1)).groupByKey().mapValues(len))
d2.pprint()
ssc.start()
ssc.awaitTermination()
