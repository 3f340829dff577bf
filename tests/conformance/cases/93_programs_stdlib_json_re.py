# batches: 4
import json
import re
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

WORD = re.compile(r"[a-z']+", re.IGNORECASE)
STAMP = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})T(?P<hour>\d{2})")


def parse(line):
    try:
        return json.loads(line)
    except json.JSONDecodeError as e:
        return {"error": str(e), "line": line}


def words(event):
    return [w.lower() for w in WORD.findall(event.get("text", ""))]


def hour_of(event):
    m = STAMP.search(event.get("ts", ""))
    return (m.group("date"), int(m.group("hour"))) if m else None


def show(time, rdd):
    for event in sorted(rdd.collect(), key=lambda e: json.dumps(e, sort_keys=True)):
        print(json.dumps(event, sort_keys=True))
        print(json.dumps(event, indent=2, separators=(",", ": "), ensure_ascii=False))


if __name__ == "__main__":
    sc = SparkContext(appName="JsonRe")
    ssc = StreamingContext(sc, 1)
    batches = [
        ['{"user": "ann", "text": "Hello, world! It\'s sunny", "ts": "2024-05-01T09:15:00", "n": 1}',
         '{"user": "bob", "text": "caf\\u00e9 au lait", "ts": "2024-05-01T10:00:00", "n": 2.5}'],
        ['{"user": "cy", "text": "big int", "n": 123456789012345678901234567890, "tags": ["x", null, true]}',
         '{bad json}', '[1, 2,]', ''],
        ['{"user": "ann", "text": "Hello again", "ts": "no time", "n": -0.0}'],
    ]
    events = ssc.queueStream(batches).map(parse)
    events.flatMap(words).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b).pprint()
    events.map(hour_of).filter(lambda h: h is not None).pprint()
    events.map(lambda e: re.sub(r"(\w+)@?", r"<\1>", e.get("user", "?"))).pprint()
    events.map(lambda e: re.split(r"[ ,!]+", e.get("text", ""), maxsplit=2)).pprint()
    events.map(lambda e: (e.get("error"), repr(STAMP.match(e.get("ts", ""))))).pprint()
    events.foreachRDD(show)
    ssc.start()
    ssc.awaitTermination()
