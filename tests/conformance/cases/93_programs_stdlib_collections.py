# batches: 4
import datetime
from collections import Counter, defaultdict, namedtuple, OrderedDict, deque
from datetime import datetime as dt, timedelta
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

Sale = namedtuple("Sale", "shop item qty")


def to_sale(line):
    shop, item, qty = line.split(",")
    return Sale(shop, item, int(qty))


def merge(a, b):
    return a + b


def update(new, old):
    state = old if old is not None else Counter()
    for c in new:
        state.update(c)
    return state


def by_letter(words):
    d = defaultdict(list)
    for w in words:
        d[w[0]].append(w)
    return d


def timeline(line):
    shop, stamp = line.split("@")
    t = dt.strptime(stamp, "%Y-%m-%d %H:%M")
    later = t + timedelta(hours=30, minutes=5)
    return (shop, repr(t), str(later), later.strftime("%a %d %b %Y %I:%M %p"), (later - t).total_seconds(),
            t.weekday(), t.isoformat(), later.date() > t.date())


def show(time, rdd):
    print(type(time).__name__, isinstance(time, datetime.datetime), time.microsecond,
          (time + timedelta(seconds=1)) - time)
    for shop, counts in sorted(rdd.collect()):
        print(shop, counts.most_common(2), sorted(counts.elements())[:3])


if __name__ == "__main__":
    sc = SparkContext(appName="Collections")
    ssc = StreamingContext(sc, 1)
    ssc.checkpoint("checkpoint-collections")
    batches = [
        ["north,apple,3", "south,pear,1", "north,pear,2", "north,apple,1"],
        ["south,apple,5", "north,fig,2"],
        ["south,pear,1"],
    ]
    sales = ssc.queueStream(batches).map(to_sale)
    sales.map(lambda s: (s.shop, s)).pprint()
    sales.map(lambda s: ((s.shop, s.item), s.qty)).reduceByKey(lambda a, b: a + b).pprint()
    counts = sales.map(lambda s: (s.shop, Counter({s.item: s.qty}))).reduceByKey(merge)
    counts.pprint()
    totals = sales.map(lambda s: (s.shop, Counter({s.item: s.qty}))).updateStateByKey(update)
    totals.pprint()
    totals.foreachRDD(show)
    sales.map(lambda s: (s.item, s._replace(qty=s.qty * 10)._asdict())).pprint()
    sales.map(lambda s: s.item).glom().map(by_letter).map(lambda d: sorted(d.items())).pprint()
    sales.map(lambda s: (Sale("x", "y", 0) < s, s == (s.shop, s.item, s.qty), len(s), s[1:])).pprint()
    sales.map(lambda s: s.item).transform(lambda rdd: rdd.map(lambda w: OrderedDict.fromkeys(w))).pprint()
    sales.map(lambda s: repr(deque(s.item, maxlen=3))).pprint()
    sales.map(lambda s: s.shop + "@2024-02-28 2" + str(s.qty) + ":30").filter(lambda l: int(l[-5:-3]) < 24).map(timeline).pprint()
    ssc.start()
    ssc.awaitTermination()
