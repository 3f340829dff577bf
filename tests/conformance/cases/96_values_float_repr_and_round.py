# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "ValuesFloatReprAndRound")
ssc = StreamingContext(sc, 1)
xs = ssc.queueStream([[4e15, -6.16511792009401e+21, 1.7014821481072694e+17, 2.675, 0.1, 1e22], [5e-324, 123456789.125, -0.5, 25.0, 35.0, 1e16 / 3]])
xs.map(lambda x: (x, x / 3, x * 1.1, x / 7, x + 0.25)).pprint()
xs.map(lambda x: (round(x, -1), round(x, -2), round(x, 2), round(x, -22), round(x, 400), round(x, -400))).pprint()
xs.map(lambda x: (str(round(x / 3, 1)), str(round(x, -15)), round(x * 1e6) if abs(x) < 1e300 else None)).pprint()
ssc.start()
ssc.awaitTermination()
