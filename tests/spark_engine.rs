//! `streamlab run --engine spark`: the exported program on a real PySpark.
//! Where no PySpark is installed, the run says how to install it (tested
//! everywhere); where one is, a program runs on it and its batches are checked
//! (reported as not run otherwise).

use std::path::Path;
use std::process::Command;

fn program() -> std::path::PathBuf {
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
fn jsonl_and_replay_need_streamlabs_engine() {
    let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .arg("run")
        .arg(program())
        .args(["--engine", "spark", "--format", "jsonl"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("works with streamlab's engine only"));
}

#[test]
fn a_program_runs_on_real_pyspark_where_installed() {
    let has_pyspark = Command::new("python3")
        .args(["-c", "import pyspark"])
        .status()
        .is_ok_and(|s| s.success())
        || Command::new("spark-submit")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !has_pyspark {
        eprintln!("NOT RUN a_program_runs_on_real_pyspark_where_installed: PySpark is not installed here (pip install \"pyspark==3.5.*\" and a Java 17 runtime)");
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
