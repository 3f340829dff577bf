//! Checkpoints and recovery with real processes: a run is killed with SIGKILL
//! in the middle, and a second run resumes from its checkpoint directory. State
//! must continue and no completed batch may be counted twice.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

const PROGRAM: &str = r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Totals")
ssc = StreamingContext(sc, 1)
words = ssc.socketTextStream("localhost", 9999).flatMap(lambda l: l.split())
totals = words.map(lambda w: (w, 1)).updateStateByKey(lambda new, old: sum(new) + (old or 0))
totals.pprint()
ssc.start()
ssc.awaitTermination()
"#;

fn streamlab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_streamlab"))
}

/// The state printed for the last batch of a jsonl run, as sorted reprs.
fn last_state(stdout: &str) -> (u64, Vec<String>) {
    let line = stdout
        .lines()
        .rev()
        .find(|l| !l.is_empty())
        .expect("some output");
    let v: serde_json::Value = serde_json::from_str(line).expect("json");
    let mut recs: Vec<String> = v["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| r.as_str().expect("str").to_string())
        .collect();
    recs.sort();
    (v["batch"].as_u64().expect("batch"), recs)
}

fn setup(dir: &Path, lines: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let prog = dir.join("totals.py");
    std::fs::write(&prog, PROGRAM).expect("write program");
    let input = dir.join("input.txt");
    let text: String = (0..lines)
        .map(|i| if i % 2 == 0 { "a b\n" } else { "a\n" })
        .collect();
    std::fs::write(&input, text).expect("write input");
    (prog, input)
}

#[test]
fn killed_run_resumes_from_its_checkpoint_without_double_counting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (prog, input) = setup(dir.path(), 12);
    let cp = dir.path().join("cp");
    let args = |cmd: &mut Command| {
        cmd.arg("run")
            .arg(&prog)
            .arg("--replay")
            .arg(&input)
            .args([
                "--lines-per-batch",
                "1",
                "--format",
                "jsonl",
                "--pace",
                "150",
                // Every batch, so the resume point is right after the kill.
                "--checkpoint-interval",
                "1s",
                "--checkpoint",
            ])
            .arg(&cp);
    };
    // First run: kill it (SIGKILL) once batch 3 has been printed.
    let mut cmd = streamlab();
    args(&mut cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut seen = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("line");
        let done = line.starts_with(r#"{"batch": 3,"#);
        seen.push(line);
        if done {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    assert!(seen.len() >= 4, "the first run printed {seen:?}");

    // Second run: resumes and finishes the input.
    let mut cmd = streamlab();
    args(&mut cmd);
    let out = cmd.output().expect("second run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("resumed from"), "{stderr}");
    let first_batch: u64 =
        serde_json::from_str::<serde_json::Value>(stdout.lines().next().expect("a line"))
            .expect("json")["batch"]
            .as_u64()
            .expect("batch");
    assert!(
        (3..=5).contains(&first_batch),
        "resumed at batch {first_batch}, after the checkpointed ones:\n{stdout}"
    );
    let (last, state) = last_state(&stdout);
    assert_eq!(last, 11, "12 lines, one per batch: {stdout}");
    // 12 lines: 6 × "a b" and 6 × "a": every line counted exactly once.
    assert_eq!(state, ["('a', 12)", "('b', 6)"], "{stdout}");
}

#[test]
fn get_or_create_continues_a_previous_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, input) = setup(dir.path(), 6);
    let prog = dir.path().join("goc.py");
    std::fs::write(
        &prog,
        r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext

def create():
    sc = SparkContext("local[2]", "Totals")
    ssc = StreamingContext(sc, 1)
    words = ssc.socketTextStream("localhost", 9999).flatMap(lambda l: l.split())
    words.map(lambda w: (w, 1)).updateStateByKey(lambda new, old: sum(new) + (old or 0)).pprint()
    return ssc

ssc = StreamingContext.getOrCreate("cp", create)
ssc.start()
ssc.awaitTermination()
"#,
    )
    .expect("write");
    let run = |batches: &str| {
        streamlab()
            .current_dir(dir.path())
            .arg("run")
            .arg(&prog)
            .arg("--replay")
            .arg(&input)
            .args([
                "--lines-per-batch",
                "1",
                "--format",
                "jsonl",
                "--batches",
                batches,
            ])
            .output()
            .expect("run")
    };
    let first = run("3");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(
        last_state(&String::from_utf8_lossy(&first.stdout)).1,
        ["('a', 3)", "('b', 2)"]
    );
    assert!(dir.path().join("cp").read_dir().expect("cp dir").count() > 0);
    let second = run("6");
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(stdout.lines().count(), 3, "batches 3..5 only: {stdout}");
    assert_eq!(
        last_state(&stdout),
        (5, vec!["('a', 6)".to_string(), "('b', 3)".to_string()])
    );
}

#[test]
fn a_checkpoint_of_another_program_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (prog, input) = setup(dir.path(), 4);
    let cp = dir.path().join("cp");
    let ok = streamlab()
        .arg("run")
        .arg(&prog)
        .arg("--replay")
        .arg(&input)
        .arg("--checkpoint")
        .arg(&cp)
        .output()
        .expect("run");
    assert!(ok.status.success());
    let other = dir.path().join("other.py");
    std::fs::write(
        &other,
        PROGRAM.replace("sum(new) + (old or 0)", "len(new) + (old or 0)"),
    )
    .expect("write");
    let out = streamlab()
        .arg("run")
        .arg(&other)
        .arg("--replay")
        .arg(&input)
        .arg("--checkpoint")
        .arg(&cp)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("written by a different program"),
        "{stderr}"
    );
}

