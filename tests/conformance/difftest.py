#!/usr/bin/env python3
"""Differential testing of streamlab against PySpark with random programs.

    python3 tests/conformance/difftest.py generate --seed S --count N --out DIR
    python3 tests/conformance/difftest.py record  --seed S --count N [--dir DIR] [--chunk K] [--retry-timeouts]
    python3 tests/conformance/difftest.py compare --seed S --count N [--dir DIR] [--streamlab PATH]
    python3 tests/conformance/difftest.py run     --seed S --count N [--dir DIR] [--chunk K] [--streamlab PATH]
    python3 tests/conformance/difftest.py reduce  --seed S --count N --name gen_S_I [--dir DIR]
    python3 tests/conformance/difftest.py sample  --seed S --count N [--dir DIR] --every E

`generate` writes N programs in the conformance-case format (DIR/gen_S_I.py).

`record` writes the programs of seed S into DIR/programs (default DIR:
target/difftest/seed-S) and records them on PySpark, K programs (default 40)
per PySpark process: one JVM and one SparkContext run the programs one after
another, each with its own StreamingContext on Spark's manual clock (the
harness streamlab uses for `--engine spark`). Every program's result is
appended to DIR/pyspark.jsonl as soon as it ends, so an interrupted run
resumes where it stopped; a program that takes its PySpark process down twice
is recorded as lost. A program whose batches take longer than 120 s (a
loaded machine) is recorded as timed out and left out of the comparison;
--retry-timeouts runs those once more with 400 s.

`compare` runs streamlab on every recorded program, compares the records of
every (output, batch), writes DIR/compare.jsonl and DIR/summary.json and
prints the match rate and every difference. A program matches when both
engines produce the same records, or when both refuse it (PySpark with an
error, streamlab with a message and no records).

`run` is `record` followed by `compare`. `reduce` shrinks a program that
differs (delta debugging): each round records every candidate (one chain
step, one extra output or one input record dropped) in one PySpark process,
and keeps the first that still differs, until none does; the result lands in
DIR/reduced/. `sample` copies every E-th recorded
program, with its PySpark record as NAME.expected.json, into
tests/conformance/generated/, where `cargo test --test conformance` replays
them against streamlab without PySpark, and merges the run's summary into
tests/conformance/generated/summary.json.

The programs: one or two queue sources of ints, floats (ties such as 2.5,
huge values), int/float mixes, Unicode strings, pairs, nested tuples and
None; a chain of 1-6 operations (map, filter, flatMap, pairs, reduceByKey,
groupByKey, mapValues, countByValue, count, reduce, window, reduceByWindow,
reduceByKeyAndWindow with and without an inverse, countByValueAndWindow,
updateStateByKey, the joins and cogroup, union, transform with static RDDs)
whose lambdas come from a typed expression grammar (arithmetic over int/float
mixes, round, divmod, string methods and slices, f-strings and format specs,
nested tuples, lists, dicts, comprehensions, conditionals). Some programs
set a checkpoint directory and capture an RDD in a transform's function,
directly, in a list, in a dict or in a closure cell, or union raw queue
streams with ssc.union: PySpark refuses those, and so must streamlab. The
other programs are valid for PySpark, except the few whose window is not a
multiple of a windowed parent's slide (both engines refuse those too). The
same seed gives the same programs.
"""
import ast
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
HARNESS = os.path.join(ROOT, "src", "export", "spark_harness.py")
GENERATED = os.path.join(HERE, "generated")
TAG = "@streamlab@ "

# ---------------------------------------------------------------- values

STRINGS = ["a", "b", "ab", "ΟΔΟΣ", "ﬁne", "ß", "ǅemal", "Ⅻ", "٣", "x y", "", "Ab C", "İx", "ŉ",
           "Σα", "ﬃ", "①", "ा", "hello world", "a1", "  pad ", "Ǉ", "straße", "ΣΑΣ ΣΑΣ", "12", "-3"]
INTS = [0, 1, -1, 2, 3, 7, -3, 10, 255, 10**20, -(10**18), 2**53 + 1]
FLOATS = [2.5, 0.5, -1.5, 0.1, 1e16, 4e15, -6.16511792009401e+21, 1.7014821481072694e+17, 3.5, -0.0,
          1e-07, 123.456, 0.125, 2.675, 1e22, 5e-324, 9007199254740992.0, -2.5, 0.3]


def literal(rng, kind):
    if kind == "int":
        return rng.choice(INTS)
    if kind == "float":
        return rng.choice(FLOATS)
    if kind == "num":
        return rng.choice(INTS + FLOATS)
    if kind == "str":
        return rng.choice(STRINGS)
    if kind == "pair":
        return (rng.choice(STRINGS[:12]), rng.choice([0, 1, 2, 3, -1, 7]))
    if kind == "nested":
        return (rng.choice(["a", "b", "ß"]), (rng.choice([1, 2, 2.5]), rng.choice([None, "x", (1, 2)])))
    return rng.choice([None, 1, "a", (1, "a"), 2.5, True])


# ---------------------------------------------------------------- expressions
# expr(rng, var, kind, depth) -> (code, kind). Every expression is valid for
# every value of its input kind: no division by a value, no indexing that can
# fail, no growth beyond a few hundred characters or float overflow.

SMALL = ["1", "2", "3", "7", "0.5", "2.5", "10", "1e15", "-4"]


def num_leaf(rng, var, kind):
    return rng.choice([var, var, rng.choice(SMALL)]), kind if rng.random() < 0.7 else "num"


