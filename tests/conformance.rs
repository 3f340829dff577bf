//! The conformance suite: every case in `tests/conformance/cases` was recorded
//! on PySpark 3.5.9. Each runs through the real `streamlab run ... --format jsonl`
//! binary and must match per (output, batch), as multisets of record reprs.
//! Expected errors pass when streamlab exits non-zero with a message on stderr
//! and no records (see tests/conformance/README.md).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{
    compare, compare_stdout, expected, expected_stdout, jsonl_records, py_files, stdout_sequence,
};

/// Cases not expected to pass yet, each with the reason. Empty means every case
/// must pass; a case listed here that passes fails the test too, so the list
/// cannot go stale.
const PENDING: &[(&str, &str)] = &[];

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases")
}

/// Cases of streamlab's own, with expectations derived from Spark's rules
/// (see tests/conformance/own/README.md).
fn own_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/own")
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
    if want_error.is_some() {
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
    let got = jsonl_records(&stdout)?;
    compare(&want, &got)?;
    match expected_stdout(&exp_path) {
        Some(lines) => compare_stdout(&lines, &stdout_sequence(&stdout)),
        None => Ok(()),
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
        cases.len() >= 96,
        "expected the 96 recorded cases, found {}",
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

/// Random programs from `tests/conformance/difftest.py`, recorded on PySpark
/// 3.5.9: a sample (every few programs) of the differential run, whose seeds
/// and figures are in `generated/summary.json`.
fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/generated")
}

#[test]
fn generated_programs_match_pyspark() {
    let cases = py_files(&generated_dir());
    assert!(
        cases.len() >= 10,
        "found {} generated programs",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|py| {
            run_case(py)
                .err()
                .map(|e| format!("{}:\n{e}", py.display()))
        })
        .collect();
    eprintln!(
        "generated programs: {} of {} match PySpark",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// One seed's part of the differential run, from summary.json.
struct Run {
    seed: u64,
    count: u64,
    recorded: u64,
    matching: u64,
}

/// The differential run's summary: each seed's run, and the totals
/// (programs recorded, programs matching).
fn summary() -> (Vec<Run>, u64, u64) {
    let path = generated_dir().join("summary.json");
    let text = std::fs::read_to_string(&path).expect("generated/summary.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("summary.json is JSON");
    let n = |v: &serde_json::Value, k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    let runs = v["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|r| Run {
            seed: n(r, "seed"),
            count: n(r, "count"),
            recorded: n(r, "recorded"),
            matching: n(r, "matching"),
        })
        .collect();
    (runs, n(&v, "programs"), n(&v, "matching"))
}

/// The stored sample is what the generator writes for the stored seeds: the
/// seeds reproduce the run (needs python3, not PySpark).
#[test]
fn generated_samples_are_the_generators_programs() {
    let python_here = Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !python_here {
        eprintln!("NOT RUN generated_samples_are_the_generators_programs: no python3");
        return;
    }
    let (runs, _, _) = summary();
    let samples = py_files(&generated_dir());
    let mut checked = 0;
    for Run { seed, count, .. } in runs {
        let prefix = format!("gen_{seed}_");
        let mine: Vec<&PathBuf> = samples
            .iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix))
            })
            .collect();
        let out = tempfile::tempdir().expect("tempdir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/difftest.py");
        let status = Command::new("python3")
            .arg(&script)
            .args(["generate", "--seed", &seed.to_string()])
            .args(["--count", &count.to_string(), "--out"])
            .arg(out.path())
            .stdout(Stdio::null())
            .status()
            .expect("run difftest.py");
        assert!(
            status.success(),
            "difftest.py generate --seed {seed} failed"
        );
        for p in mine {
            let name = p.file_name().expect("name");
            let stored = std::fs::read_to_string(p).expect("stored program");
            let fresh = std::fs::read_to_string(out.path().join(name))
                .unwrap_or_else(|_| panic!("seed {seed} makes no {name:?}"));
            assert_eq!(stored, fresh, "{name:?} is not what seed {seed} makes now");
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} stored programs checked");
}

/// README states the run's figures as summary.json has them, and the figures
/// add up.
#[test]
fn readme_states_the_differential_runs_figures() {
    let (runs, programs, matching) = summary();
    assert_eq!(programs, runs.iter().map(|r| r.recorded).sum::<u64>());
    assert_eq!(matching, runs.iter().map(|r| r.matching).sum::<u64>());
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let figure = format!("{matching} of {programs} generated programs");
    assert!(
        readme.contains(&figure),
        "README should say \"{figure}\" (from tests/conformance/generated/summary.json)"
    );
}
