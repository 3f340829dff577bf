#!/usr/bin/env python3
"""Record the expected output of the Structured Streaming conformance cases on real PySpark.

Usage (from the repository root, with PySpark 3.5 and Java 17 installed):

    python3 tests/conformance/structured/record.py            # every case
    python3 tests/conformance/structured/record.py 40_watermark_append   # some cases

For each `cases/NAME.py` with its input `cases/NAME.input` this writes
`cases/NAME.expected.json`. See README.md in this directory for the method and the format.

Each case runs in a child process (this same script with `--child`), so that the console
sink's text, which the JVM prints on the process's standard output, can be captured whole.
"""

import json
import re
import os
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
DASHES = "-" * 43
# How long the query must stay idle (no trigger running, no new progress) before the
# next batch of input is sent: long enough for Spark's no-data batch to run.
IDLE_SECONDS = 2.0
TIMEOUT_SECONDS = 90.0
ATTEMPTS = 3
# With two sockets a trigger can start between the two sends (a busy machine
# wakes the second socket's reader late): such runs are retried more often.
ATTEMPTS_TWO_SOCKETS = 8


def read_input(path):
    """Batches of lines: the file's lines, batches separated by a line `---`."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    batches, current = [], []
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        if line == "---":
            batches.append(current)
            current = []
        else:
            current.append(line)
    batches.append(current)
    return batches


def is_port_marker(line):
    """A line `@PORT` (e.g. `@9998`): the batch's next lines go to that socket."""
    return len(line) > 1 and line[0] == "@" and line[1:].isdigit()


def route(batch):
    """{port: lines} of one batch: lines before any `@PORT` marker go to 9999."""
    out, port = {}, 9999
    for line in batch:
        if is_port_marker(line):
            port = int(line[1:])
            out.setdefault(port, [])
        else:
            out.setdefault(port, []).append(line)
    return out


def data_lines(batch):
    return [line for line in batch if not is_port_marker(line)]


# ---------------------------------------------------------------------------
# Child: run one program on PySpark, feeding its socket one batch per trigger
# ---------------------------------------------------------------------------


def child(case_py, input_path, meta_path):
    batches = read_input(input_path)
    # One server per socket the input feeds: 9999, and every `@PORT` of it.
    ports = {9999} | {p for batch in batches for p in route(batch)}
    servers, conns = {}, {}
    for wanted in sorted(ports):
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        servers[wanted] = server

        def accept(server=server, wanted=wanted):
            conn, _ = server.accept()
            conns[wanted] = conn

        threading.Thread(target=accept, daemon=True).start()

    from pyspark.sql import SparkSession
    from pyspark.sql.streaming import DataStreamReader, StreamingQuery

    # The programs read localhost:9999 (and the other ports their input names)
    # as written; the recorder serves each on a free port on 127.0.0.1 instead,
    # so that nothing else listening on those ports interferes.
    real_option = DataStreamReader.option

    def option(self, key, value):
        if key == "port" and str(value).isdigit() and int(value) in servers:
            value = servers[int(value)].getsockname()[1]
        if key == "host" and value == "localhost":
            value = "127.0.0.1"
        return real_option(self, key, value)

    DataStreamReader.option = option

    meta = {"error": None, "input_rows": [], "batch_ids": []}

    def total_rows(q):
        return sum(p["numInputRows"] for p in q.recentProgress)

    def wait_idle(q):
        last, since = None, time.time()
        deadline = time.time() + TIMEOUT_SECONDS
        while time.time() < deadline:
            st = q.status
            progress = q.lastProgress
            key = (progress["batchId"] if progress else None, st["isTriggerActive"])
            if key != last:
                last, since = key, time.time()
            elif not st["isTriggerActive"] and time.time() - since >= IDLE_SECONDS:
                return
            time.sleep(0.05)
        raise RuntimeError("the query did not become idle")

    def drive(q, timeout=None):
        deadline = time.time() + TIMEOUT_SECONDS
        if all(not line for batch in batches for line in data_lines(batch)):
            # A program that reads files only (its data is in the repository):
            # no socket to feed, the query reads what is there. (A file source
            # polls for files, so its status never stays still: wait for it
            # to have processed everything instead, then for a no-data batch.)
            q.processAllAvailable()
            time.sleep(IDLE_SECONDS)
            meta["input_rows"] = [p["numInputRows"] for p in q.recentProgress]
            meta["batch_ids"] = [p["batchId"] for p in q.recentProgress]
            q.stop()
            return
        while len(conns) < len(servers) and time.time() < deadline:
            if not q.isActive and q.exception() is not None:
                # The query failed while planning its first batch (a
                # stream-stream join Spark cannot run): what
                # awaitTermination raises.
                raise q.exception()
            time.sleep(0.05)
        if len(conns) < len(servers):
            raise RuntimeError("the socket source never connected")
        wait_idle(q)
        for batch in batches:
            before = total_rows(q)
            lines = data_lines(batch)
            if lines:
                # Every socket's lines at once, so that one trigger reads them all.
                for p, part in route(batch).items():
                    if part:
                        conns[p].sendall(("\n".join(part) + "\n").encode("utf-8"))
                while total_rows(q) < before + len(lines):
                    if time.time() > deadline + TIMEOUT_SECONDS:
                        raise RuntimeError("the query did not read the batch")
                    time.sleep(0.05)
            else:
                # An empty batch of input: nothing to send, the query stays idle.
                pass
            wait_idle(q)
        meta["input_rows"] = [p["numInputRows"] for p in q.recentProgress]
        meta["batch_ids"] = [p["batchId"] for p in q.recentProgress]
        q.stop()
        for conn in conns.values():
            conn.close()

    StreamingQuery.awaitTermination = drive

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with open(case_py, encoding="utf-8") as f:
        program = f.read()
    # `# clean: DIR` lines: directories a case writes (a file sink's output
    # and checkpoint), removed first so that every run starts from batch 0.
    import shutil
    for line in program.splitlines():
        if line.startswith("# clean:"):
            shutil.rmtree(line[len("# clean:"):].strip(), ignore_errors=True)
    try:
        exec(compile(program, case_py, "exec"), {"__name__": "__main__"})
    except Exception as e:  # the error Spark raised for the program
        name = type(e).__name__
        message = str(e).split("\n")[0].strip()
        # A failed query's random ids: the same placeholder on every run.
        message = re.sub(r"\[id = [0-9a-f-]+, runId = [0-9a-f-]+\]", "[id = ID, runId = RUNID]", message)
        meta["error"] = f"{name}: {message}"
    sys.stdout.flush()
    with open(meta_path, "w", encoding="utf-8") as f:
        json.dump(meta, f)
    spark.stop()


