//! The socket receiver behind `ssc.socketTextStream(host, port)`.
//!
//! Like Spark's receiver it connects as a TCP client, reads lines, and when
//! the server is not there or closes the connection it waits 2 s and tries
//! again, forever, saying so in a status message. Received lines wait in a
//! buffer bounded both in lines (a million) and in bytes (64 MiB by default)
//! until the next batch takes them; when the buffer is full, or `maxRate`
//! says to wait, the reader stops reading and TCP holds the rest, so nothing
//! is dropped. Bytes are decoded as UTF-8 with invalid sequences replaced by
//! U+FFFD (counted and reported each batch). Lines end as Java's
//! `BufferedReader.readLine` (Spark's receiver) ends them: at `\n`, `\r` or
//! `\r\n`, so `a\r\r\nb\n` is `a`, an empty line, `b`. A line longer than
//! the cap (1 MiB by default) is cut, and the cut is reported.

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
/// Bytes of lines held between batches before the reader pauses (a million
/// long lines would otherwise hold gigabytes).
pub const DEFAULT_BUFFER_BYTES: usize = 64 << 20;

/// Spark's default longest line is unbounded; streamlab cuts at 1 MiB and says so.
pub const DEFAULT_MAX_LINE: usize = 1 << 20;

/// How a socket receiver reads.
#[derive(Debug, Clone, Copy)]
pub struct SocketConfig {
    /// `spark.streaming.receiver.maxRate`: at most this many records per
    /// second (the reader waits; TCP holds the rest, nothing is dropped).
    pub max_rate: Option<f64>,
    /// Longer lines are cut to this many bytes; the cut is reported.
    pub max_line: usize,
    /// The reader waits while the lines not yet taken by a batch hold this
    /// many bytes (it may go over by one line).
    pub max_buffer_bytes: usize,
}

impl Default for SocketConfig {
    fn default() -> Self {
        SocketConfig {
            max_rate: None,
            max_line: DEFAULT_MAX_LINE,
            max_buffer_bytes: DEFAULT_BUFFER_BYTES,
        }
    }
}

#[derive(Default)]
struct Shared {
    lines: VecDeque<(Instant, Value)>,
    /// Bytes of text in `lines`.
    bytes: usize,
    status: Vec<String>,
    /// Lines with invalid UTF-8 since the last batch, and the bad bytes replaced.
    invalid_lines: u64,
    invalid_bytes: u64,
}

pub struct SocketReceiver {
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl SocketReceiver {
    /// Start receiving on the current tokio runtime.
    pub fn spawn(host: String, port: u16) -> SocketReceiver {
        SocketReceiver::spawn_with(host, port, SocketConfig::default())
    }

    pub fn spawn_with(host: String, port: u16, config: SocketConfig) -> SocketReceiver {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let task = tokio::spawn(receive(host, port, config, shared.clone()));
        SocketReceiver { shared, task }
    }
}

impl Drop for SocketReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What one look at the reader's buffered bytes found.
struct Scanned {
    /// Bytes to consume from the reader.
    consume: usize,
    /// Whether the line ended within them.
    ended: bool,
}

/// Take the next piece of a line from `available` into `buf` (at most `max`
/// bytes in all, setting `cut` past that). A line ends at `\n`, `\r` or
/// `\r\n`, as with Java's `BufferedReader.readLine`: after a `\r`,
/// `skip_lf` is set so that a `\n` right after it, even in a later read, is
/// skipped. The one rule both readers (DStream and Structured) follow.
fn scan_line(
    available: &[u8],
    buf: &mut Vec<u8>,
    max: usize,
    skip_lf: &mut bool,
    cut: &mut bool,
) -> Scanned {
    if std::mem::take(skip_lf) && available[0] == b'\n' {
        return Scanned {
            consume: 1,
            ended: false,
        };
    }
    let end = available.iter().position(|b| *b == b'\n' || *b == b'\r');
    // The line's own bytes: the terminator does not count against the cap.
    let content = &available[..end.unwrap_or(available.len())];
    let room = max.saturating_sub(buf.len());
    if content.len() > room {
        *cut = true;
    }
    buf.extend_from_slice(&content[..content.len().min(room)]);
    match end {
        Some(i) => {
            *skip_lf = available[i] == b'\r';
            Scanned {
                consume: i + 1,
                ended: true,
            }
        }
        None => Scanned {
            consume: available.len(),
            ended: false,
        },
    }
}

/// Read one line into `buf`, keeping at most `max` bytes of it (see
/// [`scan_line`]). Returns whether the line was cut, or `None` at the end of
/// the stream with nothing read.
async fn read_line_capped<R: tokio::io::AsyncBufRead + Unpin>(
    r: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
    skip_lf: &mut bool,
) -> std::io::Result<Option<bool>> {
    let mut started = false;
    let mut cut = false;
    loop {
        let available = r.fill_buf().await?;
        if available.is_empty() {
            return Ok(started.then_some(cut));
        }
        let skipping = *skip_lf && available[0] == b'\n';
        let step = scan_line(available, buf, max, skip_lf, &mut cut);
        started |= !skipping;
        r.consume(step.consume);
        if step.ended {
            return Ok(Some(cut));
        }
    }
}

/// [`read_line_capped`] for a blocking reader (the Structured Streaming
/// socket source reads on a thread of its own).
pub fn read_line_blocking<R: std::io::BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
    skip_lf: &mut bool,
) -> std::io::Result<Option<bool>> {
    let mut started = false;
    let mut cut = false;
    loop {
        let available = r.fill_buf()?;
        if available.is_empty() {
            return Ok(started.then_some(cut));
        }
        let skipping = *skip_lf && available[0] == b'\n';
        let step = scan_line(available, buf, max, skip_lf, &mut cut);
        started |= !skipping;
        r.consume(step.consume);
        if step.ended {
            return Ok(Some(cut));
        }
    }
}

