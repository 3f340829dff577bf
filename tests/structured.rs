//! Structured Streaming through the session and the engine: the trigger
//! reports the UI reads, errors at the learner's level, `run` with JSON lines
//! and a live socket on 127.0.0.1.

use std::io::{BufRead, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use proptest::prelude::*;
use streamlab::engine::driver::RunOptions;
use streamlab::engine::events::EngineEvent;
use streamlab::session::run_headless_with;
use streamlab::structured::driver::{split_batches, StructuredOptions};
use streamlab::structured::expr::windows_of;
use streamlab::structured::report::{RowChange, TriggerReport};

const MIN: i64 = 60_000;
/// 2024-01-01 12:00:00 UTC.
const NOON: i64 = 1_704_110_400_000;

fn reports(src: &str, input: &str) -> Vec<TriggerReport> {
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    run_headless_with(
        src,
        RunOptions::default(),
        StructuredOptions {
            replay: Some(Arc::new(split_batches(input))),
            ..StructuredOptions::default()
        },
        move |ev| {
            if let EngineEvent::Trigger(t) = ev {
                sink.lock().unwrap().push(*t);
            }
        },
    )
    .unwrap_or_else(|e| panic!("program failed: {:?}", e.diagnostic()));
    let v = got.lock().unwrap().clone();
    v
}

const WATERMARK_UPDATE: &str = r#"
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp, window

spark = SparkSession.builder.appName("Watermark").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), parts.getItem(1).alias("word"))
windowed = events.withWatermark("timestamp", "10 minutes").groupBy(window(col("timestamp"), "10 minutes", "5 minutes"), col("word")).count()
query = windowed.writeStream.outputMode("update").format("console").queryName("counts").start()
query.awaitTermination()
"#;

const WATERMARK_INPUT: &str = "2024-01-01 12:07:00,cat\n2024-01-01 12:02:00,dog\n---\n2024-01-01 12:11:00,owl\n---\n2024-01-01 12:24:00,cat\n---\n2024-01-01 12:04:00,late\n2024-01-01 12:13:00,ok\n";

#[test]
fn trigger_reports_follow_the_watermark() {
    let r = reports(WATERMARK_UPDATE, WATERMARK_INPUT);
    // Batch 0 (empty, at start), then each data batch followed by a no-data
    // batch because the watermark moved; the last batch (max event 12:13)
    // leaves it at 12:14, so no no-data batch follows.
    let ids: Vec<(u64, bool)> = r.iter().map(|t| (t.batch, t.no_data)).collect();
    assert_eq!(
        ids,
        [
            (0, false),
            (1, false),
            (2, true),
            (3, false),
            (4, true),
            (5, false),
            (6, true),
            (7, false)
        ]
    );
    assert!(r
        .iter()
        .all(|t| t.name.as_deref() == Some("counts") && t.query == 0));
    let b1 = &r[1];
    assert_eq!(b1.input.columns, ["value"]);
    assert_eq!(b1.input.rows.len(), 2);
    assert_eq!(b1.input_total, 2);
    let et = b1.event_time.as_ref().expect("event-time details");
    assert_eq!(et.watermark_before_ms, None);
    // max event time 12:07 minus 10 minutes.
    assert_eq!(et.watermark_after_ms, Some(NOON - 3 * MIN));
    // cat@12:07 is in two windows, dog@12:02 in two others.
    assert_eq!(et.records.len(), 2);
    assert_eq!(
        et.records[0].windows,
        [(NOON, NOON + 10 * MIN), (NOON + 5 * MIN, NOON + 15 * MIN)]
    );
    assert_eq!(et.windows.len(), 3);
    assert!(b1.result.iter().all(|row| row.change == RowChange::Added));
    assert_eq!(b1.emitted.rows.len(), 4);

    // The batch with late@12:04 and ok@12:13 runs under watermark 12:14.
    let b7 = &r[7];
    let et = b7.event_time.as_ref().expect("event-time details");
    assert_eq!(et.watermark_before_ms, Some(NOON + 14 * MIN));
    let late = &et.records[0];
    assert_eq!(late.cells[1], "late");
    assert!(late.late && late.dropped && late.windows.is_empty());
    let ok = &et.records[1];
    assert!(
        ok.late && !ok.dropped,
        "12:13 is late but its windows are open"
    );
    assert_eq!(ok.windows.len(), 2);
    assert_eq!(et.dropped_late, 1);
    assert_eq!(et.dropped_late_total, 1);
    // Update mode: only the two windows of `ok` are emitted.
    assert_eq!(b7.emitted.rows.len(), 2);
    assert!(b7.emitted.rows.iter().all(|row| row[1] == "ok"));
    // Windows ending at or before the watermark were evicted earlier: state
    // stays bounded, and eviction shows up as Removed rows.
    assert!(r[6]
        .result
        .iter()
        .any(|row| row.change == RowChange::Removed));
    assert!(et.windows.iter().all(|(_, end)| *end > NOON + 14 * MIN));
    assert!(b7.result.iter().any(|row| row.change == RowChange::Same));
}

