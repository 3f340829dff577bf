# lesson: 1
# step: 1
# expect: never starts the context
# Prints the stream but never starts the context: on Spark nothing runs.
lines = ssc.socketTextStream("localhost", 9999)
lines.pprint()
