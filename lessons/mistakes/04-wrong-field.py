# lesson: 4
# step: 1
# expect: batch 
# Counts by path (field 5) instead of by client IP.
logs = ssc.socketTextStream("localhost", 9999)
hits = logs.map(lambda line: (line.split()[5], 1)).reduceByKey(lambda a, b: a + b)
hits.pprint()
ssc.start()
