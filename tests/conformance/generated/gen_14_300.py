# batches: 6
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_14_300")
ssc = StreamingContext(sc, 2)
s = ssc.queueStream([['12', 'Σα', 'ΣΑΣ ΣΑΣ'], ['İx', 'ab', 'b', 'ा'], ['ΣΑΣ ΣΑΣ', 'a', 'Ǉ'], []])
t = ssc.queueStream([[], [('ß', 2), ('ab', 0)], []])
d0 = s.count()
d1 = d0.map(lambda x: str(x).zfill(8))
d2 = d1.map(lambda x: (x.lower(), 1))
d3 = d2.cogroup(d2.mapValues(repr)).mapValues(lambda p: (sorted(map(repr, p[0])), sorted(p[1])))
d3.pprint()
ssc.start()
ssc.awaitTermination()
