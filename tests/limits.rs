//! Programs that used to abort the process (issue 13, found by fuzzing): deep
//! recursion, deeply nested expressions, huge `local[N]`, huge allocations, and
//! source files with a byte-order mark or old Mac line ends. Each must end as
//! Python would end it (an exception with a location, or a normal run), never
//! with a stack overflow, an abort or a hang.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

const HEADER: &str = "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext(\"local[2]\", \"T\")\nssc = StreamingContext(sc, 1)\n";

/// Run the program `body` from a file named `name` and return (exit code, stdout, stderr).
fn run_file(dir: &Path, name: &str, body: &[u8]) -> (i32, String, String) {
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write program");
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .current_dir(dir)
        .arg("run")
        .arg(&p)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run `defs`, then print `value` through a one-batch stream; returns
/// (exit code, the printed records, stderr).
fn show(defs: &str, value: &str) -> (i32, String, String) {
    let (code, out, err) = run(&format!(
        "{HEADER}{defs}ssc.queueStream([[{value}]]).pprint()\nssc.start()\nssc.awaitTerminationOrTimeout(1)\n"
    ));
    let records = out
        .lines()
        .filter(|l| !l.starts_with("---") && !l.starts_with("Time:") && !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (code, records, err)
}

fn run(body: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    run_file(dir.path(), "prog.py", body.as_bytes())
}

/// The process ended on its own terms: an exit code, no abort, no Rust panic.
fn assert_no_crash(code: i32, err: &str) {
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(!err.contains("overflowed its stack"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

const RECURSIVE: &str = "def g(n):\n    if n == 0:\n        return 0\n    return 1 + g(n - 1)\n";

#[test]
fn issue_13_infinite_recursion_is_a_located_recursion_error() {
    let (code, _, err) = run("def f(x):\n    return f(x)\nf(1)\n");
    assert_no_crash(code, &err);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("RecursionError: maximum recursion depth exceeded"),
        "{err}"
    );
    assert!(err.contains("prog.py:2:12"), "{err}");
}

#[test]
fn issue_13_recursion_as_deep_as_python_allows_runs_and_one_more_fails() {
    // CPython: the module frame plus 999 frames of g (g(998) .. g(0)) is the limit.
    let (code, out, err) = show(RECURSIVE, "g(998)");
    assert_eq!((code, out.as_str()), (0, "998"), "{err}");
    let (code, _, err) = run(&format!("{RECURSIVE}g(999)\n"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("RecursionError"), "{err}");
}

#[test]
fn issue_13_recursion_in_a_lambda_fails_its_batch_and_the_stream_goes_on() {
    let (code, out, err) = run(&format!(
        "{HEADER}{RECURSIVE}q = ssc.queueStream([[470, 940], [5000], [300]])\n\
         q.map(lambda x: g(x)).pprint()\n\
         ssc.start()\nssc.awaitTerminationOrTimeout(4)\n"
    ));
    assert_no_crash(code, &err);
    // Depth 940 on a worker thread (CPython allows it) gives its value.
    assert!(out.contains("\n470\n940\n"), "{out}\n{err}");
    // The batch holding 5000 fails with a RecursionError located in g ...
    assert!(err.contains("RecursionError"), "{err}");
    assert!(err.contains("prog.py:8:16"), "{err}");
    // ... and the batch after it still runs.
    assert!(out.contains("\n300\n"), "{out}");
    assert_eq!(code, 1, "a failed batch makes the exit status 1: {err}");
}

#[test]
fn issue_13_the_repl_session_goes_on_after_a_recursion_error() {
    let home = tempfile::tempdir().expect("tmp");
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .arg("repl")
        .env("STREAMLAB_HOME", home.path())
        .current_dir(home.path())
        .timeout(Duration::from_secs(60))
        .write_stdin("def f(x): return f(x)\nf(1)\nx = 41\nx + 1\n")
        .output()
        .expect("repl");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("RecursionError"), "{stderr}");
    assert_eq!(stdout, "42\n", "{stderr}");
}

/// Each flat chain the fuzzer found, 12,000 links long.
fn deep_chains() -> Vec<(&'static str, String)> {
    vec![
        ("operators", format!("y = 1{}\n", " + 1".repeat(12_000))),
        ("not", format!("y = {}1\n", "not ".repeat(12_000))),
        (
            "attributes",
            format!("x = 1\ny = x{}\n", ".a".repeat(12_000)),
        ),
        (
            "subscripts",
            format!("x = [1]\ny = x{}\n", "[0]".repeat(12_000)),
        ),
        ("calls", format!("x = 1\ny = x{}\n", "()".repeat(12_000))),
        (
            "conditionals",
            format!("y = {}2\n", "1 if 0 else ".repeat(100_000)),
        ),
        (
            "brackets",
            format!("y = {}1{}\n", "(".repeat(12_000), ")".repeat(12_000)),
        ),
        ("unary minus", format!("y = {}1\n", "-".repeat(12_000))),
    ]
}

#[test]
fn issue_13_deeply_nested_expressions_are_a_located_syntax_error() {
    for (what, src) in deep_chains() {
        let (code, _, err) = run(&src);
        assert_no_crash(code, &err);
        assert_eq!(code, 1, "{what}: {err}");
        assert!(err.contains("SyntaxError"), "{what}: {err}");
        assert!(err.contains("nested too deeply"), "{what}: {err}");
        assert!(err.contains("prog.py:"), "{what}: {err}");
    }
}

#[test]
fn issue_13_long_flat_sequences_are_not_mistaken_for_nesting() {
    // 5,000 items in one list, and a sum of 500 terms, are ordinary programs.
    let items: Vec<String> = (0..5000).map(|i| format!("-{i}")).collect();
    let sum = vec!["1"; 500].join(" + ");
    let (code, out, err) = show(
        &format!("x = [{}]\n", items.join(", ")),
        &format!("(len(x), x[-1], {sum}, not not 1)"),
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "(5000, -4999, 500, True)"),
        "{err}"
    );
}

#[test]
fn issue_13_a_large_local_n_keeps_n_partitions_and_a_huge_one_is_refused() {
    let program = |n: &str| {
        format!(
            "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\n\
             sc = SparkContext(\"local[{n}]\", \"T\")\nssc = StreamingContext(sc, 1)\n\
             ssc.queueStream([[sc.defaultParallelism]]).pprint()\n\
             q = ssc.queueStream([sc.parallelize([1, 2, 3])])\n\
             q.map(lambda x: (x % 2, x)).reduceByKey(lambda a, b: a + b).pprint()\n\
             ssc.start()\nssc.awaitTerminationOrTimeout(1)\n"
        )
    };
    // Up to 1024: that many partitions per batch, without that many threads.
    let (code, out, err) = run(&program("1024"));
    assert_no_crash(code, &err);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n1024\n"), "{out}");
    assert!(out.contains("(0, 2)\n(1, 4)\n"), "{out}");
    // Beyond it every batch would crawl through a million partitions: refused,
    // with the line and what to write instead.
    let (code, _, err) = run(&program("1000000"));
    assert_no_crash(code, &err);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("at most 1024") && err.contains(":3:") && err.contains("local[*]"),
        "{err}"
    );
}

#[test]
fn issue_13_huge_allocations_raise_memory_error() {
    for (src, kind) in [
        ("x = [0] * 10**8\n", "a list of 100000000 items"),
        ("x = list(range(10**8))\n", "a range of 100000000 items"),
        ("x = 'ab' * 10**9\n", "a string of 2000000000 characters"),
        ("x = [[0] * 10**7] * 100\ny = sum(x, [])\n", "a list of"),
    ] {
        let (code, _, err) = run(src);
        assert_no_crash(code, &err);
        assert_eq!(code, 1, "{src}: {err}");
        assert!(err.contains("MemoryError"), "{src}: {err}");
        assert!(err.contains(kind), "{src}: {err}");
    }
}

#[test]
fn issue_13_flat_map_of_a_huge_range_fails_its_batch() {
    let (code, out, err) = run(&format!(
        "{HEADER}q = ssc.queueStream([[1], [2]])\n\
         q.flatMap(lambda x: range(10**9 * (2 - x) + 3)).count().pprint()\n\
         ssc.start()\nssc.awaitTerminationOrTimeout(3)\n"
    ));
    assert_no_crash(code, &err);
    assert!(err.contains("MemoryError"), "{err}");
    assert!(out.contains("\n3\n"), "the next batch still runs: {out}");
}

#[test]
fn issue_13_a_byte_order_mark_and_lone_cr_line_ends_read_as_python_reads_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = format!("\u{FEFF}{HEADER}q = ssc.queueStream([[1, 2]])\rq.map(lambda x: x * 10).pprint()\r\nssc.start()\rssc.awaitTerminationOrTimeout(1)\r");
    let (code, out, err) = run_file(dir.path(), "mac.py", src.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n10\n20\n"), "{out}");
}

#[test]
fn issue_13_a_union_of_streams_from_another_context_is_an_error_not_a_panic() {
    // Found by tests/fuzz.rs: a second StreamingContext has an empty graph,
    // and the streams of the first named nodes it does not have.
    let home = tempfile::tempdir().expect("tmp");
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .arg("repl")
        .env("STREAMLAB_HOME", home.path())
        .current_dir(home.path())
        .timeout(Duration::from_secs(60))
        .write_stdin(
            "from pyspark.streaming import StreamingContext\n\
             a = ssc.queueStream([['a1']])\nb = ssc.queueStream([['b1']])\n\
             ssc = StreamingContext(sc, 1)\nssc.union(a, b).pprint()\n1 + 1\n",
        )
        .output()
        .expect("repl");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("ValueError: All DStreams should have same context"),
        "{stderr}"
    );
    assert_eq!(stdout, "2\n", "{stderr}");
}
