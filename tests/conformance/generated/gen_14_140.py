# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_140")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[('ǅemal', -1), ('٣', 0), ('x y', 0)], [], [('ΟΔΟΣ', 7), ('ﬁne', 1), ('ΟΔΟΣ', 7), ('ǅemal', 0)]])
d0 = s.count()
d1 = d0.filter(lambda x: (x // -2.5) > 1)
d1.pprint()
ssc.start()
ssc.awaitTermination()
