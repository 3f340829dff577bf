# lesson: 12
# step: 2
# expect: KeyError: 'ms'
# Reads e["ms"] on every record: the one without an ms field fails the batch.
import json
lines = ssc.socketTextStream("localhost", 9999)
def parse(line):
    try:
        return json.loads(line)
    except ValueError:
        return None
events = lines.map(parse).filter(lambda e: e is not None)
timed = events.map(lambda e: (e["user"], e["ms"])).reduceByKey(lambda a, b: a + b)
timed.pprint()
ssc.start()
