# lesson: 5
# step: 1
# expect: No output operations registered
# The window is right, but nothing prints it: Spark refuses to start.
lines = ssc.socketTextStream("localhost", 9999)
readings = lines.map(lambda l: (l.split(",")[0], float(l.split(",")[2])))
last3 = readings.window(3, 1)
ssc.start()
