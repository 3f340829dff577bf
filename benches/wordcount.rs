//! Word count through the interpreted pipeline, beside a hand-written Rust
//! word count over the same generated text.
//!
//! The program is the classic PySpark DStream word count
//! (`flatMap(split)`, `map((w, 1))`, `reduceByKey(+)`), run by
//! `streamlab::session::run_headless` with the text replayed into its
//! `socketTextStream` on the virtual clock. The baseline is what "a
//! hand-written Rust word count" means: one thread, `split_whitespace` and a
//! `HashMap<&str, u64>`. Goal (from the issue): the interpreted pipeline at
//! least half the hand-written one's throughput.
//!
//! `cargo bench --bench wordcount` runs the divan benchmarks, then prints a
//! summary (best of 3, measured here with `Instant`) with the headline ratio.
//!
//! Environment:
//! - `STREAMLAB_BENCH_MB`: size of the generated text in MiB (default 50; 1
//!   when the binary runs as a test, i.e. without `--bench`).
//! - `STREAMLAB_BENCH_LINES_PER_BATCH`: lines per micro-batch for the
//!   interpreted runs (default: all lines in one batch).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use divan::counter::{BytesCount, BytesFormat};
use divan::Bencher;
use rustc_hash::FxHashMap;
use streamlab::engine::driver::RunOptions;
use streamlab::engine::events::EngineEvent;
use streamlab::lang::value::Value;
use streamlab::sources::replay::ReplayText;

/// The same allocator as the `streamlab` binary, for both pipelines.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PROGRAM: &str = r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext
sc = SparkContext("local[2]", "WordCountBench")
ssc = StreamingContext(sc, 1)
lines = ssc.socketTextStream("localhost", 9999)
counts = lines.flatMap(lambda line: line.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)
counts.pprint()
ssc.start()
ssc.awaitTermination()
"#;

const SEED: u64 = 0x5EED_0F57_AEA4_1A00;
const VOCABULARY: usize = 5000;

// ---------------------------------------------------------------------------
// Input: deterministic English-like text (benches/common/textgen.rs)
// ---------------------------------------------------------------------------

#[path = "common/textgen.rs"]
mod textgen;

fn generate_text(bytes: usize) -> String {
    textgen::text_of_bytes(
        &textgen::Spec {
            seed: SEED,
            vocabulary: VOCABULARY,
        },
        bytes,
    )
}

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

struct Input {
    text: String,
    /// The text's lines as the replay source would read them.
    lines: Arc<ReplayText>,
}

fn input() -> &'static Input {
    static INPUT: OnceLock<Input> = OnceLock::new();
    INPUT.get_or_init(|| {
        let default_mb = if bench_mode() { 50 } else { 1 };
        let mb = env_usize("STREAMLAB_BENCH_MB").unwrap_or(default_mb).max(1);
        let text = generate_text(mb * 1024 * 1024);
        let lines = Arc::new(ReplayText::new(text.clone()));
        Input { text, lines }
    })
}

fn lines_per_batch(input: &Input) -> usize {
    env_usize("STREAMLAB_BENCH_LINES_PER_BATCH")
        .unwrap_or(input.lines.len())
        .max(1)
}

// ---------------------------------------------------------------------------
// The two word counts
// ---------------------------------------------------------------------------

/// Run the PySpark word count on `lines`, `per_batch` lines a batch; hand every
/// batch's records to `each`.
fn interpreted(
    lines: &Arc<ReplayText>,
    per_batch: usize,
    each: impl FnMut(Vec<Value>) + Send + 'static,
) {
    let opts = RunOptions {
        max_batches: None,
        replay: Some((lines.clone().into(), per_batch)),
        start_ms: Some(0),
        ..RunOptions::default()
    };
    let each = Arc::new(Mutex::new(each));
    let sink = each.clone();
    let failure: Arc<Mutex<Option<String>>> = Arc::default();
    let failed = failure.clone();
    let result = streamlab::session::run_headless(PROGRAM, opts, move |ev| {
        if let EngineEvent::Output(out) = ev {
            match out.result {
                Ok(records) => (sink.lock().unwrap())(records),
                Err(exc) => {
                    failed
                        .lock()
                        .unwrap()
                        .get_or_insert(format!("batch {}: {exc:?}", out.batch));
                }
            }
        }
    });
    if let Err(e) = result {
        panic!(
            "the word-count program failed:\n{}",
            e.diagnostic().render("wordcount.py", PROGRAM)
        );
    }
    let failure = failure.lock().unwrap().take();
    if let Some(msg) = failure {
        panic!("a word-count batch failed: {msg}");
    }
}

