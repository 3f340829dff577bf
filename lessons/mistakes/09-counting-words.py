# lesson: 9
# step: 1
# expect: batch 
# Counts words instead of records (lines).
lines = ssc.socketTextStream("localhost", 9999)
lines.flatMap(lambda l: l.split()).count().pprint()
ssc.start()
