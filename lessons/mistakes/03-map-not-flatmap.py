# lesson: 3
# step: 3
# expect: batch 
# map instead of flatMap: one list per line, so this counts lines, not words.
lines = ssc.socketTextStream("localhost", 9999)
lines.map(lambda l: l.split()).count().pprint()
ssc.start()
