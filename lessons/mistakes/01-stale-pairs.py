# lesson: 1
# step: 3
# expect: stale definitions: you retyped `words`
# A REPL session: only `words` is retyped for the cleaning step, so `pairs`
# and `counts` still count the words of the old stream.
lines = ssc.socketTextStream("localhost", 9999)
words = lines.flatMap(lambda line: line.split())
pairs = words.map(lambda word: (word, 1))
counts = pairs.reduceByKey(lambda a, b: a + b)
counts.pprint()
ssc.start()
words = lines.flatMap(lambda line: line.split()).map(lambda w: w.lower().strip('.,;:!?"')).filter(lambda w: w != "")
