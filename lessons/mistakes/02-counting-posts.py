# lesson: 2
# step: 3
# expect: the counts are off
# Counts posts per author (1 per post) instead of hashtags.
posts = ssc.socketTextStream("localhost", 9999)
posts.map(lambda p: (p.split()[0], 1)).reduceByKey(lambda a, b: a + b).pprint()
ssc.start()
