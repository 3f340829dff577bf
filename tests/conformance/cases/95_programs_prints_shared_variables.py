# batches: 5
import sys
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

WATCH = {"spark": 2, "data": 1}


def main():
    sc = SparkContext(appName="PrintsAndSharedVariables")
    ssc = StreamingContext(sc, 1)
    print("watching:", ", ".join(sorted(WATCH)))
    watch = sc.broadcast(WATCH)
    seen = sc.accumulator(0)
    chars = sc.accumulator(0)
    batches = [["spark streams data", "data flows"], ["stream of data"], [], ["spark spark"]]
    words = ssc.queueStream(batches).flatMap(lambda l: l.split())
    words.filter(lambda w: w in watch.value).countByValue().pprint()

    def count_chars(w):
        chars.add(len(w))

    def report(rdd):
        rdd.foreach(lambda w: seen.add(1))
        rdd.foreach(count_chars)
        n = rdd.count()
        if n == 0:
            print("an empty batch; still", seen.value, "words in all")
            return
        print("%d words, %d so far, %d characters" % (n, seen.value, chars.value), file=sys.stdout)
        pairs = rdd.map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)
        print("top:", pairs.sortBy(lambda kv: (-kv[1], kv[0])).take(2), sep=" ", end="!\n")

    words.foreachRDD(report)
    words.map(lambda w: watch.value.get(w, 0)).reduce(lambda a, b: a + b).pprint()
    ssc.start()
    ssc.awaitTermination()


if __name__ == "__main__":
    main()
