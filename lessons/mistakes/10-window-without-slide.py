# lesson: 10
# step: 2
# expect: check the window and slide durations
# No slide: an average every batch instead of every 2 batches.
lines = ssc.socketTextStream("localhost", 9999)
temps = lines.map(lambda l: (l.split(",")[0], float(l.split(",")[2]))).filter(lambda r: r[0].startswith("t"))
sums = temps.mapValues(lambda v: (v, 1)).reduceByKeyAndWindow(lambda a, b: (a[0] + b[0], a[1] + b[1]), None, 4)
avgs = sums.mapValues(lambda s: round(s[0] / s[1], 1))
avgs.pprint()
ssc.start()
