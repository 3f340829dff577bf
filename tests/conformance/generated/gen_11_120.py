# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_11_120")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[None, (1, 'a'), None, (1, 'a')], [], [1, True, 1]])
d0 = s.filter(lambda x: len(str(x)) % 2 == 0)
d0.pprint()
ssc.start()
ssc.awaitTermination()
