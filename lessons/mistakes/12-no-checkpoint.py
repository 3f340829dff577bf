# lesson: 12
# step: 3
# expect: call ssc.checkpoint("checkpoint") before ssc.start()
# A windowed count with no checkpoint directory: Spark's start() refuses it.
import json
lines = ssc.socketTextStream("localhost", 9999)
def parse(line):
    try:
        return json.loads(line)
    except ValueError:
        return None
events = lines.map(parse).filter(lambda e: e is not None)
views = events.map(lambda e: e["page"]).countByValueAndWindow(4, 2)
views.pprint()
ssc.start()
