# batches: 4
from pyspark import SparkContext
from pyspark.streaming import StreamingContext


class BadRecord(ValueError):
    """Raised for a line that is not 'sensor,value'."""

    def __init__(self, line, reason):
        super().__init__("bad record %r: %s" % (line, reason))
        self.line = line


class Reading(object):
    unit = "C"

    def __init__(self, sensor, value):
        self.sensor = sensor
        self.value = value

    @classmethod
    def parse(cls, line):
        parts = line.split(",")
        if len(parts) != 2:
            raise BadRecord(line, "expected 2 fields")
        try:
            return cls(parts[0].strip(), int(parts[1]))
        except ValueError:
            raise BadRecord(line, "value is not a number")

    def __repr__(self):
        return "Reading(%s=%d%s)" % (self.sensor, self.value, self.unit)

    def __lt__(self, other):
        return (self.value, self.sensor) < (other.value, other.sensor)


class Hot(Reading):
    unit = "C!"

    def __init__(self, sensor, value):
        super().__init__(sensor, value)
        self.alarm = value >= 30


class Sensor:
    def __init__(self, name):
        self.name = name.upper()

    def __eq__(self, other):
        return isinstance(other, Sensor) and self.name == other.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return "Sensor(%r)" % self.name


def safe_parse(line):
    try:
        r = Reading.parse(line)
        if r.value >= 30:
            return Hot(r.sensor, r.value)
        return r
    except BadRecord as e:
        return "skipped: " + str(e)


class Stats:
    def __init__(self):
        self.count = 0
        self.total = 0

    def add(self, value):
        self.count += 1
        self.total += value
        return self

    def __add__(self, other):
        s = Stats()
        s.count = self.count + other.count
        s.total = self.total + other.total
        return s

    def __str__(self):
        return "n=%d sum=%d" % (self.count, self.total)

    __repr__ = __str__


class Tally:
    def __init__(self):
        self.counts = []

    def record(self, time, rdd):
        self.counts.append(rdd.count())


sc = SparkContext("local[2]", "Classes")
ssc = StreamingContext(sc, 1)
lines = ssc.queueStream([
    ["a,10", "b,31", "a,5", "oops", "c,x"],
    ["b,2", "B,40", "a,1"],
    [],
    ["c,3", "c,35", "a;1"],
])
parsed = lines.map(safe_parse)
parsed.pprint()
readings = parsed.filter(lambda r: isinstance(r, Reading))
readings.filter(lambda r: type(r) is Hot and r.alarm).map(lambda r: (r.sensor, r.unit, type(r).__name__)).pprint()
by_sensor = readings.map(lambda r: (Sensor(r.sensor), Stats().add(r.value))).reduceByKey(lambda a, b: a + b)
by_sensor.pprint()
by_sensor.map(lambda kv: (str(kv[0]), str(kv[1]), hasattr(kv[1], "total"), getattr(kv[1], "missing", "-"))).pprint()
readings.transform(lambda rdd: rdd.sortBy(lambda r: r)).map(repr).pprint()
readings.map(lambda r: (1, [r])).reduceByKey(lambda a, b: a + b).map(lambda kv: str(sorted(kv[1]))).pprint()
readings.map(lambda r: (isinstance(r, Hot), isinstance(r.value, (int, float)), issubclass(Hot, Reading))).countByValue().pprint()
tally = Tally()
readings.foreachRDD(tally.record)
ssc.start()
ssc.awaitTermination()