#[test]
fn a_resumed_windowed_run_prints_what_an_uninterrupted_run_prints() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("windows.py");
    std::fs::write(
        &prog,
        r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Windows")
ssc = StreamingContext(sc, 1)
pairs = ssc.socketTextStream("localhost", 9999).flatMap(lambda l: l.split()).map(lambda w: (w, 1))
pairs.window(3, 1).count().pprint()
pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 5, 1).pprint()
pairs.reduceByKeyAndWindow(lambda a, b: a + b, None, 4, 2).pprint()
pairs.updateStateByKey(lambda new, old: sum(new) + (old or 0)).pprint()
ssc.start()
ssc.awaitTermination()
"#,
    )
    .expect("write");
    let input = dir.path().join("in.txt");
    let text: String = (0..12)
        .map(|i| format!("w{} w{} w{}\n", i % 3, i % 5, i % 2))
        .collect();
    std::fs::write(&input, text).expect("write");
    let run = |cp: &std::path::Path, batches: &str| {
        let out = streamlab()
            .arg("run")
            .arg(&prog)
            .arg("--replay")
            .arg(&input)
            .args([
                "--lines-per-batch",
                "1",
                "--format",
                "jsonl",
                "--batches",
                batches,
                "--checkpoint",
            ])
            .arg(cp)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Sorted records per (output, batch) line, for batches from 6 on.
    let from_six = |stdout: &str| -> Vec<String> {
        let mut lines: Vec<String> = stdout
            .lines()
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                let b = v["batch"].as_u64()?;
                let mut recs: Vec<String> = v["records"]
                    .as_array()?
                    .iter()
                    .filter_map(|r| r.as_str().map(String::from))
                    .collect();
                recs.sort();
                (b >= 6).then(|| format!("{} {} {:?}", b, v["output"], recs))
            })
            .collect();
        lines.sort();
        lines
    };
    let whole = run(&dir.path().join("cp-whole"), "12");
    let split = dir.path().join("cp-split");
    run(&split, "6");
    let resumed = run(&split, "12");
    assert!(!from_six(&whole).is_empty());
    assert_eq!(from_six(&resumed), from_six(&whole));
}
