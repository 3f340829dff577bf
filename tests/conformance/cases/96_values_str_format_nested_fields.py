# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "ValuesStrFormatNestedFields")
ssc = StreamingContext(sc, 1)
xs = ssc.queueStream([[0, -7, 255, 10**20], [2.5, -0.0, 1e-07, 123.456, 1e22]])
xs.map(lambda x: ("{:>{w}}|".format(x, w=12), "{:{}{}}|{}".format(x, "^", 14, "end"), "{0:{1}}|".format(x, 9))).pprint()
xs.map(lambda x: ("{0[0]}|{0[1]}".format([x, -x]), "{d[k]}/{d[n]}".format(d={"k": x, "n": "ΣΑΣ"}), "{!a}".format(str(x) + "é€𝄞"))).pprint()
ssc.start()
ssc.awaitTermination()
