# lesson: 5
# step: 2
# expect: check the window and slide durations
# window(4) slides every batch (window(4, 1)), not every 2 batches.
lines = ssc.socketTextStream("localhost", 9999)
readings = lines.map(lambda l: (l.split(",")[0], float(l.split(",")[2])))
last4 = readings.window(4)
last4.pprint()
ssc.start()
