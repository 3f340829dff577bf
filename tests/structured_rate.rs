//! The `rate` source against Spark's: every setting in
//! `tests/conformance/structured/rate/` was recorded on PySpark 3.5.9 by
//! `tests/conformance/structured/record_rate.py` (each micro-batch's offsets
//! and its rows, timestamps relative to the source's creation).
//!
//! - For every recorded micro-batch, streamlab's rate source gives the same
//!   rows, in the same order, with the same timestamps, for the same offsets.
//! - `streamlab run` on the virtual clock prints, for each batch whose offsets
//!   Spark's run also had, exactly Spark's rows.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use streamlab::structured::cell::{format_timestamp, Cell};
use streamlab::structured::rate::Rate;

/// Spark's default parallelism under the recorder's `local[2]`.
const LOCAL_PARTITIONS: usize = 2;

fn recordings() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/structured/rate");
    let mut out: Vec<(PathBuf, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read recording");
            let v: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 4,
        "expected the 4 recorded settings in {}",
        dir.display()
    );
    out
}

fn rate_of(rec: &Value) -> Rate {
    let opt = |k: &str| rec["options"][k].as_str();
    Rate::from_options(
        opt("rowsPerSecond"),
        opt("rampUpTime"),
        opt("numPartitions"),
        LOCAL_PARTITIONS,
    )
    .expect("recorded options are valid")
}

/// A recorded batch: (batch id, start offset, end offset, rows as (ms after creation, value)).
type Batch = (u64, i64, i64, Vec<(i64, i64)>);

fn batches(rec: &Value) -> Vec<Batch> {
    rec["batches"]
        .as_array()
        .expect("batches")
        .iter()
        .map(|b| {
            let rows = b["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| (r[0].as_i64().unwrap(), r[1].as_i64().unwrap()))
                .collect();
            (
                b["batch"].as_u64().unwrap(),
                b["start"].as_i64().unwrap(),
                b["end"].as_i64().unwrap(),
                rows,
            )
        })
        .collect()
}

fn streamlab_rows(rate: &Rate, start: i64, end: i64) -> Vec<(i64, i64)> {
    rate.batch(0, start, end)
        .into_iter()
        .flatten()
        .map(|r| match (&r[0], &r[1]) {
            (Cell::Timestamp(t), Cell::Int(v)) => (*t, *v),
            other => panic!("a rate row is (timestamp, value), not {other:?}"),
        })
        .collect()
}

#[test]
fn rate_rows_match_sparks_for_the_same_offsets() {
    let mut compared = 0;
    for (path, rec) in recordings() {
        let rate = rate_of(&rec);
        for (batch, start, end, want) in batches(&rec) {
            let got = streamlab_rows(&rate, start, end);
            assert_eq!(
                got,
                want,
                "{}: batch {batch} (offsets {start}..{end})",
                path.display()
            );
            compared += want.len();
        }
    }
    assert!(compared > 500, "only {compared} rows compared");
}

/// The console tables `streamlab run` printed: batch id -> data rows' cells.
fn console_rows(stdout: &str) -> Vec<(u64, Vec<Vec<String>>)> {
    let mut out: Vec<(u64, Vec<Vec<String>>)> = Vec::new();
    let mut rules = 0;
    for line in stdout.lines() {
        if let Some(id) = line.strip_prefix("Batch: ") {
            out.push((id.parse().expect("batch id"), Vec::new()));
            rules = 0;
        } else if line.starts_with("+-") {
            rules += 1;
        } else if line.starts_with('|') && rules == 2 {
            let cells = line
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            if let Some(last) = out.last_mut() {
                last.1.push(cells);
            }
        }
    }
    out
}

#[test]
fn streamlab_run_on_the_virtual_clock_prints_sparks_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut compared = 0;
    for (path, rec) in recordings() {
        let Some(trigger) = rec["trigger"].as_str() else {
            // The default trigger's batches follow Spark's start-up time.
            continue;
        };
        let secs: i64 = trigger
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("trigger like '2 seconds'");
        let options: String = rec["options"]
            .as_object()
            .expect("options")
            .iter()
            .map(|(k, v)| format!(".option({k:?}, {:?})", v.as_str().unwrap()))
            .collect();
        let program = format!(
            "from pyspark.sql import SparkSession\n\
             spark = SparkSession.builder.master(\"local[2]\").getOrCreate()\n\
             df = spark.readStream.format(\"rate\"){options}.load()\n\
             q = df.writeStream.format(\"console\").option(\"truncate\", \"false\").option(\"numRows\", 1000).trigger(processingTime=\"{trigger}\").start()\n\
             q.awaitTermination()\n"
        );
        let file = dir.path().join("rate.py");
        std::fs::write(&file, program).expect("write program");
        let recorded = batches(&rec);
        let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
            .arg("run")
            .arg(&file)
            .args(["--batches", &recorded.len().to_string(), "--start-ms", "0"])
            .output()
            .expect("run streamlab");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: streamlab failed: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = console_rows(&stdout);
        assert_eq!(printed.len(), recorded.len(), "{stdout}");
        for (k, (batch, start, end, want)) in recorded.into_iter().enumerate() {
            // On the virtual clock batch k covers the offsets up to k triggers.
            let (v_start, v_end) = ((k as i64 - 1).max(0) * secs, k as i64 * secs);
            if (start, end) != (v_start, v_end) {
                continue;
            }
            let want: Vec<Vec<String>> = want
                .into_iter()
                .map(|(t, v)| vec![format_timestamp(t), v.to_string()])
                .collect();
            assert_eq!(printed[k].0, batch);
            assert_eq!(printed[k].1, want, "{}: batch {batch}", path.display());
            compared += 1;
        }
    }
    assert!(
        compared >= 2,
        "only {compared} batches had the virtual clock's offsets"
    );
}

