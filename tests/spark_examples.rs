//! The streaming examples PySpark ships, run unchanged on streamlab's engine.
//!
//! Where PySpark is installed, every `.py` under the package's
//! `examples/src/main/python/streaming/` and `.../sql/streaming/` is read
//! from the installed package (nothing of it is copied into this
//! repository) and run with `streamlab run`, with the arguments its usage
//! line documents and a replayed input, in a temporary working directory
//! (the examples write `checkpoint` there and read
//! `data/streaming/AFINN-111.txt` from there). One line per example says
//! `passed` or `rejected: <streamlab's error>`.
//!
//! - The examples that run must be right: their output is checked against
//!   the program's meaning, computed here from the input.
//! - `queue_stream.py` also runs on the real PySpark (one Spark run), and
//!   its batches are compared with streamlab's.
//! - Examples that need Kafka or pandas are rejected with a message that
//!   names it.
//! - Every other example passes or is rejected with a located message;
//!   none panics.
//!
//! Where PySpark is missing it prints `NOT RUN spark_examples: <why>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use streamlab::export::spark_run::{self, Launcher};

mod common;
use common::spark_here;

/// The replayed input: at most 10 distinct words (hello and world among
/// them), so that pprint's first 10 records are all of a batch even for the
/// stateful example, whose state starts with hello and world. None of the
/// words is a key of the AFINN list as network_wordjoinsentiments reads it
/// (see [`afinn_keys`]).
const INPUT: &[&str] = &[
    "hello world",
    "the cat the cat",
    "a b c a",
    "good happy bad good",
    "hello hello the",
    "world cat",
    "c c c b",
    "happy world",
];
const LINES_PER_BATCH: usize = 2;
const BATCHES: usize = 4;

/// No run may hang the suite (live sources run until `--batches` stops them).
const RUN_LIMIT: Duration = Duration::from_secs(60);
const SPARK_LIMIT: Duration = Duration::from_secs(300);

/// The python that imports pyspark, and the package's directory.
fn pyspark_package() -> Result<(String, PathBuf), String> {
    const INSTALL: &str = "pip install \"pyspark==3.5.*\"";
    let launcher = Launcher::find().ok_or_else(|| {
        format!("PySpark is not installed here (neither spark-submit nor a python with pyspark; {INSTALL})")
    })?;
    let pythons: Vec<String> = match launcher {
        Launcher::Python(py) => vec![py],
        Launcher::SparkSubmit => vec!["python3".into(), "python".into()],
    };
    for py in pythons {
        let out = Command::new(&py)
            .args([
                "-c",
                "import os, pyspark; print(os.path.dirname(pyspark.__file__))",
            ])
            .stdin(Stdio::null())
            .output();
        if let Ok(out) = out {
            if out.status.success() {
                let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
                return Ok((py, PathBuf::from(dir)));
            }
        }
    }
    Err(format!(
        "spark-submit is on PATH but no python3 or python imports pyspark, so its examples cannot be found ({INSTALL})"
    ))
}

/// How one run ended.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Run `cmd` in `dir`, its output in files there, killed after `limit`.
fn run_in(mut cmd: Command, dir: &Path, name: &str, limit: Duration) -> Ran {
    let out_path = dir.join(format!("{name}.stdout"));
    let err_path = dir.join(format!("{name}.stderr"));
    let mut child = cmd
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("start the run");
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let mut stderr = read(&err_path);
    if status.is_none() {
        stderr.push_str(&format!("\n(killed after {} s)", limit.as_secs()));
    }
    Ran {
        code: status.and_then(|s| s.code()),
        stdout: read(&out_path),
        stderr,
    }
}

/// One pprint block: its records, and whether it ended with `...`.
#[derive(Debug, Clone, PartialEq)]
struct Printed {
    records: Vec<String>,
    more: bool,
}

/// The pprint blocks of `stdout`, in order (other lines are skipped).
fn pprint_blocks(stdout: &str) -> Vec<Printed> {
    let lines: Vec<&str> = stdout.lines().collect();
    let rule = |l: &str| !l.is_empty() && l.chars().all(|c| c == '-');
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with("Time: ") && i > 0 && rule(lines[i - 1]) {
            let mut block = Printed {
                records: Vec::new(),
                more: false,
            };
            i += 2; // the rule under `Time:`
            while i < lines.len() && !lines[i].is_empty() {
                if lines[i] == "..." {
                    block.more = true;
                } else {
                    block.records.push(lines[i].to_string());
                }
                i += 1;
            }
            blocks.push(block);
        }
        i += 1;
    }
    blocks
}

