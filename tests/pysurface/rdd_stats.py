# Recorded on PySpark 3.5.9 without numpy (python3 rdd_stats.py > rdd_stats.spark.out).
from pyspark import SparkContext
sc = SparkContext("local[2]", "st")
sc.setLogLevel("ERROR")
for data, n in [([1, 2, 3], 2), ([0.1, 0.2, 0.3, 0.4, 0.7], 2), ([5], 1), ([1.5, 2, 7, -1, 3, 3.25, 8, 9, 10, 11, 12, 13, 14], 3), ([], 2)]:
    r = sc.parallelize(data, n)
    s = r.stats()
    print(s, r.mean(), r.stdev(), r.sampleStdev(), r.variance(), r.sampleVariance(), s.sum(), s.count(), s.asDict(), s.asDict(True))
try:
    sc.emptyRDD().stats()
except ValueError as e:
    print("ValueError", e)
