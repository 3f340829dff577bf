//! What the conformance tests share: reading a recorded case's expectation,
//! reading `--format jsonl` output, and comparing the two per (output, batch)
//! as multisets of record reprs (tests/conformance/README.md); and how to
//! start a real PySpark here, or why the tests that need one cannot run.

#![allow(dead_code)] // each test file uses its own part

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use streamlab::export::spark_run::Launcher;

/// (output, batch) -> the records' reprs, sorted.
pub type Records = BTreeMap<(u64, u64), Vec<String>>;

/// The `.py` files of a directory, sorted.
pub fn py_files(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} exists: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    cases.sort();
    cases
}

/// A recorded case's `expected.json`: batches, records, and the error
/// (type, message) if PySpark rejected the program.
pub fn expected(path: &Path) -> (u64, Records, Option<(String, String)>) {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read expected")).expect("json");
    let mut out = Records::new();
    for o in v["outputs"].as_array().expect("outputs") {
        let key = (
            o["output"].as_u64().expect("output"),
            o["batch"].as_u64().expect("batch"),
        );
        let mut recs: Vec<String> = o["records"]
            .as_array()
            .expect("records")
            .iter()
            .map(|r| r.as_str().expect("str").to_string())
            .collect();
        recs.sort();
        out.insert(key, recs);
    }
    let error = match &v["error"] {
        serde_json::Value::Null => None,
        e => Some((
            e["type"].as_str().expect("error type").to_string(),
            e["message"].as_str().expect("error message").to_string(),
        )),
    };
    (v["batches"].as_u64().expect("batches"), out, error)
}

/// (output, batch) and the records' reprs, sorted.
type RecordLine = ((u64, u64), Vec<String>);

/// One line of `--format jsonl` output: the records of (output, batch), or
/// None for a line the program printed itself (`print`).
fn record_line(line: &str) -> Option<Result<RecordLine, String>> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let recs = v.get("records")?;
    Some((|| {
        let key = (
            v["output"].as_u64().ok_or("no output")?,
            v["batch"].as_u64().ok_or("no batch")?,
        );
        let mut recs: Vec<String> = recs
            .as_array()
            .ok_or("records is not a list")?
            .iter()
            .map(|r| r.as_str().unwrap_or("<not a string>").to_string())
            .collect();
        recs.sort();
        Ok((key, recs))
    })())
}

/// Reads `--format jsonl` output; Err when a record line is malformed or
/// repeats a key. Lines the program printed itself are not records.
pub fn jsonl_records(stdout: &str) -> Result<Records, String> {
    let mut got = Records::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let Some(parsed) = record_line(line) else {
            continue;
        };
        let (key, recs) = parsed.map_err(|e| format!("bad record line {line:?}: {e}"))?;
        if got.insert(key, recs).is_some() {
            return Err(format!("(output {}, batch {}) printed twice", key.0, key.1));
        }
    }
    Ok(got)
}

/// What a program wrote to stdout, in order: its own printed lines as they
/// are, each record line as `[output O, batch B]`; up to the last record
/// line (a harness may let Spark run batches past the count, and what those
/// print is not part of the case).
pub fn stdout_sequence(stdout: &str) -> Vec<String> {
    let mut seq: Vec<String> = stdout
        .lines()
        .map(|line| match record_line(line) {
            Some(Ok(((o, b), _))) => format!("[output {o}, batch {b}]"),
            _ => line.to_string(),
        })
        .collect();
    let last = seq.iter().rposition(|l| l.starts_with("[output "));
    seq.truncate(last.map_or(0, |i| i + 1));
    seq
}

/// A case's recorded stdout sequence ([`stdout_sequence`]), for cases whose
/// program prints; None for the others.
pub fn expected_stdout(path: &Path) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let lines = v.get("stdout")?.as_array()?;
    Some(
        lines
            .iter()
            .map(|l| l.as_str().unwrap_or("<not a string>").to_string())
            .collect(),
    )
}

/// The first difference between two stdout sequences, in words.
pub fn compare_stdout(want: &[String], got: &[String]) -> Result<(), String> {
    if want == got {
        return Ok(());
    }
    let at = want
        .iter()
        .zip(got)
        .position(|(w, g)| w != g)
        .unwrap_or(want.len().min(got.len()));
    Err(format!(
        "stdout differs at line {}: expected {:?}, got {:?}\nexpected:\n{}\ngot:\n{}",
        at + 1,
        want.get(at),
        got.get(at),
        want.join("\n"),
        got.join("\n")
    ))
}

/// Every (output, batch) that differs, in words; Ok when none does.
pub fn compare(want: &Records, got: &Records) -> Result<(), String> {
    let keys: BTreeSet<_> = want.keys().chain(got.keys()).copied().collect();
    let diffs: Vec<String> = keys
        .into_iter()
        .filter_map(|k| match (want.get(&k), got.get(&k)) {
            (Some(w), Some(g)) if w == g => None,
            (w, g) => Some(format!(
                "output {} batch {}: expected {w:?}, got {g:?}",
                k.0, k.1
            )),
        })
        .collect();
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n"))
    }
}

/// How to start PySpark here, or why the real-Spark tests cannot run.
pub fn spark_here() -> Result<Launcher, String> {
    const INSTALL: &str = "pip install \"pyspark==3.5.*\" and a Java 17 runtime";
    let launcher = Launcher::find().ok_or_else(|| {
        format!("PySpark is not installed here (neither spark-submit nor a python with pyspark; {INSTALL})")
    })?;
    let java = match std::env::var_os("JAVA_HOME") {
        Some(home) => Command::new(Path::new(&home).join("bin/java"))
            .arg("-version")
            .output(),
        None => Command::new("java").arg("-version").output(),
    };
    if !java.is_ok_and(|o| o.status.success()) {
        return Err(format!(
            "PySpark is installed but no Java runtime was found (JAVA_HOME or java on PATH; {INSTALL})"
        ));
    }
    Ok(launcher)
}
