# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "ValuesStrPaddingPartitionCasefold")
ssc = StreamingContext(sc, 1)
words = ssc.queueStream([["ΟΔΟΣ", "straße", "ﬁne", "ǅemal", "a\tbc\td", "x y z"], ["", "_id1", "1x", "x\u200b", "İx", "ab"]])
words.map(lambda w: (w, w.casefold(), w.center(9, "*"), w.center(8), w.ljust(6, "."), w.rjust(6))).pprint()
words.map(lambda w: (w.expandtabs(), w.expandtabs(3), w.partition(" "), w.rpartition("a"), w.removeprefix("a"), w.removesuffix("d"))).pprint()
words.map(lambda w: (w.isidentifier(), w.isprintable(), w.isascii(), (len(w) / 2).is_integer())).pprint()
ssc.start()
ssc.awaitTermination()
