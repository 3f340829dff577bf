# lesson: 12
# step: 1
# expect: your stream has 1 too many: None
# Catches the error but never drops the None that a bad line becomes.
import json
lines = ssc.socketTextStream("localhost", 9999)
def parse(line):
    try:
        return json.loads(line)
    except ValueError:
        return None
events = lines.map(parse)
events.pprint()
ssc.start()
