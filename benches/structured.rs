//! Structured Streaming throughput, and how much state a watermark keeps.
//!
//! Two queries over the same generated input (lines `TIME,word word word`,
//! time moving on ~1 s a line, one line in twenty up to 14 minutes late),
//! replayed one trigger per batch of lines on the virtual clock:
//!
//! - `wordcount`: the guide's word count in complete mode (split, explode,
//!   groupBy().count());
//! - `windowed`: counts per 10-minute window sliding every 5 minutes and per
//!   word, with a 10-minute watermark, in update mode.
//!
//! For each: input rows per second (whole run, all triggers, including the
//! console sink's text), and for the windowed query the number of windows
//! held after the last trigger (bounded by the watermark: it stays the same
//! however long the input is).
//!
//! `cargo bench --bench structured` prints the table. As a test (`cargo test
//! --benches`) it runs a small input and checks the windowed state stays small.
//!
//! Environment: `STREAMLAB_BENCH_ROWS` (default 200000), `STREAMLAB_BENCH_BATCH`
//! (rows per trigger, default 2000).

use std::sync::Arc;
use std::time::Instant;

use parking_lot::Mutex;
use streamlab::engine::events::EngineEvent;
use streamlab::structured::driver::StructuredOptions;

/// The allocator the streamlab binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WORDCOUNT: &str = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("bench").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(lines.value, ",")
words = lines.select(explode(split(parts.getItem(1), " ")).alias("word"))
q = words.groupBy("word").count().writeStream.outputMode("complete").format("console").start()
q.awaitTermination()
"#;

const WINDOWED: &str = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import col, explode, split, to_timestamp, window
spark = SparkSession.builder.appName("bench").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), explode(split(parts.getItem(1), " ")).alias("word"))
counts = events.withWatermark("timestamp", "10 minutes").groupBy(window(col("timestamp"), "10 minutes", "5 minutes"), col("word")).count()
q = counts.writeStream.outputMode("update").format("console").start()
q.awaitTermination()
"#;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn input(rows: usize, per_batch: usize) -> Vec<Vec<String>> {
    let words = [
        "cat", "dog", "owl", "fox", "hen", "bee", "elk", "ant", "yak", "emu",
    ];
    let mut r = Rng(0x5EED_5757);
    let mut t: u64 = 12 * 3600;
    let mut out = Vec::new();
    let mut batch = Vec::new();
    for _ in 0..rows {
        t += r.below(3);
        let stamp = if r.below(20) == 0 {
            t.saturating_sub(r.below(14 * 60))
        } else {
            t
        };
        let (d, h, m, s) = (
            1 + stamp / 86_400,
            stamp / 3600 % 24,
            stamp / 60 % 60,
            stamp % 60,
        );
        let n = 1 + r.below(3);
        let ws: Vec<&str> = (0..n).map(|_| words[r.below(10) as usize]).collect();
        batch.push(format!(
            "2024-01-{d:02} {h:02}:{m:02}:{s:02},{}",
            ws.join(" ")
        ));
        if batch.len() == per_batch {
            out.push(std::mem::take(&mut batch));
        }
    }
    if !batch.is_empty() {
        out.push(batch);
    }
    out
}

/// Run `src` over `batches`: (seconds, triggers, windows held at the end).
fn run(src: &str, batches: &Arc<Vec<Vec<String>>>) -> (f64, usize, usize) {
    let last = Arc::new(Mutex::new((0usize, 0usize)));
    let sink = last.clone();
    let start = Instant::now();
    streamlab::session::run_headless_with(
        src,
        Default::default(),
        StructuredOptions {
            replay: Some(batches.clone()),
            ..Default::default()
        },
        move |ev| {
            if let EngineEvent::Trigger(r) = ev {
                let mut l = sink.lock();
                l.0 += 1;
                l.1 = r.event_time.as_ref().map_or(0, |et| et.windows.len());
            }
        },
    )
    .expect("the bench program runs");
    let secs = start.elapsed().as_secs_f64();
    let (triggers, windows) = *last.lock();
    (secs, triggers, windows)
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let rows = if bench {
        env("STREAMLAB_BENCH_ROWS", 200_000)
    } else {
        20_000
    };
    let per_batch = env("STREAMLAB_BENCH_BATCH", 2000);
    let batches = Arc::new(input(rows, per_batch));
    println!("Structured Streaming: {rows} rows, {per_batch} rows per trigger");
    println!(
        "{:<10} {:>10} {:>10} {:>14} {:>14}",
        "query", "seconds", "triggers", "rows/s", "windows held"
    );
    let mut held = Vec::new();
    for (name, src) in [("wordcount", WORDCOUNT), ("windowed", WINDOWED)] {
        let (secs, triggers, windows) = run(src, &batches);
        println!(
            "{name:<10} {secs:>10.2} {triggers:>10} {:>14.0} {windows:>14}",
            rows as f64 / secs
        );
        held.push(windows);
    }
    // A 10-minute watermark over ~1 s a row keeps a handful of 10-minute
    // windows sliding by 5, whatever the input's length.
    assert!(held[1] > 0 && held[1] <= 8, "windows held: {}", held[1]);
}
