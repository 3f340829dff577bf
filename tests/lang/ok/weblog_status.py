# batches: 7
from pyspark import SparkContext
from pyspark.streaming import StreamingContext
from typing import Iterable, Optional

sc = SparkContext("local[2]", "ProgramsWeblogStatus")
ssc = StreamingContext(sc, 1)

def parse(line):
    parts = line.split()
    if len(parts) != 9 or not parts[7].isdigit():
        return None
    size = int(parts[8]) if parts[8].isdigit() else 0
    return (parts[4][1:], parts[5], int(parts[7]), size)

def updateFunc(new_values: Iterable[int], last_sum: Optional[int]) -> int: return sum(new_values) + (last_sum or 0)

logs = ssc.queueStream([
    ['10.0.0.1 - - [01/Jan/2024:10:00:01] "GET /index.html HTTP/1.1" 200 512',
     'garbage line'],
    [],
    ['10.0.0.2 - - [01/Jan/2024:10:00:09] "GET /index.html HTTP/1.1" 304 -']])
records = logs.map(parse).filter(lambda r: r is not None)
records.map(lambda r: ("server" if r[2] >= 500 else ("client" if r[2] >= 400 else "ok"), 1)).reduceByKeyAndWindow(lambda a, b: a + b, None, 3, 1).pprint()
s = ssc.queueStream([["it's", 'say "hi"', "both ' and \"", "tab\there", "line\nbreak", "back\\slash"], ["café", "日本語", "", " "], []])
consts = ssc.queueStream([[1]]).flatMap(lambda one: [0.1 + 0.2, 1e16, 1e22, 2 ** 0.5, 1e300 * 1e10, -1e300 * 1e10, float("inf"), 1e-7, 0.5e-3, 100.0, 3.0 * 1.1, 2.0 ** 70])
s.map(lambda w: (w[1:], w[:-1], w[-2:], w[::-1], w[1:100], w[5:2])).pprint()
s.map(lambda xs: sorted(xs, key=lambda p: (-p[1], p[0]), reverse=True)).pprint()
s.map(lambda c: {"code": c, "ok": c < 400}.get("ok")).pprint()
ssc.start()
ssc.awaitTermination()
