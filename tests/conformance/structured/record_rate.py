"""Record what Spark's `rate` source produces, micro-batch by micro-batch.

Usage (from the repository root, with PySpark 3.5 and Java 17):

    python3 tests/conformance/structured/record_rate.py            # every setting
    python3 tests/conformance/structured/record_rate.py r3_default  # some

For each setting in SETTINGS it runs `spark.readStream.format("rate")` with
those options under `local[2]` until it ran a few micro-batches and writes
`rate/NAME.expected.json`: each micro-batch's start and end offsets (whole
seconds since the source was created, from the query's progress) and its rows
in the order the batch's partitions hold them, each row as (milliseconds after
the source's creation time, value). The creation time is taken from the first
non-empty batch: its first value's timestamp is the creation time plus the
batch's start offset in seconds. Timing on a real clock decides which offsets
each batch covers; tests/structured_conformance.rs checks that streamlab's
rate source gives the same rows for the same offsets.
"""

import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "rate")

# name -> (reader options, trigger interval or None, batches to wait for)
SETTINGS = {
    "r3_default": ({"rowsPerSecond": "3"}, None, 5),
    "r7_three_partitions_2s": ({"rowsPerSecond": "7", "numPartitions": "3"}, "2 seconds", 4),
    "r10_ramp_up": ({"rowsPerSecond": "10", "rampUpTime": "4s", "numPartitions": "1"}, None, 8),
    "r100_trigger_3s": ({"rowsPerSecond": "100"}, "3 seconds", 4),
}


def record(spark, name):
    options, trigger, wanted = SETTINGS[name]
    batches = {}

    def keep(df, batch_id):
        rows = df.collect()
        batches[batch_id] = [(r["timestamp"], r["value"]) for r in rows]

    reader = spark.readStream.format("rate")
    for k, v in options.items():
        reader = reader.option(k, v)
    writer = reader.load().writeStream.foreachBatch(keep)
    if trigger:
        writer = writer.trigger(processingTime=trigger)
    q = writer.start()
    deadline = time.time() + 120
    while len(q.recentProgress) < wanted and time.time() < deadline:
        time.sleep(0.2)
    q.stop()
    progress = {p["batchId"]: p for p in q.recentProgress}

    def offset(v):
        return 0 if v is None else int(v)

    out = []
    for batch_id in sorted(batches):
        p = progress.get(batch_id)
        if p is None:
            continue
        src = p["sources"][0]
        out.append(
            {
                "batch": batch_id,
                "start": offset(src["startOffset"]),
                "end": offset(src["endOffset"]),
                "rows": batches[batch_id],
            }
        )
    first = next((b for b in out if b["rows"]), None)
    if first is None:
        raise SystemExit(f"{name}: Spark produced no rows in {len(out)} batches")
    ts0 = first["rows"][0][0]
    created_us = (
        int(ts0.timestamp() * 1_000_000) - first["start"] * 1_000_000
    )
    for b in out:
        b["rows"] = [
            [round((int(ts.timestamp() * 1_000_000) - created_us) / 1000), v]
            for ts, v in b["rows"]
        ]
    return {
        "setting": name,
        "spark": spark.version,
        "master": "local[2]",
        "options": options,
        "trigger": trigger,
        "batches": out,
    }


def main(argv):
    names = argv or list(SETTINGS)
    unknown = [n for n in names if n not in SETTINGS]
    if unknown:
        raise SystemExit(f"unknown setting(s) {unknown}; known: {list(SETTINGS)}")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    os.makedirs(OUT, exist_ok=True)
    for name in names:
        rec = record(spark, name)
        path = os.path.join(OUT, name + ".expected.json")
        with open(path, "w") as f:
            json.dump(rec, f, indent=1)
            f.write("\n")
        print(f"{name}: {len(rec['batches'])} batches, {sum(len(b['rows']) for b in rec['batches'])} rows -> {path}")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
