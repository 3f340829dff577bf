# lesson: 7
# step: 1
# expect: the counts are off
# Adds 1 per batch instead of the number of new values (and keeps adding
# for keys with no new values).
ssc.checkpoint("checkpoint")
logs = ssc.socketTextStream("localhost", 9999)
codes = logs.map(lambda line: (int(line.split()[7]), 1))
totals = codes.updateStateByKey(lambda new, old: (old or 0) + 1)
totals.pprint()
ssc.start()
