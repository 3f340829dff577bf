print({10, 3, 8}, set(), frozenset({1}), {1, 2} | {3}, {1, 2, 3} & {2, 3, 4}, {1, 2, 3} - {2}, {1, 2} ^ {2, 3})
s = set([5, 1, 9]); s.add(33); s.discard(1); print(s, len(s), 9 in s, sorted(s))
print(set(range(20, 0, -3)), {100, 7, 64, 3, 1000, 9, 17}, set([100, 7, 64, 3, 1000, 9, 17]))
a = {1, 9, 17, 25, 33}; b = a.copy(); print(a, b, a | {41, 8}, a - {9}, a.pop(), a)
t = set(range(50)); [t.discard(i) for i in range(0, 50, 3)]; t.add(200); t.add(3); print(t)
print(hash(frozenset([1, 2, 3])), hash(frozenset()), {frozenset({1}): 2})
s = {1, 2}; s |= {3}; s &= {2, 3, 4}; s -= {9}; s ^= {7}; print(s)
t = s; t.add(100); print(s is t, s, {1, 2} == {2, 1}, {1} != {1}, {(1, 2), "a"} > {"a"})
print(len({*"hello"}), {*range(3), *[5]}, {x % 5 for x in range(20)}, {k: v * 2 for k, v in [("a", 1), ("b", 2)]})
for bad in [lambda: {[1]}, lambda: set().pop(), lambda: {1}.remove(5), lambda: {1} < [1], lambda: {1} | [2]]:
    try:
        bad()
    except (TypeError, KeyError) as e:
        print(repr(e))
print(set("abc") == set("cba"), frozenset() == set(), bool(set()), bool({0}), {1, 2}.issubset([1, 2, 3]))
print({1}.union([2], (3,)), {1, 2, 3}.intersection({2, 3}, [3]), {1, 2, 3}.difference([1], {2}), {1, 2}.isdisjoint({3}))
print({1, 2} | frozenset({3}), frozenset({1}) | {2}, 5 & 3, 5 | 3, 5 ^ 3, 1 << 70, -9 >> 1, True & False, True | 0)
