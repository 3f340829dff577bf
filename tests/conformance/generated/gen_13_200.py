# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "gen_13_200")
ssc = StreamingContext(sc, 2)
ssc.checkpoint("checkpoint")
s = ssc.queueStream([['ŉ', 'ǅemal']])
t = ssc.queueStream([[], ['ΣΑΣ ΣΑΣ', 'a', 'Ab C'], ['ǅemal', 'Ⅻ']])
u = ssc.union(s.map(repr), s.map(lambda x: repr(x)[::-1]))
u.countByValue().pprint()
d0 = s.reduce(lambda a, b: min(a, b))
d1 = d0.map(lambda x: dict(zip(x, range(5))))
d2 = d1.countByWindow(6, 2)
d3 = d2.map(lambda x: f'{x:.3f}')
d4 = d3.map(lambda x: '{:>8}|{:<4}'.format(x, len(x)))
d5 = d4.map(lambda x: x < ''.join(c.upper() if i % 2 else c for i, c in enumerate(x)))
d5.pprint()
ssc.start()
ssc.awaitTermination()
