# lesson: 7
# step: 1
# expect: batch 
# reduceByKey counts each batch on its own: no running total.
ssc.checkpoint("checkpoint")
logs = ssc.socketTextStream("localhost", 9999)
codes = logs.map(lambda line: (int(line.split()[7]), 1))
totals = codes.reduceByKey(lambda a, b: a + b)
totals.pprint()
ssc.start()
