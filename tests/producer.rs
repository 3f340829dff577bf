//! The producer on real sockets (127.0.0.1, ephemeral ports): the library
//! (`streamlab::producer`) and the `streamlab produce` command, then the
//! classic two-terminal exercise end to end.
//!
//! Nothing here measures speed: assertions are about what arrives and in
//! which order; timeouts are generous and only keep a broken build from
//! hanging.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader as StdBufReader, Read, Write};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use streamlab::producer::{Dataset, LineOrigin, Pace, Producer, ProducerConfig, ProducerEvent};

/// Long enough for the slowest CI machine; only a hang ever reaches it.
const PATIENCE: Duration = Duration::from_secs(60);

fn lines(xs: &[&str]) -> Arc<[String]> {
    xs.iter().map(|s| s.to_string()).collect::<Vec<_>>().into()
}

fn config(lines: Arc<[String]>, pace: Pace) -> ProducerConfig {
    let mut c = ProducerConfig::new(lines, "test");
    c.port = 0;
    c.pace = pace;
    c
}

const HOUR: Pace = Pace::Delay(Duration::from_secs(3600));
const NOW: Pace = Pace::Delay(Duration::ZERO);

/// Every event, kept in order, read by a task of its own so the producer
/// never waits on the test.
struct Events {
    rx: mpsc::UnboundedReceiver<ProducerEvent>,
    seen: Vec<ProducerEvent>,
}

impl Events {
    fn follow(mut events: mpsc::Receiver<ProducerEvent>) -> Events {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(ev) = events.recv().await {
                if tx.send(ev).is_err() {
                    break;
                }
            }
        });
        Events {
            rx,
            seen: Vec::new(),
        }
    }

    /// Wait for the first event (from now on) that matches.
    async fn until(&mut self, what: &str, pred: impl Fn(&ProducerEvent) -> bool) -> ProducerEvent {
        let found = tokio::time::timeout(PATIENCE, async {
            while let Some(ev) = self.rx.recv().await {
                self.seen.push(ev.clone());
                if pred(&ev) {
                    return Some(ev);
                }
            }
            None
        })
        .await;
        match found {
            Ok(Some(ev)) => ev,
            _ => panic!("no {what} event; saw {:#?}", self.seen),
        }
    }

    async fn port(&mut self) -> u16 {
        match self
            .until("Listening", |e| {
                matches!(e, ProducerEvent::Listening { .. })
            })
            .await
        {
            ProducerEvent::Listening { addr } => {
                assert_eq!(addr.ip().to_string(), "127.0.0.1");
                addr.port()
            }
            _ => unreachable!(),
        }
    }
}

struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    async fn connect(port: u16) -> Client {
        let s = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect to the producer");
        Client {
            reader: BufReader::new(s),
        }
    }

    /// The next line, with its `\n` checked and removed.
    async fn line(&mut self) -> String {
        let mut buf = String::new();
        let n = tokio::time::timeout(PATIENCE, self.reader.read_line(&mut buf))
            .await
            .expect("a line in time")
            .expect("read");
        assert!(n > 0, "the producer closed the connection");
        assert!(buf.ends_with('\n'), "lines end with \\n: {buf:?}");
        buf.pop();
        assert!(!buf.ends_with('\r'), "no \\r: {buf:?}");
        buf
    }

    async fn lines(&mut self, n: usize) -> Vec<String> {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.line().await);
        }
        out
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_lines_of_big1_arrive_in_order_and_exactly() {
    let big1 = Dataset::Big1.lines();
    let (producer, events) = Producer::start(config(big1.clone(), NOW));
    let mut events = Events::follow(events);
    let port = events.port().await;
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    // Read raw bytes until the end of the stream is reported, then compare
    // byte for byte: every line, in order, each ended by exactly one \n.
    events
        .until("EndOfStream", |e| {
            matches!(e, ProducerEvent::EndOfStream { .. })
        })
        .await;
    let expected = big1.join("\n") + "\n";
    let mut got = vec![0u8; expected.len()];
    tokio::time::timeout(
        PATIENCE,
        tokio::io::AsyncReadExt::read_exact(&mut stream, &mut got),
    )
    .await
    .expect("in time")
    .expect("read");
    assert!(got == expected.as_bytes(), "big1 arrived altered");
    assert_eq!(
        Dataset::Big1.text(),
        expected,
        "the shipped file is its lines"
    );
    // Sequence numbers and source positions of every line, in order.
    let sent: Vec<(u64, LineOrigin)> = events
        .seen
        .iter()
        .filter_map(|e| match e {
            ProducerEvent::LineSent { seq, origin, .. } => Some((*seq, *origin)),
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), big1.len());
    for (i, (seq, origin)) in sent.iter().enumerate() {
        assert_eq!(*seq, i as u64 + 1);
        assert_eq!(
            *origin,
            LineOrigin::Source {
                line: i + 1,
                pass: 1
            }
        );
    }
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reconnects_gets_a_fresh_stream_from_the_start() {
    let src = lines(&["one", "two", "three", "four", "five"]);
    let (producer, events) = Producer::start(config(src, NOW));
    let mut events = Events::follow(events);
    let port = events.port().await;
    let mut first = Client::connect(port).await;
    assert_eq!(first.lines(2).await, ["one", "two"]);
    drop(first);
    events
        .until("ClientDisconnected", |e| {
            matches!(e, ProducerEvent::ClientDisconnected { client: 1, .. })
        })
        .await;
    let mut again = Client::connect(port).await;
    assert_eq!(
        again.lines(5).await,
        ["one", "two", "three", "four", "five"]
    );
    match events
        .until("ClientConnected", |e| {
            matches!(e, ProducerEvent::ClientConnected { client: 2, .. })
        })
        .await
    {
        ProducerEvent::ClientConnected { client, .. } => assert_eq!(client, 2),
        _ => unreachable!(),
    }
    // The connection stays open at the end of the file (typed lines may come).
    events
        .until("EndOfStream", |e| {
            matches!(
                e,
                ProducerEvent::EndOfStream {
                    client: 2,
                    looping: false
                }
            )
        })
        .await;
    producer.inject("still here").expect("inject");
    assert_eq!(again.line().await, "still here");
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_lines_reach_every_connected_client() {
    let mut c = config(lines(&["file line"]), NOW);
    c.start_paused = true;
    let (producer, events) = Producer::start(c);
    let mut events = Events::follow(events);
    let port = events.port().await;
    let mut a = Client::connect(port).await;
    let mut b = Client::connect(port).await;
    for id in [1, 2] {
        events
            .until(
                "ClientConnected",
                |e| matches!(e, ProducerEvent::ClientConnected { client, .. } if *client == id),
            )
            .await;
    }
    producer.inject("hello, both").expect("inject");
    let injected = events
        .until("Injected", |e| matches!(e, ProducerEvent::Injected { .. }))
        .await;
    assert_eq!(
        injected,
        ProducerEvent::Injected {
            line: "hello, both".into(),
            clients: 2
        }
    );
    // Paused: the typed line is the first thing each client hears.
    assert_eq!(a.line().await, "hello, both");
    assert_eq!(b.line().await, "hello, both");
    // Pasted text with newlines inside: one line each.
    producer.inject("two\r\nlines\n").expect("inject");
    assert_eq!(a.lines(2).await, ["two", "lines"]);
    assert_eq!(b.lines(2).await, ["two", "lines"]);
    producer.resume().expect("resume");
    assert_eq!(a.line().await, "file line");
    assert_eq!(b.line().await, "file line");
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_port_in_use_is_reported_as_an_event() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let mut c = config(lines(&["x"]), NOW);
    c.port = port;
    let (_producer, events) = Producer::start(c);
    let mut events = Events::follow(events);
    let first = events.until("any", |_| true).await;
    assert_eq!(
        first,
        ProducerEvent::PortInUse {
            host: "127.0.0.1".into(),
            port
        }
    );
    assert_eq!(
        events.until("Stopped", |_| true).await,
        ProducerEvent::Stopped
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pause_holds_the_file_stream_and_resume_continues_where_it_stopped() {
    let src = lines(&["l1", "l2", "l3", "l4", "l5"]);
    // An hour between lines: only line 1 goes before the pause.
    let (producer, events) = Producer::start(config(src, HOUR));
    let mut events = Events::follow(events);
    let port = events.port().await;
    let mut client = Client::connect(port).await;
    assert_eq!(client.line().await, "l1");
    producer.pause().expect("pause");
    let held = events
        .until("ClientHeld", |e| {
            matches!(e, ProducerEvent::ClientHeld { .. })
        })
        .await;
    assert_eq!(held, ProducerEvent::ClientHeld { client: 1, seq: 1 });
    // No wait between lines any more, but paused: nothing from the file.
    producer.set_delay(Duration::ZERO).expect("set delay");
    producer.inject("typed while paused").expect("inject");
    assert_eq!(client.line().await, "typed while paused");
    producer.resume().expect("resume");
    assert_eq!(client.lines(4).await, ["l2", "l3", "l4", "l5"]);
    events
        .until("EndOfStream", |e| {
            matches!(e, ProducerEvent::EndOfStream { .. })
        })
        .await;
    let sent: Vec<(u64, String)> = events
        .seen
        .iter()
        .filter_map(|e| match e {
            ProducerEvent::LineSent { seq, line, .. } => Some((*seq, line.to_string())),
            _ => None,
        })
        .collect();
    let expected: Vec<(u64, String)> = ["l1", "typed while paused", "l2", "l3", "l4", "l5"]
        .iter()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.to_string()))
        .collect();
    assert_eq!(sent, expected);
    let order: Vec<&str> = events
        .seen
        .iter()
        .filter_map(|e| match e {
            ProducerEvent::Paused => Some("paused"),
            ProducerEvent::Resumed => Some("resumed"),
            ProducerEvent::PaceChanged(_) => Some("pace"),
            _ => None,
        })
        .collect();
    assert_eq!(order, ["paused", "pace", "resumed"]);
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_change_applies_at_once_even_to_a_waiting_stream() {
    let src: Arc<[String]> = (1..=500)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .into();
    let (producer, events) = Producer::start(config(src.clone(), HOUR));
    let mut events = Events::follow(events);
    let port = events.port().await;
    let mut client = Client::connect(port).await;
    assert_eq!(client.line().await, "line 1");
    producer.set_rate(100_000.0).expect("set rate");
    // Were the hour still in force, this would time out.
    assert_eq!(client.lines(499).await, src[1..].to_vec());
    let changed = events
        .until("PaceChanged", |e| {
            matches!(e, ProducerEvent::PaceChanged(_))
        })
        .await;
    assert_eq!(changed, ProducerEvent::PaceChanged(Pace::Rate(100_000.0)));
    producer.set_rate(0.0).expect("send");
    let refused = events
        .until("InvalidCommand", |e| {
            matches!(e, ProducerEvent::InvalidCommand { .. })
        })
        .await;
    assert!(format!("{refused:?}").contains("positive number"));
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn looping_starts_over_at_the_end() {
    let mut c = config(lines(&["a", "b", "c"]), NOW);
    c.looping = true;
    let (producer, events) = Producer::start(c);
    let mut events = Events::follow(events);
    let port = events.port().await;
    let mut client = Client::connect(port).await;
    assert_eq!(client.lines(7).await, ["a", "b", "c", "a", "b", "c", "a"]);
    let ev = events
        .until("LineSent on pass 3", |e| {
            matches!(
                e,
                ProducerEvent::LineSent {
                    origin: LineOrigin::Source { line: 1, pass: 3 },
                    ..
                }
            )
        })
        .await;
    assert!(
        matches!(ev, ProducerEvent::LineSent { seq: 7, .. }),
        "{ev:?}"
    );
    assert!(events.seen.contains(&ProducerEvent::EndOfStream {
        client: 1,
        looping: true
    }));
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_does_not_hold_back_the_others() {
    let big1 = Dataset::Big1.lines();
    let mut c = config(big1.clone(), NOW);
    // Looping: the stalled client's socket buffers fill up and its task
    // blocks on write for good.
    c.looping = true;
    let (producer, events) = Producer::start(c);
    let mut events = Events::follow(events);
    let port = events.port().await;
    let stalled = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    events
        .until("LineSent to client 1 pass 2", |e| {
            matches!(
                e,
                ProducerEvent::LineSent {
                    client: 1,
                    origin: LineOrigin::Source { pass: 2, .. },
                    ..
                }
            )
        })
        .await;
    let mut reader = Client::connect(port).await;
    assert_eq!(reader.lines(big1.len()).await, big1.to_vec());
    drop(stalled);
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_handle_stops_the_producer() {
    let (producer, events) = Producer::start(config(lines(&["x"]), HOUR));
    let mut events = Events::follow(events);
    let port = events.port().await;
    let _client = Client::connect(port).await;
    events
        .until("ClientConnected", |e| {
            matches!(e, ProducerEvent::ClientConnected { .. })
        })
        .await;
    drop(producer);
    events
        .until("Stopped", |e| *e == ProducerEvent::Stopped)
        .await;
}

// ------------------------------------------------------------ the command

fn streamlab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_streamlab"))
}

/// A running `streamlab produce`, its stdout lines read by a thread.
struct Produce {
    child: Child,
    stdout: std::sync::mpsc::Receiver<String>,
    log: Vec<String>,
    port: u16,
}

impl Produce {
    fn spawn(args: &[&str], stdin: Stdio) -> Produce {
        let mut child = streamlab()
            .arg("produce")
            .args(["--port", "0"])
            .args(args)
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn streamlab produce");
        let out: ChildStdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in StdBufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut p = Produce {
            child,
            stdout: rx,
            log: Vec::new(),
            port: 0,
        };
        let listening = p.until("Listening for a client at 127.0.0.1 ");
        p.port = listening
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .expect("a port in the Listening line");
        assert_ne!(p.port, 0);
        p
    }

    /// Wait for a stdout line starting with `prefix`.
    fn until(&mut self, prefix: &str) -> String {
        loop {
            match self.stdout.recv_timeout(PATIENCE) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.starts_with(prefix) {
                        return line;
                    }
                }
                Err(_) => {
                    let _ = self.child.kill();
                    let mut err = String::new();
                    if let Some(mut e) = self.child.stderr.take() {
                        let _ = e.read_to_string(&mut err);
                    }
                    panic!("no '{prefix}' line; stdout: {:#?}\nstderr: {err}", self.log);
                }
            }
        }
    }

    fn connect(&self) -> StdBufReader<std::net::TcpStream> {
        let s = std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(PATIENCE)).expect("timeout");
        StdBufReader::new(s)
    }

    /// Stop it and return its stderr.
    fn kill(mut self) -> String {
        let _ = self.child.kill();
        let out = self.child.wait_with_output().expect("wait");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

fn read_line(r: &mut impl BufRead) -> String {
    let mut s = String::new();
    r.read_line(&mut s).expect("read a line");
    assert!(s.ends_with('\n'), "a whole line: {s:?}");
    s.pop();
    s
}

#[test]
fn produce_sends_big1_by_default_and_keeps_serving_without_stdin() {
    // No stdin at all (as in CI): the producer must not stop at its EOF.
    let mut p = Produce::spawn(&["--rate", "100000"], Stdio::null());
    let mut conn = p.connect();
    let expected = Dataset::Big1.text();
    let mut got = vec![0u8; expected.len()];
    conn.read_exact(&mut got).expect("all of big1");
    assert!(got == expected.as_bytes(), "big1 arrived altered");
    p.until("Connected by 127.0.0.1:");
    let first_sent = p.until("SENT: ");
    assert_eq!(first_sent, "SENT: The River Town");
    p.until("End Of Stream.");
    // Gone and back: a fresh stream from the first line.
    drop(conn);
    p.until("Client 127.0.0.1:");
    p.until("Listening for a client at 127.0.0.1 ");
    let mut again = p.connect();
    assert_eq!(read_line(&mut again), "The River Town");
    let stderr = p.kill();
    assert!(stderr.contains("sending big1.txt (7272 lines)"), "{stderr}");
}

#[test]
fn typed_stdin_lines_reach_every_connected_client() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("one.txt");
    std::fs::write(&file, "from the file\n").expect("write");
    let file = file.to_str().expect("utf-8 path");
    let mut p = Produce::spawn(&[file, "--delay", "0ms"], Stdio::piped());
    let mut a = p.connect();
    let mut b = p.connect();
    assert_eq!(read_line(&mut a), "from the file");
    assert_eq!(read_line(&mut b), "from the file");
    p.until("End Of Stream.");
    p.until("End Of Stream.");
    let mut stdin = p.child.stdin.take().expect("stdin");
    stdin
        .write_all(b"typed line one\ntyped line two\n")
        .expect("type");
    stdin.flush().expect("flush");
    for c in [&mut a, &mut b] {
        assert_eq!(read_line(c), "typed line one");
        assert_eq!(read_line(c), "typed line two");
    }
    // Two clients: SENT lines say to whom.
    let sent = p.until("SENT to 127.0.0.1:");
    assert!(sent.ends_with(": typed line one"), "{sent}");
    // Closing stdin does not stop the producer.
    drop(stdin);
    drop(a);
    p.until("Client 127.0.0.1:");
    let mut c = p.connect();
    assert_eq!(read_line(&mut c), "from the file");
    p.kill();
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_producer_and_exits_0() {
    let mut p = Produce::spawn(&["--quiet"], Stdio::null());
    let _client = p.connect();
    p.until("Connected by 127.0.0.1:");
    let status = Command::new("kill")
        .args(["-INT", &p.child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    p.until("Stopped.");
    let status = p.child.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let out = streamlab()
        .args(["produce", "--port", &port])
        .stdin(Stdio::null())
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: port {port} on 127.0.0.1 is already in use"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("choose another port with --port"),
        "{stderr}"
    );
}

#[test]
fn bad_options_are_usage_errors() {
    // Every dataset is offered, as the registry names them.
    let names: Vec<&str> = Dataset::ALL.iter().map(|d| d.name()).collect();
    let possible = format!("[possible values: {}]", names.join(", "));
    let cases: &[(&[&str], &str)] = &[
        (
            &["--delay", "5x"],
            "expected a number and a unit, like 500ms, 2s, 1.5s or 1m",
        ),
        (
            &["--delay", "500"],
            "a unit is missing; write 500ms or 500s",
        ),
        (&["--rate", "0"], "a positive number of lines per second"),
        (&["--rate", "5", "--delay", "1s"], "cannot be used with"),
        (&["--dataset", "nope"], &possible),
        (&["some.txt", "--dataset", "posts"], "cannot be used with"),
    ];
    for (args, expected) in cases {
        let out = streamlab()
            .arg("produce")
            .args(*args)
            .stdin(Stdio::null())
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn help_lists_the_datasets_and_the_defaults() {
    let out = streamlab()
        .args(["produce", "--help"])
        .output()
        .expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for name in ["big1", "weblogs", "sensors", "posts"] {
        assert!(help.contains(name), "{name}: {help}");
    }
    for s in [
        "[default: 9999]",
        "[default: 127.0.0.1]",
        "[default: 1s]",
        "--loop",
        "--quiet",
    ] {
        assert!(help.contains(s), "{s}: {help}");
    }
}

#[test]
fn a_file_with_invalid_utf8_is_sent_repaired_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bad.txt");
    std::fs::write(&file, b"fine\nbad \xff byte\n").expect("write");
    let name = file.to_str().expect("utf-8 path");
    let p = Produce::spawn(&[name, "--delay", "0ms", "--quiet"], Stdio::null());
    let mut c = p.connect();
    assert_eq!(read_line(&mut c), "fine");
    assert_eq!(read_line(&mut c), "bad \u{FFFD} byte");
    let stderr = p.kill();
    assert!(
        stderr.contains(&format!(
            "warning: {name} line 2 is not valid UTF-8; invalid bytes were replaced with U+FFFD"
        )),
        "{stderr}"
    );
}

#[test]
fn themed_datasets_are_served_by_name() {
    for d in [Dataset::Weblogs, Dataset::Sensors, Dataset::Posts] {
        let p = Produce::spawn(
            &["--dataset", d.name(), "--rate", "100000", "--quiet"],
            Stdio::null(),
        );
        let mut c = p.connect();
        let first = d.text().lines().next().expect("a line");
        assert_eq!(read_line(&mut c), first);
        p.kill();
    }
}

// ------------------------------------------------------- the classic exercise

/// Sum the counts of every word over all jsonl lines.
fn totals(stdout: &str) -> BTreeMap<String, i64> {
    let mut sums = BTreeMap::new();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        for r in v["records"].as_array().expect("records") {
            let r = r.as_str().expect("repr");
            // ('word', 3), or ("who's", 3): the words of posts.txt hold no
            // backslashes or mixed quotes that repr() would escape.
            let (word, count) = r
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .and_then(|r| r.rsplit_once(", "))
                .unwrap_or_else(|| panic!("a (word, count) pair: {r}"));
            let word = word.trim_matches(|c| c == '\'' || c == '"');
            *sums.entry(word.to_string()).or_insert(0) += count.parse::<i64>().expect("count");
        }
    }
    sums
}

#[test]
fn produce_and_run_reproduce_the_classic_word_count() {
    let p = Produce::spawn(
        &["--dataset", "posts", "--rate", "100000", "--quiet"],
        Stdio::null(),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("wordcount.py");
    // lessons/examples/wordcount.py with the producer's port.
    let src = include_str!("../lessons/examples/wordcount.py")
        .replace("9999", &p.port.to_string())
        .replace("line.split(\" \")", "line.split()");
    assert!(src.contains(&format!("socketTextStream(\"localhost\", {})", p.port)));
    std::fs::write(&prog, src).expect("write");
    let out = streamlab()
        .arg("run")
        .arg(&prog)
        .args(["--batches", "5", "--format", "jsonl"])
        .stdin(Stdio::null())
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let mut expected = BTreeMap::new();
    for w in Dataset::Posts.text().split_whitespace() {
        *expected.entry(w.to_string()).or_insert(0i64) += 1;
    }
    let got = totals(&stdout);
    assert_eq!(
        got.values().sum::<i64>(),
        expected.values().sum::<i64>(),
        "every word sent is counted once\n{stderr}"
    );
    assert_eq!(got, expected);
    let perr = p.kill();
    assert!(perr.contains("sending posts.txt"), "{perr}");
}
