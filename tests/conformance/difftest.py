#!/usr/bin/env python3
"""Differential testing of streamlab against PySpark with random programs.

    python3 tests/conformance/difftest.py generate --seed S --count N --out DIR
    python3 tests/conformance/difftest.py run --seed S --count N [--streamlab PATH] [--keep DIR]

`generate` writes N programs in the conformance-case format (DIR/gen_S_I.py).
`run` generates them in a temporary folder, records each on PySpark with
record.py (`streamlab run --engine spark`), runs streamlab on it, compares the
records of every (output, batch) and prints the match rate. A program whose
results differ is reduced: operations of its chain are dropped one at a time
while the difference stays, and the smallest program still differing is kept
in --keep (default target/difftest) with both results.

The programs: one or two queue sources with ints, floats (ties such as 2.5,
huge values), Unicode strings, tuples and None; a chain of 1-6 operations
(map, filter, flatMap, pairs with reduceByKey, groupByKey, countByValue,
window, reduceByKeyAndWindow, updateStateByKey, join, union, transform) whose
lambdas come from a small expression grammar. The same seed gives the same
programs.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

STRINGS = ["a", "b", "ab", "ΟΔΟΣ", "ﬁne", "ß", "ǅemal", "Ⅻ", "٣", "x y", "", "Ab C"]
NUMBERS = [0, 1, -1, 2, 7, -3, 10**20, 2.5, 0.5, -1.5, 0.1, 1e16, 4e15, -6.16511792009401e+21, 1.7014821481072694e+17]


def value(rng, kind):
    if kind == "int":
        return rng.choice([0, 1, -1, 2, 3, 7, -3, 10, 10**20])
    if kind == "num":
        return rng.choice(NUMBERS)
    if kind == "str":
        return rng.choice(STRINGS)
    return rng.choice([None, 1, "a", (1, "a")])


def num_expr(rng, v, depth=0):
    """An expression over the number v."""
    leaves = [v, str(rng.choice([1, 2, 3, 10, 0.5, 2.5, 1e15]))]
    if depth > 1:
        return rng.choice(leaves)
    a, b = num_expr(rng, v, depth + 1), num_expr(rng, v, depth + 1)
    return rng.choice([
        f"({a} + {b})", f"({a} * {b})", f"({a} - {b})", f"round({a} / 3, {rng.randint(-2, 3)})",
        f"({a} / 3)", f"abs({a})", f"({a} // 2)", f"({a} % 7)", f"round({a})", f"str({a})",
        f"({a} > {b})", f"max({a}, {b})", f"float({a})",
    ])


def str_expr(rng, v):
    m = rng.choice(["lower", "upper", "swapcase", "title", "capitalize", "strip", "isalpha",
                    "isdigit", "isdecimal", "isnumeric", "islower", "isupper", "istitle", "isspace", "isalnum"])
    return rng.choice([f"{v}.{m}()", f"({v} + '!').{m}()", f"len({v}.{m}())" if m in
                       ("lower", "upper", "title", "swapcase", "capitalize") else f"{v}.{m}()",
                       f"{v}[::-1]", f"{v}.split()", f"({v}, len({v}))"])


def elem_lambda(rng, kind):
    """A lambda from one record of `kind` to a new record, and the new kind."""
    if kind == "num" or kind == "int":
        e = num_expr(rng, "x")
        return f"lambda x: {e}", "any"
    if kind == "str":
        return f"lambda x: {str_expr(rng, 'x')}", "any"
    return "lambda x: (x, x is None, str(x))", "any"


def key_lambda(rng, kind):
    if kind in ("num", "int"):
        return rng.choice(["lambda x: (x % 3 if isinstance(x, int) else round(x), x)", "lambda x: (str(x)[:2], x)", "lambda x: (x > 1, x)"])
    if kind == "str":
        return rng.choice(["lambda x: (x.lower(), 1)", "lambda x: (len(x), x)", "lambda x: (x[:1], x)"])
    return "lambda x: (str(x), 1)"


def program(rng, name):
    kind = rng.choice(["int", "num", "str", "mixed"])
    nbatch = rng.randint(1, 3)
    batches = [[value(rng, kind) for _ in range(rng.randint(0, 4))] for _ in range(nbatch)]
    lines = []
    lines.append(f"s = ssc.queueStream({batches!r})")
    cur, ck, pairs = "s", False, False
    steps = rng.randint(1, 6)
    for i in range(steps):
        nxt = f"d{i}"
        if not pairs:
            op = rng.choice(["map", "filter", "flatMap", "pairs", "window", "count", "countByValue", "transform", "union"])
        else:
            op = rng.choice(["reduceByKey", "groupByKey", "mapValues", "join", "window", "updateStateByKey", "reduceByKeyAndWindow", "countByValue"])
        if op == "map":
            lam, kind = elem_lambda(rng, kind)
            lines.append(f"{nxt} = {cur}.map({lam})")
        elif op == "filter":
            lines.append(f"{nxt} = {cur}.filter(lambda x: x is not None and str(x) > '1')")
        elif op == "flatMap":
            lines.append(f"{nxt} = {cur}.flatMap(lambda x: [x, str(x)])")
            kind = "mixed"
        elif op == "pairs":
            lines.append(f"{nxt} = {cur}.map({key_lambda(rng, kind)})")
            pairs = True
        elif op == "window":
            lines.append(f"{nxt} = {cur}.window({rng.choice([2, 3])}, 1)")
        elif op == "count":
            lines.append(f"{nxt} = {cur}.count()")
            kind = "int"
        elif op == "countByValue":
            lines.append(f"{nxt} = {cur}.map(str).countByValue()")
            pairs = True
        elif op == "transform":
            lines.append(f"{nxt} = {cur}.transform(lambda rdd: rdd.map(lambda x: (str(x), 1)).reduceByKey(lambda a, b: a + b))")
            pairs = True
        elif op == "union":
            lines.append(f"{nxt} = {cur}.union({cur}.map(lambda x: x))")
        elif op == "reduceByKey":
            lines.append(f"{nxt} = {cur}.mapValues(str).reduceByKey(lambda a, b: max(a, b))")
        elif op == "groupByKey":
            lines.append(f"{nxt} = {cur}.groupByKey().mapValues(lambda vs: sorted(map(str, vs)))")
        elif op == "mapValues":
            lines.append(f"{nxt} = {cur}.mapValues(lambda v: (v, str(v).upper()))")
        elif op == "join":
            lines.append(f"{nxt} = {cur}.join({cur}.mapValues(str))")
        elif op == "updateStateByKey":
            lines.append(f"{nxt} = {cur}.updateStateByKey(lambda vs, st: (st or 0) + len(vs))")
            ck = True
        elif op == "reduceByKeyAndWindow":
            lines.append(f"{nxt} = {cur}.mapValues(lambda v: 1).reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 2, 1)")
            ck = True
        cur = nxt
    lines.append(f"{cur}.pprint()")
    head = [f"# batches: {nbatch + 2}", "from pyspark import SparkContext", "from pyspark.streaming import StreamingContext", "",
            f'sc = SparkContext("local[2]", "{name}")', "ssc = StreamingContext(sc, 1)"]
    if ck:
        head.append('ssc.checkpoint("checkpoint")')
    return "\n".join(head + lines + ["ssc.start()", "ssc.awaitTermination()", ""])


def generate(seed, count, out):
    os.makedirs(out, exist_ok=True)
    paths = []
    for i in range(count):
        rng = random.Random(f"{seed}-{i}")
        name = f"gen_{seed}_{i}"
        path = os.path.join(out, name + ".py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(program(rng, name))
        paths.append(path)
    return paths


def results(cmd, cwd):
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, stdin=subprocess.DEVNULL, timeout=600)
    got = {}
    for line in r.stdout.splitlines():
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v, dict) and "records" in v:
            got[(v["output"], v["batch"])] = sorted(v["records"])
    return (r.returncode == 0, got)


def differs(streamlab, path):
    """None when PySpark and streamlab agree on the program, else both results."""
    with open(path, encoding="utf-8") as f:
        batches = f.readline().split(":")[1].strip()
    cwd = tempfile.mkdtemp()
    base = [streamlab, "run", os.path.abspath(path), "--batches", batches, "--format", "jsonl"]
    spark = results(base[:3] + ["--engine", "spark"] + base[3:], cwd)
    ours = results(base, tempfile.mkdtemp())
    return None if spark == ours else (spark, ours)


def reduce(streamlab, path):
    """Drop chain steps one at a time while the difference stays (greedy delta debugging)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    changed = True
    while changed:
        changed = False
        for i, l in enumerate(lines):
            if not l.startswith("d") or " = " not in l:
                continue
            name, rhs = l.split(" = ", 1)
            src = rhs.split(".", 1)[0]
            trial = [x.replace(f"{name}.", f"{src}.").replace(f"({name}", f"({src}") for j, x in enumerate(lines) if j != i]
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(trial))
            if differs(streamlab, path):
                lines, changed = trial, True
                break
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main(argv):
    args = dict(zip(argv[2::2], argv[3::2]))
    seed, count = int(args.get("--seed", 1)), int(args.get("--count", 10))
    if argv[1:2] == ["generate"]:
        for p in generate(seed, count, args["--out"]):
            print(p)
        return
    streamlab = os.path.abspath(args.get("--streamlab", os.path.join(HERE, "../../target/debug/streamlab")))
    keep = args.get("--keep", os.path.join(HERE, "../../target/difftest"))
    os.makedirs(keep, exist_ok=True)
    same = 0
    for p in generate(seed, count, tempfile.mkdtemp()):
        d = differs(streamlab, p)
        if d is None:
            same += 1
            continue
        reduce(streamlab, p)
        d = differs(streamlab, p) or d
        out = os.path.join(keep, os.path.basename(p))
        with open(p, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as g:
            g.write(f.read())
        with open(out + ".diff.json", "w", encoding="utf-8") as g:
            json.dump({"pyspark": [d[0][0], {str(k): v for k, v in d[0][1].items()}],
                       "streamlab": [d[1][0], {str(k): v for k, v in d[1][1].items()}]}, g, indent=1, ensure_ascii=False)
        print(f"DIFFERS {p} (reduced: {out})")
    print(f"difftest: {same} of {count} programs match PySpark")


if __name__ == "__main__":
    main(sys.argv)
