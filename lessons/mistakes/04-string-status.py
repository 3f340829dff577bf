# lesson: 4
# step: 3
# expect: your stream produced nothing
# The status stays a string: "200" never equals 200, so the join finds nothing.
names = sc.parallelize([(200, "OK"), (301, "Moved Permanently"), (304, "Not Modified"), (403, "Forbidden"), (404, "Not Found"), (500, "Internal Server Error")])
logs = ssc.socketTextStream("localhost", 9999)
codes = logs.map(lambda line: (line.split()[7], 1)).reduceByKey(lambda a, b: a + b)
named = codes.transform(lambda rdd: rdd.join(names))
named.pprint()
ssc.start()
