# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext


def pairs(lines):
    """A generator over a partition: one (user, word) per word after the user."""
    for line in lines:
        user, *words = line.split()
        for word in words:
            yield user, word
    yield from []


def weighted(*sizes, scale=1, **bonus):
    return sum(sizes) * scale + sum(bonus.values())


def running(values):
    total = 0

    def add(v):
        nonlocal total
        total += v
        return total

    return [add(v) for v in values]


def summary(kv):
    user, words = kv
    uniq = set(words)
    vowels = {w for w in uniq if w[0] in "aeiou"}
    lengths = {w: len(w) for w in sorted(uniq)}
    score = weighted(*lengths.values(), scale=1000, extra=len(vowels))
    return f"{user:<5}|{len(uniq):>3}|{sorted(vowels)!r}|{score:,}|{score / 7:.2f}|{lengths}"


def shapes(line):
    sizes = {len(w) for w in line.split()}
    return (sorted(sizes), sizes | {0}, sizes - {3}, sizes ^ {1, 2}, 3 in sizes,
            sizes <= {1, 2, 3, 4, 5, 6}, frozenset(sizes) & {3, 4})


if __name__ == "__main__":
    sc = SparkContext(appName="PythonSyntax")
    ssc = StreamingContext(sc, 1)
    batches = [
        ["ann apple egg apple kiwi", "bob tea"],
        ["ann oak", "cy ice urn ice", "bob tea toast"],
        [],
    ]
    lines = ssc.queueStream(batches)
    words = lines.mapPartitions(pairs)
    words.groupByKey().mapValues(list).map(summary).pprint()
    lines.map(shapes).pprint()
    lines.map(lambda l: running([len(w) for w in l.split()])).pprint()
    by_len = lines.flatMap(lambda l: l.split()).map(lambda w: (len(w), w))
    by_len.groupByKey().mapValues(frozenset).map(
        lambda kv: f"{kv[0]:02d}:{','.join(sorted(kv[1]))}:{len(kv[1])}:{hex(kv[0] * 255)}"
    ).pprint()
    ssc.start()
    ssc.awaitTermination()