def num_expr(rng, var, kind, depth):
    """An int, float or num expression over var (of kind int/float/num)."""
    if depth <= 0:
        return num_leaf(rng, var, kind)
    a, ka = num_expr(rng, var, kind, depth - 1)
    b, kb = num_expr(rng, var, kind, depth - 1)
    both = "int" if ka == kb == "int" else "num"
    k = rng.randint(-3, 3)
    return rng.choice([
        (f"({a} + {b})", both), (f"({a} * {b})", both), (f"({a} - {b})", both),
        (f"({a} / 3)", "float"), (f"({a} / 0.5)", "float"), (f"({a} // 2)", ka), (f"({a} % 7)", ka),
        (f"({a} % -3)", ka), (f"({a} // -2.5)", "float"), (f"({a} % 2.5)", "float"),
        (f"round({a} / 3, {k})", "float"), (f"round({a}, {k})", ka), (f"round({a} / 7)", "int"),
        (f"abs({a})", ka), (f"-{a}", ka), (f"max({a}, {b})", "num"), (f"min({a}, {b}, 1)", "num"),
        (f"float({a})", "float"), (f"int({a})", "int"), (f"({var} ** 2)", kind),
        (f"(abs({a}) ** 0.5)", "float"), (f"({a} if {a} > {b} else {b})", "num"),
        (f"sum([{a}, {b}, 0.5])", "float"), (f"(int({a}) & 255)", "int"), (f"(int({a}) ^ 5)", "int"),
        (f"(int({a}) >> 1)", "int"), (f"(True + {a})", ka), (f"(int({a}) % 10 * 1.5)", "float"),
    ])


def str_expr(rng, var, depth):
    """A str expression over the str var."""
    m = rng.choice(["lower", "upper", "swapcase", "title", "capitalize", "casefold", "strip", "lstrip"])
    base = var if depth <= 0 or rng.random() < 0.5 else str_expr(rng, var, depth - 1)
    if " % (" in base:
        base = f"({base})"  # `%` binds less tightly than a method call
    return rng.choice([
        f"{base}.{m}()", f"({base} + '!').{m}()", f"{base}[::-1]", f"{base}[1:]", f"{base}[:2]",
        f"{base}[-2:]", f"({base} * 2)", f"{base}.replace('a', 'ä')", f"{base}.center(9, '*')",
        f"{base}.ljust(6, '.')", f"{base}.rjust(6)", f"{base}.zfill(6)", f"'-'.join({base}.split())",
        f"'/'.join(sorted({base}))", f"{base}.strip(' a')", f"{base}.partition(' ')[2]",
        f"{base}.title().swapcase()", f"''.join(c.upper() if i % 2 else c for i, c in enumerate({base}))",
        f'f"<{{{base}}}>"' if '"' not in base else f"'<{{}}>'.format({base})",
        f'f"{{{base}!r:>10}}"' if '"' not in base else f"'{{!r:>10}}'.format({base})", f"'%s|%r' % ({base}, {base})",
        f"'{{0}}-{{0}}'.format({base})", f"{base}.expandtabs()", f"{base}.removeprefix('a')",
    ])


def str_value_expr(rng, var):
    """An expression of any kind over the str var."""
    p = rng.choice(["isalpha", "isdigit", "isdecimal", "isnumeric", "islower", "isupper", "istitle",
                    "isspace", "isalnum", "isidentifier", "isprintable", "isascii"])
    s = str_expr(rng, var, 1)
    return rng.choice([
        (s, "str"), (s, "str"), (f"{var}.{p}()", "bool"), (f"len({s})", "int"),
        (f"[ord(c) for c in {var}]", "list"), (f"{{c: {var}.count(c) for c in {var}}}", "dict"),
        (f"({var}.find('a'), {var}.rfind('b'), {var}.count(''))", "tuple"),
        (f"{var}.split()", "list"), (f"{var}.split('a', 1)", "list"), (f"({var}, ({s}, len({var})))", "tuple"),
        (f"sorted({var}, reverse=True)", "list"), (f"{var} < {s}", "bool"), (f"{var}.startswith(('a', 'Σ'))", "bool"),
        (f"[w[:1].upper() + w[1:] for w in {var}.split()]", "list"), (f"[c for c in {var} if c.isalpha()]", "list"),
        (f"({var} or 'empty')", "str"), (f"{var}.upper().lower() == {var}.lower()", "bool"),
        (f"'{{:>8}}|{{:<4}}'.format({var}, len({var}))", "str"), (f"dict(zip({var}, range(5)))", "dict"),
    ])


def num_value_expr(rng, var, kind):
    """An expression of any kind over the number var."""
    e, k = num_expr(rng, var, kind, rng.randint(1, 2))
    return rng.choice([
        (e, k), (e, k), (e, k), (f"str({e})", "str"), (f"repr({e})", "str"), (f"({e}, {var})", "tuple"),
        (f"divmod({var}, 3)", "tuple"), (f"divmod({var}, -2.5)", "tuple"), (f"[{var} * i for i in range(3)]", "list"),
        (f"{{'v': {var}, 'neg': {var} < 0, 'half': {var} / 2}}", "dict"), (f"f'{{{var}:.3f}}'", "str"),
        (f"f'{{{var}:>12}}|{{{var}!r}}'", "str"), (f"f'{{{var}:,}}'", "str"), (f"f'{{{var}:e}}'", "str"),
        (f"f'{{{var}:g}}'", "str"), (f"'%.2f' % {var}", "str"), (f"'%d' % {var}", "str"),
        (f"'{{:+.1f}}'.format({var})", "str"), (f"f'{{{var}:.0%}}'", "str"),
        (f"({var} == int({var}), {var} > 0.5, 0 < {var} <= 10)", "tuple"), (f"{var}.is_integer()" if kind == "float" else f"({var} + 0.5).is_integer()", "bool"),
        (f"[x2 for x2 in range(int({var}) % 5) if x2 % 2 == 0]", "list"), (f"hex(int({var}))", "str"),
        (f"(float({var}) * 3).hex()" if False else f"round(float({var}) * 3, 2)", "float"),
        (f"str({var}).zfill(8)", "str"), (f"bin(int({var}) & 1023)", "str"),
    ])


