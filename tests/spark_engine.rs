//! `streamlab run --engine spark`: the exported program on a real PySpark.
//! Where no PySpark is installed, the run says how to install it (tested
//! everywhere); where one is, programs run on it and their batches are
//! checked: one through the CLI in both output formats, and the conformance
//! cases through export (a sample that covers every group by default, all of
//! them with `STREAMLAB_SPARK_CASES=all`), compared with what PySpark 3.5.9
//! recorded (each test prints a `NOT RUN` line with the reason where PySpark
//! or Java is missing).

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use streamlab::export::spark_run::{
    self, HarnessConfig, HarnessLine, HarnessProgram, Launcher, ProgramEnd,
};
use streamlab::export::{export, ExportOptions};

mod common;
use common::{compare, expected, jsonl_records, spark_here, Records};

fn program() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases/20_pairs_word_count.py")
}

#[test]
fn without_pyspark_the_run_says_how_to_install_it() {
    let empty = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .env("PATH", empty.path())
        .arg("run")
        .arg(program())
        .args(["--engine", "spark", "--batches", "2"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no PySpark found") && err.contains("pip install \"pyspark==3.5.*\""),
        "{err}"
    );
}

#[test]
fn replay_needs_streamlabs_engine() {
    let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .arg("run")
        .arg(program())
        .args(["--engine", "spark", "--replay", "lines.txt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--replay works with streamlab's engine only")
            && err.contains("streamlab produce"),
        "{err}"
    );
}