async fn receive(host: String, port: u16, config: SocketConfig, shared: Arc<Mutex<Shared>>) {
    let say = |m: String| shared.lock().status.push(m);
    // A token bucket for maxRate: one record costs one token.
    let interval = config.max_rate.map(|r| Duration::from_secs_f64(1.0 / r));
    let mut next_slot = Instant::now();
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
                let mut skip_lf = false;
                loop {
                    // Back-pressure: wait while the buffer is full.
                    while {
                        let s = shared.lock();
                        s.lines.len() >= BUFFER_CAP || s.bytes >= config.max_buffer_bytes
                    } {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    buf.clear();
                    let max = config.max_line.max(1);
                    match read_line_capped(&mut reader, &mut buf, max, &mut skip_lf).await {
                        Ok(None) => {
                            say(format!("Socket data stream had no more data; reconnecting to {host}:{port} in 2 s"));
                            break;
                        }
                        Ok(Some(cut)) => {
                            line_no += 1;
                            if cut {
                                say(format!(
                                    "line {line_no} from {host}:{port} is longer than {} bytes; it was cut to that length",
                                    config.max_line
                                ));
                            }
                            let text = match std::str::from_utf8(&buf) {
                                Ok(s) => s.to_string(),
                                Err(_) => {
                                    let fixed = String::from_utf8_lossy(&buf).into_owned();
                                    let replaced = fixed.matches('\u{FFFD}').count() as u64;
                                    let mut s = shared.lock();
                                    s.invalid_lines += 1;
                                    s.invalid_bytes += replaced;
                                    fixed
                                }
                            };
                            if let Some(step) = interval {
                                let now = Instant::now();
                                if next_slot > now {
                                    tokio::time::sleep(next_slot - now).await;
                                }
                                next_slot = next_slot.max(now) + step;
                            }
                            let mut s = shared.lock();
                            s.bytes += text.len();
                            s.lines.push_back((Instant::now(), Value::str(&text)));
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
        let lines: Vec<(Instant, Value)> = {
            let mut s = self.shared.lock();
            s.bytes = 0;
            s.lines.drain(..).collect()
        };
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
        let mut s = self.shared.lock();
        let mut out = std::mem::take(&mut s.status);
        if s.invalid_lines > 0 {
            out.push(format!(
                "{} line(s) were not valid UTF-8; {} invalid byte sequence(s) were replaced with U+FFFD",
                s.invalid_lines, s.invalid_bytes
            ));
            s.invalid_lines = 0;
            s.invalid_bytes = 0;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::read_line_blocking;

    /// Every line of `input`, read in pieces of `chunk` bytes, with its cut flag.
    fn lines(input: &[u8], chunk: usize, max: usize) -> Vec<(String, bool)> {
        let mut reader = std::io::BufReader::with_capacity(chunk, input);
        let (mut buf, mut skip_lf, mut out) = (Vec::new(), false, Vec::new());
        while let Some(cut) = read_line_blocking(&mut reader, &mut buf, max, &mut skip_lf).unwrap()
        {
            out.push((String::from_utf8_lossy(&buf).into_owned(), cut));
            buf.clear();
        }
        out
    }

    #[test]
    fn lines_end_as_java_readline_ends_them_however_the_bytes_arrive() {
        let input = b"a\r\r\nb\rc\r\nd\n\ne";
        let want: Vec<(String, bool)> = ["a", "", "b", "c", "d", "", "e"]
            .iter()
            .map(|s| (s.to_string(), false))
            .collect();
        for chunk in [1, 2, 3, 64] {
            assert_eq!(lines(input, chunk, 100), want, "chunks of {chunk}");
        }
    }

    #[test]
    fn a_line_longer_than_the_cap_is_cut_and_one_of_exactly_the_cap_is_not() {
        let got = lines(b"abc\nabcd\r\nab", 2, 3);
        assert_eq!(
            got,
            [
                ("abc".into(), false),
                ("abc".into(), true),
                ("ab".into(), false)
            ]
        );
    }
}
