//! `updateStateByKey` over a large state: per-batch cost and memory.
//!
//! The program keeps a running count per key
//! (`updateStateByKey(lambda new, old: sum(new) + (old or 0))`) and prints
//! the number of keys per batch. Its input, replayed on the virtual clock:
//! the first batch brings every key once (1,000,000 by default); each later
//! batch brings `CHANGED` occurrences of keys drawn at random from those.
//! Spark calls the update function for every key in the state on every batch
//! (keys without new values get `[]`), so a batch costs a pass over all keys
//! plus the work on the changed ones; the bench runs the same for a tenth of
//! the keys to show how the cost scales with the state.
//!
//! Reported per key count: the first batch (loading the state), then the
//! median and the slowest of the steady batches (wall time between
//! `BatchCompleted` events, and the engine's own `processing_ms`), and this
//! process's resident memory after the run and at its peak (Linux
//! `/proc/self/status`; the runs go from the smaller state to the larger, so
//! the peak is the larger state's). Checkpointing is on, with the default
//! interval (every 10 batches of 1 s), as users get it.
//!
//! `cargo bench --bench state` prints the table. Without `--bench` (as a
//! test: `cargo test --benches`) it runs a small version and checks it.
//!
//! Environment:
//! - `STREAMLAB_BENCH_STATE_KEYS`: keys in the state (default 1,000,000).
//! - `STREAMLAB_BENCH_STATE_CHANGED`: key occurrences per later batch
//!   (default 10,000).
//! - `STREAMLAB_BENCH_STATE_BATCHES`: later batches timed (default 10).

#[path = "common/textgen.rs"]
#[allow(dead_code)]
mod textgen;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use streamlab::engine::driver::RunOptions;
use streamlab::engine::events::EngineEvent;
use streamlab::lang::value::Value;
use streamlab::sources::replay::ReplayText;

/// The same allocator as the `streamlab` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 0x57A7_E000_0000_0001;
/// Lines per batch; keys are spread over them.
const LINES: usize = 1000;

const PROGRAM: &str = r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext
sc = SparkContext("local[2]", "StateBench")
ssc = StreamingContext(sc, 1)
ssc.checkpoint(CHECKPOINT_DIR)
pairs = ssc.socketTextStream("localhost", 9999).flatMap(lambda l: l.split()).map(lambda k: (k, 1))
pairs.updateStateByKey(lambda new, old: sum(new) + (old or 0)).count().pprint()
ssc.start()
ssc.awaitTermination()
"#;

fn env_usize(name: &str) -> Option<usize> {
    let v = std::env::var(name).ok()?;
    match v.trim().replace('_', "").parse() {
        Ok(n) => Some(n),
        Err(_) => panic!("{name}={v:?} is not a whole number"),
    }
}

struct Settings {
    keys: usize,
    changed: usize,
    batches: usize,
}

/// `LINES` lines a batch: first every key once, then `changed` random keys
/// per batch for `batches` batches.
fn input(s: &Settings) -> String {
    let mut rng = textgen::Rng(SEED);
    let mut text = String::new();
    let mut batch = |keys: &mut dyn Iterator<Item = usize>, per_line: usize| {
        for _ in 0..LINES {
            let words: Vec<String> = keys.take(per_line).map(|k| format!("k{k}")).collect();
            text.push_str(&words.join(" "));
            text.push('\n');
        }
    };
    batch(&mut (0..s.keys), s.keys.div_ceil(LINES));
    for _ in 0..s.batches {
        let picks: Vec<usize> = (0..s.changed).map(|_| rng.below(s.keys)).collect();
        batch(&mut picks.into_iter(), s.changed.div_ceil(LINES));
    }
    text
}

struct Run {
    first: Duration,
    steady: Vec<Duration>,
    processing: Vec<u64>,
}

