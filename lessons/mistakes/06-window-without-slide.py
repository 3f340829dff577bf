# lesson: 6
# step: 1
# expect: check the window and slide durations
# No slide given: the window slides every batch instead of every 2 batches.
posts = ssc.socketTextStream("localhost", 9999)
pairs = posts.flatMap(lambda p: p.split()).filter(lambda w: w.startswith("#")).map(lambda t: (t, 1))
counts = pairs.reduceByKeyAndWindow(lambda a, b: a + b, None, 4)
counts.pprint()
ssc.start()
