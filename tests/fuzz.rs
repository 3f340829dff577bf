//! A fuzzer over the whole program path: the conformance programs, mutated
//! the way hostile or clumsy input mutates them (cut, duplicated and swapped
//! lines, stray tokens and bytes, huge numbers, long runs of one construct,
//! deep recursion), run through the real `streamlab run` and `streamlab repl`.
//!
//! A mutated program may be wrong in any way; it must still end as a program
//! ends: exit 0 or 1 with its messages, within the deadline. A crash (a Rust
//! panic, a signal such as the abort of a stack overflow, exit 101) or a hang
//! fails the test, and the program is saved under `target/fuzz-failures/` so
//! it can be run again by hand.
//!
//! It runs `STREAMLAB_FUZZ_CASES` cases (default 240, about a minute) from
//! `STREAMLAB_FUZZ_SEED` (default: a fixed seed, so CI is repeatable). To
//! fuzz longer: `STREAMLAB_FUZZ_CASES=20000 STREAMLAB_FUZZ_SEED=$RANDOM
//! cargo test --release --test fuzz -- --nocapture`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

mod common;
use common::py_files;

/// How long one mutated program may run before it counts as a hang. Every
/// seed program finishes in well under a second.
const DEADLINE: Duration = Duration::from_secs(30);

/// Small, fast, repeatable: xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Fragments a mutation may insert: syntax that nests, operators, literals
/// that are huge or odd, names of the API, and bytes that are not UTF-8.
const TOKENS: &[&[u8]] = &[
    b"(",
    b")",
    b"[",
    b"]",
    b"{",
    b"}",
    b":",
    b",",
    b".",
    b"lambda x: ",
    b"lambda: ",
    b" not ",
    b" and ",
    b" or ",
    b" if 1 else ",
    b" + ",
    b" * ",
    b" ** ",
    b" // ",
    b" % ",
    b" == ",
    b" in ",
    b"-",
    b"10**100",
    b"10**9",
    b"-1",
    b"0",
    b"1e308",
    b"None",
    b"True",
    b"''",
    b"'''",
    b"\"",
    b"'",
    b"\\",
    b"\n",
    b"\t",
    b"\r",
    b"    ",
    b"#",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\0",
    b"x",
    b"rdd",
    b"ssc",
    b"sc",
    b".pprint()",
    b".window(2, 1)",
    b".reduceByKey(lambda a, b: a + b)",
    b".updateStateByKey(lambda v, s: s)",
    b".countByWindow(3, 1)",
    b".map(",
    b".flatMap(lambda l: l.split())",
    b"range(10**12)",
    b"[0] * 10**6",
    b"def f(x):\n    return f(x)\n",
    b"f(1)",
    b"import sys\n",
    b"lambda x: x(x)",
    b"(lambda f: f(f))(lambda f: f(f))",
    b"ssc.start()\n",
    b"ssc.stop()\n",
    b"ssc.checkpoint('ckpt')\n",
    b"sc.parallelize(range(5))",
    b"print(",
];

/// Whitespace a mutation puts in front of a line.
const INDENTS: &[&[u8]] = &[b" ", b"\t", b"        "];

/// Numbers a mutation puts in place of one in the program.
const NUMBERS: &[&[u8]] = &[
    b"0",
    b"-1",
    b"10**18",
    b"99999999999999999999999",
    b"1000000",
    b"0.5",
];