def any_value_expr(rng, var):
    """An expression over a var of unknown kind."""
    return rng.choice([
        (f"str({var})", "str"), (f"repr({var})", "str"), (f"({var}, {var} is None)", "tuple"),
        (f"[{var}, [{var}]]", "list"), (f"type({var}).__name__", "str"), (f"isinstance({var}, (int, float))", "bool"),
        (f"{{'k': {var}}}", "dict"), (f"({var},)", "tuple"), (f"bool({var})", "bool"),
        (f"str({var})[::-1]", "str"), (f"len(str({var}))", "int"), (f"({var} or 'falsy')", "any"),
    ])


def value_expr(rng, var, kind):
    if kind in ("int", "float", "num"):
        return num_value_expr(rng, var, kind)
    if kind == "str":
        return str_value_expr(rng, var)
    if kind == "pair":
        return rng.choice([
            (f"({var}[0], {var}[1] * 2)", "pair"), (f"({var}[1], {var}[0])", "any"),
            (f"{var}[0] + str({var}[1])", "str"), (f"(({var}[0],), ({var}[1], ({var}[1] / 4,)))", "tuple"),
        ])
    if kind == "nested":
        return rng.choice([
            (f"{var}[1][0]", "num"), (f"({var}[0], {var}[1][1])", "any"), (f"str({var}[1])", "str"),
            (f"[a2 for a2 in {var}[1]]", "list"),
        ])
    return any_value_expr(rng, var)


def predicate(rng, var, kind):
    if kind in ("int", "float", "num"):
        e, _ = num_expr(rng, var, kind, 1)
        return rng.choice([f"{e} > 1", f"{var} % 2 == 0", f"not {var}", f"{e} != {var}", f"-1 < {var} < 100"])
    if kind == "str":
        return rng.choice([f"{var}.isalpha()", f"len({var}) > 1", f"{var}", f"{var}.lower() != {var}", f"'a' in {var}"])
    if kind == "bool":
        return var
    return rng.choice([f"{var} is not None", f"str({var}) > '1'", f"bool({var})", f"len(str({var})) % 2 == 0"])


def flat_lambda(rng, kind):
    if kind in ("int", "float", "num"):
        return rng.choice([
            ("lambda x: [x, x * 2]", kind), ("lambda x: range(int(x) % 4)", "int"), ("lambda x: str(x)", "str"),
            ("lambda x: divmod(x, 4)", "num"), ("lambda x: [x] * 2", kind),
        ])
    if kind == "str":
        return rng.choice([
            ("lambda x: x.split()", "str"), ("lambda x: x", "str"), ("lambda x: [(c, i) for i, c in enumerate(x)]", "pair"),
            ("lambda x: x.upper()", "str"), ("lambda x: {c: 1 for c in x}", "str"),
        ])
    if kind == "pair":
        return rng.choice([("lambda x: x", "any"), ("lambda x: [x, (x[0], -x[1])]", "pair")])
    return rng.choice([("lambda x: [x, str(x)]", "any"), ("lambda x: (x, x)", "any")])


def key_lambda(rng, kind):
    """A lambda making (key, value) pairs, the value's kind."""
    if kind in ("int", "num"):
        return rng.choice([
            ("lambda x: (x % 3, x)", kind), ("lambda x: (str(x)[:2], x)", kind), ("lambda x: (x > 1, 1)", "int"),
            ("lambda x: (round(x) % 4, 1)", "int"), ("lambda x: (int(x) % 2 == 0, str(x))", "str"),
        ])
    if kind == "float":
        return rng.choice([("lambda x: (round(x) % 3, x)", "float"), ("lambda x: (x > 1, 1)", "int")])
    if kind == "str":
        return rng.choice([
            ("lambda x: (x.lower(), 1)", "int"), ("lambda x: (len(x), x)", "str"), ("lambda x: (x[:1], x)", "str"),
            ("lambda x: (x.casefold(), len(x))", "int"), ("lambda x: ((len(x) % 2, x[:1]), x.upper())", "str"),
        ])
    if kind == "pair":
        return rng.choice([("lambda x: x", "int"), ("lambda x: (x[0].upper(), x[1])", "int")])
    return ("lambda x: (str(x), 1)", "int")


def reducer(rng, vkind):
    """An associative and commutative function of two values of vkind."""
    if vkind == "int":
        return rng.choice(["lambda a, b: a + b", "lambda a, b: max(a, b)", "lambda a, b: a * b % 1000", "lambda a, b: a | b"])
    if vkind in ("float", "num"):
        return rng.choice(["lambda a, b: max(a, b)", "lambda a, b: min(a, b)"])
    if vkind == "str":
        return rng.choice(["lambda a, b: max(a, b)", "lambda a, b: min(a, b)"])
    return None


# ---------------------------------------------------------------- programs

