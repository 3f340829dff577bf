# lesson: 2
# step: 2
# expect: batch 
# Makes (tag, 1) pairs but never adds them up.
posts = ssc.socketTextStream("localhost", 9999)
tags = posts.flatMap(lambda p: p.split()).filter(lambda w: w.startswith("#"))
tags.map(lambda t: (t, 1)).pprint()
ssc.start()
