# lesson: 9
# step: 1
# expect: batch 
# countByValue counts each distinct line, not the records of the batch.
lines = ssc.socketTextStream("localhost", 9999)
lines.countByValue().pprint()
ssc.start()
