//! Per-batch cost of `reduceByKeyAndWindow(add, sub, W, 1)` for a short and a
//! long window, with and without the inverse function.
//!
//! The program is a windowed word count ending in `.count().pprint()` (so
//! output handling is negligible), run by `streamlab::session::run_headless`
//! on the virtual clock with generated lines replayed into its
//! `socketTextStream`, a fixed number of lines per 1 s batch. Checkpointing is
//! on for every variant (the inverse form requires it, and it is what users
//! get; the form without the inverse gets the same directory for fairness).
//! The engine writes a checkpoint after every batch, so its cost is part of
//! the per-batch cost measured here.
//!
//! Per-batch cost in steady state: a run is `W + K` batches; every
//! `BatchCompleted` event is timestamped as it arrives, and the cost is
//! `(time of the last - time of batch W) / K`, i.e. only batches after the
//! window is full. Each figure is the median of several runs. A second table
//! splits that cost into the engine's own "processing" time (the batch's jobs,
//! as `BatchInfo::processing_ms` reports it, whole milliseconds) and the rest
//! (mostly the checkpoint written after the batch).
//!
//! Goal (from the issue): with the inverse function, the per-batch cost at
//! W = 600 is within 1.3x of W = 10.
//!
//! `cargo bench --bench windows` prints the tables. Without `--bench` (as a
//! test: `cargo test --benches`) it runs a small smoke version.
//!
//! Environment:
//! - `STREAMLAB_BENCH_LINES_PER_BATCH`: lines per batch (default 20, ~200 words).
//! - `STREAMLAB_BENCH_STEADY_BATCHES`: K, the steady-state batches timed (default 20).
//! - `STREAMLAB_BENCH_REPS`: runs per figure, the median is shown (default 3
//!   for W = 10 and 1 for the long window, whose runs take minutes while the
//!   per-batch checkpoint grows with W; set it to use the same for both).
//! - `STREAMLAB_BENCH_LONG_WINDOW`: the long window in batches (default 600).
//! - `STREAMLAB_BENCH_NO_CHECKPOINT=1`: diagnosis only, drop `ssc.checkpoint`
//!   from the program without the inverse function (the inverse form needs it).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use streamlab::engine::driver::RunOptions;
use streamlab::engine::events::EngineEvent;
use streamlab::lang::value::Value;
use streamlab::sources::replay::ReplayText;

/// The same allocator as the `streamlab` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 0x51DE_0FA1_1D00_0D00;
const VOCABULARY: usize = 2000;
const SHORT_WINDOW: usize = 10;

/// The program; `CHECKPOINT_DIR`, `INV` and `WINDOW` are filled in.
const PROGRAM: &str = r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext
sc = SparkContext("local[2]", "WindowBench")
ssc = StreamingContext(sc, 1)
ssc.checkpoint(CHECKPOINT_DIR)
pairs = ssc.socketTextStream("localhost", 9999).flatMap(lambda l: l.split()).map(lambda w: (w, 1))
pairs.reduceByKeyAndWindow(lambda a, b: a + b, INV, WINDOW, 1).count().pprint()
ssc.start()
ssc.awaitTermination()
"#;

fn program(checkpoint_dir: &str, inverse: bool, window: usize) -> String {
    let no_checkpoint = !inverse && std::env::var_os("STREAMLAB_BENCH_NO_CHECKPOINT").is_some();
    let text = if no_checkpoint {
        PROGRAM.replace("ssc.checkpoint(CHECKPOINT_DIR)\n", "")
    } else {
        PROGRAM.to_string()
    };
    // A Rust debug string is a valid Python literal for ordinary paths.
    text.replace("CHECKPOINT_DIR", &format!("{checkpoint_dir:?}"))
        .replace(
            "INV",
            if inverse {
                "lambda a, b: a - b"
            } else {
                "None"
            },
        )
        .replace("WINDOW", &window.to_string())
}

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

/// Run as `cargo bench` (which passes `--bench`), or as a test?
fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn env_usize(name: &str) -> Option<usize> {
    let v = std::env::var(name).ok()?;
    match v.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => panic!("{name}={v:?} is not a whole number"),
    }
}

struct Settings {
    lines_per_batch: usize,
    steady: usize,
    reps: usize,
    reps_long: usize,
    windows: [usize; 2],
}

