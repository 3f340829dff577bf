# lesson: 6
# step: 2
# expect: The checkpoint directory has not been set
# The right counts, but an inverse reduce keeps state: on Spark ssc.start()
# fails without a checkpoint directory.
posts = ssc.socketTextStream("localhost", 9999)
pairs = posts.flatMap(lambda p: p.split()).filter(lambda w: w.startswith("#")).map(lambda t: (t, 1))
counts = pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 5, 1)
counts.pprint()
ssc.start()
