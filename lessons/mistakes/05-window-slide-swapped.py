# lesson: 5
# step: 2
# expect: check the window and slide durations
# Window and slide swapped: window(2, 4) emits every 4 batches.
lines = ssc.socketTextStream("localhost", 9999)
readings = lines.map(lambda l: (l.split(",")[0], float(l.split(",")[2])))
last4 = readings.window(2, 4)
last4.pprint()
ssc.start()
