# lesson: 4
# step: 2
# expect: batch 
# join keeps only the clients that ARE on the blocklist.
blocked = sc.parallelize([("10.0.2.1", "scraper"), ("10.0.2.2", "too many logins")])
logs = ssc.socketTextStream("localhost", 9999)
hits = logs.map(lambda line: (line.split()[0], 1)).reduceByKey(lambda a, b: a + b)
allowed = hits.transform(lambda rdd: rdd.join(blocked))
allowed.pprint()
ssc.start()
