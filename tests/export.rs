//! `streamlab export`: every conformance program exports to a PySpark program
//! that gives exactly the original's output (run here with `streamlab run`;
//! on a machine with PySpark the same files run with spark-submit), programs
//! Spark rejects are refused, and a REPL-style session becomes a complete
//! program with its socket source pointed at HOST/PORT.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn streamlab() -> Command {
    Command::cargo_bin("streamlab").expect("binary")
}

fn cases() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["tests/conformance/cases", "tests/conformance/own"] {
        let d = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for e in std::fs::read_dir(&d).expect("cases dir").flatten() {
            if e.path().extension().is_some_and(|x| x == "py") {
                v.push(e.path());
            }
        }
    }
    v.sort();
    v
}

/// jsonl output of a run (and its printed lines), lines sorted and records
/// sorted within each line.
fn run_jsonl(dir: &Path, prog: &Path, batches: &str) -> Vec<String> {
    let out = streamlab()
        .current_dir(dir)
        .arg("run")
        .arg(prog)
        .args(["--batches", batches, "--format", "jsonl"])
        .output()
        .expect("run");
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            // A program's own print()s are compared as they are.
            let Ok(mut v) = serde_json::from_str::<serde_json::Value>(l) else {
                return l.to_string();
            };
            // A print() of JSON text (json.dumps) is one of the program's own lines.
            let Some(r) = v.get_mut("records").and_then(|r| r.as_array_mut()) else {
                return l.to_string();
            };
            r.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            v.to_string()
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_conformance_program_exports_to_the_same_output() {
    let work = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    for case in cases() {
        let name = case
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read_to_string(&case).expect("read");
        let batches = src
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# batches:"))
            .map(|n| n.trim().to_string())
            .unwrap_or("5".into());
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(case.with_extension("expected.json")).expect("expected"),
        )
        .expect("json");
        let exported = work.path().join(format!("{name}.exported.py"));
        let out = streamlab()
            .arg("export")
            .arg(&case)
            .arg("-o")
            .arg(&exported)
            .output()
            .expect("export");
        if !expected["error"].is_null() {
            if out.status.success() {
                failures.push(format!(
                    "{name}: Spark rejects it, so export must refuse it"
                ));
            }
            continue;
        }
        if !out.status.success() {
            failures.push(format!(
                "{name}: export failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        let text = std::fs::read_to_string(&exported).expect("exported");
        if !text.contains("ssc.start()") || !text.contains("ssc.awaitTermination()") {
            failures.push(format!("{name}: the export has no start/awaitTermination"));
        }
        let a = run_jsonl(work.path(), &case, &batches);
        let b = run_jsonl(work.path(), &exported, &batches);
        if a != b {
            failures.push(format!("{name}: the exported program's output differs"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_session_exports_to_a_complete_program_with_its_source_as_options() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session = dir.path().join("session.py");
    // What a learner typed in the REPL (sc and ssc were predefined), with a
    // definition kept after ssc.start() for :restart.
    std::fs::write(
        &session,
        "lines = ssc.socketTextStream(\"localhost\", 9999)\nssc.start()\ncounts = lines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)\ncounts.pprint()\n",
    )
    .expect("write");
    let out = streamlab()
        .arg("export")
        .arg(&session)
        .args(["--host", "stream.example.internal", "--port", "7777"])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    for want in [
        "HOST = sys.argv[1] if len(sys.argv) > 1 else \"stream.example.internal\"",
        "PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 7777",
        "from pyspark import SparkConf, SparkContext",
        "from pyspark.streaming import StreamingContext",
        "sc = SparkContext(conf=SparkConf().setAppName(\"streamlab\"))",
        "ssc = StreamingContext(sc, 1)",
        "ssc.socketTextStream(HOST, PORT)",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    assert!(
        text.trim_end()
            .ends_with("counts.pprint()\n\nssc.start()\nssc.awaitTermination()"),
        "{text}"
    );
    // The exported program runs as it is (on Spark, and here).
    let exported = dir.path().join("exported.py");
    std::fs::write(&exported, &text).expect("write");
    let input = dir.path().join("in.txt");
    std::fs::write(&input, "a b a\n").expect("write");
    let run = streamlab()
        .arg("run")
        .arg(&exported)
        .arg("--replay")
        .arg(&input)
        .args(["--format", "jsonl"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("\"('a', 2)\""), "{stdout}");
}

#[test]
fn a_broken_program_is_not_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("bad.py");
    std::fs::write(&p, "lines = ssc.socketTextStream(\"localhost\", 9999)\nlines.reduceByKy(lambda a, b: a + b).pprint()\n").expect("write");
    let out = streamlab().arg("export").arg(&p).output().expect("export");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Did you mean: 'reduceByKey'?")
            && err.contains("exports only programs it can run"),
        "{err}"
    );
}

/// The Structured Streaming conformance cases: (program, replay input).
fn structured_cases() -> Vec<(PathBuf, PathBuf)> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/structured/cases");
    let mut v: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&d)
        .expect("cases dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .map(|p| (p.clone(), p.with_extension("input")))
        .collect();
    v.sort();
    v
}

/// `streamlab run --replay-batches` of a structured program: (exit code,
/// stdout). It runs from the repository's root, as the conformance suite
/// does: the programs name their data files relative to it.
fn run_structured(_dir: &Path, prog: &Path, input: &Path) -> (Option<i32>, String) {
    // `# clean: DIR` lines: directories the program writes (a file sink's
    // output and checkpoint), removed so each run starts from batch 0.
    for line in std::fs::read_to_string(prog).unwrap_or_default().lines() {
        if let Some(dir) = line.strip_prefix("# clean:") {
            let _ = std::fs::remove_dir_all(dir.trim());
        }
    }
    let out = streamlab()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("run")
        .arg(prog)
        .arg("--replay-batches")
        .arg(input)
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn every_structured_program_exports_to_the_same_output() {
    let work = tempfile::tempdir().expect("tempdir");
    let mut exported_ok = 0;
    for (case, input) in structured_cases() {
        let name = case
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let (code, original) = run_structured(work.path(), &case, &input);
        let out = work.path().join(format!("{name}.export.py"));
        let export = streamlab()
            .arg("export")
            .arg(&case)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("export");
        if code != Some(0) && export.status.code() == Some(1) {
            // Spark refuses these at start(): so does the export.
            assert!(
                String::from_utf8_lossy(&export.stderr)
                    .contains("exports only programs it can run"),
                "{name}"
            );
            continue;
        }
        if code != Some(0) {
            // A query Spark lets start and then fails while it runs (a
            // stream-stream join without an equality): the export's dry run
            // cannot reach that, so it exports, and the exported program
            // fails in the same way.
            assert!(export.status.success(), "{name}");
            let exported = work.path().join(format!("{name}.export.py"));
            let (code2, again) = run_structured(work.path(), &exported, &input);
            assert_eq!(code2, code, "{name}: the export fails otherwise");
            assert_eq!(original, again, "{name}: the export prints something else");
            continue;
        }
        assert!(
            export.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&export.stderr)
        );
        let text = std::fs::read_to_string(&out).expect("exported");
        // A socket program's export reads host and port from its arguments;
        // a file-source program reads the same files.
        let reads_socket = std::fs::read_to_string(&case)
            .expect("case")
            .contains("\"socket\"");
        assert_eq!(
            text.contains(".option(\"host\", HOST).option(\"port\", PORT)"),
            reads_socket,
            "{name}:\n{text}"
        );
        let (code2, again) = run_structured(work.path(), &out, &input);
        assert_eq!(code2, Some(0), "{name}");
        assert_eq!(original, again, "{name}: the export prints something else");
        exported_ok += 1;
    }
    assert!(
        exported_ok >= 15,
        "only {exported_ok} structured cases exported"
    );
}

#[test]
fn a_structured_session_exports_with_its_spark_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session = dir.path().join("session.py");
    // As typed in the REPL, where `spark` is predefined.
    std::fs::write(
        &session,
        "from pyspark.sql.functions import explode, split\n\
         lines = spark.readStream.format(\"socket\").option(\"host\", \"localhost\").option(\"port\", 9999).load()\n\
         words = lines.select(explode(split(lines.value, \" \")).alias(\"word\"))\n\
         query = words.groupBy(\"word\").count().writeStream.outputMode(\"complete\").format(\"console\").start()\n",
    )
    .expect("write");
    let out = streamlab()
        .arg("export")
        .arg(&session)
        .args(["--host", "stream.example", "--port", "7777"])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.contains("HOST = sys.argv[1] if len(sys.argv) > 1 else \"stream.example\"\nPORT = int(sys.argv[2]) if len(sys.argv) > 2 else 7777"),
        "{text}"
    );
    assert!(
        text.contains("spark = SparkSession.builder.appName(\"streamlab\").getOrCreate()"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("spark.streams.awaitAnyTermination()"),
        "{text}"
    );
    // The export runs with streamlab too (here on a replay).
    let prog = dir.path().join("export.py");
    std::fs::write(&prog, &text).expect("write");
    let input = dir.path().join("in.txt");
    std::fs::write(&input, "a b a\n---\nb\n").expect("write");
    let (code, stdout) = run_structured(dir.path(), &prog, &input);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("Batch: 2"), "{stdout}");
    // A query Spark refuses is not exported.
    std::fs::write(
        &session,
        "lines = spark.readStream.format(\"socket\").option(\"host\", \"localhost\").option(\"port\", 9999).load()\n\
         q = lines.groupBy(\"value\").count().writeStream.outputMode(\"append\").format(\"console\").start()\n",
    )
    .expect("write");
    let out = streamlab()
        .arg("export")
        .arg(&session)
        .output()
        .expect("export");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Append output mode not supported"));
}

/// A REPL session that names its StreamingContext `streaming`: its start
/// moves to the end, on `streaming`, and the export runs on streamlab.
#[test]
fn a_session_with_its_own_context_name_exports_with_that_name() {
    let session = "from pyspark.streaming import StreamingContext\nstreaming = StreamingContext(sc, 1)\nlines = streaming.socketTextStream(\"localhost\", 9999)\nstreaming.start()\nlines.count().pprint()\n";
    let text = streamlab::export::export(session, &Default::default()).expect("exports");
    assert!(
        text.ends_with(
            "lines.count().pprint()\n\nstreaming.start()\nstreaming.awaitTermination()\n"
        ),
        "{text}"
    );
    assert_eq!(text.matches("streaming.start()").count(), 1, "{text}");
    assert!(
        text.contains("streaming.socketTextStream(HOST, PORT)"),
        "{text}"
    );
    assert!(!text.contains("ssc.start()"), "{text}");
    // A program file with its own name keeps its order and gets what it lacks.
    let program = "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext(\"local[2]\", \"x\")\nstreaming = StreamingContext(sc, 1)\nstreaming.queueStream([[1]]).pprint()\nstreaming.start()\n";
    let text = streamlab::export::export(program, &Default::default()).expect("exports");
    assert!(
        text.ends_with("streaming.start()\nstreaming.awaitTermination()\n"),
        "{text}"
    );
    assert_eq!(text.matches("streaming.start()").count(), 1, "{text}");
}

/// Exporting checks a program by building its graph, not by running it:
/// the program's prints and sleeps do not happen, and it leaves the user's
/// files as they were (`open(p, 'w')` would truncate one, `os.remove`
/// delete one).
#[test]
fn exporting_a_program_leaves_its_files_and_prints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("results.txt"), "yesterday's results\n").expect("write");
    std::fs::write(dir.path().join("keep.txt"), "keep me\n").expect("write");
    let prog = dir.path().join("prog.py");
    std::fs::write(
        &prog,
        r#"import os
import time
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext(appName="Files")
ssc = StreamingContext(sc, 1)
print("starting the run")
with open("results.txt", "w") as f:
    f.write("today\n")
os.remove("keep.txt")
os.makedirs("made_by_the_program")
ssc.queueStream([["a"]]).pprint()
ssc.start()
time.sleep(30)
ssc.stop()
"#,
    )
    .expect("write program");
    let began = std::time::Instant::now();
    let out = streamlab()
        .current_dir(dir.path())
        .arg("export")
        .arg(&prog)
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("os.remove(\"keep.txt\")"),
        "exported:\n{text}"
    );
    assert!(
        !text.contains("starting the run\n"),
        "the check printed:\n{text}"
    );
    assert!(
        began.elapsed() < std::time::Duration::from_secs(20),
        "the check slept through time.sleep(30)"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("results.txt")).expect("read"),
        "yesterday's results\n"
    );
    assert!(dir.path().join("keep.txt").exists(), "keep.txt was removed");
    assert!(!dir.path().join("made_by_the_program").exists());
}

