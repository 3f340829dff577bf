# lesson: 6
# step: 2
# expect: a count went negative
# The inverse function the wrong way round: what left minus the window.
ssc.checkpoint("checkpoint")
posts = ssc.socketTextStream("localhost", 9999)
pairs = posts.flatMap(lambda p: p.split()).filter(lambda w: w.startswith("#")).map(lambda t: (t, 1))
counts = pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: b - a, 5, 1)
counts.pprint()
ssc.start()
