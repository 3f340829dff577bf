# batches: 3
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_90")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[3.5]])
d0 = s.map(lambda x: ((2.5 / 0.5), x))
d0.pprint()
ssc.start()
ssc.awaitTermination()