/// Interpreted word count for timing: records are counted, then dropped.
fn interpreted_run(input: &Input, per_batch: usize) -> usize {
    let records = Arc::new(AtomicUsize::new(0));
    let r = records.clone();
    interpreted(&input.lines, per_batch, move |batch| {
        r.fetch_add(batch.len(), Ordering::Relaxed);
    });
    records.load(Ordering::Relaxed)
}

/// The hand-written word count: one thread, `split_whitespace`, std `HashMap`.
fn hand_written(text: &str) -> HashMap<&str, u64> {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for w in text.split_whitespace() {
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

/// The same with `FxHashMap` (for context only).
fn hand_written_fx(text: &str) -> FxHashMap<&str, u64> {
    let mut counts: FxHashMap<&str, u64> = FxHashMap::default();
    for w in text.split_whitespace() {
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

/// Two threads, each counting half the text (cut at a line end), then merged
/// (for context: the engine runs `local[2]`, two worker threads).
fn hand_written_2_threads(text: &str) -> HashMap<&str, u64> {
    let mid = text[text.len() / 2..]
        .find('\n')
        .map_or(text.len(), |i| text.len() / 2 + i + 1);
    let (a, b) = text.split_at(mid);
    let (mut left, right) = std::thread::scope(|s| {
        let h = s.spawn(|| hand_written(b));
        (hand_written(a), h.join().expect("counting thread panicked"))
    });
    for (w, n) in right {
        *left.entry(w).or_insert(0) += n;
    }
    left
}

/// Check once, before timing, that the interpreted pipeline counts exactly
/// what the hand-written word count counts (all lines in one batch, so each
/// word has one record).
fn verify(input: &Input) {
    let expected = hand_written(&input.text);
    let got: Arc<Mutex<HashMap<String, u64>>> = Arc::default();
    let batches = Arc::new(Mutex::new(0usize));
    let (g, b) = (got.clone(), batches.clone());
    interpreted(&input.lines, input.lines.len(), move |records| {
        *b.lock().unwrap() += 1;
        let mut got = g.lock().unwrap();
        for rec in records {
            let (word, n) = match &rec {
                Value::Tuple(t) if t.len() == 2 => match (&t[0], &t[1]) {
                    (Value::Str(w), Value::Int(n)) if *n > 0 => (w.to_string(), *n as u64),
                    _ => panic!("word count: unexpected record {rec:?}"),
                },
                _ => panic!("word count: unexpected record {rec:?}"),
            };
            if let Some(old) = got.insert(word.clone(), n) {
                panic!("word count: {word:?} has two records ({old} and {n}) in one batch");
            }
        }
    });
    let batches = *batches.lock().unwrap();
    assert_eq!(batches, 1, "word count: expected exactly one output batch");
    let got = got.lock().unwrap();
    let total = |it: &mut dyn Iterator<Item = u64>| it.sum::<u64>();
    let (got_words, want_words) = (
        total(&mut got.values().copied()),
        total(&mut expected.values().copied()),
    );
    let mut diffs: Vec<String> = expected
        .iter()
        .filter(|(w, n)| got.get(**w) != Some(*n))
        .map(|(w, n)| format!("{w:?}: hand-written {n}, interpreted {:?}", got.get(*w)))
        .chain(
            got.iter()
                .filter(|(w, _)| !expected.contains_key(w.as_str()))
                .map(|(w, n)| format!("{w:?}: hand-written none, interpreted {n}")),
        )
        .collect();
    if !diffs.is_empty() {
        diffs.sort();
        diffs.truncate(10);
        panic!(
            "interpreted and hand-written word counts differ: {} vs {} distinct words, \
             {got_words} vs {want_words} words in all; first differences:\n  {}",
            got.len(),
            expected.len(),
            diffs.join("\n  ")
        );
    }
}

fn verified_input() -> &'static Input {
    static VERIFIED: OnceLock<()> = OnceLock::new();
    let input = input();
    VERIFIED.get_or_init(|| verify(input));
    input
}

// ---------------------------------------------------------------------------
// divan benchmarks
// ---------------------------------------------------------------------------

#[divan::bench(sample_count = 3, sample_size = 1)]
fn interpreted_pipeline(bencher: Bencher) {
    let input = verified_input();
    let per_batch = lines_per_batch(input);
    bencher
        .counter(BytesCount::new(input.text.len()))
        .bench(|| interpreted_run(input, per_batch));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn hand_written_1_thread(bencher: Bencher) {
    let input = verified_input();
    bencher
        .counter(BytesCount::new(input.text.len()))
        .bench(|| hand_written(divan::black_box(&input.text)).len());
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn hand_written_1_thread_fxhash(bencher: Bencher) {
    let input = verified_input();
    bencher
        .counter(BytesCount::new(input.text.len()))
        .bench(|| hand_written_fx(divan::black_box(&input.text)).len());
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn hand_written_2_threads_std(bencher: Bencher) {
    let input = verified_input();
    bencher
        .counter(BytesCount::new(input.text.len()))
        .bench(|| hand_written_2_threads(divan::black_box(&input.text)).len());
}

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            divan::black_box(f());
            t.elapsed()
        })
        .min()
        .expect("at least one run")
}

fn mib_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

fn summary() {
    let input = verified_input();
    let bytes = input.text.len();
    let per_batch = lines_per_batch(input);
    let interp = mib_per_s(bytes, best_of(3, || interpreted_run(input, per_batch)));
    let hand = mib_per_s(bytes, best_of(3, || hand_written(&input.text).len()));
    let hand_fx = mib_per_s(bytes, best_of(3, || hand_written_fx(&input.text).len()));
    let hand2 = mib_per_s(
        bytes,
        best_of(3, || hand_written_2_threads(&input.text).len()),
    );
    let counts = hand_written(&input.text);
    let words: u64 = counts.values().sum();
    let batches = input.lines.len().div_ceil(per_batch);
    let ratio = interp / hand;
    println!();
    println!(
        "wordcount summary over {:.1} MiB (best of 3): {} lines, {} words, {} distinct; \
         interpreted in {} batch{} of {} lines",
        bytes as f64 / (1024.0 * 1024.0),
        input.lines.len(),
        words,
        counts.len(),
        batches,
        if batches == 1 { "" } else { "es" },
        per_batch,
    );
    println!("  interpreted pipeline (streamlab, local[2]):  {interp:>7.1} MiB/s");
    println!("  hand-written Rust (1 thread, std HashMap):   {hand:>7.1} MiB/s");
    println!("  ratio interpreted / hand-written:            {ratio:>7.2}  (goal >= 0.50)");
    println!("  for context, not the goal:");
    println!("    hand-written Rust (1 thread, FxHashMap):   {hand_fx:>7.1} MiB/s");
    println!("    hand-written Rust (2 threads, std HashMap):{hand2:>7.1} MiB/s");
    println!(
        "    ratio interpreted / 2-thread hand-written: {:>7.2}",
        interp / hand2
    );
}

fn main() {
    // MiB/s like the summary (`--bytes-format` on the command line still wins).
    divan::Divan::default()
        .bytes_format(BytesFormat::Binary)
        .config_with_args()
        .main();
    if bench_mode() {
        summary();
    } else {
        // As a test (`cargo test --benches`): divan ran each benchmark once on
        // a small text; still check the counts agree.
        verified_input();
    }
}
