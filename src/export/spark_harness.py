# streamlab's harness for running exported programs on PySpark
# (`streamlab run PROGRAM.py --engine spark`). streamlab writes it as
# streamlab_harness.py next to the exported program and starts it as
# `spark-submit streamlab_harness.py CONFIG.json` or
# `python streamlab_harness.py CONFIG.json`.
#
# It runs each program of the configuration unchanged, as its own streaming
# program, and reports what every output operation produced in every batch:
# one line on stdout per (output operation, batch), the tag followed by JSON.
# streamlab prints those lines the way its own engine prints batches, so the
# same program can be compared on both engines.
#
# What the harness adds, and only that:
# - pprint(num) reports its records instead of printing them (streamlab prints
#   the same block); foreachRDD and saveAsTextFiles run the program's own
#   function, then report the batch's records.
# - With a batch count, awaitTermination returns once that many batches have
#   run (with Spark's ManualClock, the harness moves the clock one batch
#   interval at a time instead of waiting for it).
# - After the program, its StreamingContext is stopped (and, with one program,
#   its SparkContext).
# - Structured Streaming: with report_queries, a console sink becomes a
#   foreachBatch that reports each micro-batch's rows (every cell cast to a
#   string, as the console shows it); with a batch count, awaiting a query
#   returns once every query has run that many micro-batches, and the queries
#   stop.
# - The program's sys.argv is its file and the arguments given for it.
# - With several programs, they share one SparkContext (a program's
#   SparkContext(...) is the running one, and starts with no checkpoint
#   directory, as a fresh one would), each runs in its own directory (a
#   relative ssc.checkpoint directory is taken from there), and a failing
#   program is reported and the next one runs.
#
# Run as a script, the file imports itself as the module streamlab_harness and
# runs main() from there: Spark pickles output functions into its checkpoints,
# and the harness's classes pickle by reference only from an importable module.
if __name__ == "__main__":
    import os.path
    import sys

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import streamlab_harness

    sys.exit(streamlab_harness.main())

import json
import os
import sys
import threading
import time
import traceback

import pyspark
from pyspark.sql.streaming import DataStreamWriter, StreamingQuery, StreamingQueryManager
from pyspark.streaming import DStream, StreamingContext
from pyspark.streaming.listener import StreamingListener
from pyspark.streaming.util import TransformFunction

# Set by main() from the configuration file.
TAG = ""
SHARED = False
TIMEOUT = None
REPORT_QUERIES = False

_send_lock = threading.Lock()
# The run of every program so far, by program index.
_RUNS = []


def _send(message):
    line = TAG + json.dumps(message) + "\n"
    with _send_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


class _TaggedStderr:
    """The program's sys.stderr. Under spark-submit the driver's stdout and
    stderr reach streamlab through one pipe, so what the program (or a
    warning, or a traceback) writes to stderr travels as tagged lines, and
    streamlab puts it back on its own stderr."""

    def __init__(self):
        self._pending = ""

    def write(self, text):
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            _send({"stderr": line + "\n"})
        return len(text)

    def flush(self):
        if self._pending:
            _send({"stderr": self._pending})
            self._pending = ""

    def isatty(self):
        return False


class _BatchListener(StreamingListener):
    def __init__(self, run):
        super().__init__()
        self.run = run

    def onBatchCompleted(self, batchCompleted):
        self.run.completed_batch(batchCompleted.batchInfo().batchTime().milliseconds())


class _Run:
    """One program's run: its output operations, its context, its finished batches."""

    def __init__(self, index, batches):
        self.index = index
        self.batches = batches
        self.slides = []
        self.ssc = None
        self.ran = False
        self.zero = None
        self.interval = None
        self.completed = set()
        self.changed = threading.Condition()

    def add_output(self):
        self.slides.append(None)
        return len(self.slides) - 1

    def timing(self):
        if self.zero is None:
            graph = self.ssc._jssc.ssc().graph()
            self.interval = graph.batchDuration().milliseconds()
            self.zero = graph.zeroTime().milliseconds()
        return self.zero, self.interval

    def completed_batch(self, ms):
        with self.changed:
            self.completed.add(ms)
            self.changed.notify_all()

    def report(self, output, time_value, rdd, num):
        zero, interval = self.timing()
        ms = round(time_value.timestamp() * 1000)
        # Batch i runs at zero time + (i + 1) intervals.
        batch = (ms - zero) // interval - 1
        if self.batches is not None and batch >= self.batches:
            return
        records = rdd.collect()
        message = {
            "program": self.index,
            "batch": batch,
            "output": output,
            "time": ms,
            "records": [repr(r) for r in records],
        }
        if num is not None:
            message["pprint"] = num
            message["shown"] = [str(r) for r in records[:num]]
            message["more"] = len(records) > num
        _send(message)

    def wait(self, ready, what, deadline):
        while not ready():
            with self.changed:
                self.changed.wait(0.02)
            # Raises the error of a failed job, as awaitTermination does.
            if _await_or_timeout(self.ssc, 0):
                raise RuntimeError("the streaming context stopped before " + what)
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError("%s did not happen within %s s" % (what, TIMEOUT))

    def run_batches(self):
        """Run this program's batches; returns when the last one has finished."""
        self.ran = True
        zero, interval = self.timing()
        clock = self.ssc._jssc.ssc().scheduler().clock()
        manual = clock.getClass().getSimpleName() == "ManualClock"
        deadline = None if TIMEOUT is None else time.monotonic() + TIMEOUT
        for i in range(self.batches):
            due = zero + (i + 1) * interval
            if manual:
                clock.setTime(due)
            # A batch in which no output operation's stream produces an RDD
            # has no jobs, and Spark reports no completion for it.
            if any(s and (due - zero) % s == 0 for s in self.slides):
                self.wait(lambda: due in self.completed, "batch %d finished" % i, deadline)
            else:
                self.wait(lambda: clock.getTimeMillis() >= due, "batch %d was due" % i, deadline)

    def stop(self):
        if self.ssc is not None:
            self.ssc.stop(stopSparkContext=False, stopGraceFully=False)


