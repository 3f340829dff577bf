# lesson: 10
# step: 1
# expect: the values are strings, not numbers
# Forgets float(): the values stay strings such as '18.7'.
lines = ssc.socketTextStream("localhost", 9999)
temps = lines.map(lambda l: (l.split(",")[0], l.split(",")[2])).filter(lambda r: r[0].startswith("t"))
temps.pprint()
ssc.start()
