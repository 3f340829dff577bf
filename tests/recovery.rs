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

/// Every file under `dir`, as paths relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            out.push(p.strip_prefix(dir).expect("inside").display().to_string());
            if p.is_dir() {
                todo.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn issue_13_a_directory_holding_other_files_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (prog, input) = setup(dir.path(), 4);
    let cp = dir.path().join("mine");
    std::fs::create_dir_all(cp.join("rdds")).expect("mkdir");
    for f in ["notes.txt", "checkpoint-draft.json", "rdds/keep.json"] {
        std::fs::write(cp.join(f), "the user's").expect("write");
    }
    let before = tree(&cp);
    let out = streamlab()
        .arg("run")
        .arg(&prog)
        .arg("--replay")
        .arg(&input)
        .arg("--checkpoint")
        .arg(&cp)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains(&cp.display().to_string()), "{stderr}");
    assert!(stderr.contains("streamlab did not write"), "{stderr}");
    assert!(stderr.contains("new or empty directory"), "{stderr}");
    assert_eq!(tree(&cp), before);
    for f in ["notes.txt", "checkpoint-draft.json", "rdds/keep.json"] {
        assert_eq!(
            std::fs::read_to_string(cp.join(f)).expect("kept"),
            "the user's"
        );
    }
}

#[test]
fn issue_13_the_home_directory_is_never_a_checkpoint_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (prog, input) = setup(dir.path(), 4);
    // An empty home: refused for being the home, not for its files.
    let home = dir.path().join("home");
    std::fs::create_dir(&home).expect("mkdir");
    let out = streamlab()
        .env("HOME", &home)
        .arg("run")
        .arg(&prog)
        .arg("--replay")
        .arg(&input)
        .arg("--checkpoint")
        .arg(&home)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("your home directory"), "{stderr}");
    assert!(stderr.contains("./checkpoint"), "{stderr}");
    assert!(tree(&home).is_empty(), "{:?}", tree(&home));
}

#[test]
fn issue_13_unusable_checkpoints_are_said_and_only_streamlab_files_go() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = server.local_addr().expect("addr").port();
    let (_, input) = setup(dir.path(), 4);
    let prog = dir.path().join("socket_totals.py");
    std::fs::write(
        &prog,
        PROGRAM.replace("\"localhost\", 9999", &format!("\"127.0.0.1\", {port}")),
    )
    .expect("write");

    let cp = dir.path().join("cp");
    let first = streamlab()
        .arg("run")
        .arg(&prog)
        .arg("--replay")
        .arg(&input)
        .args(["--lines-per-batch", "1", "--checkpoint"])
        .arg(&cp)
        .output()
        .expect("run");
    assert!(first.status.success());
    // Damage every checkpoint; add files of one's own.
    let mut damaged = 0;
    for e in std::fs::read_dir(&cp).expect("cp") {
        let p = e.expect("entry").path();
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("checkpoint-"))
        {
            std::fs::write(&p, "{\"torn").expect("damage");
            damaged += 1;
        }
    }
    assert!(damaged > 0);
    std::fs::write(cp.join("rdds/notes.txt"), "mine").expect("write");
    std::fs::write(cp.join("README"), "mine").expect("write");
    // A live socket this time: its past input is gone.
    let out = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "1", "--format", "jsonl", "--checkpoint"])
        .arg(&cp)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "no usable checkpoint in {}: the {damaged} found cannot be used",
            cp.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("starts from batch 0"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the state built before from the socket stream from 127.0.0.1:{port} is lost"
        )),
        "{stderr}"
    );
    assert!(stdout.starts_with("{\"batch\": 0,"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(cp.join("rdds/notes.txt")).expect("kept"),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(cp.join("README")).expect("kept"),
        "mine"
    );
    drop(server);
}