class _Output:
    """What an output operation runs every batch: the program's own function
    (foreachRDD), then a report of the batch's records. Plain data, so that
    Spark can pickle it into checkpoints like the program's own function."""

    def __init__(self, program, output, func, num):
        self.program = program
        self.output = output
        self.func = func
        # PySpark's own rule for func(rdd) versus func(time, rdd).
        self.with_time = func is None or func.__code__.co_argcount != 1
        self.num = num

    def __call__(self, t, rdd):
        if self.func is not None:
            if self.with_time:
                self.func(t, rdd)
            else:
                self.func(rdd)
        _RUNS[self.program].report(self.output, t, rdd, self.num)


_start = StreamingContext.start
_await = StreamingContext.awaitTermination
_await_or_timeout = StreamingContext.awaitTerminationOrTimeout
_checkpoint = StreamingContext.checkpoint


def _register(dstream, func, num):
    run = _RUNS[-1]
    output = run.add_output()
    # What DStream.foreachRDD does with a func(time, rdd).
    jfunc = TransformFunction(dstream._sc, _Output(run.index, output, func, num), dstream._jrdd_deserializer)
    dstream._ssc._jvm.PythonDStream.callForeachRDD(dstream._jdstream, jfunc)
    run.slides[output] = dstream._jdstream.dstream().slideDuration().milliseconds()


def foreachRDD(self, func):
    _register(self, func, None)


def pprint(self, num=10):
    _register(self, None, num)


def start(self):
    run = _RUNS[-1]
    if run.ssc is None:
        run.ssc = self
        self.addStreamingListener(_BatchListener(run))
    _start(self)


def awaitTermination(self, timeout=None):
    run = _RUNS[-1]
    if run.batches is None or self is not run.ssc:
        return _await(self, timeout)
    if not run.ran:
        run.run_batches()


def awaitTerminationOrTimeout(self, timeout):
    run = _RUNS[-1]
    if run.batches is None or self is not run.ssc:
        return _await_or_timeout(self, timeout)
    if not run.ran:
        run.run_batches()
    return _await_or_timeout(self, 0)


def checkpoint(self, directory):
    # Programs sharing one Spark process each run in their own directory: a
    # relative local directory is taken from there, as it would be if the
    # program ran on its own.
    if SHARED and isinstance(directory, str) and "://" not in directory and not os.path.isabs(directory):
        directory = os.path.abspath(directory)
    return _checkpoint(self, directory)


# Structured Streaming: the queries the program started, in start() order.
_QUERIES = []
_writer_format = DataStreamWriter.format
_writer_name = DataStreamWriter.queryName
_writer_start = DataStreamWriter.start
_query_await = StreamingQuery.awaitTermination
_manager_await = StreamingQueryManager.awaitAnyTermination


def writer_format(self, source):
    self._streamlab_format = source
    return _writer_format(self, source)


def writer_name(self, queryName):
    self._streamlab_name = queryName
    return _writer_name(self, queryName)


class _QueryReport:
    """A console sink's micro-batches, reported instead of printed: what
    streamlab's --format jsonl prints for a query."""

    def __init__(self, query, name):
        self.query = query
        self.name = name

    def __call__(self, df, batch_id):
        count = _RUNS[-1].batches
        if count is not None and batch_id >= count:
            return
        columns = df.columns
        cast = ["CAST(`%s` AS STRING)" % c.replace("`", "``") for c in columns]
        rows = [list(r) for r in df.selectExpr(*cast).collect()]
        _send({"query": self.query, "batch": batch_id, "name": self.name, "columns": columns, "rows": rows})