/// A stream-stream join of two rate sources on the virtual clock: every
/// even value of the second source (the clicks) meets its twin of the first
/// (same value, same timestamp) exactly once, in the batch that made both;
/// odd values never come out.
#[test]
fn a_stream_stream_join_of_two_rate_sources_matches_each_row_once() {
    let program = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import expr

spark = SparkSession.builder.appName("RateJoin").getOrCreate()
impressions = spark.readStream.format("rate").option("rowsPerSecond", 5).load().selectExpr("value AS adId", "timestamp AS impressionTime")
clicks = spark.readStream.format("rate").option("rowsPerSecond", 5).load().where("value % 2 = 0").selectExpr("value AS clickAdId", "timestamp AS clickTime")
joined = impressions.withWatermark("impressionTime", "10 seconds").join(
    clicks.withWatermark("clickTime", "20 seconds"),
    expr("clickAdId = adId AND clickTime >= impressionTime AND clickTime <= impressionTime + interval 5 seconds"),
)
query = joined.writeStream.format("console").option("truncate", False).start()
query.awaitTermination()
"#;
    let dir = std::env::temp_dir().join(format!("streamlab-rate-join-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("rate_join.py");
    std::fs::write(&path, program).expect("program written");
    let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .arg("run")
        .arg(&path)
        .args(["--batches", "12"])
        .output()
        .expect("streamlab runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let batches = console_rows(&stdout);
    assert_eq!(batches.len(), 12, "{stdout}");
    let mut ids: Vec<i64> = Vec::new();
    for (_, rows) in &batches {
        for r in rows {
            assert_eq!(r[0], r[2], "the ids match: {r:?}");
            assert_eq!(r[1], r[3], "the times match: {r:?}");
            ids.push(r[0].parse().expect("an id"));
        }
    }
    ids.sort_unstable();
    let max = *ids.last().expect("rows came out");
    // Every even id up to the last one produced, once.
    assert_eq!(ids, (0..=max).step_by(2).collect::<Vec<_>>(), "{stdout}");
    assert!(ids.len() >= 10, "{stdout}");
}
