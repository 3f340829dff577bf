# lesson: 7
# step: 2
# expect: keys with a zero count are still there
# Returns 0 instead of None: the key is kept, with a 0, forever.
ssc.checkpoint("checkpoint")
logs = ssc.socketTextStream("localhost", 9999)
def session(new_values, old_state):
    return 0 if not new_values else (old_state or 0) + len(new_values)
sessions = logs.map(lambda line: (line.split()[0], 1)).updateStateByKey(session)
sessions.pprint()
ssc.start()