# ---------------------------------------------------------------------------
# Parent: run each case in a child, split the captured console text by batch
# ---------------------------------------------------------------------------


def split_console(stdout):
    """[(batch id, text of the batch's table)] from the console sink's output."""
    out = []
    lines = stdout.split("\n")
    i = 0
    while i < len(lines):
        if (
            lines[i] == DASHES
            and i + 2 < len(lines)
            and lines[i + 1].startswith("Batch: ")
            and lines[i + 2] == DASHES
        ):
            batch = int(lines[i + 1][len("Batch: "):])
            j = i + 3
            body = []
            while j < len(lines) and not (
                lines[j] == DASHES and j + 1 < len(lines) and lines[j + 1].startswith("Batch: ")
            ):
                body.append(lines[j])
                j += 1
            out.append((batch, "\n".join(body).rstrip("\n") + "\n"))
            i = j
        else:
            i += 1
    return out


def record(name):
    case_py = os.path.join(CASES, name + ".py")
    input_path = os.path.join(CASES, name + ".input")
    meta_path = os.path.join(CASES, name + ".meta.tmp")
    batches = read_input(input_path)
    with open(case_py, encoding="utf-8") as f:
        text = f.read()
    ordered = "# rows: ordered" in text
    whole_stdout = "# compare: stdout" in text
    two_sockets = any(len(route(b)) > 1 for b in batches)
    for attempt in range(1, (ATTEMPTS_TWO_SOCKETS if two_sockets else ATTEMPTS) + 1):
        env = dict(os.environ, TZ="UTC", PYTHONHASHSEED="0")
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child", case_py, input_path, meta_path],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            timeout=600,
        )
        stdout = proc.stdout.decode("utf-8", "replace")
        if proc.returncode != 0 or not os.path.exists(meta_path):
            sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-3000:])
            print(f"{name}: attempt {attempt} failed (exit {proc.returncode})", file=sys.stderr)
            continue
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        os.remove(meta_path)
        # Every non-empty batch of input must have been read by exactly one trigger.
        data_rows = [n for n in meta["input_rows"] if n > 0]
        wanted = [len(data_lines(b)) for b in batches if any(data_lines(b))]
        files_only = not wanted
        # (A foreachBatch function's every action reads the batch again, and
        # each read counts its rows: a multiple of the batch's lines.)
        split = data_rows != wanted
        if whole_stdout and len(data_rows) == len(wanted):
            split = any(n % w for n, w in zip(data_rows, wanted))
        if meta["error"] is None and not files_only and split:
            print(
                f"{name}: attempt {attempt}: input split across triggers {data_rows} != {wanted}; retrying",
                file=sys.stderr,
            )
            continue
        expected = {
            "case": name + ".py",
            "spark": "3.5.9",
            "rows_ordered": ordered,
            "input_batches": batches,
            "input_rows": meta["input_rows"],
            "console": [{"batch": b, "text": t} for b, t in split_console(stdout)],
            "error": meta["error"],
        }
        if whole_stdout:
            expected["stdout"] = stdout
        with open(os.path.join(CASES, name + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{name}: recorded {len(expected['console'])} batches", file=sys.stderr)
        return True
    return False


def main(argv):
    if len(argv) >= 1 and argv[0] == "--child":
        child(argv[1], argv[2], argv[3])
        return 0
    names = argv or sorted(f[:-3] for f in os.listdir(CASES) if f.endswith(".py"))
    failed = [n for n in names if not record(n)]
    if failed:
        print("not recorded: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