CAPTURES = [
    # (setup lines, transform function) capturing the static RDD `static`.
    ([], "lambda rdd: rdd.union(static)"),
    (["statics = [static]"], "lambda rdd: rdd.union(statics[0])"),
    (["holder = {'r': static}"], "lambda rdd: rdd.union(holder['r'])"),
    (["def with_static(r):", "    def f(rdd):", "        return rdd.union(r)", "    return f"], "with_static(static)"),
    (["def counting():", "    seen = static", "    def f(rdd):", "        nonlocal seen", "        seen = seen", "        return rdd.union(seen)",
      "    return f"], "counting()"),
    ([], "lambda rdd: rdd.union(sc.parallelize([0]))"),
    (["pair_of = (1, static)"], "lambda rdd: rdd.union(pair_of[1])"),
]


class Builder:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.checkpoint = False
        self.count = 0
        self.numeric_maps = 0
        self.interval = 1

    def name(self):
        self.count += 1
        return f"d{self.count - 1}"


def chain(b, cur, kind, pairs, vkind, steps, second):
    """Add `steps` operations after stream `cur`; returns the last stream."""
    rng = b.rng
    for _ in range(steps):
        nxt = b.name()
        if not pairs:
            op = rng.choice(["map", "map", "map", "filter", "flatMap", "pairs", "pairs", "window", "count",
                             "countByValue", "transform", "union", "reduce", "reduceByWindow", "countByWindow"])
        else:
            op = rng.choice(["reduceByKey", "groupByKey", "mapValues", "join", "window", "updateStateByKey",
                             "reduceByKeyAndWindow", "countByValue", "outerJoin", "cogroup", "groupByKeyAndWindow",
                             "flatMapValues", "transformPairs", "countByValueAndWindow"])
        if op == "map":
            lam, kind = value_expr(rng, "x", kind)
            if kind in ("int", "float", "num"):
                # Bounded magnitudes: chained arithmetic neither overflows
                # floats nor grows ints without end.
                if b.numeric_maps:
                    lam = f"({lam}) % 1009"
                b.numeric_maps += 1
            b.lines.append(f"{nxt} = {cur}.map(lambda x: {lam})")
        elif op == "filter":
            b.lines.append(f"{nxt} = {cur}.filter(lambda x: {predicate(rng, 'x', kind)})")
        elif op == "flatMap":
            lam, kind = flat_lambda(rng, kind)
            b.lines.append(f"{nxt} = {cur}.flatMap({lam})")
        elif op == "pairs":
            lam, vkind = key_lambda(rng, kind)
            b.lines.append(f"{nxt} = {cur}.map({lam})")
            pairs = True
        elif op == "window":
            w = rng.choice([2, 3, 4])
            s = rng.choice([1, 1, 2]) if w % 2 == 0 else 1
            b.lines.append(f"{nxt} = {cur}.window({w * b.interval}, {s * b.interval})")
        elif op == "count":
            b.lines.append(f"{nxt} = {cur}.count()")
            kind = "int"
        elif op == "reduce":
            f = reducer(rng, kind)
            if f is None:
                b.lines.append(f"{nxt} = {cur}.map(lambda x: len(repr(x))).reduce(lambda a, b: a + b)")
                kind = "int"
            else:
                b.lines.append(f"{nxt} = {cur}.reduce({f})")
        elif op == "reduceByWindow":
            b.lines.append(f"{nxt} = {cur}.map(lambda x: len(str(x))).reduceByWindow(lambda a, b: a + b, lambda a, b: a - b, {2 * b.interval}, {b.interval})")
            b.checkpoint = True
            kind = "int"
        elif op == "countByWindow":
            b.lines.append(f"{nxt} = {cur}.countByWindow({3 * b.interval}, {b.interval})")
            b.checkpoint = True
            kind = "int"
        elif op == "countByValue":
            b.lines.append(f"{nxt} = {cur}.map(repr).countByValue()")
            pairs, vkind = True, "int"
        elif op == "countByValueAndWindow":
            b.lines.append(f"{nxt} = {cur}.map(repr).countByValueAndWindow({2 * b.interval}, {b.interval})")
            b.checkpoint = True
            pairs, vkind = True, "int"
        elif op == "transform":
            t = rng.choice([
                "lambda rdd: rdd.map(lambda x: (repr(x), 1)).reduceByKey(lambda a, b: a + b)",
                "lambda rdd: rdd.map(repr).distinct().map(lambda x: (x, len(x)))",
                "lambda rdd: rdd.map(lambda x: (str(x)[:1], 1)).groupByKey().mapValues(len)",
                "lambda rdd: rdd.zipWithIndex().map(lambda p: (repr(p[0]), 0))",
                "lambda rdd: rdd.map(repr).union(static).map(lambda x: (x, 1))",
            ])
            if "static" in t:
                b.lines.insert(0, "static = sc.parallelize(['s1', 's2'])")
            b.lines.append(f"{nxt} = {cur}.transform({t})")
            pairs, vkind = True, "int"
        elif op == "union":
            if second is not None and rng.random() < 0.5:
                other, okind = second
                b.lines.append(f"{nxt} = {cur}.map(repr).union({other}.map(repr))")
                kind = "str"
            else:
                b.lines.append(f"{nxt} = {cur}.union({cur}.map(lambda x: x))")
        elif op == "reduceByKey":
            f = reducer(rng, vkind)
            if f is None:
                b.lines.append(f"{nxt} = {cur}.mapValues(repr).reduceByKey(lambda a, b: max(a, b))")
                vkind = "str"
            else:
                b.lines.append(f"{nxt} = {cur}.reduceByKey({f})")
        elif op == "groupByKey":
            g = rng.choice(["lambda vs: sorted(map(repr, vs))", "len", "lambda vs: (len(vs), sorted(repr(v) for v in vs)[:1])"])
            b.lines.append(f"{nxt} = {cur}.groupByKey().mapValues({g})")
            vkind = "int" if g == "len" else "any"
        elif op == "groupByKeyAndWindow":
            b.lines.append(f"{nxt} = {cur}.groupByKeyAndWindow({2 * b.interval}, {b.interval}).mapValues(lambda vs: sorted(map(repr, vs)))")
            b.checkpoint = True
            vkind = "any"
        elif op == "mapValues":
            lam, vkind = value_expr(rng, "v", vkind)
            if vkind in ("int", "float", "num"):
                if b.numeric_maps:
                    lam = f"({lam}) % 1009"
                b.numeric_maps += 1
            b.lines.append(f"{nxt} = {cur}.mapValues(lambda v: {lam})")
        elif op == "flatMapValues":
            b.lines.append(f"{nxt} = {cur}.flatMapValues(lambda v: [v, repr(v)])")
            vkind = "any"
        elif op == "join":
            if second is not None and second[1] == "pair" and rng.random() < 0.6:
                b.lines.append(f"{nxt} = {cur}.join({second[0]})")
            else:
                b.lines.append(f"{nxt} = {cur}.join({cur}.mapValues(str))")
            vkind = "tuple"
        elif op == "outerJoin":
            j = rng.choice(["leftOuterJoin", "rightOuterJoin", "fullOuterJoin"])
            other = second[0] if second is not None and second[1] == "pair" else f"{cur}.filter(lambda p: len(repr(p)) % 2 == 0)"
            b.lines.append(f"{nxt} = {cur}.{j}({other})")
            vkind = "tuple"
        elif op == "cogroup":
            b.lines.append(f"{nxt} = {cur}.cogroup({cur}.mapValues(repr)).mapValues(lambda p: (sorted(map(repr, p[0])), sorted(p[1])))")
            vkind = "tuple"
        elif op == "transformPairs":
            t = rng.choice([
                "lambda rdd: rdd.sortByKey().map(lambda p: (repr(p[0]), repr(p[1])))",
                "lambda rdd: rdd.keys().map(lambda k: (repr(k), 1)).reduceByKey(lambda a, b: a + b)",
                "lambda rdd: rdd.mapValues(lambda v: 1).reduceByKey(lambda a, b: a + b).filter(lambda p: p[1] > 1)",
            ])
            if "sortByKey" in t:
                # Keys of one kind only: sortByKey compares them.
                b.lines.append(f"{nxt} = {cur}.map(lambda p: (repr(p[0]), p[1])).transform({t})")
            else:
                b.lines.append(f"{nxt} = {cur}.transform({t})")
            vkind = "any" if "sortByKey" in t else "int"
        elif op == "updateStateByKey":
            f = rng.choice([
                "lambda vs, st: (st or 0) + len(vs)",
                "lambda vs, st: None if not vs else sorted(map(repr, vs))[:2]",
                "lambda vs, st: ((st or (0, ''))[0] + 1, max([repr(v) for v in vs] + [(st or (0, ''))[1]]))",
            ])
            b.lines.append(f"{nxt} = {cur}.updateStateByKey({f})")
            b.checkpoint = True
            vkind = "any"
        elif op == "reduceByKeyAndWindow":
            if rng.random() < 0.5:
                b.lines.append(f"{nxt} = {cur}.mapValues(lambda v: 1).reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, {2 * b.interval}, {b.interval})")
                b.checkpoint = True
            else:
                b.lines.append(f"{nxt} = {cur}.mapValues(lambda v: len(repr(v))).reduceByKeyAndWindow(lambda a, b: max(a, b), None, {rng.choice([2, 3]) * b.interval}, {b.interval})")
            vkind = "int"
        cur = nxt
    return cur, kind, pairs, vkind


