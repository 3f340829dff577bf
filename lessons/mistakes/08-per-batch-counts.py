# lesson: 8
# step: 1
# expect: batch 
# reduceByKey: counts of each batch, nothing carried over (and nothing to
# recover).
ssc.checkpoint("checkpoint")
lines = ssc.socketTextStream("localhost", 9999)
words = lines.flatMap(lambda l: l.split()).map(lambda w: w.lower().strip('.,;:!?"'))
watched = words.filter(lambda w: w in ["river", "mill", "town"])
totals = watched.map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)
totals.pprint()
ssc.start()
