import json, re, math, itertools, functools, operator, string
from itertools import chain
print(json.loads('{"a": [1, 2.5, null, true], "b": "\\u00e9"}'))
print(json.dumps({"b": 1, "a": [1, 2.0, None]}, sort_keys=True, indent=2))
try:
    json.loads("{bad")
except json.JSONDecodeError as e:
    print("err", e)
except ValueError as e:
    print("VE", e)
m = re.search(r"(?P<w>\w+)@(\w+)\.com", "mail bob@ex.com now")
print(m, m.group("w"), m.groups(), m.span(), m.groupdict())
print(re.findall(r"\d+", "a1 b22 c333"), re.sub(r"(\d)", r"<\1>", "a1b2"), re.split(r"\W+", "a, b  c"))
print(re.compile("ab", re.I).match("ABc"))
print(math.floor(2.5), math.sqrt(16), math.log(8, 2), math.pi, math.factorial(20))
print(list(chain([1], [2, 3])), list(itertools.islice(itertools.count(5), 3)))
print(functools.reduce(operator.add, [1, 2, 3]), sorted([(1, 'b'), (0, 'a')], key=operator.itemgetter(1)))
print(list(itertools.permutations([1, 2, 3], 2)))
print([(k, list(g)) for k, g in itertools.groupby("aabbbc")])
print(string.ascii_lowercase)
print(json.dumps({"é": [1.5, float("inf"), None, True], 2: "x\n\"y\""}), json.dumps([], indent=4), json.dumps(["a"], separators=(",", ":")))
print(json.loads('"\\ud83d\\ude00"'), json.loads("12345678901234567890123"), json.loads("-1.5e3"), json.loads('[NaN, -Infinity]'))
for bad in ["", "[1,]", '{"a" 1}', "nul", '"abc', "1 2"]:
    try:
        json.loads(bad)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    json.dumps({1, 2})
except TypeError as e:
    print(e)
print(json.dumps({"s": {3}}, default=sorted), json.dumps({"b": 1, "a": 2}, sort_keys=True))
print(re.findall(r"(\w)(\d)?", "a1b"), re.findall("a*", "baaab"), re.sub("x*", "-", "abc"), re.subn(r"\s+", " ", "a  b   c"))
print(re.split(r"(,)|;", "a,b;c"), re.split(r"\s", "a b c d", maxsplit=2), re.escape("a.b*c d"))
print(re.sub(r"(?P<y>\d{4})-(?P<m>\d\d)", r"\g<m>/\g<y>", "on 2024-05"), re.sub(r"\d", lambda m: str(int(m.group()) * 2), "a1b2c3"))
m = re.match(r"(a)(b)?", "ac")
print(m.groups(), m.groups("-"), m.group(0, 1), m.start(2), m.span(1), m[1], m.lastindex, m.re, m.string)
print(re.fullmatch(r"\d+", "123"), re.fullmatch(r"\d+", "123a"), re.search(r"^b", "a\nb", re.M), re.search(r"a.b", "a\nb", re.S | re.I))
print(re.compile(r"(?x) a b  # comment\n c").match("abc"), re.compile("a", re.I), list(re.finditer(r"\d", "a1b2")))
print(re.search(r"é(.)", "café!"), re.search("{x}", "a{x}"), re.match(r"[]a]+", "]a]"))
try:
    re.compile(r"a[b")
except re.error as e:
    print("re.error", e)
print(math.gcd(12, 18), math.isnan(math.nan), math.inf > 10**300, math.trunc(-2.7), math.ceil(2.1), math.log10(1000), math.exp(1) == math.e)
print(math.factorial(25), math.fsum([0.1] * 10), math.isclose(0.1 + 0.2, 0.3), math.comb(10, 3), math.perm(5, 2), math.hypot(3, 4))
for f, x in [(math.sqrt, -1), (math.log, 0), (math.factorial, -1), (math.floor, float("nan")), (math.exp, 1000)]:
    try:
        f(x)
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
print(functools.reduce(lambda a, b: a * b, range(1, 6)), functools.reduce(operator.add, [], 0), functools.partial(int, base=2)("101"))
print(operator.itemgetter(0, 2)("abc"), operator.truediv(7, 2), operator.floordiv(7, 2), operator.and_(6, 3), operator.xor(6, 3), operator.neg(5))
print(operator.invert(5), operator.inv(True), ~-1, [~x for x in range(-2, 3)])
print(list(itertools.accumulate([1, 2, 3], operator.mul)), list(itertools.zip_longest("ab", "c")), list(itertools.combinations("abc", 2)))
print(list(itertools.starmap(pow, [(2, 3)])), list(itertools.takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(itertools.dropwhile(lambda x: x < 3, [1, 2, 5, 1])))
print(list(itertools.product([1, 2], "ab")), list(itertools.chain.from_iterable(["ab", "c"])), list(itertools.repeat(7, 3)))
print(string.digits, string.punctuation, repr(string.whitespace), len(string.printable), string.ascii_uppercase)
