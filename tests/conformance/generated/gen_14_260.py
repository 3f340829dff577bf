# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_260")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([['12', 'ﬃ', 'ΟΔΟΣ', 'İx']])
t = ssc.queueStream([[('ǅemal', 3), ('ΟΔΟΣ', -1), ('Ⅻ', 0)]])
d0 = s.transform(lambda rdd: rdd.map(lambda x: (str(x)[:1], 1)).groupByKey().mapValues(len))
d1 = d0.groupByKey().mapValues(len)
d2 = d1.mapValues(lambda v: [x2 for x2 in range(int(v) % 5) if x2 % 2 == 0])
d3 = d2.window(8, 4)
d3.pprint()
ssc.start()
ssc.awaitTermination()
