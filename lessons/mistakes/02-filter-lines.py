# lesson: 2
# step: 1
# expect: your stream produced nothing
# Forgets flatMap: filters whole posts that start with '#'. Every post starts
# with its author's handle, so nothing is left.
posts = ssc.socketTextStream("localhost", 9999)
tags = posts.filter(lambda p: p.startswith("#"))
tags.pprint()
ssc.start()
