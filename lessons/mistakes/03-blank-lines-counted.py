# lesson: 3
# step: 2
# expect: batch 
# Counts every line, blank ones included.
lines = ssc.socketTextStream("localhost", 9999)
lines.count().pprint()
ssc.start()