def program(rng, name):
    b = Builder(rng)
    b.interval = rng.choice([1, 1, 2])
    kind = rng.choice(["int", "float", "num", "str", "str", "pair", "nested", "mixed"])
    nbatch = rng.randint(1, 4)
    batches = [[literal(rng, kind) for _ in range(rng.randint(0, 4))] for _ in range(nbatch)]
    b.lines.append(f"s = ssc.queueStream({batches!r})")
    second = None
    if rng.random() < 0.3:
        k2 = rng.choice(["pair", kind])
        b2 = [[literal(rng, k2) for _ in range(rng.randint(0, 3))] for _ in range(rng.randint(1, 3))]
        b.lines.append(f"t = ssc.queueStream({b2!r})")
        second = ("t", k2)
    special = rng.random()
    if special < 0.04:
        # PySpark: ValueError: All DStreams should have same serializer.
        b.lines.append("u = ssc.union(s, s.map(lambda x: x))" if second is None or special < 0.02 else "u = ssc.union(s, t)")
        b.lines.append("u.pprint()")
    elif special < 0.12:
        # A transform capturing an RDD: refused only with a checkpoint directory.
        setup, fn = rng.choice(CAPTURES)
        b.lines.insert(0, "static = sc.parallelize([100, 200])")
        b.lines[1:1] = setup
        b.lines.append(f"c = s.map(lambda x: x).transform({fn})")
        b.lines.append("c.map(repr).pprint()")
        b.checkpoint = rng.random() < 0.7
    elif special < 0.16:
        b.lines.append("u = ssc.union(s.map(repr), s.map(lambda x: repr(x)[::-1]))")
        b.lines.append("u.countByValue().pprint()")
    cur, kind, pairs, vkind = chain(b, "s", kind, False, None, rng.randint(1, 6), second)
    b.lines.append(f"{cur}.pprint()")
    if rng.random() < 0.25 and b.count > 1:
        b.lines.append(f"d{rng.randrange(b.count - 1)}.pprint({rng.choice([1, 3])})")
    nb = nbatch + rng.randint(1, 2)
    head = [f"# batches: {nb}", "from pyspark import SparkContext", "from pyspark.streaming import StreamingContext", "",
            f'sc = SparkContext("local[2]", "{name}")', f"ssc = StreamingContext(sc, {b.interval})"]
    if b.checkpoint:
        head.append('ssc.checkpoint("checkpoint")')
    return "\n".join(head + b.lines + ["ssc.start()", "ssc.awaitTermination()", ""])


