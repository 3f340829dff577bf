"""Record what PySpark prints for the static-read programs in static/.

Usage, from the repository root (PySpark 3.5 and Java 17):

    python3 tests/conformance/structured/record_static.py [NAME ...]

Each `static/NAME.py` runs under PySpark with the session time zone UTC and
its standard output is written to `static/NAME.expected.txt`;
tests/structured_files.rs runs the same program on streamlab and compares.
"""

import contextlib
import io
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.join(HERE, "static")

CHILD = """
import sys
from pyspark.sql import SparkSession
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.sql.session.timeZone", "UTC").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
path = sys.argv[1]
exec(compile(open(path).read(), path, "exec"), {"__name__": "__main__"})
"""


def main(names):
    names = names or sorted(f[:-3] for f in os.listdir(STATIC) if f.endswith(".py"))
    for name in names:
        py = os.path.join(STATIC, name + ".py")
        out = subprocess.run(
            [sys.executable, "-c", CHILD, py],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        with open(os.path.join(STATIC, name + ".expected.txt"), "w") as f:
            f.write(out)
        print(f"{name}: {len(out.splitlines())} lines")


if __name__ == "__main__":
    main(sys.argv[1:])