#[test]
fn complete_mode_marks_updated_rows_and_prints_the_whole_table() {
    let src = r#"
from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
query = words.groupBy("word").count().writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
"#;
    let r = reports(src, "cat dog\ndog\n---\nowl cat\n");
    assert_eq!(r.len(), 3);
    let changes: Vec<(String, RowChange)> = r[2]
        .result
        .iter()
        .map(|row| (row.cells[0].clone(), row.change))
        .collect();
    assert_eq!(
        changes,
        [
            ("cat".to_string(), RowChange::Updated),
            ("dog".to_string(), RowChange::Same),
            ("owl".to_string(), RowChange::Added)
        ]
    );
    assert_eq!(r[2].emitted.rows.len(), 3);
    assert!(r[2].console.starts_with(
        "-------------------------------------------\nBatch: 2\n-------------------------------------------\n+----+-----+\n|word|count|\n"
    ));
    assert!(r[2].event_time.is_none());
}

#[test]
fn include_timestamp_and_current_timestamp_use_the_virtual_clock() {
    let src = r#"
from pyspark.sql import SparkSession
import pyspark.sql.functions as F
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).option("includeTimestamp", True).load()
out = lines.select("value", "timestamp", F.current_timestamp().alias("now"))
query = out.writeStream.format("console").option("truncate", False).start()
query.awaitTermination()
"#;
    let r = reports(src, "a\n");
    assert_eq!(r[1].input.columns, ["value", "timestamp"]);
    // Batch 0 at 2024-01-01 00:00:00, batch 1 one second later.
    assert_eq!(
        r[1].emitted.rows,
        [["a", "2024-01-01 00:00:01", "2024-01-01 00:00:01"]]
    );
}

fn streamlab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_streamlab"))
}

#[test]
fn run_prints_json_lines_per_trigger() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("wc.py");
    std::fs::write(
        &prog,
        r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
query = words.groupBy("word").count().writeStream.outputMode("update").format("console").start()
query.awaitTermination()
"#,
    )
    .expect("write");
    let input = dir.path().join("in.txt");
    std::fs::write(&input, "a b a\n---\nb\n").expect("write");
    let out = streamlab()
        .arg("run")
        .arg(&prog)
        .arg("--replay-batches")
        .arg(&input)
        .args(["--format", "jsonl"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            r#"{"batch": 0, "query": 0, "name": null, "columns": ["word","count"], "rows": []}"#,
            // Spark's order: "b" lives in state partition 161 of 200, "a" in 170.
            r#"{"batch": 1, "query": 0, "name": null, "columns": ["word","count"], "rows": [["b","1"],["a","2"]]}"#,
            r#"{"batch": 2, "query": 0, "name": null, "columns": ["word","count"], "rows": [["b","2"]]}"#,
        ]
    );
}

#[test]
fn errors_point_at_the_line_with_sparks_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("bad.py");
    std::fs::write(
        &prog,
        r#"from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.outputMode("complete").format("console").start()
"#,
    )
    .expect("write");
    let out = streamlab().arg("run").arg(&prog).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("AnalysisException: Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets"), "{err}");
    assert!(err.contains("bad.py:4:9"), "{err}");

    std::fs::write(
        &prog,
        r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import window
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").load()
"#,
    )
    .expect("write");
    let out = streamlab().arg("run").arg(&prog).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Set a port to read from with option(\"port\", ...)."),
        "{err}"
    );
    assert!(err.contains("bad.py:4:9"), "{err}");

    std::fs::write(
        &prog,
        r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import window, col
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
w = lines.groupBy(window(col("value"), "ten minutes")).count()
"#,
    )
    .expect("write");
    let out = streamlab().arg("run").arg(&prog).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did not correspond to a valid interval string"),
        "{err}"
    );
    assert!(err.contains("bad.py:5:"), "{err}");
}

