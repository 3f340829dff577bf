# batches: 4
import sys
from pyspark import SparkContext
from pyspark.streaming import StreamingContext


def parse(line):
    try:
        name, value = line.split(",")
        return (name.strip(), int(value))
    except ValueError:
        return ("bad", 1)


def dedupe(records):
    seen = {}
    out = []
    for r in records:
        if r in seen:
            continue
        seen[r] = True
        out.append(r)
    return out


def clamp(n, lo=0, hi=10):
    while n > hi:
        n -= hi
    assert n >= lo, "negative"
    return n


if __name__ == "__main__":
    sc = SparkContext(appName="PythonStatements")
    ssc = StreamingContext(sc, 1)
    queue = []
    for i in range(3):
        batch = []
        for j in range(i + 2):
            batch.append("k%d, %d" % (j % 2, (i + 1) * (j + 7)))
        batch += ["oops", "k1,x"]
        queue += [batch]
    rows = ssc.queueStream(queue).map(parse)
    rows.mapValues(clamp).reduceByKey(lambda a, b: a + b).pprint()
    rows.map(lambda kv: kv[0]).mapPartitions(dedupe).pprint()
    counts = {}
    total = 0
    for name in ["a", "b", "a"]:
        counts[name] = counts.get(name, 0) + 1
        total += 1
    rows.filter(lambda kv: counts.get(kv[0][0], 0) < total).count().pprint()
    ssc.start()
    ssc.awaitTermination()
