# lesson: 1
# step: 2
# expect: (lesson 1, step 2 "The network word count": "The classic Spark example splits with line.split(" ")
# Splitting on " " (as the classic example does) yields empty words '' for
# blank and indented lines.
lines = ssc.socketTextStream("localhost", 9999)
words = lines.flatMap(lambda line: line.split(" "))
pairs = words.map(lambda word: (word, 1))
counts = pairs.reduceByKey(lambda a, b: a + b)
counts.pprint()
ssc.start()
