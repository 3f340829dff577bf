# lesson: 5
# step: 3
# expect: check the window and slide durations
# countByWindow(4, 1): a count every batch instead of every 2 batches.
ssc.checkpoint("checkpoint")
lines = ssc.socketTextStream("localhost", 9999)
lines.countByWindow(4, 1).pprint()
ssc.start()