#[test]
fn issue_13_a_checkpoint_that_cannot_be_written_fails_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("queue.py");
    std::fs::write(
        &prog,
        "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext(\"local[2]\", \"T\")\nssc = StreamingContext(sc, 1)\nssc.queueStream([[\"a\"], [\"b\"]]).count().pprint()\nssc.start()\nssc.awaitTermination()\n",
    )
    .expect("write");
    let cp = dir.path().join("cp");
    let run = |batches: &str| {
        streamlab()
            .arg("run")
            .arg(&prog)
            .args(["--start-ms", "1500", "--checkpoint-interval", "1s"])
            .args(["--batches", batches, "--checkpoint"])
            .arg(&cp)
            .output()
            .expect("run")
    };
    // No batch: streamlab makes the directory its own, and writes nothing else.
    assert!(run("0").status.success());
    // The first batch (at 2000 ms) cannot be checkpointed: a directory holds
    // its checkpoint's name, so the rename at the end of the write fails (as
    // root too, unlike a read-only directory).
    std::fs::create_dir_all(cp.join("checkpoint-0000000002000.json/x")).expect("mkdir");
    let out = run("2");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stdout.matches("Time: ").count(),
        2,
        "the run goes on: {stdout}"
    );
    assert!(
        stderr.contains("checkpoint not written: cannot write"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 checkpoint(s) could not be written"),
        "{stderr}"
    );
    let files = tree(&cp);
    assert!(
        !files.iter().any(|f| f.ends_with(".tmp")),
        "temporary files left: {files:?}"
    );
    assert!(
        files.contains(&"checkpoint-0000000003000.json".to_string()),
        "the next checkpoint is written: {files:?}"
    );
}

const WINDOWED: &str = r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "Windowed")
ssc = StreamingContext(sc, 1)
words = ssc.socketTextStream("localhost", 9999).flatMap(lambda l: l.split())
words.window(3, 1).count().pprint()
ssc.start()
ssc.awaitTermination()
"#;

/// The batch numbers of a jsonl output.
fn batches(stdout: &str) -> Vec<u64> {
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["batch"]
                .as_u64()
                .expect("batch")
        })
        .collect()
}

fn windowed_run(dir: &Path, cp: &Path) -> Command {
    let prog = dir.join("windowed.py");
    std::fs::write(&prog, WINDOWED).expect("write");
    let input = dir.join("four.txt");
    std::fs::write(&input, "a\nb\nc\nd\n").expect("write");
    let mut cmd = streamlab();
    cmd.arg("run")
        .arg(&prog)
        .arg("--replay")
        .arg(&input)
        .args([
            "--lines-per-batch",
            "1",
            "--format",
            "jsonl",
            "--checkpoint-interval",
            "1s",
            "--checkpoint",
        ])
        .arg(cp);
    cmd
}

#[test]
fn issue_13_resuming_a_finished_run_runs_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cp = dir.path().join("cp");
    let first = windowed_run(dir.path(), &cp).output().expect("run");
    assert!(first.status.success());
    // 4 lines, then 3 batches for the 3-second window to drain.
    assert_eq!(
        batches(&String::from_utf8_lossy(&first.stdout)),
        (0..7).collect::<Vec<_>>()
    );
    let again = windowed_run(dir.path(), &cp).output().expect("run");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&again.stdout), "", "{stderr}");
    assert!(stderr.contains("had finished"), "{stderr}");
    assert!(stderr.contains("nothing is left to run"), "{stderr}");
}

#[test]
fn issue_13_a_run_stopped_during_the_final_drain_drains_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cp = dir.path().join("cp");
    let mut child = windowed_run(dir.path(), &cp)
        .args(["--pace", "150"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    // Batch 5 is the drain's second batch (lines fill batches 0..=3).
    for line in BufReader::new(stdout).lines() {
        if line.expect("line").starts_with(r#"{"batch": 5,"#) {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    let out = windowed_run(dir.path(), &cp).output().expect("resume");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("resumed from"), "{stderr}");
    let got = batches(&stdout);
    assert_eq!(
        got.last(),
        Some(&6),
        "the drain ends where an uninterrupted run's does: {stdout}"
    );
}
