#!/usr/bin/env python3
"""Record a conformance case on real PySpark.

    python3 tests/conformance/record.py [--streamlab PATH] cases/NAME.py ...

Runs each case as `streamlab run NAME.py --engine spark --batches N
--format jsonl` (N from the case's `# batches: N` header) and writes
NAME.expected.json beside it: the records of every (output, batch), and,
when the program prints lines of its own, the order of everything on stdout
(see README.md, "expected.json"). Record twice and compare before keeping a
case: what varies between runs does not belong in one.
"""
import json
import re
import subprocess
import sys


def record(streamlab, path):
    with open(path, encoding="utf-8") as f:
        m = re.match(r"# batches: (\d+)", f.readline())
    if not m:
        sys.exit(f"{path}: the first line must be '# batches: N'")
    batches = int(m.group(1))
    run = subprocess.run(
        [streamlab, "run", path, "--engine", "spark", "--batches", str(batches), "--format", "jsonl"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if run.returncode != 0:
        sys.exit(f"{path}: PySpark run failed ({run.returncode}):\n{run.stderr[-3000:]}")
    outputs, sequence = [], []
    for line in run.stdout.splitlines():
        try:
            v = json.loads(line)
        except ValueError:
            v = None
        if isinstance(v, dict) and "records" in v:
            outputs.append({"output": v["output"], "batch": v["batch"], "records": sorted(v["records"])})
            sequence.append(f"[output {v['output']}, batch {v['batch']}]")
        else:
            sequence.append(line)
    last = max((i for i, l in enumerate(sequence) if l.startswith("[output ")), default=-1)
    sequence = sequence[: last + 1]
    outputs.sort(key=lambda o: (o["output"], o["batch"]))
    name = path.rsplit("/", 1)[-1]
    expected = {"case": name, "spark": "3.5.9", "batches": batches, "outputs": outputs, "error": None}
    if any(not l.startswith("[output ") for l in sequence):
        expected["stdout"] = sequence
    with open(path[: -len(".py")] + ".expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{path}: {len(outputs)} outputs" + (f", {len(sequence)} stdout lines" if "stdout" in expected else ""))


def main(argv):
    streamlab = "streamlab"
    if len(argv) > 2 and argv[1] == "--streamlab":
        streamlab, argv = argv[2], argv[2:]
    if len(argv) < 2:
        sys.exit(__doc__)
    for path in argv[1:]:
        record(streamlab, path)


if __name__ == "__main__":
    main(sys.argv)
