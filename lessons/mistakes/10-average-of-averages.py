# lesson: 10
# step: 2
# expect: the counts are off
# Averages two values at a time: an average of averages, wrong as soon as a
# window holds more than two readings of a sensor.
lines = ssc.socketTextStream("localhost", 9999)
temps = lines.map(lambda l: (l.split(",")[0], float(l.split(",")[2]))).filter(lambda r: r[0].startswith("t"))
avgs = temps.reduceByKeyAndWindow(lambda a, b: round((a + b) / 2, 1), None, 4, 2)
avgs.pprint()
ssc.start()
