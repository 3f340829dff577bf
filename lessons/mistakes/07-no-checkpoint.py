# lesson: 7
# step: 1
# expect: updateStateByKey carries state
# updateStateByKey without ssc.checkpoint(...): Spark refuses to start.
logs = ssc.socketTextStream("localhost", 9999)
codes = logs.map(lambda line: (int(line.split()[7]), 1))
def update(new_values, old_state):
    return (old_state or 0) + sum(new_values)
totals = codes.updateStateByKey(update)
totals.pprint()
ssc.start()