impl Settings {
    fn from_env() -> Settings {
        let full = bench_mode();
        let long = env_usize("STREAMLAB_BENCH_LONG_WINDOW").unwrap_or(if full { 600 } else { 30 });
        Settings {
            lines_per_batch: env_usize("STREAMLAB_BENCH_LINES_PER_BATCH")
                .unwrap_or(20)
                .max(1),
            steady: env_usize("STREAMLAB_BENCH_STEADY_BATCHES")
                .unwrap_or(if full { 20 } else { 5 })
                .max(1),
            reps: env_usize("STREAMLAB_BENCH_REPS")
                .unwrap_or(if full { 3 } else { 1 })
                .max(1),
            reps_long: env_usize("STREAMLAB_BENCH_REPS").unwrap_or(1).max(1),
            // The incremental path needs a window of at least 5 slides.
            windows: [SHORT_WINDOW, long.max(SHORT_WINDOW)],
        }
    }
}

// ---------------------------------------------------------------------------
// Input: deterministic lines of Zipf-distributed words
// ---------------------------------------------------------------------------

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `VOCABULARY` distinct lowercase words made of syllables, shorter ones
/// ranked first (as common words are short).
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "ch",
        "cl", "dr", "fl", "gr", "pl", "sh", "st", "th", "tr", "",
    ];
    const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou"];
    const CODAS: &[&str] = &["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck"];
    let mut seen = HashSet::new();
    let mut words = Vec::with_capacity(VOCABULARY);
    while words.len() < VOCABULARY {
        let syllables = 1 + rng.below(3);
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(ONSETS[rng.below(ONSETS.len())]);
            w.push_str(NUCLEI[rng.below(NUCLEI.len())]);
            w.push_str(CODAS[rng.below(CODAS.len())]);
        }
        if seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words.sort_by_key(|w| w.len());
    words
}

/// `n` lines of 5 to 15 words drawn with a Zipf (s = 1) skew.
fn generate_lines(n: usize) -> Vec<String> {
    let mut rng = Rng(SEED);
    let vocab = vocabulary(&mut rng);
    let mut cumulative = Vec::with_capacity(vocab.len());
    let mut total = 0.0;
    for rank in 1..=vocab.len() {
        total += 1.0 / rank as f64;
        cumulative.push(total);
    }
    (0..n)
        .map(|_| {
            let words = 5 + rng.below(11);
            let mut line = String::new();
            for i in 0..words {
                let u = rng.unit() * total;
                let idx = cumulative.partition_point(|&c| c <= u).min(vocab.len() - 1);
                if i > 0 {
                    line.push(' ');
                }
                line.push_str(&vocab[idx]);
            }
            line
        })
        .collect()
}

// ---------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------

/// What one run measured.
struct Run {
    /// Steady-state wall time per batch.
    per_batch: Duration,
    /// Steady-state engine processing time per batch (`BatchInfo::processing_ms`).
    processing: Duration,
    /// The whole run, window filling included.
    total: Duration,
    /// The last batch's `count()`.
    last_count: i64,
}

