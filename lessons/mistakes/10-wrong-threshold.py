# lesson: 10
# step: 3
# expect: expected ('t2', 31.8), your stream has nothing
# Uses the faulty-reading level (50) on window averages: no average gets there.
lines = ssc.socketTextStream("localhost", 9999)
temps = lines.map(lambda l: (l.split(",")[0], float(l.split(",")[2]))).filter(lambda r: r[0].startswith("t"))
sums = temps.mapValues(lambda v: (v, 1)).reduceByKeyAndWindow(lambda a, b: (a[0] + b[0], a[1] + b[1]), None, 4, 2)
avgs = sums.mapValues(lambda s: round(s[0] / s[1], 1))
alerts = avgs.filter(lambda kv: kv[1] > 50)
avgs.pprint()
alerts.pprint()
ssc.start()
