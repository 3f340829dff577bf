//! What the conformance tests share: reading a recorded case's expectation,
//! reading `--format jsonl` output, and comparing the two per (output, batch)
//! as multisets of record reprs (tests/conformance/README.md).

#![allow(dead_code)] // each test file uses its own part

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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

/// Reads `--format jsonl` output; Err when a line is not one or repeats a key.
pub fn jsonl_records(stdout: &str) -> Result<Records, String> {
    let mut got = Records::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("bad JSON line {line:?}: {e}"))?;
        let key = (
            v["output"].as_u64().ok_or("no output")?,
            v["batch"].as_u64().ok_or("no batch")?,
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
    Ok(got)
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
