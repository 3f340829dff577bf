a, *b, c = range(5); print(a, b, c)
*init, last = "xyz"; print(init, last)
for head, *tail in [(1, 2, 3), (4,)]:
    print(head, tail)
try:
    a, *b, c = [1]
except ValueError as e:
    print(e)
def f(a, b=2, *args, c, d=4, **kw): return a, b, args, c, d, kw
print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6), f(*(1,), **{"c": 0}))
for bad in [lambda: f(), lambda: f(1), lambda: f(1, c=1, a=1), lambda: f(1, **{"c": 1, "b": 2}, b=3)]:
    try:
        bad()
    except TypeError as e:
        print(e)
def g(a, b): return a
for bad in [lambda: g(1, 2, 3), lambda: g(), lambda: g(1, 2, b=3), lambda: g(*5), lambda: g(**[1]), lambda: g(1, x=2)]:
    try:
        bad()
    except TypeError as e:
        print(e)
def h(a, b=1): pass
try:
    h(1, 2, 3)
except TypeError as e:
    print(e)
print((lambda *a, **k: (a, k))(1, z=2), (lambda a, *, b: a + b)(1, b=2))
print([*range(3), *"ab"], (*"ab",), {**{"a": 1}, **{"a": 2, "b": 3}}, dict(zip(*[["a", "b"], [1, 2]])))
def outer():
    x = 1
    def mid():
        def inner():
            nonlocal x
            x += 10
            return x
        return inner()
    y = mid()
    return x, y
print(outer())
def make():
    fns = []
    total = 0
    for i in range(3):
        def add(v=i):
            nonlocal total
            total += v
            return total
        fns.append(add)
    return fns, lambda: total
fns, get = make()
print([f() for f in fns], get())
