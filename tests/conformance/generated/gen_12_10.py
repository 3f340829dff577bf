# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_10")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('ß', -1), ('a', 2)]])
d0 = s.transform(lambda rdd: rdd.map(repr).distinct().map(lambda x: (x, len(x))))
d1 = d0.map(repr).countByValue()
d2 = d1.map(repr).countByValue()
d3 = d2.mapValues(lambda v: (v % 2.5))
d3.pprint()
ssc.start()
ssc.awaitTermination()
