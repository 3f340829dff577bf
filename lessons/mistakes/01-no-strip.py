# lesson: 1
# step: 3
# expect: did you strip punctuation?
# Lower-cases but keeps the punctuation: 'row,' and 'river.' are counted.
lines = ssc.socketTextStream("localhost", 9999)
words = lines.flatMap(lambda line: line.split()).map(lambda w: w.lower())
pairs = words.map(lambda word: (word, 1))
counts = pairs.reduceByKey(lambda a, b: a + b)
counts.pprint()
ssc.start()
