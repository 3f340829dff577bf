# batches: 3
import functools
import itertools
import math
import operator
import random
import string
from functools import reduce, partial
from itertools import chain, groupby, islice
from pyspark import SparkContext
from pyspark.streaming import StreamingContext


def sample_for(x):
    rng = random.Random(x)
    letters = list(string.ascii_lowercase[:6])
    rng.shuffle(letters)
    return (x, rng.randint(1, 6), round(rng.random(), 6), rng.choice("xyz"), letters, rng.sample(range(50), 3))


def seeded(x):
    random.seed(x * 7)
    return (x, random.randrange(100), round(random.uniform(1, 2), 6), round(random.gauss(0, 1), 6))


def stats(values):
    values = sorted(values)
    return (reduce(operator.add, values), reduce(operator.mul, values, 1), math.floor(math.sqrt(sum(values))),
            math.ceil(math.log(max(values) + 1, 2)), round(math.hypot(*values[:2]), 6), math.gcd(*values),
            math.factorial(len(values)), math.isclose(sum(v / 10 for v in values), sum(values) / 10))


def runs(words):
    return [(k, len(list(g))) for k, g in groupby(sorted(words), key=operator.itemgetter(0))]


def combos(words):
    return (list(itertools.combinations(sorted(set(words))[:4], 2)),
            list(itertools.permutations(sorted(set(words))[:2])),
            list(itertools.product("ab", repeat=2)),
            list(itertools.accumulate([len(w) for w in words])),
            list(itertools.zip_longest(words[:3], "xy", fillvalue="-")),
            list(islice(itertools.count(10, 5), 3)),
            list(itertools.takewhile(lambda w: len(w) < 5, words)),
            list(itertools.dropwhile(lambda w: len(w) < 5, words)),
            list(itertools.starmap(operator.mul, [(2, 3), (4, 5)])),
            list(chain.from_iterable([[1], [2, 3]])),
            list(itertools.repeat("r", 2)))


if __name__ == "__main__":
    sc = SparkContext(appName="RandomItertools")
    ssc = StreamingContext(sc, 1)
    nums = ssc.queueStream([[1, 2, 3, 4], [5, 6], [7]])
    nums.map(sample_for).pprint()
    nums.map(seeded).pprint()
    nums.glom().filter(lambda vs: len(vs) > 0).map(stats).pprint()
    nums.map(partial(operator.mul, 3)).map(functools.partial(pow, 2)).pprint()
    words = ssc.queueStream([["apple", "avocado", "banana", "cherry", "blueberry"], ["kiwi", "kale"], []])
    words.glom().filter(lambda ws: len(ws) > 0).map(runs).pprint()
    words.glom().filter(lambda ws: len(ws) > 0).map(combos).pprint()
    words.map(operator.methodcaller("upper")).map(lambda w: (w, operator.itemgetter(0, -1)(w), operator.methodcaller("count", "A")(w))).pprint()
    words.map(lambda w: sorted(set(w) & set(string.ascii_lowercase[:5]))).pprint()
    ssc.start()
    ssc.awaitTermination()
