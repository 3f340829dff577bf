# Every construct of the subset in one file.
import math
import os.path as p
x = 1_000 + 0x1F - 0o7 * 0b1 // 3 % 2
y = -2 ** 2, 2 ** -1, .5, 2., 1e-05
a, b = y[0], y[1:]
ok = 0 < x <= 10 and not x in [1, 2] or x is not None
label = "big" if x > 5 else "small" if x > 1 else "tiny"
words = ["a", 'b', """c""", r"\d", "caf\u00e9" "日本語"]
pairs = [(w, i) for i, w in enumerate(words) if w if i > 0]
total = sum(len(w) for w in words)
table = {"k": [v * 2 for v in range(3)], "f": lambda q=1: q} if False else {}
def f(a, b=2):
    if a:
        return a
    elif b: return b
    else:
        pass
    return (a,)
def g(): return f(1, b=3)[::-1]
if x:
	z = 1 ; w = 2
long = x + \
    1
