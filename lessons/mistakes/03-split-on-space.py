# lesson: 3
# step: 3
# expect: empty words: split(" ") gives an empty word
# split(" ") also counts the empty strings of blank lines.
lines = ssc.socketTextStream("localhost", 9999)
lines.flatMap(lambda l: l.split(" ")).count().pprint()
ssc.start()
