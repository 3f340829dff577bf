# batches: 5
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_340")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([[('', 3), ('ab', 2), ('ab', 3)], [('b', 3), ('٣', 0), ('ß', 3), ('ab', 0)], [('Ab C', 2), ('ΟΔΟΣ', 1), ('ﬁne', 3), ('b', 3)]])
d0 = s.map(lambda x: x)
d0.pprint()
ssc.start()
ssc.awaitTermination()
