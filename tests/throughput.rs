//! A million lines at full rate through the built-in producer, the socket
//! source and a word count: every word is counted exactly once, and the peak
//! memory of `streamlab run` stays under the bound stated in the README.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The README's bound for this run (peak resident memory of `streamlab run`).
const PEAK_RSS_BOUND_MB: u64 = 256;
const LINES: usize = 1_000_000;

fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_million_lines_at_full_rate_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("million.txt");
    let mut text = String::with_capacity(LINES * 16);
    let mut expected: HashMap<String, i64> = HashMap::new();
    for i in 0..LINES {
        let (a, b) = (format!("w{}", i % 997), format!("v{}", (i * 7) % 101));
        *expected.entry(a.clone()).or_default() += 1;
        *expected.entry(b.clone()).or_default() += 1;
        text.push_str(&a);
        text.push(' ');
        text.push_str(&b);
        text.push('\n');
    }
    std::fs::write(&input, &text).expect("write input");
    let bin = env!("CARGO_BIN_EXE_streamlab");
    let mut producer = Command::new(bin)
        .args(["produce", "--port", "0", "--rate", "100000000", "--quiet"])
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the producer");
    let mut lines = BufReader::new(producer.stdout.take().expect("stdout")).lines();
    let port: u16 = loop {
        let line = lines.next().expect("producer output").expect("line");
        if let Some(rest) = line.strip_prefix("Listening for a client at 127.0.0.1 ") {
            break rest.trim().parse().expect("port");
        }
    };
    let prog = dir.path().join("wc.py");
    std::fs::write(
        &prog,
        format!(
            "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext(\"local[2]\", \"Million\")\nssc = StreamingContext(sc, 1)\nlines = ssc.socketTextStream(\"localhost\", {port})\nlines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b).pprint()\nssc.start()\nssc.awaitTermination()\n"
        ),
    )
    .expect("write program");
    let mut run = Command::new(bin)
        .arg("run")
        .arg(&prog)
        .args(["--format", "jsonl", "--batches", "40"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the run");
    let pid = run.id();
    let out_pipe = run.stdout.take().expect("stdout");
    // Read output as it comes (so the pipe never fills) and watch memory.
    let reader = std::thread::spawn(move || {
        let mut counts: HashMap<String, i64> = HashMap::new();
        for line in BufReader::new(out_pipe).lines() {
            let line = line.expect("line");
            let v: serde_json::Value = serde_json::from_str(&line).expect("json");
            for r in v["records"].as_array().expect("records") {
                let r = r.as_str().expect("str");
                // ('w12', 345)
                let inner = r.trim_start_matches("('").trim_end_matches(')');
                let (w, c) = inner.split_once("', ").expect("pair");
                *counts.entry(w.to_string()).or_default() += c.parse::<i64>().expect("count");
            }
        }
        counts
    });
    let mut peak = 0;
    let deadline = Instant::now() + Duration::from_secs(170);
    while run.try_wait().expect("wait").is_none() {
        if let Some(kb) = peak_rss_kb(pid) {
            peak = peak.max(kb);
        }
        assert!(Instant::now() < deadline, "the run did not finish");
        std::thread::sleep(Duration::from_millis(20));
    }
    let counts = reader.join().expect("reader");
    let _ = producer.kill();
    let _ = producer.wait();
    let total: i64 = counts.values().sum();
    assert_eq!(
        total,
        2 * LINES as i64,
        "every word of every line counted once"
    );
    assert_eq!(counts, expected);
    eprintln!("peak RSS of streamlab run: {} MB", peak / 1024);
    assert!(
        peak / 1024 < PEAK_RSS_BOUND_MB,
        "peak RSS {} MB over the {PEAK_RSS_BOUND_MB} MB bound",
        peak / 1024
    );
}
