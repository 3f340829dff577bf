//! Live sources with the real thing: a TCP server on 127.0.0.1, a directory
//! that files appear in, and output directories on disk. These run on the real
//! clock, so they assert what a batch sequence must contain overall, not which
//! second a line landed in.

use std::io::Write;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

const HEADER: &str = "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext(\"local[2]\", \"T\")\nssc = StreamingContext(sc, 1)\n";

fn streamlab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_streamlab"))
}

/// Sum the counts of `word` over every jsonl line of output 0.
fn total(stdout: &str, word: &str) -> i64 {
    let mut sum = 0;
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        for r in v["records"].as_array().expect("records") {
            let r = r.as_str().expect("str");
            if let Some(rest) = r.strip_prefix(&format!("('{word}', ")) {
                sum += rest.trim_end_matches(')').parse::<i64>().expect("count");
            }
        }
    }
    sum
}

#[test]
fn socket_stream_reads_every_line_a_server_sends() {
    let server = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = server.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("wc.py");
    std::fs::write(
        &prog,
        format!(
            "{HEADER}lines = ssc.socketTextStream(\"127.0.0.1\", {port})\nlines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b).pprint()\nssc.start()\nssc.awaitTermination()\n"
        ),
    )
    .expect("write");
    let child = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "4", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (mut conn, _) = server.accept().expect("streamlab connects");
    // 30 lines, with Windows and old-Mac line endings mixed in.
    for i in 0..30 {
        let end = match i % 3 {
            0 => "\n",
            1 => "\r\n",
            _ => "\r",
        };
        write!(conn, "spark stream{end}").expect("send");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(conn);
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        total(&stdout, "spark"),
        30,
        "every line counted once:\n{stdout}\n{stderr}"
    );
    assert_eq!(total(&stdout, "stream"), 30, "{stdout}");
    assert_eq!(stdout.lines().count(), 4, "one line per batch: {stdout}");
    assert!(
        stderr.contains(&format!("Connected to 127.0.0.1:{port}")),
        "{stderr}"
    );
}

#[test]
fn socket_stream_without_a_server_says_so_and_keeps_batching() {
    // A port with nothing listening: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("p.py");
    std::fs::write(
        &prog,
        format!("{HEADER}lines = ssc.socketTextStream(\"127.0.0.1\", {port})\nlines.pprint()\nlines.count().pprint()\nssc.start()\nssc.awaitTermination()\n"),
    )
    .expect("write");
    let out = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "2"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("Error connecting to 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(stderr.contains("retrying in 2 s"), "{stderr}");
    // Two batches, each with an empty pprint block for both outputs, and no count
    // records: an empty socket batch has no partitions, so count() emits nothing (as PySpark).
    assert_eq!(stdout.matches("Time: ").count(), 4, "{stdout}");
    assert!(!stdout.contains("\n0\n"), "{stdout}");
}

#[test]
fn text_file_stream_picks_up_new_files_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let watched = dir.path().join("in");
    std::fs::create_dir(&watched).expect("mkdir");
    std::fs::write(watched.join("old.txt"), "old old\n").expect("write");
    let prog = dir.path().join("p.py");
    std::fs::write(
        &prog,
        format!(
            "{HEADER}lines = ssc.textFileStream({:?})\nlines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b).pprint()\nssc.start()\nssc.awaitTermination()\n",
            watched.display().to_string()
        ),
    )
    .expect("write");
    let child = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "4", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(1200));
    // Write elsewhere, then move in: files must appear atomically.
    std::fs::write(dir.path().join("new.tmp"), "new new\nfile\n").expect("write");
    std::fs::rename(dir.path().join("new.tmp"), watched.join("new.txt")).expect("rename");
    std::fs::write(watched.join(".hidden"), "hidden\n").expect("write");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(total(&stdout, "new"), 2, "{stdout}");
    assert_eq!(total(&stdout, "file"), 1, "{stdout}");
    assert_eq!(
        total(&stdout, "old"),
        0,
        "files present before the stream are ignored: {stdout}"
    );
    assert_eq!(total(&stdout, "hidden"), 0, "{stdout}");
}

