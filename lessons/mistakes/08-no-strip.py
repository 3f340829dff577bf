# lesson: 8
# step: 1
# expect: batch 
# Forgets to strip punctuation: 'mill.' and 'river;' are not watched words,
# so the totals are too low.
ssc.checkpoint("checkpoint")
lines = ssc.socketTextStream("localhost", 9999)
words = lines.flatMap(lambda l: l.split()).map(lambda w: w.lower())
watched = words.filter(lambda w: w in ["river", "mill", "town"])
totals = watched.map(lambda w: (w, 1)).updateStateByKey(lambda new, old: (old or 0) + sum(new))
totals.pprint()
ssc.start()
