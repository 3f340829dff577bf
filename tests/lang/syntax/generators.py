def gen():
    yield 1
    return
    yield 2
g = gen()
print(next(g), next(g, "end"), list(gen()), [x for x in gen()])
def evens(xs):
    for x in xs:
        if x % 2 == 0:
            yield x
    yield from "ab"
print(list(evens(range(10))), sorted(evens([8, 2, 6]), key=str), len(list(evens([]))))
ge = (x * x for x in range(4))
print(next(ge), list(ge), list(ge), sum(x for x in range(5)), max((len(w) for w in ["a", "abc"]), default=0))
it = iter("ab"); print(next(it), list(it), next(iter([]), "empty"))
try:
    next(iter([]))
except StopIteration:
    print("StopIteration")
print(tuple(x for x in "hi"), set(x % 3 for x in range(9)), any(x > 3 for x in range(5)))