#[test]
fn save_as_text_files_writes_spark_layout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("p.py");
    std::fs::write(
        &prog,
        format!(
            "{HEADER}s = ssc.queueStream([[(\"a\", 1), (\"b\", 2)], []])\ns.saveAsTextFiles(\"out/pre\", \"txt\")\nssc.start()\nssc.awaitTermination()\n"
        ),
    )
    .expect("write");
    let out = streamlab()
        .current_dir(dir.path())
        .arg("run")
        .arg(&prog)
        .args(["--batches", "2", "--start-ms", "1735689600000"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = dir.path().join("out/pre-1735689601000.txt");
    let second = dir.path().join("out/pre-1735689602000.txt");
    assert!(first.join("_SUCCESS").exists());
    let mut lines: Vec<String> = (0..2)
        .flat_map(|i| {
            std::fs::read_to_string(first.join(format!("part-{i:05}")))
                .expect("part")
                .lines()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    lines.sort();
    assert_eq!(lines, ["('a', 1)", "('b', 2)"]);
    // Empty batches are written too.
    assert!(second.join("_SUCCESS").exists());
}

#[test]
fn foreach_rdd_runs_the_function_on_every_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("p.py");
    // The function's result is not used, but an exception in it fails the batch.
    std::fs::write(
        &prog,
        format!(
            "{HEADER}s = ssc.queueStream([[1, 2], [3], [0]])\ns.foreachRDD(lambda rdd: 10 // rdd.collect()[0])\ns.foreachRDD(lambda t, rdd: rdd.count())\nssc.start()\nssc.awaitTermination()\n"
        ),
    )
    .expect("write");
    let out = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "3", "--format", "jsonl"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("ZeroDivisionError: integer division or modulo by zero"),
        "{stderr}"
    );
    assert!(
        stdout.contains(r#"{"batch": 0, "output": 0, "records": ["1", "2"]}"#),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#"{"batch": 2, "output": 1, "records": ["0"]}"#),
        "{stdout}"
    );
    assert!(!stdout.contains(r#"{"batch": 2, "output": 0"#), "{stdout}");
}

#[test]
fn socket_lines_are_repaired_cut_and_reported_never_dropped() {
    let server = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = server.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("p.py");
    std::fs::write(
        &prog,
        format!("{HEADER}lines = ssc.socketTextStream(\"127.0.0.1\", {port})\nlines.map(lambda l: (l[:12], len(l))).pprint()\nssc.start()\nssc.awaitTermination()\n"),
    )
    .expect("write");
    let child = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "3", "--format", "jsonl", "--max-line", "1000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (mut conn, _) = server.accept().expect("connect");
    conn.write_all(b"windows\r\nbad \xff\xfe line\nunix\n")
        .expect("send");
    conn.write_all(&[b'x'; 2500]).expect("send");
    conn.write_all(b"\nafter\n").expect("send");
    drop(conn);
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for want in [
        "\"('windows', 7)\"",
        "\"('bad \u{fffd}\u{fffd} line', 11)\"",
        "\"('unix', 4)\"",
        "\"('xxxxxxxxxxxx', 1000)\"",
        "\"('after', 5)\"",
    ] {
        assert!(stdout.contains(want), "missing {want} in:\n{stdout}");
    }
    assert!(
        stderr.contains(
            "1 line(s) were not valid UTF-8; 2 invalid byte sequence(s) were replaced with U+FFFD"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("is longer than 1000 bytes; it was cut to that length"),
        "{stderr}"
    );
}

#[test]
fn max_rate_limits_records_per_batch_like_spark() {
    let server = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = server.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("p.py");
    std::fs::write(
        &prog,
        format!(
            "from pyspark import SparkContext, SparkConf\nfrom pyspark.streaming import StreamingContext\nconf = SparkConf().setMaster(\"local[2]\").setAppName(\"Rate\").set(\"spark.streaming.receiver.maxRate\", \"20\")\nsc = SparkContext(conf=conf)\nssc = StreamingContext(sc, 1)\nssc.socketTextStream(\"127.0.0.1\", {port}).count().pprint()\nssc.start()\nssc.awaitTermination()\n"
        ),
    )
    .expect("write");
    let child = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "4", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (mut conn, _) = server.accept().expect("connect");
    // 200 lines at once: far more than 20 per second.
    for i in 0..200 {
        writeln!(conn, "line {i}").expect("send");
    }
    let out = child.wait_with_output().expect("wait");
    drop(conn);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts: Vec<i64> = stdout
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            v["records"].as_array()?.first()?.as_str()?.parse().ok()
        })
        .collect();
    assert!(
        counts.iter().all(|c| *c <= 21),
        "at most ~20 records per 1 s batch: {counts:?}"
    );
    assert!(
        counts.iter().sum::<i64>() >= 40,
        "the rest waits in TCP, but batches fill up: {counts:?}"
    );
}

#[test]
fn a_producer_restarted_mid_run_is_reconnected_to() {
    let first = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = first.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("p.py");
    std::fs::write(
        &prog,
        format!("{HEADER}lines = ssc.socketTextStream(\"127.0.0.1\", {port})\nlines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b).pprint()\nssc.start()\nssc.awaitTermination()\n"),
    )
    .expect("write");
    let child = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "7", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        let (mut conn, _) = first.accept().expect("first connection");
        for _ in 0..5 {
            writeln!(conn, "alpha").expect("send");
        }
    }
    // The producer goes away, then comes back on the same port.
    drop(first);
    std::thread::sleep(Duration::from_millis(300));
    let second = TcpListener::bind(("127.0.0.1", port)).expect("rebind the same port");
    let (mut conn, _) = second.accept().expect("the receiver reconnects");
    for _ in 0..5 {
        writeln!(conn, "beta").expect("send");
    }
    drop(conn);
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(total(&stdout, "alpha"), 5, "{stdout}");
    assert_eq!(total(&stdout, "beta"), 5, "{stdout}");
    assert!(
        stderr.contains("Socket data stream had no more data"),
        "{stderr}"
    );
    // Connected to the first server, to the restarted one (and again after it closed).
    assert!(
        stderr
            .matches(&format!("Connected to 127.0.0.1:{port}"))
            .count()
            >= 2,
        "{stderr}"
    );
}

/// Every record of output 0 of a jsonl run, in order.
fn records(stdout: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        for r in v["records"].as_array().expect("records") {
            out.push(r.as_str().expect("str").to_string());
        }
    }
    out
}

/// Run `lines.pprint()` on a socket for `batches` batches while `send` writes
/// to the connection; (stdout, stderr).
fn socket_lines(extra: &[&str], send: impl FnOnce(&mut std::net::TcpStream)) -> (String, String) {
    let server = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = server.local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("p.py");
    std::fs::write(
        &prog,
        format!("{HEADER}ssc.socketTextStream(\"127.0.0.1\", {port}).pprint()\nssc.start()\nssc.awaitTermination()\n"),
    )
    .expect("write");
    let child = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "2", "--format", "jsonl"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (mut conn, _) = server.accept().expect("connect");
    send(&mut conn);
    drop(conn);
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

#[test]
fn issue_13_socket_lines_end_where_java_readline_ends_them() {
    let (stdout, stderr) = socket_lines(&[], |conn| {
        conn.write_all(b"a\r\r\nb\n").expect("send");
        // A '\r' ends a line at once; the '\n' after it, sent later, is not another line.
        conn.write_all(b"c\r").expect("send");
        conn.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(100));
        conn.write_all(b"\nd\r\n\ne").expect("send");
    });
    assert_eq!(
        records(&stdout),
        ["'a'", "''", "'b'", "'c'", "'d'", "''", "'e'"],
        "{stdout}\n{stderr}"
    );
}

#[test]
fn issue_13_a_line_of_exactly_the_cap_is_not_cut() {
    let (stdout, stderr) = socket_lines(&["--max-line", "5"], |conn| {
        conn.write_all(b"abcde\nvwxyz\r\nabcdef\r12345\r")
            .expect("send");
    });
    assert_eq!(
        records(&stdout),
        ["'abcde'", "'vwxyz'", "'abcde'", "'12345'"],
        "{stdout}"
    );
    assert!(
        stderr.contains("line 3 from 127.0.0.1:") && stderr.contains("longer than 5 bytes"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("longer than 5 bytes").count(), 1, "{stderr}");
}

#[test]
fn issue_13_the_socket_buffer_is_bounded_in_bytes_and_drops_nothing() {
    use streamlab::sources::socket::{SocketConfig, SocketReceiver};
    use streamlab::sources::Receiver;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let _guard = rt.enter();
    let server = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = server.local_addr().expect("addr").port();
    let mut receiver = SocketReceiver::spawn_with(
        "127.0.0.1".into(),
        port,
        SocketConfig {
            max_buffer_bytes: 10_000,
            ..SocketConfig::default()
        },
    );
    let (mut conn, _) = server.accept().expect("connect");
    // 100 lines of 1000 bytes: ten times the bound.
    let sender = std::thread::spawn(move || {
        for i in 0..100 {
            writeln!(conn, "{:0>1000}", i).expect("send");
        }
    });
    std::thread::sleep(Duration::from_millis(500));
    let first = receiver.allocate(0).collect();
    assert!(
        (10..=11).contains(&first.len()),
        "the reader waits at 10 000 bytes, it held {} lines",
        first.len()
    );
    let mut got = first;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while got.len() < 100 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        got.extend(receiver.allocate(0).collect());
    }
    sender.join().expect("sender");
    let want: Vec<String> = (0..100).map(|i| format!("{:0>1000}", i)).collect();
    let got: Vec<String> = got.iter().map(|v| v.to_str()).collect();
    assert_eq!(got, want, "every line, in order, none cut");
}
