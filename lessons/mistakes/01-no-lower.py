# lesson: 1
# step: 3
# expect: did you lower-case the words?
# Strips punctuation but forgets lower(): 'Row' and 'row' stay apart.
lines = ssc.socketTextStream("localhost", 9999)
words = lines.flatMap(lambda line: line.split()).map(lambda w: w.strip('.,;:!?"')).filter(lambda w: w != "")
pairs = words.map(lambda word: (word, 1))
counts = pairs.reduceByKey(lambda a, b: a + b)
counts.pprint()
ssc.start()