def generate(seed, count, out):
    os.makedirs(out, exist_ok=True)
    paths = []
    for i in range(count):
        rng = random.Random(f"{seed}-{i}")
        name = f"gen_{seed}_{i}"
        path = os.path.join(out, name + ".py")
        text = program(rng, name)
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        paths.append(path)
    return paths


# ---------------------------------------------------------------- recording on PySpark


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def batches_of(path):
    with open(path, encoding="utf-8") as f:
        return int(f.readline().split(":")[1])


def load_jsonl(path):
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    v = json.loads(line)
                except ValueError:
                    continue  # a line cut short when a run was lost
                out[v["name"]] = v
    return out


def append_jsonl(path, value):
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(value, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def record_chunk(paths, work, results_path, log, timeout=120):
    """Run `paths` in one PySpark process; append each program's result as it ends.
    Returns the names of the programs that ended."""
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    shutil.copy(HARNESS, os.path.join(work, "streamlab_harness.py"))
    programs = []
    for p in paths:
        cwd = os.path.join(work, os.path.basename(p)[:-3])
        os.makedirs(cwd)
        programs.append({"file": p, "batches": batches_of(p), "cwd": cwd})
    config = os.path.join(work, "config.json")
    with open(config, "w", encoding="utf-8") as f:
        json.dump({"tag": TAG, "programs": programs, "shared_context": True, "timeout_seconds": timeout}, f)
    conf = ["spark.ui.showConsoleProgress=false", "spark.ui.enabled=false", "spark.log.level=WARN",
            "spark.streaming.clock=org.apache.spark.util.ManualClock"]
    env = dict(os.environ, PYSPARK_SUBMIT_ARGS=" ".join(f"--conf {c}" for c in conf) + " pyspark-shell")
    records = [dict() for _ in paths]
    ended = []
    deadline = time.monotonic() + 120 + (timeout + 30) * len(paths)
    with open(os.path.join(work, "spark.log"), "w") as err:
        proc = subprocess.Popen([sys.executable, "streamlab_harness.py", "config.json"], cwd=work, env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, text=True,
                                start_new_session=True)
        try:
            read_harness(proc, paths, records, ended, results_path, deadline, log)
        finally:
            # The harness and its JVM are one process group of their own.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
    return ended


def read_harness(proc, paths, records, ended, results_path, deadline, log):
    for line in proc.stdout:
        if time.monotonic() > deadline:
            proc.kill()
            break
        if not line.startswith(TAG):
            continue
        try:
            v = json.loads(line[len(TAG):])
        except ValueError:
            continue
        i = v.get("program")
        if i is None or not (0 <= i < len(paths)):
            continue
        if "records" in v:
            key = f"{v['output']},{v['batch']}"
            if key in records[i]:
                key += ",twice"  # never equal to streamlab's keys: a difference
            records[i][key] = sorted(v["records"])
        elif v.get("end"):
            name = os.path.basename(paths[i])[:-3]
            append_jsonl(results_path, {"name": name, "sha": digest(paths[i]), "error": v.get("error"),
                                        "outputs": records[i], "seconds": v.get("seconds")})
            ended.append(name)
            log(f"  {name}: {'error ' + v['error']['type'] if v.get('error') else 'ok'} ({v.get('seconds')} s)")


def timed_out(result):
    return (result["error"] or {}).get("type") == "TimeoutError"


def record(seed, count, dirpath, chunk, retry=False, log=print):
    """Record the programs of `seed` not yet recorded; with `retry`, run the
    ones that timed out again, with a longer time limit."""
    programs = generate(seed, count, os.path.join(dirpath, "programs"))
    results_path = os.path.join(dirpath, "pyspark.jsonl")
    lost_path = os.path.join(dirpath, "lost.json")
    lost = {}
    if os.path.exists(lost_path):
        with open(lost_path) as f:
            lost = json.load(f)
    retried = set()
    while True:
        done = load_jsonl(results_path)
        def pending(p):
            r = done.get(os.path.basename(p)[:-3])
            if r is None or r["sha"] != digest(p):
                return lost.get(os.path.basename(p)[:-3], 0) < 2
            return retry and timed_out(r) and os.path.basename(p)[:-3] not in retried
        todo = [p for p in programs if pending(p)]
        if not todo:
            break
        part = todo[:chunk]
        retried.update(os.path.basename(p)[:-3] for p in part)
        log(f"recording {len(part)} programs ({len(todo)} left) on PySpark")
        began = time.monotonic()
        ended = record_chunk(part, os.path.join(dirpath, "work"), results_path, log, 400 if retry else 120)
        log(f"  {len(ended)} programs in {time.monotonic() - began:.0f} s")
        if len(ended) < len(part):
            # The process went down during the first program that did not end.
            victim = os.path.basename(part[len(ended)])[:-3]
            lost[victim] = lost.get(victim, 0) + 1
            with open(lost_path, "w") as f:
                json.dump(lost, f)
            log(f"  the PySpark process ended during {victim}")
    shutil.rmtree(os.path.join(dirpath, "work"), ignore_errors=True)
    return programs


# ---------------------------------------------------------------- comparing with streamlab


def streamlab_run(streamlab, path):
    cwd = tempfile.mkdtemp()
    try:
        r = subprocess.run([streamlab, "run", os.path.abspath(path), "--batches", str(batches_of(path)), "--format", "jsonl"],
                           capture_output=True, text=True, cwd=cwd, stdin=subprocess.DEVNULL, timeout=60)
    except subprocess.TimeoutExpired:
        return {"ok": False, "outputs": {}, "stderr": "timed out after 60 s"}
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    got = {}
    for line in r.stdout.splitlines():
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v, dict) and "records" in v:
            got[f"{v['output']},{v['batch']}"] = sorted(v["records"])
    return {"ok": r.returncode == 0, "outputs": got, "stderr": r.stderr[-2000:]}