/// Issue 21: an export for a cluster sets no master (spark-submit's --master
/// decides), keeps the program's own port, batch interval and checkpoint
/// directory, takes host, port and checkpoint directory from its arguments
/// as Spark's examples do, and runs with `streamlab run` too.
#[test]
fn a_cluster_export_leaves_the_master_to_spark_submit_and_reads_its_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session = dir.path().join("session.py");
    std::fs::write(
        &session,
        "lines = ssc.socketTextStream(\"localhost\", 7777)\nssc.checkpoint(\"my_checkpoints\")\n\
         totals = lines.map(lambda w: (w, 1)).updateStateByKey(lambda new, old: sum(new) + (old or 0))\n\
         totals.pprint()\n",
    )
    .expect("write");
    let exported = dir.path().join("exported.py");
    let out = streamlab()
        .arg("export")
        .arg(&session)
        .arg("-o")
        .arg(&exported)
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&exported).expect("exported");
    for want in [
        "PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 7777",
        "CHECKPOINT_DIR = sys.argv[3] if len(sys.argv) > 3 else \"my_checkpoints\"",
        "ssc.checkpoint(CHECKPOINT_DIR)",
        "sc = SparkContext(conf=SparkConf().setAppName(\"streamlab\"))",
        "On a cluster every node must\n# reach it",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    assert!(
        !text.contains("setMaster") && !text.contains("\"local["),
        "a master in the export:\n{text}"
    );
    // Round trip: streamlab runs the export; the third argument is where
    // its checkpoints go.
    let input = dir.path().join("in.txt");
    std::fs::write(&input, "a\nb\na\n").expect("write");
    let run = streamlab()
        .current_dir(dir.path())
        .arg("run")
        .arg(&exported)
        .arg("--replay")
        .arg(&input)
        .args(["--format", "jsonl", "otherhost", "1234", "from_argv"])
        .output()
        .expect("run");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("\"('a', 2)\""), "{stdout}");
    assert!(
        dir.path().join("from_argv").is_dir(),
        "no checkpoint in the argument's directory"
    );
    assert!(!dir.path().join("my_checkpoints").exists());

    // Options at export: a batch interval kept, the checkpoint directory and
    // the master replaced (a master asked for is written, with why it matters).
    let opts = streamlab::export::ExportOptions {
        checkpoint_dir: Some("hdfs://namenode/streamlab".into()),
        master: Some("spark://127.0.0.1:7077".into()),
        host: Some("stream-host".into()),
        batch_seconds: 2.0,
        ..Default::default()
    };
    let src = std::fs::read_to_string(&session).expect("read");
    let text = streamlab::export::export(&src, &opts).expect("exports");
    for want in [
        "HOST = sys.argv[1] if len(sys.argv) > 1 else \"stream-host\"",
        "else \"hdfs://namenode/streamlab\"",
        "setMaster(\"spark://127.0.0.1:7077\")",
        "it wins over spark-submit's --master",
        "ssc = StreamingContext(sc, 2)",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // A checkpoint directory for a program that names none is refused.
    let none = "lines = ssc.socketTextStream(\"localhost\", 9999)\nlines.pprint()\n";
    let program = "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext(appName=\"x\")\nssc = StreamingContext(sc, 1)\nssc.queueStream([[1]]).pprint()\n";
    let text = streamlab::export::export(none, &opts).expect("a session gets one");
    assert!(
        text.contains("\nssc.checkpoint(CHECKPOINT_DIR)\nssc.start()"),
        "{text}"
    );
    let err = streamlab::export::export(program, &opts).expect_err("refused");
    assert!(
        err.diagnostic()
            .render("p.py", program)
            .contains("sets no checkpoint directory"),
        "{}",
        err.diagnostic().render("p.py", program)
    );
    // A program that sets its master in code is told what that means.
    let local = program.replace("appName=\"x\"", "\"local[2]\", \"x\"");
    let text = streamlab::export::export(&local, &Default::default()).expect("exports");
    assert!(
        text.contains("wins over\n# spark-submit's --master"),
        "{text}"
    );
    let text = streamlab::export::export(program, &Default::default()).expect("exports");
    assert!(!text.contains("wins over"), "{text}");
}
