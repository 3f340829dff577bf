# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_150")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[1e-07, 1.7014821481072694e+17], [], [1e-07], []])
d0 = s.reduce(lambda a, b: max(a, b))
d1 = d0.flatMap(lambda x: range(int(x) % 4))
d1.pprint()
ssc.start()
ssc.awaitTermination()
