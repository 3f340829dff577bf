//! The word count end to end: the whole `streamlab run wc.py --replay FILE
//! --lines-per-batch N` process against a hand-written Rust word count over
//! the same file, and, where PySpark is installed, PySpark's own processing
//! time for the same program on the same file.
//!
//! - Input: a generated file (`benches/common/textgen.rs`, fixed seed), by
//!   default 1,000,000 lines drawn with a Zipf (s = 1) skew from a vocabulary
//!   of 20,000 words, about 71 MB. It is written to Cargo's temporary folder
//!   for benches (`target/tmp/`) and its path is printed.
//! - streamlab: the release `streamlab` binary runs [`PROGRAM`] (the classic
//!   DStream word count, `pprint` included) on that file, 100,000 lines per
//!   batch.
//! - Hand-written: this bench binary itself, started again with
//!   `--hand-written FILE N`: one thread reads the file, counts each batch of
//!   N lines with `split(' ')` into an `FxHashMap<&str, u64>` and prints the
//!   batch as `pprint` would (the first 10 pairs and `...`).
//! - Each run is a child process of a small measuring process (this binary
//!   with `--measure`), which reports the child's wall time, its CPU time
//!   (user + sys) and its peak resident memory from `getrusage` of its only
//!   child. streamlab and the hand-written count run in pairs, alternating
//!   which goes first; the medians are shown with the ratios.
//! - PySpark: `benches/endtoend_pyspark.py` feeds the same batches to the same
//!   program through `queueStream` and sums each batch's `processingDelay`
//!   from a `StreamingListener` (Spark's own figure for the work, without the
//!   JVM's start-up); `NOT RUN` with the reason where PySpark is missing.
//!
//! Before timing, both word counts run a checking variant on the same file
//! (distinct words and total words per batch) and must agree.
//!
//! `cargo bench --bench endtoend` prints the table. Without `--bench` (as a
//! test: `cargo test --benches`) it runs a small check only.
//!
//! Environment:
//! - `STREAMLAB_E2E_LINES`: lines in the generated file (default 1,000,000;
//!   20,000 as a test). A smaller figure makes a quick check.
//! - `STREAMLAB_E2E_LINES_PER_BATCH`: lines per batch (default 100,000).
//! - `STREAMLAB_E2E_RUNS`: pairs of runs (default 7).
//! - `STREAMLAB_E2E_PYSPARK=0`: skip PySpark (it prints NOT RUN).

#[path = "common/textgen.rs"]
mod textgen;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

const SEED: u64 = 0xE2E0_0000_5EED_0001;
const VOCABULARY: usize = 20_000;

/// The program users run (Spark's network_wordcount, reading the replay).
const PROGRAM: &str = r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext
sc = SparkContext("local[2]", "WordCountEndToEnd")
ssc = StreamingContext(sc, 1)
lines = ssc.socketTextStream("localhost", 9999)
counts = lines.flatMap(lambda line: line.split(" ")).map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b)
counts.pprint()
ssc.start()
ssc.awaitTermination()
"#;

/// The checking variant: distinct words, then total words, per batch.
const CHECK_PROGRAM: &str = r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext
sc = SparkContext("local[2]", "WordCountCheck")
ssc = StreamingContext(sc, 1)
lines = ssc.socketTextStream("localhost", 9999)
counts = lines.flatMap(lambda line: line.split(" ")).map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b)
counts.count().pprint()
counts.map(lambda kv: kv[1]).reduce(lambda a, b: a + b).pprint()
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

// ---------------------------------------------------------------------------
// The hand-written word count
// ---------------------------------------------------------------------------

const DASHES: &str = "-------------------------------------------";

/// Lines as `streamlab --replay` cuts them (`\n`, `\r\n` or `\r`).
fn lines_of(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                out.push(&rest[..i]);
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                out.push(rest);
                break;
            }
        }
    }
    out
}

/// One batch's counts.
fn count_batch<'a>(lines: &[&'a str]) -> FxHashMap<&'a str, u64> {
    let mut counts: FxHashMap<&str, u64> = FxHashMap::default();
    for line in lines {
        for w in line.split(' ') {
            *counts.entry(w).or_insert(0) += 1;
        }
    }
    counts
}

