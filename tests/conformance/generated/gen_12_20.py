# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_12_20")
ssc = StreamingContext(sc, 1)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['Ⅻ', 'ा'], ['Ǉ', 'Ǉ', 'ΟΔΟΣ'], ['ǅemal', 'a', 'Ⅻ', 'Σα'], ['ΣΑΣ ΣΑΣ', 'Ab C', '①', '①']])
t = ssc.queueStream([[], [], [('b', 3), ('ß', 1)]])
d0 = s.map(lambda x: [ord(c) for c in x])
d1 = d0.map(repr).union(t.map(repr))
d2 = d1.countByWindow(3, 1)
d3 = d2.map(lambda x: {'v': x, 'neg': x < 0, 'half': x / 2})
d4 = d3.union(d3.map(lambda x: x))
d4.pprint()
ssc.start()
ssc.awaitTermination()
