//! The conformance suite: every case in `tests/conformance/cases` was recorded
//! on PySpark 3.5.9. Each runs through the real `streamlab run ... --format jsonl`
//! binary and must match per (output, batch), as multisets of record reprs.
//! Expected errors pass when streamlab exits non-zero with a message on stderr
//! and no records (see tests/conformance/README.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Cases not expected to pass yet, each with the reason. Empty means every case
/// must pass; a case listed here that passes fails the test too, so the list
/// cannot go stale.
const PENDING: &[(&str, &str)] = &[];

type Records = BTreeMap<(u64, u64), Vec<String>>;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases")
}

/// Cases of streamlab's own, with expectations derived from Spark's rules
/// (see tests/conformance/own/README.md).
fn own_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/own")
}

fn py_files(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} exists: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    cases.sort();
    cases
}

fn expected(path: &Path) -> (u64, Records, bool) {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read expected")).expect("json");
    let batches = v["batches"].as_u64().expect("batches");
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
    (batches, out, !v["error"].is_null())
}

/// Run one case; Ok(()) when it matches, Err(explanation) otherwise.
fn run_case(py: &Path) -> Result<(), String> {
    let exp_path = py.with_extension("expected.json");
    let (batches, want, want_error) = expected(&exp_path);
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut child = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .arg("run")
        .arg(py)
        .args(["--batches", &batches.to_string(), "--format", "jsonl"])
        .current_dir(work.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start streamlab: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err("timed out after 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if want_error {
        if out.status.success() {
            return Err(format!(
                "expected an error, but exit status was 0; stdout:\n{stdout}"
            ));
        }
        if stderr.trim().is_empty() {
            return Err("expected an error message on stderr, got none".into());
        }
        if stdout.lines().any(|l| l.contains("\"records\"")) {
            return Err(format!("expected no records with an error, got:\n{stdout}"));
        }
        return Ok(());
    }
    if !out.status.success() {
        return Err(format!(
            "exit status {:?}; stderr:\n{stderr}",
            out.status.code()
        ));
    }
    let mut got = Records::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("bad JSON line {line:?}: {e}"))?;
        let key = (
            v["output"].as_u64().unwrap_or(u64::MAX),
            v["batch"].as_u64().unwrap_or(u64::MAX),
        );
        let mut recs: Vec<String> = v["records"]
            .as_array()
            .ok_or("records is not a list")?
            .iter()
            .map(|r| r.as_str().unwrap_or("<not a string>").to_string())
            .collect();
        recs.sort();
        if got.insert(key, recs).is_some() {
            return Err(format!("(output {}, batch {}) printed twice", key.0, key.1));
        }
    }
    let keys: BTreeSet<_> = want.keys().chain(got.keys()).copied().collect();
    let mut diffs = Vec::new();
    for k in keys {
        match (want.get(&k), got.get(&k)) {
            (Some(w), Some(g)) if w == g => {}
            (w, g) => diffs.push(format!(
                "output {} batch {}: expected {:?}, got {:?}",
                k.0, k.1, w, g
            )),
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n"))
    }
}

#[test]
fn own_cases_follow_sparks_rules() {
    let cases = py_files(&own_dir());
    assert!(cases.len() >= 10, "found {} own cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|py| {
            run_case(py)
                .err()
                .map(|e| format!("{}:\n{e}", py.display()))
        })
        .collect();
    eprintln!(
        "conformance (own cases): {} of {} pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn conformance_cases_match_pyspark() {
    let cases = py_files(&cases_dir());
    assert!(
        cases.len() >= 79,
        "expected the 79 recorded cases, found {}",
        cases.len()
    );
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut pending_seen = Vec::new();
    for py in &cases {
        let name = py
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let pending = PENDING.iter().find(|p| p.0 == name);
        match (run_case(py), pending) {
            (Ok(()), None) => passed += 1,
            (Ok(()), Some(_)) => failures.push(format!(
                "{name}: passes but is listed as pending; remove it from PENDING"
            )),
            (Err(_), Some((_, why))) => pending_seen.push(format!("{name} (pending: {why})")),
            (Err(e), None) => failures.push(format!("{name}:\n{e}")),
        }
    }
    eprintln!("conformance: {passed} of {} cases pass", cases.len());
    for p in &pending_seen {
        eprintln!("conformance: not run as a pass: {p}");
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
