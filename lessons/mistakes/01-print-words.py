# lesson: 1
# step: 1
# expect: batch 
# Prints the words of each batch instead of its lines.
lines = ssc.socketTextStream("localhost", 9999)
lines.flatMap(lambda line: line.split()).pprint()
ssc.start()
