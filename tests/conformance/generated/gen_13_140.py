# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_140")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[], ['a', (1, 'a'), 'a']])
d0 = s.map(lambda x: (str(x), 1))
d1 = d0.reduceByKey(lambda a, b: max(a, b))
d1.pprint()
ssc.start()
ssc.awaitTermination()
