//! `streamlab run` end to end: output formats, exit codes, and the diagnostics
//! a learner sees for common mistakes (each checks the location and the words).

use std::path::Path;

use assert_cmd::Command;

fn program(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write program");
    p
}

const HEADER: &str = "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext(\"local[2]\", \"T\")\nssc = StreamingContext(sc, 1)\n";

/// Run `body` (after the usual header) and return (exit code, stdout, stderr).
fn run(body: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = program(dir.path(), "prog.py", &format!("{HEADER}{body}"));
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .current_dir(dir.path())
        .arg("run")
        .arg(&p)
        .args(extra)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn jsonl_has_the_exact_line_format() {
    let (code, out, err) = run(
        "s = ssc.queueStream([[\"a b a\"], [], [\"b\"]])\ns.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda x, y: x + y).pprint()\ns.count().pprint()\nssc.start()\nssc.awaitTermination()\n",
        &["--batches", "3", "--format", "jsonl"],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(
        lines.contains(&r#"{"batch": 0, "output": 1, "records": ["1"]}"#),
        "{out}"
    );
    assert!(
        lines.contains(&r#"{"batch": 1, "output": 0, "records": []}"#),
        "{out}"
    );
    assert!(
        lines.contains(&r#"{"batch": 2, "output": 0, "records": ["('b', 1)"]}"#),
        "{out}"
    );
    let first = lines
        .iter()
        .find(|l| l.starts_with(r#"{"batch": 0, "output": 0"#))
        .expect("batch 0 output 0");
    assert!(
        first.contains("\"('a', 2)\"") && first.contains("\"('b', 1)\""),
        "{first}"
    );
}

#[test]
fn pprint_prints_spark_blocks_with_replay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.txt");
    std::fs::write(&input, "to be or not to be\nthat is\nthe question\n").expect("write");
    let p = program(
        dir.path(),
        "wc.py",
        &format!(
            "{HEADER}lines = ssc.socketTextStream(\"localhost\", 9999)\nlines.flatMap(lambda l: l.split(\" \")).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b).pprint(3)\nssc.start()\nssc.awaitTermination()\n"
        ),
    );
    // 2025-01-01 00:00:00 UTC as the start: batch times are the next seconds.
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .env("TZ", "UTC")
        .arg("run")
        .arg(&p)
        .args(["--replay"])
        .arg(&input)
        .args(["--lines-per-batch", "1", "--start-ms", "1735689600000"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dashes = "-".repeat(43);
    let expected_first = format!("{dashes}\nTime: 2025-01-01 00:00:01\n{dashes}\n");
    assert!(stdout.starts_with(&expected_first), "{stdout}");
    // Batch 1 has 4 distinct words: 3 printed, then "...".
    let first_block: Vec<&str> = stdout
        .split("\n\n")
        .next()
        .expect("block")
        .lines()
        .collect();
    assert_eq!(first_block.len(), 7, "{stdout}");
    assert_eq!(first_block[6], "...");
    assert!(stdout.contains("Time: 2025-01-01 00:00:03\n"), "{stdout}");
    // Three batches of input, then the run stops: exactly 3 blocks.
    assert_eq!(stdout.matches("Time: ").count(), 3, "{stdout}");
    assert!(stdout.contains("('question', 1)"), "{stdout}");
}

/// (line, column) of a `--> prog.py:L:C` in a diagnostic.
fn location(err: &str) -> (usize, usize) {
    let at = err
        .find("prog.py:")
        .unwrap_or_else(|| panic!("no location in:\n{err}"));
    let rest = &err[at + "prog.py:".len()..];
    let mut it = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    let line = it.next().and_then(|s| s.parse().ok()).expect("line");
    let col = it.next().and_then(|s| s.parse().ok()).expect("col");
    (line, col)
}

#[test]
fn unclosed_paren_points_at_the_paren() {
    let (code, out, err) = run(
        "s = ssc.queueStream([[1]])\ns.map(lambda x: (x, 1).pprint()\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("SyntaxError") && err.contains("never closed"),
        "{err}"
    );
    assert_eq!(location(&err), (6, 6), "{err}");
    assert!(err.contains("^"), "{err}");
}

#[test]
fn unknown_method_suggests_the_closest() {
    let (code, out, err) = run(
        "s = ssc.queueStream([[(\"a\", 1)]])\ns.reduceByKy(lambda a, b: a + b).pprint()\nssc.start()\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("'DStream' object has no attribute 'reduceByKy'"),
        "{err}"
    );
    assert!(err.contains("Did you mean: 'reduceByKey'?"), "{err}");
    assert_eq!(location(&err), (6, 3), "{err}");
}

#[test]
fn wrong_arity_names_the_missing_argument() {
    let (code, _, err) = run("s = ssc.queueStream([[1]])\ns.window().pprint()\n", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("DStream.window() missing 1 required positional argument: 'windowDuration'"),
        "{err}"
    );
    assert_eq!(location(&err).0, 6, "{err}");
}

#[test]
fn window_not_a_multiple_of_the_batch_interval() {
    let (code, out, err) = run(
        "s = ssc.queueStream([[1]])\nw = s.window(2.5, 1)\nw.pprint()\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("ValueError: windowDuration must be multiple of the parent dstream's slide (batch) duration (1000 ms)"),
        "{err}"
    );
    assert_eq!(location(&err).0, 6, "{err}");
}

#[test]
fn type_error_in_a_lambda_fails_the_batch_not_the_run() {
    let (code, out, err) = run(
        "s = ssc.queueStream([[1, 2], [\"x\"], [3]])\ns.map(lambda n: n + 1).pprint()\nssc.start()\nssc.awaitTermination()\n",
        &["--batches", "3", "--format", "jsonl"],
    );
    // The failed batch is reported, the others still run, and the exit code says something failed.
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("TypeError: can only concatenate str (not \"int\") to str"),
        "{err}"
    );
    assert!(err.contains("lambda n: n + 1"), "{err}");
    assert!(err.contains("'x'"), "the record is shown: {err}");
    assert_eq!(location(&err), (6, 17), "{err}");
    assert!(
        out.contains(r#"{"batch": 0, "output": 0, "records": ["2", "3"]}"#),
        "{out}"
    );
    assert!(
        out.contains(r#"{"batch": 2, "output": 0, "records": ["4"]}"#),
        "{out}"
    );
    assert!(!out.contains(r#""batch": 1"#), "{out}");
}

#[test]
fn undefined_name_in_a_lambda_is_caught_before_running() {
    let (code, out, err) = run(
        "stopwords = [\"a\"]\ns = ssc.queueStream([[\"a\"]])\ns.filter(lambda w: w not in stopword).pprint()\nssc.start()\nssc.awaitTermination()\n",
        &["--batches", "2"],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("NameError: name 'stopword' is not defined"),
        "{err}"
    );
    assert!(err.contains("Did you mean: 'stopwords'?"), "{err}");
    assert_eq!(location(&err), (7, 29), "{err}");
}

#[test]
fn missing_checkpoint_is_spark_error() {
    let (code, _, err) = run(
        "s = ssc.queueStream([[(\"a\", 1)]])\ns.updateStateByKey(lambda vs, st: sum(vs) + (st or 0)).pprint()\nssc.start()\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(err.contains("The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint()."), "{err}");
}

#[test]
fn unknown_module_is_refused() {
    let (code, _, err) = run("import numpy\n", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("ModuleNotFoundError: No module named 'numpy'"),
        "{err}"
    );
}

/// An unknown module imported above Python the subset does not parse is
/// reported first (PySpark's session-window example imports pandas above a
/// `yield`); a real syntax error is still reported as one.
#[test]
fn unknown_module_above_unsupported_syntax_is_reported_first() {
    let (code, _, err) = run("import pandas as pd\ndef f(xs):\n    yield xs\n", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("ModuleNotFoundError: No module named 'pandas'")
            && err.contains("prog.py:5:1"),
        "{err}"
    );
    let (code, _, err) = run("import pandas as pd\nx = (1,\n", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("SyntaxError: '(' was never closed"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .args(["run"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .args(["run", "x.py", "--format", "xml"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_program_file_is_a_clear_error() {
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .args(["run", "/nonexistent/prog.py"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/prog.py"));
}

#[test]
fn explain_shows_windows_and_state_before_each_batch() {
    let (code, out, err) = run(
        "ssc.checkpoint(\"cp\")\ns = ssc.queueStream([[\"a b\"], [\"a\"], [\"c\"], [], [], [], []])\npairs = s.flatMap(lambda l: l.split()).map(lambda w: (w, 1))\npairs.window(3, 2).count().pprint()\npairs.reduceByKeyAndWindow(lambda x, y: x + y, lambda x, y: x - y, 5, 1).pprint()\npairs.updateStateByKey(lambda new, old: sum(new) + (old or 0)).pprint()\nssc.start()\nssc.awaitTermination()\n",
        &["--explain", "--batches", "7"],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    // Batch 1: the slide-2 window waits; the explain lines come before the first block.
    assert_eq!(
        lines[0],
        "window[3s/2s] covers 00:01..00:01  (no output: not a slide boundary)"
    );
    assert_eq!(
        lines[1],
        "reduceByKeyAndWindow[5s/1s] covers 00:01..00:01  +batch 00:01  recomputed"
    );
    assert_eq!(lines[2], "state: 2 added, 0 updated, 0 removed, 2 keys");
    assert!(lines[3].starts_with("-------"), "{out}");
    assert!(out.contains("window[3s/2s] covers 00:02..00:04\n"), "{out}");
    // Batch 6: batch 1 leaves the 5 s window; the inverse function subtracts it.
    assert!(
        out.contains("reduceByKeyAndWindow[5s/1s] covers 00:02..00:06  +batch 00:06  -batch 00:01  incremental\n"),
        "{out}"
    );
    assert!(
        out.contains("state: 0 added, 1 updated, 0 removed, 2 keys\n"),
        "{out}"
    );
    assert!(
        out.contains("state: 0 added, 0 updated, 0 removed, 3 keys\n"),
        "{out}"
    );
}

#[test]
fn explain_goes_to_stderr_with_jsonl() {
    let (code, out, err) = run(
        "s = ssc.queueStream([[1], [2]])\ns.window(2, 1).pprint()\nssc.start()\nssc.awaitTermination()\n",
        &["--explain", "--batches", "2", "--format", "jsonl"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().all(|l| l.starts_with('{')), "{out}");
    assert!(err.contains("window[2s/1s] covers 00:01..00:02\n"), "{err}");
}

/// Issue 13: a 10 MB record that raises is shown shortened in the error
/// (`'aaaa...aaaa' (10,000,000 characters)`), not printed whole; so is the
/// 10 MB value a transform returns instead of an RDD.
#[test]
fn issue_13_huge_values_in_messages_are_shortened() {
    let (code, _out, err) = run(
        "ssc.queueStream([['a' * 10000000]]).map(lambda x: int(x)).pprint()\nssc.start()\nssc.awaitTerminationOrTimeout(3)\n",
        &[],
    );
    assert_eq!(code, 1, "{}", &err[..err.len().min(2000)]);
    assert!(err.len() < 5_000, "{} bytes of error", err.len());
    assert!(
        err.contains("invalid literal for int() with base 10: 'aaaa")
            && err.contains("aaaa' (10,000,000 characters)"),
        "{err}"
    );
    assert!(err.contains("applied to the record: 'aaaa"), "{err}");
    let (code, _out, err) = run(
        "ssc.queueStream([['x']]).transform(lambda rdd: 'b' * 10000000).pprint()\nssc.start()\nssc.awaitTerminationOrTimeout(3)\n",
        &[],
    );
    assert_eq!(code, 1, "{}", &err[..err.len().min(2000)]);
    assert!(err.len() < 5_000, "{} bytes of error", err.len());
    assert!(err.contains("bbbb' (10,000,000 characters)"), "{err}");
}

#[test]
fn several_syntax_errors_show_the_first_and_count_the_rest() {
    let (code, out, err) = run(
        "s = ssc.queueStream([[1]]))\nt = s.map(lambda x: x x)\nu = 'open\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    // The first error as ever (the header has 4 lines), then the count.
    assert!(err.contains("SyntaxError: unmatched ')'"), "{err}");
    assert_eq!(location(&err), (5, 27), "{err}");
    assert!(err.contains("and 2 more errors"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}
