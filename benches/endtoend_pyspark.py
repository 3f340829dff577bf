"""The end-to-end word count on PySpark, for benches/endtoend.rs.

Usage: python3 benches/endtoend_pyspark.py FILE LINES_PER_BATCH

Feeds FILE's lines, LINES_PER_BATCH a batch, to the same word count as the
bench's wc.py through queueStream (one RDD a batch), and sums Spark's own
processingDelay of every batch with a StreamingListener: the time Spark spent
on the batches' jobs, without the JVM's start-up or the time lines wait in the
queue. One small job runs before the stream starts, so the Python workers
(reused from job to job, Spark's default) are up before the first batch, as
streamlab's interpreter is. Prints `PROCESSING_MS <total ms> <batches>` at the
end.
"""

import sys
import threading

from pyspark import SparkConf, SparkContext
from pyspark.streaming import StreamingContext
from pyspark.streaming.listener import StreamingListener


class Delays(StreamingListener):
    """Sums processingDelay over the first `expected` batches.

    queueStream reports no input to Spark's input tracker, so every batch's
    numRecords() is 0: the batches holding the file's lines are told apart by
    their order instead. With oneAtATime=True batch k takes the queue's k-th
    RDD, so the first `expected` batches are the file's; later ones are empty.
    """

    def __init__(self, expected):
        super().__init__()
        self.expected = expected
        self.total_ms = 0
        self.batches = 0
        self.done = threading.Event()

    def onBatchCompleted(self, batchCompleted):
        if self.batches >= self.expected:
            return
        delay = batchCompleted.batchInfo().processingDelay()
        if delay is not None and delay >= 0:
            self.total_ms += delay
        self.batches += 1
        if self.batches >= self.expected:
            self.done.set()


def read_lines(path):
    """Lines as `streamlab --replay` and Java's readLine cut them: `\n`,
    `\r\n` and `\r` end a line (str.splitlines would also cut at other
    characters)."""
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        text = f.read()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def main():
    path, per_batch = sys.argv[1], int(sys.argv[2])
    lines = read_lines(path)
    chunks = [lines[i:i + per_batch] for i in range(0, len(lines), per_batch)]
    conf = SparkConf().setMaster("local[2]").setAppName("WordCountEndToEnd")
    conf.set("spark.driver.memory", "2g")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    ssc = StreamingContext(sc, 1)
    rdds = [sc.parallelize(c, 2) for c in chunks]
    del lines, chunks
    # Start the Python workers before the clock that matters runs.
    sc.parallelize(range(4), 2).map(lambda x: x + 1).count()
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