/// One mutation of `src`.
fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut out = src.to_vec();
    let at = |rng: &mut Rng, v: &Vec<u8>| rng.below(v.len() + 1);
    match rng.below(9) {
        0 => {
            // Cut a span.
            let a = at(rng, &out);
            let b = (a + rng.below(40)).min(out.len());
            out.drain(a..b);
        }
        1 | 2 => {
            // Insert a token.
            let a = at(rng, &out);
            let t = rng.pick(TOKENS);
            out.splice(a..a, t.iter().copied());
        }
        3 => {
            // Repeat a token many times: deep nesting and long chains.
            let a = at(rng, &out);
            let t = rng.pick(TOKENS);
            let n = *rng.pick(&[10usize, 300, 1100, 5000]);
            out.splice(a..a, t.repeat(n));
        }
        4 | 5 => {
            // Duplicate, drop or swap whole lines.
            let mut lines: Vec<Vec<u8>> = out.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let i = rng.below(lines.len());
            let j = rng.below(lines.len());
            match rng.below(3) {
                0 => {
                    let l = lines[i].clone();
                    lines.insert(j, l);
                }
                1 => {
                    lines.remove(i);
                }
                _ => lines.swap(i, j),
            }
            out = lines.join(&b'\n');
        }
        6 => {
            // Replace a digit run with an extreme number.
            if let Some(p) = out.iter().position(|b| b.is_ascii_digit()) {
                let start = (p + rng.below(out.len() - p)).min(out.len() - 1);
                if let Some(q) = out[start..].iter().position(|b| b.is_ascii_digit()) {
                    let q = start + q;
                    let end = q + out[q..].iter().take_while(|b| b.is_ascii_digit()).count();
                    let n = *rng.pick(NUMBERS);
                    out.splice(q..end, n.iter().copied());
                }
            }
        }
        7 => {
            // Change the indentation of a line.
            let lines: Vec<usize> = std::iter::once(0)
                .chain(
                    out.iter()
                        .enumerate()
                        .filter(|(_, &b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            let a = *rng.pick(&lines);
            let ws = *rng.pick(INDENTS);
            out.splice(a..a, ws.iter().copied());
        }
        _ => {
            // Flip a byte.
            if !out.is_empty() {
                let i = rng.below(out.len());
                out[i] = (rng.next() & 0xff) as u8;
            }
        }
    }
    out
}

/// How one run ended.
enum Ending {
    Fine,
    Crash(String),
}

/// Run `streamlab` with `args` in `dir`, `stdin` piped in, and judge its end.
fn judge(dir: &Path, args: &[&str], stdin: &[u8]) -> Ending {
    let mut child = match Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .args(args)
        .current_dir(dir)
        .env("STREAMLAB_HOME", dir)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return Ending::Crash(format!("cannot start streamlab: {e}")),
    };
    // Feed stdin and drain stderr on their own threads, so that neither a
    // program that stops reading nor a long message can stall the other side.
    let writer = child.stdin.take().map(|mut input| {
        let stdin = stdin.to_vec();
        // A program that ends before reading all its input is not a crash.
        std::thread::spawn(move || drop(input.write_all(&stdin)))
    });
    let reader = child.stderr.take().map(|mut e| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = e.read_to_end(&mut buf);
            buf
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > DEADLINE => {
                let _ = child.kill();
                let _ = child.wait();
                return Ending::Crash(format!("no end after {} s", DEADLINE.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Ending::Crash(format!("cannot wait: {e}")),
        }
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    let stderr = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr);
    let tail: String = stderr
        .chars()
        .rev()
        .take(600)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    match status.code() {
        None => Ending::Crash(format!("killed by a signal ({status:?}): {tail}")),
        Some(0 | 1) if !stderr.contains("panicked") && !stderr.contains("overflowed") => {
            Ending::Fine
        }
        Some(code) => Ending::Crash(format!("exit {code}: {tail}")),
    }
}

/// The lines of a program the piped REPL can take without waiting on a
/// real clock or a socket: everything before it starts a stream or a query.
fn repl_input(src: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(src);
    let mut out = String::new();
    for line in text.lines() {
        if line.contains(".start(") || line.contains("awaitTermination") {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(":quit\n");
    out.into_bytes()
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn failures_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures")
}

#[test]
fn mutated_programs_never_crash_streamlab() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    // (name, program, the replay input a Structured Streaming case reads).
    let mut seeds: Vec<(String, Vec<u8>, Option<PathBuf>)> = ["cases", "own", "structured/cases"]
        .iter()
        .flat_map(|d| py_files(&root.join(d)))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let input = Some(p.with_extension("input")).filter(|i| i.exists());
            (name, std::fs::read(&p).expect("read seed"), input)
        })
        .collect();
    seeds.sort();
    assert!(seeds.len() > 50, "seed programs missing: {}", seeds.len());
    let cases = env_number("STREAMLAB_FUZZ_CASES", 240) as usize;
    let seed = env_number("STREAMLAB_FUZZ_SEED", 0x005e_ed13);
    eprintln!(
        "fuzz: {cases} cases from seed {seed} over {} programs",
        seeds.len()
    );

    let next = AtomicUsize::new(0);
    let crashes: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let case = next.fetch_add(1, Ordering::Relaxed);
                if case >= cases {
                    break;
                }
                let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (case as u64 + 1));
                let (name, base, input) = rng.pick(&seeds).clone();
                let mut program = base;
                for _ in 0..1 + rng.below(3) {
                    program = mutate(&mut rng, &program);
                }
                let dir = tempfile::tempdir().expect("tempdir");
                let file = dir.path().join("fuzz.py");
                std::fs::write(&file, &program).expect("write");
                let through_repl = case % 4 == 3;
                let ending = if through_repl {
                    judge(dir.path(), &["repl"], &repl_input(&program))
                } else {
                    let mut args = vec!["run", "fuzz.py", "--batches", "6"];
                    let replay = input.as_ref().map(|i| i.display().to_string());
                    if let Some(replay) = &replay {
                        args.extend(["--replay-batches", replay]);
                    }
                    judge(dir.path(), &args, b"")
                };
                if let Ending::Crash(why) = ending {
                    let keep = failures_dir();
                    let _ = std::fs::create_dir_all(&keep);
                    let kept = keep.join(format!("case-{seed}-{case}.py"));
                    let _ = std::fs::write(&kept, &program);
                    let how = if through_repl {
                        "streamlab repl <"
                    } else {
                        "streamlab run"
                    };
                    crashes
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!(
                            "case {case} (from {name}; {how} {}): {why}",
                            kept.display()
                        ));
                }
            });
        }
    });
    let crashes = crashes.into_inner().unwrap_or_else(|e| e.into_inner());
    assert!(
        crashes.is_empty(),
        "{} of {cases} mutated programs crashed or hung:\n{}",
        crashes.len(),
        crashes.join("\n")
    );
}
