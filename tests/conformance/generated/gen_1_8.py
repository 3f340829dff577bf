# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_1_8")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([['a'], [(1, 'a')], [None, None]])
d0 = s.filter(lambda x: x is not None and str(x) > '1')
d1 = d0.map(str).countByValue()
d2 = d1.window(2, 1)
d3 = d2.groupByKey().mapValues(lambda vs: sorted(map(str, vs)))
d4 = d3.join(d3.mapValues(str))
d5 = d4.groupByKey().mapValues(lambda vs: sorted(map(str, vs)))
d5.pprint()
ssc.start()
ssc.awaitTermination()
