"""The end-to-end word count on PySpark, for benches/endtoend.rs.

Usage: python3 benches/endtoend_pyspark.py FILE LINES_PER_BATCH

Feeds FILE's lines, LINES_PER_BATCH a batch, to the same word count as the
bench's wc.py through queueStream (one RDD a batch), and sums Spark's own
processingDelay of every batch with a StreamingListener: the time Spark spent
on the batches' jobs, without the JVM's start-up or the time lines wait in the
queue. Prints `PROCESSING_MS <total ms> <batches>` at the end.
"""

import sys
import threading

from pyspark import SparkConf, SparkContext
from pyspark.streaming import StreamingContext
from pyspark.streaming.listener import StreamingListener


class Delays(StreamingListener):
    def __init__(self, expected):
        super().__init__()
        self.expected = expected
        self.total_ms = 0
        self.batches = 0
        self.done = threading.Event()

    def onBatchCompleted(self, batchCompleted):
        info = batchCompleted.batchInfo()
        if info.numRecords() == 0:
            return
        delay = info.processingDelay()
        if delay is not None and delay >= 0:
            self.total_ms += delay
        self.batches += 1
        if self.batches >= self.expected:
            self.done.set()


def main():
    path, per_batch = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    chunks = [lines[i:i + per_batch] for i in range(0, len(lines), per_batch)]
    conf = SparkConf().setMaster("local[2]").setAppName("WordCountEndToEnd")
    conf.set("spark.driver.memory", "2g")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    ssc = StreamingContext(sc, 1)
    rdds = [sc.parallelize(c, 2) for c in chunks]
    listener = Delays(len(rdds))
    ssc.addStreamingListener(listener)
    counts = (ssc.queueStream(rdds, oneAtATime=True)
              .flatMap(lambda line: line.split(" "))
              .map(lambda word: (word, 1))
              .reduceByKey(lambda a, b: a + b))
    counts.pprint()
    ssc.start()
    # Generous: each batch is given a minute on a loaded machine.
    finished = listener.done.wait(timeout=60 * max(1, len(rdds)) + 60)
    ssc.stop(stopSparkContext=True, stopGraceFully=False)
    if not finished:
        print("only %d of %d batches completed" % (listener.batches, len(rdds)),
              file=sys.stderr)
        sys.exit(1)
    print("PROCESSING_MS %d %d" % (listener.total_ms, listener.batches))


if __name__ == "__main__":
    main()