/// `--hand-written FILE N [--check]`: count each batch of N lines and print
/// it as pprint does (or, with `--check`, its distinct and total words).
fn hand_written(file: &Path, per_batch: usize, check: bool) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let lines = lines_of(&text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, batch) in lines.chunks(per_batch.max(1)).enumerate() {
        let counts = count_batch(batch);
        let time = format!("{DASHES}\nTime: batch {}\n{DASHES}\n", i + 1);
        let written = if check {
            let total: u64 = counts.values().sum();
            write!(out, "{time}{}\n\n{time}{total}\n\n", counts.len())
        } else {
            let mut block = time;
            for (w, n) in counts.iter().take(10) {
                block.push_str(&format!("('{w}', {n})\n"));
            }
            if counts.len() > 10 {
                block.push_str("...\n");
            }
            block.push('\n');
            out.write_all(block.as_bytes())
        };
        if let Err(e) = written {
            eprintln!("error: cannot write the output: {e}");
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = out.flush() {
        eprintln!("error: cannot write the output: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------
// Measuring a child process
// ---------------------------------------------------------------------------

/// What one run cost.
#[derive(Clone, Copy, Debug)]
struct Cost {
    wall: Duration,
    cpu: Duration,
    /// Peak resident set size, bytes.
    peak_rss: u64,
}

/// `--measure CMD ARGS...`: run the command as this process's only child,
/// then print `wall_ns cpu_ns peak_rss_bytes` on the first line of stdout,
/// the child's stdout after it. The child's stderr passes through.
fn measure(cmd: &[String]) -> ExitCode {
    use nix::sys::resource::{getrusage, UsageWho};
    let Some((prog, args)) = cmd.split_first() else {
        eprintln!("error: --measure needs a command");
        return ExitCode::FAILURE;
    };
    let start = Instant::now();
    let child = Command::new(prog)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let output = match child.and_then(|c| c.wait_with_output()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: cannot run {prog}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let wall = start.elapsed();
    if !output.status.success() {
        eprintln!("error: {prog} failed: {}", output.status);
        return ExitCode::FAILURE;
    }
    let usage = match getrusage(UsageWho::RUSAGE_CHILDREN) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("error: getrusage: {e}");
            return ExitCode::FAILURE;
        }
    };
    let micros = |t: nix::sys::time::TimeVal| t.tv_sec() as u64 * 1_000_000 + t.tv_usec() as u64;
    let cpu_us = micros(usage.user_time()) + micros(usage.system_time());
    // Linux reports ru_maxrss in KiB.
    let rss = usage.max_rss() as u64 * 1024;
    let mut out = std::io::stdout().lock();
    let written = writeln!(out, "{} {} {rss}", wall.as_nanos(), cpu_us * 1000)
        .and_then(|_| out.write_all(&output.stdout))
        .and_then(|_| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// Run `cmd` under `--measure`; its cost and its stdout.
fn measured(cmd: &[&str]) -> (Cost, String) {
    let me = std::env::current_exe().expect("the bench knows its own path");
    let out = Command::new(me)
        .arg("--measure")
        .args(cmd)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("the measuring process starts");
    assert!(
        out.status.success(),
        "a measured run failed: {}",
        cmd.join(" ")
    );
    let text = String::from_utf8(out.stdout).expect("the output is UTF-8");
    let (first, rest) = text.split_once('\n').expect("a measurement line");
    let nums: Vec<u64> = first
        .split(' ')
        .map(|n| n.parse().expect("a measurement"))
        .collect();
    let cost = Cost {
        wall: Duration::from_nanos(nums[0]),
        cpu: Duration::from_nanos(nums[1]),
        peak_rss: nums[2],
    };
    (cost, rest.to_string())
}

// ---------------------------------------------------------------------------
// The bench
// ---------------------------------------------------------------------------

struct Setup {
    dir: PathBuf,
    input: PathBuf,
    lines: usize,
    per_batch: usize,
    streamlab: PathBuf,
}

fn setup(bench: bool) -> Setup {
    let lines = env_usize("STREAMLAB_E2E_LINES")
        .unwrap_or(if bench { 1_000_000 } else { 20_000 })
        .max(1);
    let per_batch = env_usize("STREAMLAB_E2E_LINES_PER_BATCH")
        .unwrap_or(100_000)
        .max(1);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("endtoend");
    std::fs::create_dir_all(&dir).expect("the bench folder can be made");
    let input = dir.join(format!("wordcount-{lines}-lines.txt"));
    let text = textgen::text_of_lines(
        &textgen::Spec {
            seed: SEED,
            vocabulary: VOCABULARY,
        },
        lines,
    );
    std::fs::write(&input, &text).expect("the input file can be written");
    std::fs::write(dir.join("wc.py"), PROGRAM).expect("wc.py can be written");
    std::fs::write(dir.join("wc_check.py"), CHECK_PROGRAM).expect("wc_check.py can be written");
    Setup {
        dir,
        input,
        lines,
        per_batch,
        streamlab: PathBuf::from(env!("CARGO_BIN_EXE_streamlab")),
    }
}

fn streamlab_cmd(s: &Setup, program: &str) -> Vec<String> {
    vec![
        s.streamlab.display().to_string(),
        "run".into(),
        s.dir.join(program).display().to_string(),
        "--replay".into(),
        s.input.display().to_string(),
        "--lines-per-batch".into(),
        s.per_batch.to_string(),
    ]
}

fn hand_cmd(s: &Setup, check: bool) -> Vec<String> {
    let mut cmd = vec![
        std::env::current_exe()
            .expect("the bench knows its own path")
            .display()
            .to_string(),
        "--hand-written".into(),
        s.input.display().to_string(),
        s.per_batch.to_string(),
    ];
    if check {
        cmd.push("--check".into());
    }
    cmd
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The lines of pprint output that are records (not dashes, times or blanks).
fn records(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("---") && !l.starts_with("Time:"))
        .collect()
}

/// Both checking variants must print the same distinct and total counts.
fn check(s: &Setup) {
    let (_, mine) = measured(&strs(&streamlab_cmd(s, "wc_check.py")));
    let (_, hand) = measured(&strs(&hand_cmd(s, true)));
    let (mine, hand) = (records(&mine), records(&hand));
    assert!(!hand.is_empty(), "the hand-written check printed nothing");
    assert_eq!(
        mine, hand,
        "streamlab and the hand-written word count disagree (distinct, total words per batch)"
    );
    // And the timed program's output has the pprint shape on both sides.
    let (_, mine) = measured(&strs(&streamlab_cmd(s, "wc.py")));
    let (_, hand) = measured(&strs(&hand_cmd(s, false)));
    let batches = s.lines.div_ceil(s.per_batch);
    for (who, out) in [("streamlab", &mine), ("hand-written", &hand)] {
        let times = out.lines().filter(|l| l.starts_with("Time:")).count();
        assert_eq!(times, batches, "{who}: one pprint block per batch");
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn median_u64(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// PySpark's summed processingDelay, or why it did not run.
fn pyspark(s: &Setup) -> Result<(Duration, usize), String> {
    if std::env::var("STREAMLAB_E2E_PYSPARK").is_ok_and(|v| v == "0") {
        return Err("STREAMLAB_E2E_PYSPARK=0".into());
    }
    let probe = Command::new("python3")
        .args(["-c", "import pyspark"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|st| st.success()) {
        return Err("PySpark is not installed here (python3 cannot import pyspark)".into());
    }
    let java = Command::new("java")
        .arg("-version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !java.is_ok_and(|st| st.success()) && std::env::var_os("JAVA_HOME").is_none() {
        return Err("PySpark is installed but no Java runtime was found".into());
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/endtoend_pyspark.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&s.input)
        .arg(s.per_batch.to_string())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start python3: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("PROCESSING_MS "))
        .ok_or_else(|| {
            let err = String::from_utf8_lossy(&out.stderr);
            let tail: Vec<&str> = err.lines().rev().take(5).collect();
            format!(
                "the PySpark run printed no figure ({}); last lines of its stderr:\n  {}",
                out.status,
                tail.into_iter().rev().collect::<Vec<_>>().join("\n  ")
            )
        })?;
    let mut parts = line.split(' ');
    let ms: u64 = parts
        .next()
        .and_then(|x| x.parse().ok())
        .ok_or("bad PROCESSING_MS line")?;
    let batches: usize = parts
        .next()
        .and_then(|x| x.parse().ok())
        .ok_or("bad PROCESSING_MS line")?;
    Ok((Duration::from_millis(ms), batches))
}

/// The 1-minute load average, where the system tells it: on a shared machine
/// it says how much the wall times mean.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split(' ').next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

fn bench(s: &Setup) {
    let runs = env_usize("STREAMLAB_E2E_RUNS").unwrap_or(7).max(1);
    let size = std::fs::metadata(&s.input).map_or(0, |m| m.len());
    println!(
        "end-to-end word count: {} lines, {:.1} MB, {} lines per batch ({} batches); input {}",
        s.lines,
        mb(size),
        s.per_batch,
        s.lines.div_ceil(s.per_batch),
        s.input.display()
    );
    println!("  load average before: {}", load_average());
    check(s);
    println!("  checked: both count the same distinct and total words in every batch");
    let mine_cmd = streamlab_cmd(s, "wc.py");
    let hand_cmd = hand_cmd(s, false);
    let mut mine = Vec::new();
    let mut hand = Vec::new();
    for i in 0..runs {
        let (first, second) = if i % 2 == 0 {
            (&mine_cmd, &hand_cmd)
        } else {
            (&hand_cmd, &mine_cmd)
        };
        let a = measured(&strs(first)).0;
        let b = measured(&strs(second)).0;
        let (m, h) = if i % 2 == 0 { (a, b) } else { (b, a) };
        println!(
            "  pair {}: streamlab wall {:.2} s cpu {:.2} s rss {:.0} MB | hand-written wall {:.2} s cpu {:.2} s rss {:.0} MB",
            i + 1,
            m.wall.as_secs_f64(),
            m.cpu.as_secs_f64(),
            mb(m.peak_rss),
            h.wall.as_secs_f64(),
            h.cpu.as_secs_f64(),
            mb(h.peak_rss)
        );
        mine.push(m);
        hand.push(h);
    }
    let med = |v: &[Cost]| Cost {
        wall: median(v.iter().map(|c| c.wall).collect()),
        cpu: median(v.iter().map(|c| c.cpu).collect()),
        peak_rss: median_u64(v.iter().map(|c| c.peak_rss).collect()),
    };
    let (m, h) = (med(&mine), med(&hand));
    println!(
        "medians of {runs} pairs (load average after: {}):",
        load_average()
    );
    println!("  | | wall | CPU (user+sys) | peak RSS |");
    println!("  |---|---|---|---|");
    println!(
        "  | streamlab run (local[2]) | {:.2} s | {:.2} s | {:.0} MB |",
        m.wall.as_secs_f64(),
        m.cpu.as_secs_f64(),
        mb(m.peak_rss)
    );
    println!(
        "  | hand-written Rust (1 thread, FxHashMap) | {:.2} s | {:.2} s | {:.0} MB |",
        h.wall.as_secs_f64(),
        h.cpu.as_secs_f64(),
        mb(h.peak_rss)
    );
    println!(
        "  wall ratio hand-written / streamlab: {:.2} (goal >= 0.50)",
        h.wall.as_secs_f64() / m.wall.as_secs_f64()
    );
    println!(
        "  CPU streamlab / hand-written:        {:.1}x (goal <= 4x)",
        m.cpu.as_secs_f64() / h.cpu.as_secs_f64()
    );
    println!(
        "  peak RSS streamlab / hand-written:   {:.1}x (goal <= 2x)",
        m.peak_rss as f64 / h.peak_rss as f64
    );
    match pyspark(s) {
        Ok((t, batches)) => println!(
            "  PySpark 3.5 (queueStream, local[2]): {:.2} s of processingDelay summed over {batches} batches",
            t.as_secs_f64()
        ),
        Err(why) => println!("  PySpark: NOT RUN: {why}"),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--measure") => return measure(&args[1..]),
        Some("--hand-written") => {
            let (Some(file), Some(n)) = (args.get(1), args.get(2)) else {
                eprintln!("usage: --hand-written FILE LINES_PER_BATCH [--check]");
                return ExitCode::FAILURE;
            };
            let Ok(n) = n.parse::<usize>() else {
                eprintln!("error: {n:?} is not a number of lines");
                return ExitCode::FAILURE;
            };
            let check = args.get(3).is_some_and(|a| a == "--check");
            return hand_written(Path::new(file), n, check);
        }
        _ => {}
    }
    let bench_mode = args.iter().any(|a| a == "--bench");
    let s = setup(bench_mode);
    if bench_mode {
        bench(&s);
    } else {
        // As a test (`cargo test --benches`): the check only, on a small file.
        check(&s);
    }
    ExitCode::SUCCESS
}