#[test]
fn live_socket_runs_on_the_real_clock() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("live.py");
    std::fs::write(
        &prog,
        format!(
            r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import col, upper
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", {port}).load()
query = lines.select(upper(col("value")).alias("shout")).writeStream.format("console").start()
query.awaitTermination()
"#
        ),
    )
    .expect("write");
    let mut child = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (mut conn, _) = listener.accept().expect("the query connects");
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = std::io::BufReader::new(stdout);
    let mut seen = String::new();
    // Wait for the empty batch 0, then send one line.
    while !seen.contains("Batch: 0") {
        let mut l = String::new();
        if reader.read_line(&mut l).expect("read") == 0 {
            break;
        }
        seen.push_str(&l);
    }
    conn.write_all(b"hello\n").expect("send");
    std::thread::sleep(Duration::from_millis(50));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).expect("read");
    seen.push_str(&rest);
    let status = child.wait().expect("wait");
    assert!(status.success());
    assert!(seen.contains("Batch: 1"), "{seen}");
    assert!(seen.contains("|HELLO|"), "{seen}");
}

#[test]
fn refused_socket_is_fatal_like_spark() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("refused.py");
    std::fs::write(
        &prog,
        format!(
            r#"from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", {port}).load()
lines.writeStream.format("console").start().awaitTermination()
"#
        ),
    )
    .expect("write");
    let out = streamlab().arg("run").arg(&prog).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot connect to 127.0.0.1"), "{err}");
}

proptest! {
    #[test]
    fn every_time_lands_in_size_over_slide_windows(t in -10_000_000_000i64..10_000_000_000, k in 1i64..6, slide in 1i64..600_000) {
        let size = slide * k;
        let w = windows_of(t, size, slide, 0);
        prop_assert_eq!(w.len() as i64, k);
        for (s, e) in w {
            prop_assert!(s <= t && t < e);
            prop_assert_eq!(s.rem_euclid(slide), 0);
        }
    }

    #[test]
    fn sql_and_interval_parsers_never_panic(s in ".{0,40}") {
        let _ = streamlab::structured::sql::parse_sql_expr(&s);
        let _ = streamlab::formats::interval::parse_interval_ms(&s);
    }
}

#[test]
fn text_source_reads_the_files_in_a_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("in");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::write(data.join("part-1.txt"), "b\na\n").expect("write");
    std::fs::write(data.join(".hidden"), "ignored\n").expect("write");
    let prog = dir.path().join("text.py");
    std::fs::write(
        &prog,
        format!(
            r#"from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.text({:?})
query = lines.where("value != 'x'").writeStream.format("console").start()
query.awaitTermination()
"#,
            data.display().to_string()
        ),
    )
    .expect("write");
    let out = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "1"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "-------------------------------------------\nBatch: 0\n-------------------------------------------\n+-----+\n|value|\n+-----+\n|    b|\n|    a|\n+-----+\n\n"
    );
}

#[test]
fn issue_13_socket_lines_end_where_java_readline_ends_them() {
    // Spark's socket source reads with BufferedReader.readLine, like the
    // DStream receiver: '\n', '\r' and "\r\n" each end a line.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("live.py");
    std::fs::write(
        &prog,
        format!(
            r#"from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
lines = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", {port}).load()
query = lines.writeStream.format("console").start()
query.awaitTermination()
"#
        ),
    )
    .expect("write");
    let mut child = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (mut conn, _) = listener.accept().expect("the query connects");
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = std::io::BufReader::new(stdout);
    let mut seen = String::new();
    while !seen.contains("Batch: 0") {
        let mut l = String::new();
        if reader.read_line(&mut l).expect("read") == 0 {
            break;
        }
        seen.push_str(&l);
    }
    conn.write_all(b"a\r\r\nb\rc\n").expect("send");
    std::thread::sleep(Duration::from_millis(50));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).expect("read");
    let status = child.wait().expect("wait");
    assert!(status.success(), "{rest}");
    let batch1 = rest.split("Batch: 1").nth(1).unwrap_or_default();
    let rows: Vec<&str> = batch1
        .lines()
        .filter(|l| l.starts_with('|') && !l.contains("value"))
        .map(|l| l.trim_matches('|').trim())
        .collect();
    // Lines a, '', b, c; Spark deals them round-robin into the batch's two
    // partitions (a, b | '', c) and the console prints partition by partition.
    assert_eq!(rows, ["a", "b", "", "c"], "{seen}{rest}");
}
