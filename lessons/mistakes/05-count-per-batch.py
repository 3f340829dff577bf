# lesson: 5
# step: 3
# expect: batch 
# Counts each batch, then windows the counts: a list of per-batch numbers,
# not one number per window.
ssc.checkpoint("checkpoint")
lines = ssc.socketTextStream("localhost", 9999)
lines.count().window(4, 2).pprint()
ssc.start()
