# lesson: 6
# step: 2
# expect: batch 
# A 4-second window instead of 5: shorter than 5 slides, so Spark recomputes
# every window and the counts differ (no hashtag lingers with 0 either).
ssc.checkpoint("checkpoint")
posts = ssc.socketTextStream("localhost", 9999)
pairs = posts.flatMap(lambda p: p.split()).filter(lambda w: w.startswith("#")).map(lambda t: (t, 1))
counts = pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 4, 1)
counts.pprint()
ssc.start()
