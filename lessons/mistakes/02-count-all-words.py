# lesson: 2
# step: 2
# expect: batch 
# Forgets the filter: counts every word, not just the hashtags.
posts = ssc.socketTextStream("localhost", 9999)
posts.flatMap(lambda p: p.split()).countByValue().pprint()
ssc.start()
