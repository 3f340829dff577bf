x = 1234.5678
n = -42
for spec in ["", ">12", "^12", "*^15", "+.1f", ".3e", "g", ".3g", ",.2f", "_", "010.2f", "%", ".0%", "+", " "]:
    print(repr(spec), format(x, spec), format(float(n) if any(c in spec for c in "feg%") else n, spec))
for spec in ["b", "o", "x", "X", "#x", "#b", "#o", "#010x", "08b", ",d", "c"]:
    print(spec, format(255, spec))
print(f"{'abc':>6}|{'abc':.2}|{True}|{None!r}|{[1, 'a']!s:>12}|{3.0}|{1e20}|{2**70:,}|{'é'!a}|{{x}}")
w = 7; p = 2
print(f"{x:{w}.{p}f}|{'q':{'^'}{w}}|{x=:.1f}|{ n = }|{n!r:>5}")
print("{:>8.3f}|{:,}|{!r:^9}|{name}".format(x, 10**6, "s", name="nm"))
for bad in [lambda: format("s", "d"), lambda: f"{x:q}"]:
    try:
        bad()
    except ValueError as e:
        print(e)
print(bin(10), bin(-5), hex(-255), oct(8), callable(len), callable(3), callable(lambda: 0))