def verdict(spark, ours):
    """'match', 'both-refuse' or a description of the difference."""
    if spark["error"] is not None:
        if not ours["ok"] and not any(ours["outputs"].values()):
            return "both-refuse"
        return f"PySpark fails ({spark['error']['type']}: {spark['error']['message'][:300]}), streamlab runs it"
    if not ours["ok"]:
        return f"PySpark runs it, streamlab fails: {ours['stderr'].strip()[-600:]}"
    want = {k: v for k, v in spark["outputs"].items()}
    got = ours["outputs"]
    diffs = []
    for k in sorted(set(want) | set(got)):
        if want.get(k) != got.get(k):
            diffs.append(f"(output, batch) {k}: PySpark {want.get(k)}, streamlab {got.get(k)}")
    return "match" if not diffs else "\n".join(diffs[:4])


def compare(seed, count, dirpath, streamlab, log=print):
    programs = generate(seed, count, os.path.join(dirpath, "programs"))
    done = load_jsonl(os.path.join(dirpath, "pyspark.jsonl"))
    rows, matching, refused, differ, unrecorded, slow = [], 0, 0, [], 0, 0
    for p in programs:
        name = os.path.basename(p)[:-3]
        spark = done.get(name)
        if spark is None or spark["sha"] != digest(p):
            unrecorded += 1
            continue
        if timed_out(spark):
            # Too slow on a loaded machine to finish within the harness's
            # time limit: not counted either way.
            slow += 1
            continue
        v = verdict(spark, streamlab_run(streamlab, p))
        rows.append({"name": name, "verdict": v})
        if v == "match":
            matching += 1
        elif v == "both-refuse":
            matching += 1
            refused += 1
        else:
            differ.append(name)
            log(f"DIFFERS {name}: {v}")
    with open(os.path.join(dirpath, "compare.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    errors = {}
    for r in done.values():
        if r["error"] is not None:
            errors[r["error"]["type"]] = errors.get(r["error"]["type"], 0) + 1
    summary = {"seed": seed, "count": count, "recorded": len(rows), "matching": matching,
               "both_refuse": refused, "pyspark_errors": errors, "differ": differ, "timed_out": slow, "unrecorded": unrecorded}
    with open(os.path.join(dirpath, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    pct = 100.0 * matching / max(1, len(rows))
    log(f"difftest seed {seed}: {matching} of {len(rows)} recorded programs match PySpark ({pct:.2f}%), "
        f"{refused} refused by both; {slow} timed out on PySpark, {unrecorded} not recorded yet")
    return summary


def candidates(text):
    """Smaller versions of a program: one chain step dropped (its users read
    its source instead), one extra output dropped, or one input record dropped."""
    lines = text.split("\n")
    out, records = [], []
    for i, line in enumerate(lines):
        m = re.match(r"(d\d+) = (\w+)\.", line)
        if m:
            name, src = m.groups()
            out.append([re.sub(rf"\b{name}\b", src, x) for x in lines[:i] + lines[i + 1:]])
        elif re.match(r"d\d+\.pprint\(\d+\)$", line):
            out.append(lines[:i] + lines[i + 1:])
        m = re.match(r"(\w+) = ssc\.queueStream\((.*)\)$", line)
        if m:
            data = ast.literal_eval(m.group(2))
            for b, batch in enumerate(data):
                for k in range(len(batch)):
                    smaller = [list(x) for x in data]
                    del smaller[b][k]
                    records.append(lines[:i] + [f"{m.group(1)} = ssc.queueStream({smaller!r})"] + lines[i + 1:])
    return ["\n".join(c) for c in out + records]


def reduce(path, dirpath, streamlab, chunk, log=print):
    """Delta debugging, batched: every candidate of a round is recorded in one
    PySpark process; the first that still differs in the same way (PySpark
    failing or not) becomes the program, until none does."""
    with open(path, encoding="utf-8") as f:
        cur = f.read()
    base = os.path.basename(path)[:-3]
    work = os.path.join(dirpath, "reduce-" + base)
    os.makedirs(work, exist_ok=True)
    first = load_jsonl(os.path.join(dirpath, "pyspark.jsonl")).get(base)
    failing = first is not None and first["error"] is not None
    rounds = 0
    while True:
        rounds += 1
        cands = candidates(cur)
        paths = []
        for k, text in enumerate(cands):
            p = os.path.join(work, f"r{rounds}_{k}.py")
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
            paths.append(p)
        results = os.path.join(work, f"r{rounds}.jsonl")
        for start in range(0, len(paths), chunk):
            record_chunk(paths[start:start + chunk], os.path.join(work, "spark"), results, lambda _: None)
        got = load_jsonl(results)
        smaller = None
        for p in paths:
            spark = got.get(os.path.basename(p)[:-3])
            if spark is None or (spark["error"] is not None) != failing:
                continue
            v = verdict(spark, streamlab_run(streamlab, p))
            if v not in ("match", "both-refuse"):
                smaller = (p, v)
                break
        if smaller is None:
            break
        with open(smaller[0], encoding="utf-8") as f:
            cur = f.read()
        log(f"  round {rounds}: {len(cur.splitlines())} lines still differ")
    out = os.path.join(dirpath, "reduced", base + ".py")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(cur)
    log(f"reduced {base}: {out}")
    print(cur)


def error_summary(message):
    """A Python-side error as a case records it: the JVM's prefix up to
    "raised by Python:" and the traceback's last exception line, without the
    traceback (its paths are this machine's)."""
    marker = "raised by Python:"
    if marker not in message or "Traceback (most recent call last)" not in message:
        return message
    head = message[:message.index(marker) + len(marker)]
    lines = message.splitlines()
    last = max((i for i, l in enumerate(lines) if re.match(r"[\w.]+(Error|Exception): ", l)), default=None)
    if last is None:
        return message
    text = lines[last]
    for more in lines[last + 1:]:
        if not more.strip() or text.rstrip().endswith("."):
            break
        text = text.rstrip() + " " + more.strip()
    sentence = text.split(". ")[0]
    return f"{head} {sentence if sentence.endswith('.') else sentence + '.'}"


def expected_json(name, batches, spark):
    """The conformance-case form of a program's PySpark record."""
    err = spark["error"]
    outputs = []
    for key, recs in spark["outputs"].items():
        o, b = map(int, key.split(",")[:2])
        outputs.append({"output": o, "batch": b, "records": sorted(recs)})
    outputs.sort(key=lambda o: (o["output"], o["batch"]))
    return {"case": name + ".py", "spark": "3.5.9", "batches": batches,
            "outputs": [] if err else outputs,
            "error": None if err is None else {"type": err["type"], "message": error_summary(err["message"])}}


def sample(seed, count, dirpath, every):
    """Copy every E-th recorded program with its record into generated/; merge the summary."""
    done = load_jsonl(os.path.join(dirpath, "pyspark.jsonl"))
    programs = generate(seed, count, os.path.join(dirpath, "programs"))
    os.makedirs(GENERATED, exist_ok=True)
    for old in os.listdir(GENERATED):
        if old.startswith(f"gen_{seed}_"):
            os.remove(os.path.join(GENERATED, old))
    kept = 0
    for i, p in enumerate(programs):
        name = os.path.basename(p)[:-3]
        spark = done.get(name)
        if i % every or spark is None or spark["sha"] != digest(p):
            continue
        if timed_out(spark):
            # Left out of the figures, so out of the sample too.
            continue
        expected = expected_json(name, batches_of(p), spark)
        shutil.copy(p, os.path.join(GENERATED, name + ".py"))
        with open(os.path.join(GENERATED, name + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, indent=1, ensure_ascii=False)
            f.write("\n")
        kept += 1
    with open(os.path.join(dirpath, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    summary["sampled_every"] = every
    path = os.path.join(GENERATED, "summary.json")
    runs = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            runs = [r for r in json.load(f)["runs"] if r["seed"] != seed]
    runs.append(summary)
    runs.sort(key=lambda r: r["seed"])
    total = sum(r["recorded"] for r in runs)
    same = sum(r["matching"] for r in runs)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"spark": "3.5.9", "programs": total, "matching": same, "runs": runs}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"sampled {kept} programs of seed {seed} into {GENERATED}")


def main(argv):
    # Stopped with SIGTERM: end the PySpark process too (see record_chunk).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if len(argv) < 2 or argv[1] not in ("generate", "record", "compare", "run", "reduce", "sample"):
        sys.exit(__doc__)
    flags = [a for a in argv if a == "--retry-timeouts"]
    argv = [a for a in argv if a not in flags]
    args = dict(zip(argv[2::2], argv[3::2]))
    seed, count = int(args.get("--seed", 1)), int(args.get("--count", 10))
    if argv[1] == "generate":
        for p in generate(seed, count, args["--out"]):
            print(p)
        return
    dirpath = os.path.abspath(args.get("--dir", os.path.join(ROOT, "target", "difftest", f"seed-{seed}")))
    os.makedirs(dirpath, exist_ok=True)
    streamlab = os.path.abspath(args.get("--streamlab", os.path.join(ROOT, "target", "debug", "streamlab")))
    if argv[1] in ("record", "run"):
        record(seed, count, dirpath, int(args.get("--chunk", 40)), bool(flags))
    if argv[1] in ("compare", "run"):
        compare(seed, count, dirpath, streamlab)
    if argv[1] == "reduce":
        programs = generate(seed, count, os.path.join(dirpath, "programs"))
        for p in programs:
            if os.path.basename(p)[:-3] == args["--name"]:
                reduce(p, dirpath, streamlab, int(args.get("--chunk", 40)))
    if argv[1] == "sample":
        sample(seed, count, dirpath, int(args.get("--every", 10)))


if __name__ == "__main__":
    main(sys.argv)
