# lesson: 6
# step: 3
# expect: different order
# Sorted by ascending count: the right records, in the wrong order.
ssc.checkpoint("checkpoint")
posts = ssc.socketTextStream("localhost", 9999)
pairs = posts.flatMap(lambda p: p.split()).filter(lambda w: w.startswith("#")).map(lambda t: (t, 1))
counts = pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 5, 1, filterFunc=lambda kv: kv[1] > 0)
top = counts.transform(lambda rdd: rdd.sortBy(lambda kv: (kv[1], kv[0])))
top.pprint(3)
ssc.start()
