//! The socket receiver behind `ssc.socketTextStream(host, port)`.
//!
//! Like Spark's receiver it connects as a TCP client, reads lines, and when
//! the server is not there or closes the connection it waits 2 s and tries
//! again, forever, saying so in a status message. Received lines wait in a
//! bounded buffer until the next batch takes them; when the buffer is full the
//! reader stops reading (TCP holds the rest), so nothing is dropped.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;

use super::Receiver;
use crate::engine::rdd::Rdd;
use crate::lang::value::Value;

/// Spark's `spark.streaming.receiverRestartDelay`.
pub const RESTART_DELAY: Duration = Duration::from_millis(2000);
/// Spark's block interval: one partition per 200 ms of received data.
const BLOCK: Duration = Duration::from_millis(200);
/// Lines held between batches before the reader pauses.
const BUFFER_CAP: usize = 1_000_000;

#[derive(Default)]
struct Shared {
    lines: VecDeque<(Instant, Value)>,
    status: Vec<String>,
}

pub struct SocketReceiver {
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl SocketReceiver {
    /// Start receiving on the current tokio runtime.
    pub fn spawn(host: String, port: u16) -> SocketReceiver {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let task = tokio::spawn(receive(host, port, shared.clone()));
        SocketReceiver { shared, task }
    }
}

impl Drop for SocketReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receive(host: String, port: u16, shared: Arc<Mutex<Shared>>) {
    let say = |m: String| shared.lock().status.push(m);
    loop {
        match TcpStream::connect((host.as_str(), port)).await {
            Err(e) => say(format!(
                "Error connecting to {host}:{port} ({e}); retrying in 2 s. Is a producer running? Try `streamlab produce --port {port}` in another terminal"
            )),
            Ok(stream) => {
                say(format!("Connected to {host}:{port}"));
                let mut reader = BufReader::new(stream);
                let mut buf = Vec::new();
                let mut line_no: u64 = 0;
                loop {
                    // Back-pressure: wait while the buffer is full.
                    while shared.lock().lines.len() >= BUFFER_CAP {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    buf.clear();
                    match reader.read_until(b'\n', &mut buf).await {
                        Ok(0) => {
                            say(format!("Socket data stream had no more data; reconnecting to {host}:{port} in 2 s"));
                            break;
                        }
                        Ok(_) => {
                            line_no += 1;
                            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                                buf.pop();
                            }
                            let text = match std::str::from_utf8(&buf) {
                                Ok(s) => s.to_string(),
                                Err(_) => {
                                    say(format!(
                                        "line {line_no} from {host}:{port} is not valid UTF-8; invalid bytes were replaced with U+FFFD"
                                    ));
                                    String::from_utf8_lossy(&buf).into_owned()
                                }
                            };
                            let now = Instant::now();
                            let mut s = shared.lock();
                            // A bare '\r' also ends a line (as Java's readLine does).
                            for part in text.split('\r') {
                                s.lines.push_back((now, Value::str(part)));
                            }
                        }
                        Err(e) => {
                            say(format!("Error receiving data from {host}:{port} ({e}); reconnecting in 2 s"));
                            break;
                        }
                    }
                }
            }
        }
        tokio::time::sleep(RESTART_DELAY).await;
    }
}

impl Receiver for SocketReceiver {
    fn allocate(&mut self, _time_ms: i64) -> Rdd {
        let lines: Vec<(Instant, Value)> = self.shared.lock().lines.drain(..).collect();
        let Some(first) = lines.first().map(|l| l.0) else {
            return Rdd::empty();
        };
        // One partition per 200 ms block in which something arrived.
        let mut parts: Vec<Vec<Value>> = Vec::new();
        let mut block_start = first;
        let mut current = Vec::new();
        for (at, v) in lines {
            if at.duration_since(block_start) >= BLOCK {
                parts.push(std::mem::take(&mut current));
                block_start = at;
            }
            current.push(v);
        }
        parts.push(current);
        Rdd::new(parts)
    }

    fn drain_status(&mut self) -> Vec<String> {
        std::mem::take(&mut self.shared.lock().status)
    }
}