#[test]
fn a_program_runs_on_real_pyspark_where_installed() {
    if let Err(why) = spark_here() {
        eprintln!("NOT RUN a_program_runs_on_real_pyspark_where_installed: {why}");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .current_dir(dir.path())
        .arg("run")
        .arg(program())
        .args(["--engine", "spark", "--batches", "4"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The first batch of `a b a` / `c` on Spark: the same records streamlab's conformance expects.
    let first = stdout.split("\n\n").next().unwrap_or("");
    for want in ["('a', 2)", "('b', 1)", "('c', 1)"] {
        assert!(
            first.contains(want),
            "missing {want} in Spark's first batch:\n{stdout}"
        );
    }
    assert!(stdout.contains("('b', 2)"), "{stdout}");
}

#[test]
fn jsonl_on_real_pyspark_matches_streamlabs_engine() {
    if let Err(why) = spark_here() {
        eprintln!("NOT RUN jsonl_on_real_pyspark_matches_streamlabs_engine: {why}");
        return;
    }
    // Windows sliding every 2 batches: output only at odd batches, so the
    // batch numbers must line up on both engines.
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance/cases/50_window_slide_two.py");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |engine: &str| {
        Command::new(env!("CARGO_BIN_EXE_streamlab"))
            .current_dir(dir.path())
            .arg("run")
            .arg(&case)
            .args(["--engine", engine, "--batches", "6", "--format", "jsonl"])
            .output()
            .expect("run")
    };
    let spark = run("spark");
    let ours = run("streamlab");
    let spark_out = String::from_utf8_lossy(&spark.stdout);
    assert!(
        spark.status.success(),
        "{}",
        String::from_utf8_lossy(&spark.stderr)
    );
    assert!(ours.status.success());
    // Spark's log stays on stderr: stdout is only the JSON lines.
    let got = jsonl_records(&spark_out).unwrap_or_else(|e| panic!("{e}\n{spark_out}"));
    let want = jsonl_records(&String::from_utf8_lossy(&ours.stdout)).expect("streamlab's jsonl");
    assert_eq!(
        got.keys().map(|k| k.1).collect::<BTreeSet<_>>(),
        BTreeSet::from([1, 3, 5])
    );
    assert_eq!(got, want, "Spark:\n{spark_out}");
}

/// Cases that do not match on real Spark through export, each with the
/// reason (printed by the test). Empty: every case must match. A case listed
/// here that matches fails the test, so the list cannot go stale.
const EXCLUDED: &[(&str, &str)] = &[];

/// How many Spark processes share the cases.
const SPARK_PROCESSES: usize = 2;

struct Case {
    name: String,
    want: Records,
    /// The recorded error's type and message.
    want_error: Option<(String, String)>,
}

/// What one Spark process reported: per program, its records and its end.
struct Reported {
    records: Vec<(Records, Vec<String>)>,
    ends: Vec<Option<ProgramEnd>>,
    stderr_tail: String,
    seconds: f64,
}

/// Run the harness over `programs` in one Spark process (one SparkContext).
fn run_shared(
    launcher: &Launcher,
    dir: &Path,
    programs: Vec<HarnessProgram>,
) -> std::thread::JoinHandle<Reported> {
    let n = programs.len();
    let config = HarnessConfig {
        tag: spark_run::TAG.into(),
        programs,
        shared_context: true,
        timeout_seconds: Some(180.0),
        report_queries: false,
    };
    std::fs::create_dir_all(dir).expect("process dir");
    let (script, config) = spark_run::write_harness(dir, &config).expect("write harness");
    let log = dir.join("spark.log");
    let mut conf = spark_run::QUIET.to_vec();
    conf.push(spark_run::MANUAL_CLOCK);
    let mut child = launcher
        .command(&script, &[config.as_path()], &conf)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("start PySpark");
    std::thread::spawn(move || {
        let began = Instant::now();
        let mut records = vec![(Records::new(), Vec::new()); n];
        let mut ends = vec![None; n];
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        // No run of the suite may hang CI.
        let deadline = Instant::now() + Duration::from_secs(1200);
        while child.try_wait().ok().flatten().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        // What the programs wrote to stderr (tracebacks): shown with the log.
        let mut program_stderr = String::new();
        for line in reader.join().expect("stdout reader") {
            match spark_run::parse_line(&line) {
                Some(Ok(HarnessLine::Stderr { stderr })) => program_stderr.push_str(&stderr),
                Some(Ok(HarnessLine::Batch(b))) if b.program < n => {
                    let (got, problems) = &mut records[b.program];
                    let mut recs = b.records;
                    recs.sort();
                    if got.insert((b.output as u64, b.batch), recs).is_some() {
                        problems.push(format!(
                            "(output {}, batch {}) reported twice",
                            b.output, b.batch
                        ));
                    }
                }
                Some(Ok(HarnessLine::End(e))) if e.program < n => {
                    let p = e.program;
                    ends[p] = Some(e);
                }
                Some(Ok(other)) => panic!("a line for no program: {other:?}"),
                Some(Err(e)) => panic!("{e}"),
                None => {}
            }
        }
        let log = std::fs::read_to_string(&log).unwrap_or_default() + &program_stderr;
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        Reported {
            records,
            ends,
            stderr_tail: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
            seconds: began.elapsed().as_secs_f64(),
        }
    })
}

/// Whether PySpark's error message is the recorded one. An error raised on
/// the Python side reaches the JVM with the whole Python traceback (paths of
/// this machine's PySpark in it), so such a case records the summary: the
/// JVM's prefix up to "raised by Python:" and Spark's error class in
/// brackets; both must be in what Spark printed.
fn same_message(recorded: &str, got: &str) -> bool {
    if recorded == got {
        return true;
    }
    let marker = "raised by Python:";
    let (Some(r), true) = (
        recorded.find(marker),
        got.contains("Traceback (most recent call last)"),
    ) else {
        return false;
    };
    let classes: Vec<&str> = recorded
        .split('[')
        .skip(1)
        .filter_map(|t| t.split_once(']').map(|(c, _)| c))
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'))
        .collect();
    got.starts_with(&recorded[..r + marker.len()])
        && !classes.is_empty()
        && classes.iter().all(|c| got.contains(&format!("[{c}]")))
}

/// Whether a case's report matches what PySpark recorded.
fn judge(
    case: &Case,
    got: &Records,
    problems: &[String],
    end: Option<&ProgramEnd>,
) -> Result<(), String> {
    let Some(end) = end else {
        return Err("the Spark process ended before this case finished (see its log)".into());
    };
    if let Some((kind, message)) = &case.want_error {
        // Spark against Spark: the error itself must be the recorded one.
        return match (&end.error, got.values().any(|r| !r.is_empty())) {
            (Some(e), false) if e.kind == *kind && same_message(message, &e.message) => Ok(()),
            (Some(e), false) => Err(format!(
                "expected {kind}: {message}\ngot {}: {}",
                e.kind, e.message
            )),
            (Some(_), true) => Err(format!(
                "PySpark rejected it, but after reporting records: {got:?}"
            )),
            (None, _) => Err("PySpark ran it without an error".into()),
        };
    }
    if let Some(e) = &end.error {
        return Err(format!("PySpark failed: {}: {}", e.kind, e.message));
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    compare(&case.want, got)
}

/// Every recorded conformance case, exported by streamlab and run on a real
/// PySpark, matches what PySpark 3.5.9 recorded. The cases run in
/// SPARK_PROCESSES Spark processes, each reusing one SparkContext, on Spark's
/// manual clock (each batch runs as soon as the previous one is done).
/// Expected errors: streamlab refuses to export the program, and Spark, given
/// the case's own program, rejects it with the recorded error type and
/// message, without reporting records.
/// Which recorded cases run on real Spark. Every case runs against
/// streamlab's engine in `tests/conformance.rs`; on Spark, where a case takes
/// several seconds, a default run takes a sample that keeps CI short: every
/// third case in name order plus the first of each group (the prefix before
/// the first `_`), so each group is exercised. `STREAMLAB_SPARK_CASES=all`
/// runs every case; the summary line says which was run.
fn sample(files: Vec<PathBuf>) -> (Vec<PathBuf>, String) {
    let total = files.len();
    if std::env::var("STREAMLAB_SPARK_CASES").is_ok_and(|v| v == "all") {
        return (files, format!("all {total} recorded cases"));
    }
    let group = |p: &PathBuf| {
        p.file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('_').next())
            .unwrap_or("")
            .to_string()
    };
    let mut seen = BTreeSet::new();
    let chosen: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .filter(|(i, p)| seen.insert(group(p)) || i % 6 == 0)
        .map(|(_, p)| p.clone())
        .collect();
    let note = format!(
        "a sample of {} of the {total} recorded cases, every group included; STREAMLAB_SPARK_CASES=all runs them all",
        chosen.len()
    );
    (chosen, note)
}

#[test]
fn every_conformance_case_matches_on_real_pyspark() {
    let launcher = match spark_here() {
        Ok(l) => l,
        Err(why) => {
            eprintln!("NOT RUN every_conformance_case_matches_on_real_pyspark: {why}");
            return;
        }
    };
    let began = Instant::now();
    let cases_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .expect("cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 96,
        "expected the 96 recorded cases, found {}",
        files.len()
    );
    let (files, scope) = sample(files);
    let work = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    let mut cases = Vec::new();
    let mut groups: Vec<Vec<(usize, HarnessProgram)>> = vec![Vec::new(); SPARK_PROCESSES];
    for py in &files {
        let name = py
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let (batches, want, want_error) = expected(&py.with_extension("expected.json"));
        let src = std::fs::read_to_string(py).expect("read case");
        let text = match (
            export(&src, &ExportOptions::default()),
            want_error.is_some(),
        ) {
            (Ok(text), false) => text,
            (Err(e), false) => {
                failures.push(format!("{name}: streamlab cannot export it: {e:?}"));
                continue;
            }
            // Spark gets the case itself, a complete PySpark program.
            (Err(_), true) => src,
            (Ok(_), true) => {
                failures.push(format!(
                    "{name}: PySpark rejects it, but streamlab exports it"
                ));
                continue;
            }
        };
        let file = work.path().join(format!("{name}.py"));
        let cwd = work.path().join(&name);
        std::fs::write(&file, text).expect("write program");
        std::fs::create_dir_all(&cwd).expect("case dir");
        let index = cases.len();
        groups[index % SPARK_PROCESSES].push((
            index,
            HarnessProgram {
                file,
                batches: Some(batches),
                cwd: Some(cwd),
                args: Vec::new(),
            },
        ));
        cases.push(Case {
            name,
            want,
            want_error,
        });
    }
    let runs: Vec<_> = groups
        .iter()
        .enumerate()
        .map(|(k, group)| {
            let programs = group.iter().map(|(_, p)| p.clone()).collect();
            let indices: Vec<usize> = group.iter().map(|(i, _)| *i).collect();
            (
                indices,
                run_shared(&launcher, &work.path().join(format!("spark-{k}")), programs),
            )
        })
        .collect();
    let mut passed = 0;
    let mut excluded_seen = Vec::new();
    let mut process_seconds = Vec::new();
    let mut slowest: Vec<(f64, String)> = Vec::new();
    for (indices, run) in runs {
        let reported = run.join().expect("reader thread");
        process_seconds.push(reported.seconds);
        let mut broken = false;
        for (k, &i) in indices.iter().enumerate() {
            let case = &cases[i];
            let (got, problems) = &reported.records[k];
            let end = reported.ends[k].as_ref();
            if let Some(e) = end {
                slowest.push((e.seconds, case.name.clone()));
            }
            let excluded = EXCLUDED.iter().find(|x| x.0 == case.name);
            match (judge(case, got, problems, end), excluded) {
                (Ok(()), None) => passed += 1,
                (Ok(()), Some(_)) => failures.push(format!(
                    "{}: matches but is listed in EXCLUDED; remove it from there",
                    case.name
                )),
                (Err(_), Some((_, why))) => excluded_seen.push(format!("{} ({why})", case.name)),
                (Err(e), None) => {
                    broken |= end.is_none();
                    failures.push(format!("{}:\n{e}", case.name));
                }
            }
        }
        if broken {
            failures.push(format!(
                "the end of that Spark process's log:\n{}",
                reported.stderr_tail
            ));
        }
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    eprintln!(
        "real-Spark conformance: {passed} of {} cases match PySpark 3.5.9's recordings ({scope}), run with {} in {:.0} s ({} Spark processes: {})",
        files.len(),
        launcher.describe(),
        began.elapsed().as_secs_f64(),
        SPARK_PROCESSES,
        process_seconds
            .iter()
            .map(|s| format!("{s:.0} s"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    eprintln!(
        "real-Spark conformance: slowest cases: {}",
        slowest
            .iter()
            .take(3)
            .map(|(s, n)| format!("{n} {s:.1} s"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for x in &excluded_seen {
        eprintln!("real-Spark conformance: excluded: {x}");
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A free TCP port on 127.0.0.1.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `streamlab produce FILE` on `port`, killed when dropped.
struct Producer(std::process::Child);

impl Producer {
    fn start(file: &Path, port: u16) -> Producer {
        let child = Command::new(env!("CARGO_BIN_EXE_streamlab"))
            .arg("produce")
            .arg(file)
            .args(["--port", &port.to_string(), "--rate", "20", "-q"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("producer");
        Producer(child)
    }
}

impl Drop for Producer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Wait for `child` at most `patience`; kill it if it is still running.
fn wait_or_kill(child: &mut std::process::Child, patience: Duration) -> Option<i32> {
    let began = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        if began.elapsed() > patience {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {patience:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn structured_programs_report_their_batches_from_spark() {
    // `--format jsonl` and `--batches` on Spark: the console sink's
    // micro-batches come back as streamlab's JSON lines, and the run ends
    // after that many micro-batches.
    if let Err(why) = spark_here() {
        eprintln!("NOT RUN structured_programs_report_their_batches_from_spark: {why}");
        return;
    }
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance/structured/cases/10_complete_wordcount.py");
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("input.txt");
    std::fs::write(&input, "cat dog\ndog\nowl cat\n").expect("input");
    let port = free_port();
    let _producer = Producer::start(&input, port);
    let mut child = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .current_dir(dir.path())
        .arg("run")
        .arg(&case)
        .args(["--engine", "spark", "--port", &port.to_string()])
        .args(["--format", "jsonl", "--batches", "2"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    let code = wait_or_kill(&mut child, Duration::from_secs(600));
    let out = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        code,
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 2, "two micro-batches, then the end:\n{stdout}");
    let mut before: BTreeMap<String, u64> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["batch"], i as u64, "{stdout}");
        assert_eq!(line["columns"], serde_json::json!(["word", "count"]));
        // Complete mode: each batch holds every word so far, counts only grow.
        let counts: BTreeMap<String, u64> = line["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| {
                let word = r[0].as_str().expect("word").to_string();
                let n = r[1].as_str().and_then(|n| n.parse().ok()).expect("count");
                (word, n)
            })
            .collect();
        for (word, n) in &counts {
            let most = match word.as_str() {
                "cat" | "dog" => 2,
                "owl" => 1,
                other => panic!("a word not in the input: {other:?}\n{stdout}"),
            };
            assert!(*n >= 1 && *n <= most, "{word}: {n}\n{stdout}");
            assert!(*n >= before.get(word).copied().unwrap_or(0), "{stdout}");
        }
        assert!(before.keys().all(|w| counts.contains_key(w)), "{stdout}");
        before = counts;
    }
    assert!(!before.is_empty(), "no rows at all:\n{stdout}");
}

/// The child's stdout lines as they come, read on a thread of their own.
fn stdout_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn a_signal_stops_spark_and_leaves_no_files() {
    if let Err(why) = spark_here() {
        eprintln!("NOT RUN a_signal_stops_spark_and_leaves_no_files: {why}");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).expect("tmp");
    let input = dir.path().join("input.txt");
    std::fs::write(&input, "a b a\nc\n").expect("input");
    let port = free_port();
    let _producer = Producer::start(&input, port);
    let mut child = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .current_dir(dir.path())
        .env("TMPDIR", &tmp)
        .arg("run")
        .arg(program())
        .args(["--engine", "spark", "--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    // Wait for Spark's first batch, then stop streamlab as `kill` would.
    let rx = stdout_lines(&mut child);
    let began = Instant::now();
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.starts_with("Time: ")) {
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(line) => seen.push(line),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(_) => panic!("streamlab ended before a batch: {seen:?}"),
        }
        if began.elapsed() > Duration::from_secs(600) {
            let _ = child.kill();
            panic!("no batch from Spark within 600 s: {seen:?}");
        }
    }
    assert!(
        std::fs::read_dir(&tmp)
            .expect("tmp")
            .any(|e| e.is_ok_and(|e| e
                .file_name()
                .to_string_lossy()
                .starts_with("streamlab-spark-"))),
        "the harness's files are in TMPDIR while it runs"
    );
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("kill");
    let code = wait_or_kill(&mut child, Duration::from_secs(120));
    let mut err = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err);
    assert_eq!(code, Some(128 + 15), "{err}");
    assert!(err.contains("stopped by SIGTERM"), "{err}");
    // streamlab's own directory is gone (Spark's JVM keeps its own in /tmp).
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .expect("tmp")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains("streamlab-spark-"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// A Python-side error recorded as its summary matches Spark's message with
/// the traceback, and only when Spark's error class is the recorded one.
#[test]
fn a_python_side_error_matches_its_recorded_summary() {
    let recorded = "org.apache.spark.SparkException: An exception was raised by Python: _pickle.PicklingError: Could not serialize object: PySparkRuntimeError: [RDD_TRANSFORM_ONLY_VALID_ON_DRIVER] It appears that you are attempting to broadcast an RDD.";
    let got = "org.apache.spark.SparkException: An exception was raised by Python:\nTraceback (most recent call last):\n  File \"/x/pyspark/serializers.py\", line 459, in dumps\npyspark.errors.exceptions.base.PySparkRuntimeError: [RDD_TRANSFORM_ONLY_VALID_ON_DRIVER] It appears";
    assert!(same_message(recorded, got));
    assert!(!same_message(
        recorded,
        &got.replace("RDD_TRANSFORM_ONLY_VALID_ON_DRIVER", "OTHER_ERROR")
    ));
    assert!(!same_message(
        "All DStreams should have same serializer",
        got
    ));
    assert!(same_message("same text", "same text"));
}

/// Sum `('key', n)` records of `--format jsonl` lines per key.
fn summed(lines: &[String]) -> BTreeMap<String, i64> {
    let mut totals = BTreeMap::new();
    for line in lines {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        for r in v["records"].as_array().into_iter().flatten() {
            let r = r.as_str().unwrap_or_default();
            let (key, n) = r
                .trim_matches(|c| c == '(' || c == ')')
                .rsplit_once(", ")
                .unwrap_or_else(|| panic!("not a (key, n) record: {r}"));
            *totals.entry(key.to_string()).or_insert(0) += n.parse::<i64>().expect("n");
        }
    }
    totals
}

#[test]
fn a_lesson_session_exported_as_a_notebook_runs_on_pyspark() {
    // What a learner gets from `:export lesson.ipynb` in lesson 2: the lesson's
    // text, then their code, which must run on PySpark with the same results.
    if let Err(why) = spark_here() {
        eprintln!("NOT RUN a_lesson_session_exported_as_a_notebook_runs_on_pyspark: {why}");
        return;
    }
    let lessons = streamlab::lessons::all().expect("lessons");
    let lesson = lessons.iter().find(|l| l.number == 2).expect("lesson 2");
    let step = lesson.steps.last().expect("a step");
    let port = free_port();
    let text = streamlab::export::export_notebook(
        &step.solution,
        &ExportOptions {
            batch_seconds: lesson.batch.as_secs_f64(),
            host: Some("127.0.0.1".into()),
            port: Some(port),
            notebook: true,
            ..Default::default()
        },
        &lesson.markdown_cells(),
    )
    .expect("exports");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("lesson.ipynb"), text).expect("notebook");
    let input = dir.path().join("posts.txt");
    std::fs::write(
        &input,
        "ana loves #spark and #streams\nbo says hi\nana #again\ncy #one #two #three\n",
    )
    .expect("input");
    let ours = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .current_dir(dir.path())
        .args([
            "run",
            "lesson.ipynb",
            "--replay",
            "posts.txt",
            "--format",
            "jsonl",
        ])
        .output()
        .expect("run");
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let ours: Vec<String> = String::from_utf8_lossy(&ours.stdout)
        .lines()
        .map(String::from)
        .collect();
    let want = summed(&ours);
    assert_eq!(want.get("'ana'"), Some(&3), "{ours:?}");

    let _producer = Producer::start(&input, port);
    let mut child = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .current_dir(dir.path())
        .args([
            "run",
            "lesson.ipynb",
            "--engine",
            "spark",
            "--format",
            "jsonl",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run on Spark");
    let rx = stdout_lines(&mut child);
    let began = Instant::now();
    let mut lines = Vec::new();
    while summed(&lines) != want {
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(line) => lines.push(line),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(_) => break,
        }
        if began.elapsed() > Duration::from_secs(600) {
            break;
        }
    }
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
    let _ = wait_or_kill(&mut child, Duration::from_secs(120));
    let mut err = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err);
    assert_eq!(summed(&lines), want, "Spark's lines: {lines:?}\n{err}");
}