/// Run the program for `window + steady` batches and time the last `steady`.
fn run(lines: &Arc<ReplayText>, s: &Settings, inverse: bool, window: usize) -> Run {
    let dir = tempfile::tempdir().expect("a temporary checkpoint directory");
    let dir_str = dir.path().to_str().expect("a UTF-8 temporary path");
    let src = program(dir_str, inverse, window);
    let batches = window + s.steady;
    let opts = RunOptions {
        max_batches: Some(batches as u64),
        replay: Some((lines.clone().into(), s.lines_per_batch)),
        start_ms: Some(0),
        ..RunOptions::default()
    };
    #[derive(Default)]
    struct Seen {
        completed: Vec<(Instant, u64)>,
        last_count: Option<i64>,
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
                    [Value::Int(n)] => seen.last_count = Some(*n),
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
    let total = started.elapsed();
    if let Err(e) = result {
        panic!(
            "the window program failed:\n{}",
            e.diagnostic().render("windows.py", &src)
        );
    }
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    if let Some(msg) = seen.failure {
        panic!("the window program (W = {window}, inverse: {inverse}) failed: {msg}");
    }
    assert_eq!(
        seen.completed.len(),
        batches,
        "expected {batches} completed batches"
    );
    // Index window - 1 is the batch that first fills the window.
    let first = seen.completed[window - 1].0;
    let last = seen.completed[batches - 1].0;
    let processing_ms: u64 = seen.completed[window..].iter().map(|c| c.1).sum();
    Run {
        per_batch: (last - first) / s.steady as u32,
        processing: Duration::from_millis(processing_ms) / s.steady as u32,
        total,
        last_count: seen.last_count.expect("at least one count() output"),
    }
}

/// What `count()` must be at the last batch: distinct words in the last
/// `window` batches without the inverse function; with it, distinct words in
/// all batches so far (the incremental path keeps keys whose count went back
/// to 0, as Spark does without a `filterFunc`).
fn expected_count(lines: &[String], s: &Settings, inverse: bool, window: usize) -> i64 {
    let batches = window + s.steady;
    let end = (batches * s.lines_per_batch).min(lines.len());
    let start = if inverse {
        0
    } else {
        ((batches - window) * s.lines_per_batch).min(end)
    };
    let words: HashSet<&str> = lines[start..end]
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect();
    words.len() as i64
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

struct Figure {
    per_batch: Duration,
    processing: Duration,
}

fn measure(
    text_lines: &[String],
    lines: &Arc<ReplayText>,
    s: &Settings,
    inverse: bool,
    window: usize,
) -> Figure {
    let want = expected_count(text_lines, s, inverse, window);
    let mut per_batch = Vec::new();
    let mut processing = Vec::new();
    let reps = if window == SHORT_WINDOW {
        s.reps
    } else {
        s.reps_long
    };
    for rep in 0..reps {
        let r = run(lines, s, inverse, window);
        assert_eq!(
            r.last_count, want,
            "W = {window}, inverse: {inverse}: the last count() is wrong"
        );
        eprintln!(
            "  W = {window:>4}, {:<15} run {}: {:>8.2} ms/batch (processing {:>7.2} ms), whole run {:.1} s",
            if inverse { "with invFunc" } else { "without invFunc" },
            rep + 1,
            ms(r.per_batch),
            ms(r.processing),
            r.total.as_secs_f64()
        );
        per_batch.push(r.per_batch);
        processing.push(r.processing);
    }
    Figure {
        per_batch: median(per_batch),
        processing: median(processing),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let s = Settings::from_env();
    let [short, long] = s.windows;
    let text_lines = generate_lines((long + s.steady) * s.lines_per_batch);
    let lines = Arc::new(ReplayText::new(text_lines.join("\n")));
    let words: usize = text_lines
        .iter()
        .map(|l| l.split_whitespace().count())
        .sum();
    eprintln!(
        "windows: {} lines/batch (~{} words/batch), K = {} steady batches, median of {} (W = {short}) and {} (W = {long})",
        s.lines_per_batch,
        words / (long + s.steady),
        s.steady,
        s.reps,
        s.reps_long
    );
    let mut figures = Vec::new();
    for inverse in [true, false] {
        let row: Vec<Figure> = [short, long]
            .into_iter()
            .map(|w| measure(&text_lines, &lines, &s, inverse, w))
            .collect();
        figures.push((inverse, row));
    }

    println!();
    println!(
        "reduceByKeyAndWindow per-batch cost (steady state, 1 s batches, {} lines/batch, checkpointing on){}:",
        s.lines_per_batch,
        if bench_mode() { "" } else { " [smoke run]" }
    );
    println!("                    W = {short:<10}W = {long:<10}ratio {long}/{short}");
    for (inverse, row) in &figures {
        let ratio = row[1].per_batch.as_secs_f64() / row[0].per_batch.as_secs_f64();
        println!(
            "  {:<16}{:>8.2} ms   {:>8.2} ms      {:<7}{}",
            if *inverse {
                "with invFunc"
            } else {
                "without invFunc"
            },
            ms(row[0].per_batch),
            ms(row[1].per_batch),
            if *inverse {
                format!("{ratio:.2}")
            } else {
                format!("{ratio:.1}")
            },
            if *inverse { "(goal <= 1.30)" } else { "" }
        );
    }
    println!();
    println!("  of which engine processing (BatchInfo::processing_ms) / rest (checkpoint write, bookkeeping):");
    for (inverse, row) in &figures {
        let split = |f: &Figure| {
            format!(
                "{:.2} / {:.2} ms",
                ms(f.processing),
                ms(f.per_batch.saturating_sub(f.processing))
            )
        };
        println!(
            "  {:<16}W = {short}: {:<22}W = {long}: {}",
            if *inverse {
                "with invFunc"
            } else {
                "without invFunc"
            },
            split(&row[0]),
            split(&row[1]),
        );
    }
}