/// The console sink's tables: per `Batch: N`, its rows as trimmed cells.
fn console_tables(stdout: &str) -> Vec<(u64, Vec<Vec<String>>)> {
    let mut tables: Vec<(u64, Vec<Vec<String>>)> = Vec::new();
    let mut header_seen = false;
    for line in stdout.lines() {
        if let Some(n) = line.strip_prefix("Batch: ") {
            tables.push((n.trim().parse().unwrap_or(u64::MAX), Vec::new()));
            header_seen = false;
        } else if line.starts_with('|') {
            let Some((_, rows)) = tables.last_mut() else {
                continue;
            };
            if !header_seen {
                header_seen = true; // the column names
                continue;
            }
            let cells = line
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            rows.push(cells);
        }
    }
    tables
}

/// Python's `line.split(" ")` word counts over `lines`.
fn word_counts<'a>(lines: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for line in lines {
        for w in line.split(' ') {
            *counts.entry(w.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// The input lines of batch `i` (0-based).
fn batch_lines(i: usize) -> &'static [&'static str] {
    let start = (i * LINES_PER_BATCH).min(INPUT.len());
    let end = ((i + 1) * LINES_PER_BATCH).min(INPUT.len());
    &INPUT[start..end]
}

/// `('word', n)` per word, sorted: how pprint shows a (str, int) pair.
fn pair_reprs(counts: &BTreeMap<String, u64>) -> Vec<String> {
    let mut v: Vec<String> = counts
        .iter()
        .map(|(w, n)| format!("('{w}', {n})"))
        .collect();
    v.sort();
    v
}

/// Whether `printed` is what pprint shows of a batch whose records are `want`
/// (sorted): all of them, or with more than 10, ten of them and `...`.
fn check_block(i: usize, printed: &Printed, want: &[String]) -> Result<(), String> {
    let mut got = printed.records.clone();
    got.sort();
    if want.len() <= 10 {
        if got != want || printed.more {
            return Err(format!(
                "batch {}: expected {want:?}, printed {got:?}{}",
                i + 1,
                if printed.more { " ..." } else { "" }
            ));
        }
        return Ok(());
    }
    let mut rest = want.to_vec();
    for r in &got {
        match rest.iter().position(|w| w == r) {
            Some(p) => {
                rest.remove(p);
            }
            None => return Err(format!("batch {}: {r} is not one of {want:?}", i + 1)),
        }
    }
    if got.len() != 10 || !printed.more {
        return Err(format!(
            "batch {}: {} records, expected the first 10 of {} and '...'",
            i + 1,
            got.len(),
            want.len()
        ));
    }
    Ok(())
}

/// Whether the pprint blocks are exactly the `want` batches.
fn check_blocks(stdout: &str, want: &[Vec<String>]) -> Result<(), String> {
    let blocks = pprint_blocks(stdout);
    if blocks.len() != want.len() {
        return Err(format!(
            "{} pprint batches, expected {}:\n{stdout}",
            blocks.len(),
            want.len()
        ));
    }
    let errors: Vec<String> = blocks
        .iter()
        .zip(want)
        .enumerate()
        .filter_map(|(i, (b, w))| check_block(i, b, w).err())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// network_wordcount / hdfs_wordcount: each batch's word counts.
fn per_batch_counts() -> Vec<Vec<String>> {
    (0..BATCHES)
        .map(|i| pair_reprs(&word_counts(batch_lines(i).iter().copied())))
        .collect()
}

/// stateful_network_wordcount: running totals from hello=1, world=1.
fn running_counts() -> Vec<Vec<String>> {
    let mut state: BTreeMap<String, u64> = [("hello".to_string(), 1), ("world".to_string(), 1)]
        .into_iter()
        .collect();
    (0..BATCHES)
        .map(|i| {
            for (w, n) in word_counts(batch_lines(i).iter().copied()) {
                *state.entry(w).or_insert(0) += n;
            }
            pair_reprs(&state)
        })
        .collect()
}

/// queue_stream: five queued RDDs of 1..=1000 by `x % 10` (100 each), then
/// one empty batch: `time.sleep(6)` is six one-second batches.
fn queue_batches() -> Vec<Vec<String>> {
    let full: Vec<String> = {
        let mut v: Vec<String> = (0..10).map(|k| format!("({k}, 100)")).collect();
        v.sort();
        v
    };
    let mut batches = vec![full; 5];
    batches.push(Vec::new());
    batches
}

/// The keys of the AFINN list as network_wordjoinsentiments reads it:
/// `k, v = line.split(" ")`, and ("", "") when that is not two parts. The
/// file separates word and score by a tab, so nearly every line gives "",
/// and only the first words of the phrases with one space give a key.
fn afinn_keys(text: &str) -> BTreeMap<String, u64> {
    let mut keys = BTreeMap::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let k = if parts.len() == 2 { parts[0] } else { "" };
        *keys.entry(k.to_string()).or_insert(0) += 1;
    }
    keys
}

/// network_wordjoinsentiments: per batch, how many pairs the join of the
/// AFINN tuples with the batch's word counts has. With [`INPUT`], none:
/// Spark itself prints `(0 total)` for it, for the reason above.
fn happiest_lines(afinn: &str) -> Result<Vec<String>, String> {
    let keys = afinn_keys(afinn);
    (0..BATCHES)
        .map(|i| {
            let joined: u64 = word_counts(batch_lines(i).iter().copied())
                .keys()
                .map(|w| keys.get(w).copied().unwrap_or(0))
                .sum();
            if joined != 0 {
                return Err(format!(
                    "the test's input joins {joined} AFINN tuples in batch {}: choose words that are no key of {keys:?}",
                    i + 1
                ));
            }
            Ok(format!(
                "Happiest topics in the last 5 seconds ({joined} total):"
            ))
        })
        .collect()
}

/// structured_network_wordcount (complete mode): each `Batch: N` table is
/// the running word counts of the first m input batches, m never falling,
/// and the batches numbered from 0; the last covers some input.
fn check_structured_counts(stdout: &str) -> Result<(), String> {
    let tables = console_tables(stdout);
    if tables.is_empty() {
        return Err(format!("no console table printed:\n{stdout}"));
    }
    let mut m = 0;
    for (k, (n, rows)) in tables.iter().enumerate() {
        if *n != k as u64 {
            return Err(format!("table {k} is headed Batch: {n}"));
        }
        let mut got: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
        got.sort();
        let prefix = |m: usize| -> Vec<String> {
            let lines = (0..m).flat_map(|i| batch_lines(i).iter().copied());
            let mut v: Vec<String> = word_counts(lines)
                .iter()
                .map(|(w, c)| format!("{w}|{c}"))
                .collect();
            v.sort();
            v
        };
        match (m..=BATCHES).find(|&j| prefix(j) == got) {
            Some(j) => m = j,
            None => {
                return Err(format!(
                    "Batch: {n} is {got:?}, not the counts of the first {m} or more input batches"
                ))
            }
        }
    }
    if m == 0 {
        return Err(format!("no table counts any input:\n{stdout}"));
    }
    Ok(())
}

/// sql_network_wordcount: under each `========= time =========` line, the
/// `show()` table of that batch's word counts (rows compared as sets: their
/// order is Spark's shuffle order, checked in tests/pysurface.rs).
fn check_sql_tables(stdout: &str) -> Result<(), String> {
    let mut sections: Vec<Vec<String>> = Vec::new();
    let mut header_seen = false;
    for line in stdout.lines() {
        if line.starts_with("=========") {
            sections.push(Vec::new());
            header_seen = false;
        } else if line.starts_with('|') {
            let Some(rows) = sections.last_mut() else {
                continue;
            };
            if !header_seen {
                header_seen = true;
                if line.replace(' ', "") != "|word|total|" {
                    return Err(format!("table header {line:?}, expected |word|total|"));
                }
                continue;
            }
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            rows.push(cells.join("|"));
        }
    }
    if sections.len() != BATCHES {
        return Err(format!(
            "{} batches printed, expected {BATCHES}:\n{stdout}",
            sections.len()
        ));
    }
    for (i, rows) in sections.iter_mut().enumerate() {
        rows.sort();
        let mut want: Vec<String> = word_counts(batch_lines(i).iter().copied())
            .iter()
            .map(|(w, c)| format!("{w}|{c}"))
            .collect();
        want.sort();
        if *rows != want {
            return Err(format!(
                "batch {}: table {rows:?}, expected {want:?}",
                i + 1
            ));
        }
    }
    Ok(())
}

/// The documented arguments of an example, and whether it reads the replay.
fn arguments(name: &str) -> (Vec<&'static str>, bool) {
    match name {
        "queue_stream.py" => (vec![], false),
        "hdfs_wordcount.py" => (vec!["incoming"], true),
        "recoverable_network_wordcount.py" => (
            vec![
                "localhost",
                "9999",
                "recoverable-checkpoint",
                "recoverable-out.txt",
            ],
            true,
        ),
        "structured_kafka_wordcount.py" => (vec!["localhost:9092", "subscribe", "words"], true),
        "structured_network_wordcount_windowed.py" => (vec!["localhost", "9999", "10", "5"], true),
        // network_wordcount, stateful, sql, wordjoinsentiments, the socket
        // structured ones, and whatever a later PySpark adds.
        _ => (vec!["localhost", "9999"], true),
    }
}

/// What an example that runs today must print, or Err with why not.
fn check_output(name: &str, stdout: &str, afinn: &str) -> Option<Result<(), String>> {
    Some(match name {
        "network_wordcount.py" | "hdfs_wordcount.py" => check_blocks(stdout, &per_batch_counts()),
        "stateful_network_wordcount.py" => check_blocks(stdout, &running_counts()),
        "queue_stream.py" => check_blocks(stdout, &queue_batches()),
        "network_wordjoinsentiments.py" => happiest_lines(afinn).and_then(|want| {
            let got: Vec<&str> = stdout.lines().collect();
            if got == want {
                Ok(())
            } else {
                Err(format!("expected {want:?}, printed {got:?}"))
            }
        }),
        "structured_network_wordcount.py" => check_structured_counts(stdout),
        "sql_network_wordcount.py" => check_sql_tables(stdout),
        _ => return None,
    })
}

/// The examples that run on streamlab today: they must keep running.
const RUN_TODAY: &[&str] = &[
    "network_wordcount.py",
    "stateful_network_wordcount.py",
    "hdfs_wordcount.py",
    "queue_stream.py",
    "network_wordjoinsentiments.py",
    "structured_network_wordcount.py",
    "recoverable_network_wordcount.py",
    "sql_network_wordcount.py",
    "structured_network_wordcount_windowed.py",
];

/// The records of each non-empty pprint batch, sorted.
fn non_empty_batches(stdout: &str) -> Vec<Vec<String>> {
    pprint_blocks(stdout)
        .into_iter()
        .filter(|b| !b.records.is_empty())
        .map(|b| {
            let mut r = b.records;
            r.sort();
            r
        })
        .collect()
}

#[test]
fn shipped_examples_run_unchanged() {
    let (python, package) = match pyspark_package() {
        Ok(found) => found,
        Err(why) => {
            eprintln!("NOT RUN spark_examples: {why}");
            return;
        }
    };
    let examples_root = package.join("examples/src/main/python");
    let mut examples: Vec<PathBuf> = Vec::new();
    for sub in ["streaming", "sql/streaming"] {
        let dir = examples_root.join(sub);
        if !dir.is_dir() {
            eprintln!(
                "NOT RUN spark_examples: this PySpark ({}) ships no {}",
                package.display(),
                dir.display()
            );
            return;
        }
        examples.extend(
            common::py_files(&dir)
                .into_iter()
                .filter(|p| p.file_name().is_some_and(|n| n != "__init__.py")),
        );
    }
    let afinn_path = package.join("data/streaming/AFINN-111.txt");
    let afinn = std::fs::read_to_string(&afinn_path)
        .unwrap_or_else(|e| panic!("{} (the examples' data): {e}", afinn_path.display()));

    let work = tempfile::tempdir().expect("tempdir");
    let input = work.path().join("input.txt");
    std::fs::write(&input, INPUT.join("\n") + "\n").expect("write input");

    let mut failures: Vec<String> = Vec::new();
    let mut passed = 0;
    let mut queue_stdout = None;
    for (n, example) in examples.iter().enumerate() {
        let name = example.file_name().unwrap().to_string_lossy().into_owned();
        let rel = example
            .strip_prefix(&examples_root)
            .unwrap_or(example)
            .display()
            .to_string();
        let source = std::fs::read_to_string(example).expect("read example");
        // Its own working directory, with the data it reads there.
        let dir = work.path().join(format!("{n:02}"));
        std::fs::create_dir_all(dir.join("data/streaming")).expect("data dir");
        std::fs::create_dir_all(dir.join("incoming")).expect("incoming dir");
        std::fs::copy(&afinn_path, dir.join("data/streaming/AFINN-111.txt")).expect("copy AFINN");

        let (args, replay) = arguments(&name);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_streamlab"));
        cmd.arg("run").arg(example).args(&args);
        if replay {
            cmd.arg("--replay")
                .arg(&input)
                .args(["--lines-per-batch", &LINES_PER_BATCH.to_string()])
                .args(["--batches", &BATCHES.to_string()]);
        }
        cmd.args(["--start-ms", "0"]);
        let ran = run_in(cmd, &dir, "streamlab", RUN_LIMIT);
        let first_err = ran.stderr.lines().next().unwrap_or("").to_string();

        if ran.stderr.contains("panicked") {
            failures.push(format!("{rel}: streamlab panicked:\n{}", ran.stderr));
        }
        let verdict = match ran.code {
            Some(0) => {
                passed += 1;
                "passed".to_string()
            }
            Some(1 | 2) => format!("rejected: {first_err}"),
            other => {
                failures.push(format!(
                    "{rel}: ended with {other:?} (not 0, 1 or 2):\n{}",
                    ran.stderr
                ));
                format!("FAILED: exit {other:?}: {first_err}")
            }
        };
        eprintln!("{rel}: {verdict}");

        let rejected = matches!(ran.code, Some(1 | 2));
        let lower = ran.stderr.to_lowercase();
        if RUN_TODAY.contains(&name.as_str()) && ran.code != Some(0) {
            failures.push(format!(
                "{rel} ran before and must still run:\n{}",
                ran.stderr
            ));
        }
        if ran.code == Some(0) {
            if let Some(Err(why)) = check_output(&name, &ran.stdout, &afinn) {
                failures.push(format!("{rel} printed a wrong result: {why}"));
            }
            if name == "queue_stream.py" {
                queue_stdout = Some(ran.stdout.clone());
            }
        }
        // What streamlab cannot run must be named.
        for (needs, word) in [
            (
                source.contains("\"kafka\"") || source.contains("'kafka'"),
                "kafka",
            ),
            (source.contains("import pandas"), "pandas"),
        ] {
            if needs && !(rejected && first_err.to_lowercase().contains(word)) {
                failures.push(format!(
                    "{rel} needs {word}: it must be rejected with a message naming it, got exit {:?}: {first_err}",
                    ran.code
                ));
            }
        }
        // PySpark 3.5 itself refuses session windows in update mode, at start().
        if name == "structured_sessionization.py"
            && !(rejected
                && first_err.contains(
                    "Update output mode not supported for session window on streaming DataFrames/DataSets",
                ))
        {
            failures.push(format!(
                "{rel} must be refused as PySpark refuses it (update mode with session_window), got exit {:?}: {first_err}",
                ran.code
            ));
        }
        // A rejection says where, or what is missing.
        if rejected && !(ran.stderr.contains("--> ") || lower.contains("streamlab")) {
            failures.push(format!(
                "{rel}: rejected without a location or the missing feature:\n{}",
                ran.stderr
            ));
        }
    }
    eprintln!("{passed} of {} examples run", examples.len());

    // queue_stream.py on the real PySpark: the same non-empty batches.
    let queue = examples
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == "queue_stream.py"));
    match (queue, queue_stdout, spark_here()) {
        (None, _, _) => {
            eprintln!("NOT RUN spark_examples (real Spark): no queue_stream.py shipped")
        }
        (Some(_), None, _) => {} // already a failure above
        (Some(_), Some(_), Err(why)) => {
            eprintln!("NOT RUN spark_examples (queue_stream.py on real Spark): {why}")
        }
        (Some(queue), Some(ours), Ok(launcher)) => {
            let dir = work.path().join("spark");
            std::fs::create_dir_all(&dir).expect("spark dir");
            let mut cmd = launcher.command(queue, &[], spark_run::QUIET);
            cmd.env("PYSPARK_PYTHON", &python);
            let began = Instant::now();
            let ran = run_in(cmd, &dir, "spark", SPARK_LIMIT);
            let theirs = non_empty_batches(&ran.stdout);
            let ours = non_empty_batches(&ours);
            if ran.code != Some(0) {
                let tail: Vec<&str> = ran.stderr.lines().rev().take(30).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                failures.push(format!(
                    "queue_stream.py on real Spark ({}) ended with {:?}:\n{}",
                    launcher.describe(),
                    ran.code,
                    tail.join("\n")
                ));
            } else if theirs != ours {
                failures.push(format!(
                    "queue_stream.py: Spark's non-empty batches {theirs:?}\ndiffer from streamlab's {ours:?}"
                ));
            } else {
                eprintln!(
                    "queue_stream.py on real Spark ({}, {:.0} s): the same {} non-empty batches",
                    launcher.describe(),
                    began.elapsed().as_secs_f64(),
                    theirs.len()
                );
            }
        }
    }

    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
