# lesson: 7
# step: 2
# expect: batch 
# Never forgets: a running total per IP instead of sessions.
ssc.checkpoint("checkpoint")
logs = ssc.socketTextStream("localhost", 9999)
sessions = logs.map(lambda line: (line.split()[0], 1)).updateStateByKey(lambda new, old: (old or 0) + len(new))
sessions.pprint()
ssc.start()
