# lesson: 7
# step: 1
# expect: the state is None the first time a key is seen
# Adds to old_state without `or 0`: a new key's state is None.
ssc.checkpoint("checkpoint")
logs = ssc.socketTextStream("localhost", 9999)
codes = logs.map(lambda line: (int(line.split()[7]), 1))
def update(new_values, old_state):
    return old_state + sum(new_values)
totals = codes.updateStateByKey(update)
totals.pprint()
ssc.start()
