seed = 7
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
for trial in range(200):
    s = set()
    for k in range(rnd(60) + 1):
        r = rnd(100)
        v = rnd(340) - 40
        if r < 60: s.add(v)
        elif r < 80: s.discard(v)
        elif r < 85 and s: s.pop()
        elif r < 90: s = s | {v, v + 64}
        elif r < 95: s = s - {v}
        else: s = s ^ {v, 128}
    print(s, set(list(s)), s & {1, 2, 3, 64, 128}, {x * 7 for x in s}, hash(frozenset(s)))