def writer_start(self, path=None, format=None, outputMode=None, partitionBy=None, queryName=None, **options):
    sink = format or getattr(self, "_streamlab_format", None)
    name = queryName or getattr(self, "_streamlab_name", None)
    if REPORT_QUERIES and sink == "console":
        self.foreachBatch(_QueryReport(len(_QUERIES), name))
        format = None
    query = _writer_start(
        self, path=path, format=format, outputMode=outputMode, partitionBy=partitionBy, queryName=queryName, **options
    )
    _QUERIES.append(query)
    return query


def _await_query_batches():
    """With a batch count: wait until every query has run that many
    micro-batches (or stopped), then stop them all."""
    count = _RUNS[-1].batches
    deadline = None if TIMEOUT is None else time.monotonic() + TIMEOUT
    while True:
        for q in _QUERIES:
            error = q.exception()
            if error is not None:
                raise error
        progress = [q.lastProgress for q in _QUERIES if q.isActive]
        if all(p is not None and p["batchId"] >= count - 1 for p in progress):
            break
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError("%d micro-batches did not run within %s s" % (count, TIMEOUT))
        time.sleep(0.1)
    _stop_queries()


def _stop_queries():
    for q in _QUERIES:
        if q.isActive:
            q.stop()


def query_await(self, timeout=None):
    if _RUNS[-1].batches is None:
        return _query_await(self, timeout)
    _await_query_batches()
    return True if timeout is not None else None


def manager_await(self, timeout=None):
    if _RUNS[-1].batches is None:
        return _manager_await(self, timeout)
    _await_query_batches()
    return True if timeout is not None else None


_SparkContext = pyspark.SparkContext


class _SharedSparkContext(_SparkContext):
    """SparkContext(...) in a program: the running context, if there is one."""

    def __new__(cls, *args, **kwargs):
        return _SparkContext._active_spark_context or _SparkContext(*args, **kwargs)


def _describe(error):
    java = getattr(error, "java_exception", None)
    if java is not None:
        kind = java.getClass().getSimpleName()
        message = java.getMessage() or ""
    else:
        kind = type(error).__name__
        message = str(error)
    return {"type": kind, "message": message}


def _forget_checkpoint_directory():
    # ssc.checkpoint(dir) sets the SparkContext's checkpoint directory; the
    # next program on a shared context starts without one, as on a fresh one.
    active = _SparkContext._active_spark_context
    if active is not None:
        jsc = active._jsc.sc()
        getattr(jsc, "checkpointDir_$eq")(active._jvm.scala.Option.empty())


def _run_program(index, spec):
    _RUNS.append(_Run(index, spec.get("batches")))
    path = spec["file"]
    with open(path, encoding="utf-8") as program_file:
        code = compile(program_file.read(), path, "exec")
    scope = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    argv = sys.argv
    sys.argv = [path] + [str(a) for a in spec.get("args") or []]
    try:
        exec(code, scope)
    finally:
        sys.argv = argv
        _RUNS[-1].stop()
        _stop_queries()
        del _QUERIES[:]


def _stop_spark():
    active = _SparkContext._active_spark_context
    if active is not None:
        active.stop()


def main():
    global TAG, SHARED, TIMEOUT, REPORT_QUERIES
    with open(sys.argv[1], encoding="utf-8") as config_file:
        config = json.load(config_file)
    TAG = config["tag"]
    SHARED = bool(config.get("shared_context"))
    TIMEOUT = config.get("timeout_seconds")
    REPORT_QUERIES = bool(config.get("report_queries"))
    programs = config["programs"]
    sys.stderr = _TaggedStderr()

    DStream.foreachRDD = foreachRDD
    DStream.pprint = pprint
    StreamingContext.start = start
    StreamingContext.awaitTermination = awaitTermination
    StreamingContext.awaitTerminationOrTimeout = awaitTerminationOrTimeout
    StreamingContext.checkpoint = checkpoint
    DataStreamWriter.format = writer_format
    DataStreamWriter.queryName = writer_name
    DataStreamWriter.start = writer_start
    StreamingQuery.awaitTermination = query_await
    StreamingQueryManager.awaitAnyTermination = manager_await

    if not SHARED:
        try:
            _run_program(0, programs[0])
        finally:
            _stop_spark()
        return 0

    pyspark.SparkContext = _SharedSparkContext
    home = os.getcwd()
    for index, spec in enumerate(programs):
        os.chdir(spec.get("cwd") or home)
        began = time.monotonic()
        try:
            _run_program(index, spec)
            error = None
        except Exception as e:
            traceback.print_exc()
            error = _describe(e)
        finally:
            os.chdir(home)
            _forget_checkpoint_directory()
        seconds = round(time.monotonic() - began, 2)
        _send({"program": index, "end": True, "error": error, "seconds": seconds})
    _stop_spark()
    return 0