fn run(s: &Settings) -> Run {
    let dir = tempfile::tempdir().expect("a temporary checkpoint directory");
    let dir_str = dir.path().to_str().expect("a UTF-8 temporary path");
    let src = PROGRAM.replace("CHECKPOINT_DIR", &format!("{dir_str:?}"));
    let lines = Arc::new(ReplayText::new(input(s)));
    let batches = 1 + s.batches;
    let opts = RunOptions {
        max_batches: Some(batches as u64),
        replay: Some((lines.into(), LINES)),
        start_ms: Some(0),
        ..RunOptions::default()
    };
    #[derive(Default)]
    struct Seen {
        completed: Vec<(Instant, u64)>,
        counts: Vec<i64>,
        failure: Option<String>,
    }
    let seen: Arc<Mutex<Seen>> = Arc::default();
    let sink = seen.clone();
    let started = Instant::now();
    let result = streamlab::session::run_headless(&src, opts, move |ev| {
        let now = Instant::now();
        let mut seen = sink.lock().unwrap();
        match ev {
            EngineEvent::BatchCompleted(info) => {
                seen.completed.push((now, info.processing_ms));
                if let Some((_, e)) = info.errors.first() {
                    seen.failure
                        .get_or_insert(format!("batch {}: {e:?}", info.batch));
                }
            }
            EngineEvent::Output(out) => match out.result {
                Ok(records) => match records.as_slice() {
                    [Value::Int(n)] => seen.counts.push(*n),
                    other => {
                        seen.failure
                            .get_or_insert(format!("count() gave {other:?}"));
                    }
                },
                Err(e) => {
                    seen.failure
                        .get_or_insert(format!("batch {}: {e:?}", out.batch));
                }
            },
            EngineEvent::Notice(n) => {
                seen.failure.get_or_insert(format!("engine notice: {n}"));
            }
            _ => {}
        }
    });
    if let Err(e) = result {
        panic!(
            "the state program failed:\n{}",
            e.diagnostic().render("state.py", &src)
        );
    }
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    if let Some(msg) = seen.failure {
        panic!("the state program ({} keys) failed: {msg}", s.keys);
    }
    assert_eq!(seen.completed.len(), batches, "completed batches");
    // Every batch keeps every key (no key's state ever becomes None).
    assert_eq!(
        seen.counts,
        vec![s.keys as i64; batches],
        "keys in the state per batch"
    );
    let mut at = started;
    let mut walls = Vec::new();
    for (t, _) in &seen.completed {
        walls.push(*t - at);
        at = *t;
    }
    Run {
        first: walls[0],
        steady: walls[1..].to_vec(),
        processing: seen.completed[1..].iter().map(|c| c.1).collect(),
    }
}

/// `VmRSS` and `VmHWM` of this process, bytes (Linux only).
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn median<T: Ord + Copy>(v: &[T]) -> T {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let keys = env_usize("STREAMLAB_BENCH_STATE_KEYS")
        .unwrap_or(if bench { 1_000_000 } else { 2_000 })
        .max(10);
    let changed = env_usize("STREAMLAB_BENCH_STATE_CHANGED")
        .unwrap_or(if bench { 10_000 } else { 100 })
        .max(1);
    let batches = env_usize("STREAMLAB_BENCH_STATE_BATCHES")
        .unwrap_or(if bench { 10 } else { 2 })
        .max(1);
    println!(
        "updateStateByKey: {changed} key occurrences per batch after the first, {batches} batches timed"
    );
    println!("| keys | first batch | steady batch (median) | slowest | processing_ms (median) | RSS after | peak RSS |");
    println!("|---|---|---|---|---|---|---|");
    for k in [keys / 10, keys] {
        let s = Settings {
            keys: k,
            changed,
            batches,
        };
        let r = run(&s);
        let (rss, peak) = memory().unwrap_or((0, 0));
        println!(
            "| {k} | {:.0} ms | {:.0} ms | {:.0} ms | {} | {:.0} MB | {:.0} MB |",
            r.first.as_secs_f64() * 1e3,
            median(&r.steady).as_secs_f64() * 1e3,
            r.steady.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1e3),
            median(&r.processing),
            rss as f64 / 1e6,
            peak as f64 / 1e6
        );
    }
}
