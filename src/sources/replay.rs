//! Replaying a file into a socket or file stream on the virtual clock:
//! `--replay FILE --lines-per-batch N` gives each batch the next N lines.

use super::Receiver;
use crate::engine::rdd::Rdd;
use crate::lang::value::Value;

/// Spark's receivers cut a block every 200 ms; a replayed batch is split the
/// same way so partition counts look like a live socket's.
const BLOCK_MS: i64 = 200;

/// What a replay reads: lines given in memory, or a file read as the
/// batches need it.
#[derive(Debug, Clone)]
pub enum Replay {
    /// Lines held in memory (lessons, benches, Structured Streaming).
    Text(std::sync::Arc<ReplayText>),
    /// A file (`streamlab run --replay FILE`): each receiver reads it from
    /// the start, a batch at a time, so a replay holds one batch's lines
    /// whatever the file's size.
    File(std::path::PathBuf),
}

impl Replay {
    /// All the lines at once (Structured Streaming cuts its triggers from them).
    pub fn text(&self) -> std::io::Result<std::sync::Arc<ReplayText>> {
        match self {
            Replay::Text(t) => Ok(t.clone()),
            Replay::File(path) => {
                let bytes = std::fs::read(path)?;
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                };
                Ok(std::sync::Arc::new(ReplayText::new(text)))
            }
        }
    }
}

impl From<std::sync::Arc<ReplayText>> for Replay {
    fn from(t: std::sync::Arc<ReplayText>) -> Replay {
        Replay::Text(t)
    }
}

/// Where a receiver's lines come from.
enum Lines {
    Text(std::sync::Arc<ReplayText>),
    File(FileLines),
}

pub struct ReplayReceiver {
    lines: Lines,
    per_batch: usize,
    /// Lines handed out so far.
    pos: usize,
    blocks: usize,
}

impl ReplayReceiver {
    pub fn new(
        lines: std::sync::Arc<ReplayText>,
        per_batch: usize,
        batch_ms: i64,
    ) -> ReplayReceiver {
        ReplayReceiver::of(Lines::Text(lines), per_batch, batch_ms)
    }

    /// A receiver reading `replay` from its start.
    pub fn open(replay: &Replay, per_batch: usize, batch_ms: i64) -> ReplayReceiver {
        let lines = match replay {
            Replay::Text(t) => Lines::Text(t.clone()),
            Replay::File(path) => Lines::File(FileLines::open(path)),
        };
        ReplayReceiver::of(lines, per_batch, batch_ms)
    }

    fn of(lines: Lines, per_batch: usize, batch_ms: i64) -> ReplayReceiver {
        ReplayReceiver {
            lines,
            per_batch: per_batch.max(1),
            pos: 0,
            blocks: (batch_ms / BLOCK_MS).max(1) as usize,
        }
    }
}

impl Receiver for ReplayReceiver {
    fn allocate(&mut self, _time_ms: i64) -> Rdd {
        let batch: Vec<Value> = match &mut self.lines {
            Lines::Text(text) => {
                let end = self.pos.saturating_add(self.per_batch).min(text.len());
                (self.pos..end).map(|i| Value::str(text.line(i))).collect()
            }
            Lines::File(file) => {
                let mut batch = Vec::with_capacity(self.per_batch.min(1 << 16));
                while batch.len() < self.per_batch {
                    match file.next_line() {
                        Some(line) => batch.push(match std::str::from_utf8(line) {
                            Ok(text) => Value::str(text),
                            Err(_) => Value::str(&String::from_utf8_lossy(line)),
                        }),
                        None => break,
                    }
                }
                file.check_end();
                batch
            }
        };
        self.pos = self.pos.saturating_add(batch.len());
        if batch.is_empty() {
            return Rdd::empty();
        }
        let blocks = self.blocks.min(batch.len());
        Rdd::parallelize(batch, blocks)
    }

    fn finished(&self) -> bool {
        match &self.lines {
            Lines::Text(text) => self.pos >= text.len(),
            Lines::File(file) => file.at_end,
        }
    }

    fn position(&self) -> Option<u64> {
        Some(self.pos as u64)
    }

    fn seek(&mut self, position: u64) {
        let position = usize::try_from(position).unwrap_or(usize::MAX);
        match &mut self.lines {
            Lines::Text(text) => self.pos = position.min(text.len()),
            Lines::File(file) => {
                // Read again from the start, skipping the lines already delivered.
                *file = FileLines::open(&file.path);
                self.pos = 0;
                while self.pos < position && file.next_line().is_some() {
                    self.pos += 1;
                }
                file.check_end();
            }
        }
    }

    fn drain_status(&mut self) -> Vec<String> {
        match &mut self.lines {
            Lines::Text(_) => Vec::new(),
            Lines::File(file) => std::mem::take(&mut file.status),
        }
    }
}

/// A file's lines, read as they are asked for and cut as [`split_lines`]
/// cuts them (`\n`, `\r\n` and `\r` end a line).
struct FileLines {
    path: std::path::PathBuf,
    bytes: FileBytes,
    /// The line being read.
    line: Vec<u8>,
    /// Nothing is left to read.
    at_end: bool,
    /// A read error, told once through the receiver's status.
    status: Vec<String>,
}

/// The file's unread bytes.
struct FileBytes {
    /// None once the file is used up or could not be read.
    reader: Option<std::io::BufReader<std::fs::File>>,
    /// The last line ended with `\r`: a `\n` next belongs to that ending.
    after_cr: bool,
}

impl FileBytes {
    /// The buffered bytes that come next (after the `\n` of a `\r\n`
    /// ending), or None at the end of the file.
    fn fill(&mut self) -> std::io::Result<Option<&[u8]>> {
        use std::io::BufRead;
        let Some(reader) = self.reader.as_mut() else {
            return Ok(None);
        };
        let more = loop {
            let buf = match reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            match buf.first() {
                None => break false,
                Some(b'\n') if self.after_cr => {
                    self.after_cr = false;
                    reader.consume(1);
                }
                Some(_) => {
                    self.after_cr = false;
                    break true;
                }
            }
        };
        if !more {
            self.reader = None;
            return Ok(None);
        }
        match self.reader.as_mut() {
            Some(r) => r.fill_buf().map(Some),
            None => Ok(None),
        }
    }

    fn consume(&mut self, n: usize) {
        if let Some(r) = self.reader.as_mut() {
            std::io::BufRead::consume(r, n);
        }
    }
}

impl FileLines {
    fn open(path: &std::path::Path) -> FileLines {
        let mut lines = FileLines {
            path: path.to_path_buf(),
            bytes: FileBytes {
                reader: None,
                after_cr: false,
            },
            line: Vec::new(),
            at_end: false,
            status: Vec::new(),
        };
        match std::fs::File::open(path) {
            Ok(f) => lines.bytes.reader = Some(std::io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => lines.fail(e),
        }
        lines.check_end();
        lines
    }

    fn fail(&mut self, e: std::io::Error) {
        self.status.push(format!(
            "cannot read the replay file {}: {e}; the replay ends here",
            self.path.display()
        ));
        self.bytes.reader = None;
        self.at_end = true;
    }

    /// Note whether anything is left, so [`Receiver::finished`] is exact.
    fn check_end(&mut self) {
        match self.bytes.fill() {
            Ok(Some(_)) => {}
            Ok(None) => self.at_end = true,
            Err(e) => self.fail(e),
        }
    }

    /// The next line without its ending, or None at the end of the file.
    fn next_line(&mut self) -> Option<&[u8]> {
        self.line.clear();
        let mut any = false;
        loop {
            let buf = match self.bytes.fill() {
                Ok(Some(buf)) => buf,
                Ok(None) => {
                    self.at_end = true;
                    break;
                }
                Err(e) => {
                    self.fail(e);
                    break;
                }
            };
            any = true;
            match memchr::memchr2(b'\n', b'\r', buf) {
                Some(i) => {
                    self.line.extend_from_slice(&buf[..i]);
                    let cr = buf[i] == b'\r';
                    self.bytes.consume(i + 1);
                    self.bytes.after_cr = cr;
                    return Some(&self.line[..]);
                }
                None => {
                    let n = buf.len();
                    self.line.extend_from_slice(buf);
                    self.bytes.consume(n);
                }
            }
        }
        any.then_some(&self.line[..])
    }
}

/// A replayed file: its text once, and where each line starts. A batch's
/// lines become string values only when the batch is cut, so a long replay
/// holds the file's bytes and one offset per line, not a value per line.
///
/// ```
/// use streamlab::sources::replay::ReplayText;
/// let t = ReplayText::new("a\nb\r\nc\rd".to_string());
/// assert_eq!(t.len(), 4);
/// assert_eq!((t.line(0), t.line(1), t.line(2), t.line(3)), ("a", "b", "c", "d"));
/// ```
#[derive(Debug, Default)]
pub struct ReplayText {
    text: String,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Where each line ends, for text made of given lines (which may hold
    /// line breaks); a file's lines end at their first line break.
    ends: Option<Vec<usize>>,
}

impl ReplayText {
    /// Lines as [`split_lines`] cuts them.
    pub fn new(text: String) -> ReplayText {
        let mut starts = Vec::new();
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            starts.push(pos);
            match bytes[pos..].iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(i) => {
                    let end = pos + i;
                    let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
                    pos = end + if crlf { 2 } else { 1 };
                }
                None => pos = bytes.len(),
            }
        }
        ReplayText {
            text,
            starts,
            ends: None,
        }
    }

    /// These lines, each one line of the replay whatever it holds.
    pub fn from_lines<S: AsRef<str>>(lines: &[S]) -> ReplayText {
        let mut text = String::new();
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        for l in lines {
            starts.push(text.len());
            text.push_str(l.as_ref());
            ends.push(text.len());
        }
        ReplayText {
            text,
            starts,
            ends: Some(ends),
        }
    }

    /// Lines in the text.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Line `i` without its ending (`i < len()`).
    pub fn line(&self, i: usize) -> &str {
        let start = self.starts[i];
        if let Some(ends) = &self.ends {
            return &self.text[start..ends[i]];
        }
        let rest = &self.text[start..];
        // A line holds no '\r' or '\n': it ends at the first one.
        match rest.find(['\n', '\r']) {
            Some(end) => &rest[..end],
            None => rest,
        }
    }

    /// The lines, in order.
    pub fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.line(i))
    }
}

/// Split text into lines as Java's `BufferedReader.readLine` does (`\n`, `\r`
/// and `\r\n` all end a line; a last line without an ending still counts).
pub fn split_lines(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                out.push(Value::str(&rest[..i]));
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                out.push(Value::str(rest));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_text_cuts_lines_as_split_lines_does() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "\n\n",
            "\r\n",
            "x\r\r\ny\n\rz",
            "a\n\ny\n",
            "é\rü\r\n",
        ] {
            let want: Vec<String> = split_lines(text).iter().map(|v| v.to_str()).collect();
            let t = ReplayText::new(text.to_string());
            let got: Vec<&str> = t.lines().collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    /// Every line of `path` through a file replay, `per` a batch, with the
    /// batch count seen when `finished()` first says true.
    fn replayed(path: &std::path::Path, per: usize) -> (Vec<String>, usize) {
        let mut r = ReplayReceiver::open(&Replay::File(path.to_path_buf()), per, 1000);
        let (mut got, mut batches) = (Vec::new(), 0);
        while !r.finished() {
            let rdd = r.allocate(0);
            assert!(rdd.count() > 0, "a batch before the end is never empty");
            got.extend(rdd.collect().iter().map(|v| v.to_str()));
            batches += 1;
        }
        assert!(r.drain_status().is_empty());
        (got, batches)
    }

    #[test]
    fn a_replayed_file_is_cut_as_split_lines_cuts_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.txt");
        // A `\r\n` split by the reader's 64 KiB buffer, long lines, a line
        // longer than the buffer, invalid UTF-8.
        let long = "x".repeat(70_000);
        let split_crlf = format!("{}\r\nnext\n", "a".repeat((1 << 16) - 1));
        let cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"a".to_vec(),
            b"a\n".to_vec(),
            b"a\r\n".to_vec(),
            b"a\r".to_vec(),
            b"\n\n".to_vec(),
            b"x\r\r\ny\n\rz".to_vec(),
            "\u{e9}\r\u{fc}\r\n".as_bytes().to_vec(),
            b"ok\n\xff\xfebad\n\xe2\x82\n".to_vec(),
            split_crlf.into_bytes(),
            format!("{long}\n{long}\r\nend").into_bytes(),
        ];
        for bytes in cases {
            std::fs::write(&path, &bytes).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let want: Vec<String> = split_lines(&text).iter().map(|v| v.to_str()).collect();
            for per in [1, 2, 1000] {
                let (got, batches) = replayed(&path, per);
                assert_eq!(
                    got,
                    want,
                    "{:?}, {per} a batch",
                    text.chars().take(40).collect::<String>()
                );
                assert_eq!(batches, want.len().div_ceil(per), "{per} a batch");
            }
        }
    }

    #[test]
    fn a_file_replay_resumes_after_the_lines_it_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.txt");
        std::fs::write(&path, "1\n2\r\n3\r4\n5").unwrap();
        let mut r = ReplayReceiver::open(&Replay::File(path.clone()), 2, 1000);
        r.seek(3);
        assert_eq!(r.position(), Some(3));
        let rest: Vec<String> = r.allocate(0).collect().iter().map(|v| v.to_str()).collect();
        assert_eq!(rest, ["4", "5"]);
        assert!(r.finished());
        let mut gone = ReplayReceiver::open(&Replay::File(dir.path().join("missing")), 2, 1000);
        assert!(gone.finished());
        assert!(gone.drain_status()[0].contains("cannot read the replay file"));
    }

    #[test]
    fn given_lines_stay_whole() {
        let t = ReplayText::from_lines(&["a\nb", "", "c\r"]);
        let got: Vec<&str> = t.lines().collect();
        assert_eq!(got, ["a\nb", "", "c\r"]);
    }

    #[test]
    fn lines_split_like_java() {
        let got: Vec<String> = split_lines("a\nb\r\nc\rd")
            .iter()
            .map(|v| v.to_str())
            .collect();
        assert_eq!(got, ["a", "b", "c", "d"]);
        assert_eq!(split_lines("x\n\ny\n").len(), 3);
    }

    #[test]
    fn replay_gives_n_lines_per_batch_then_nothing() {
        let lines = std::sync::Arc::new(ReplayText::new("1\n2\n3\n4\n5\n".to_string()));
        let mut r = ReplayReceiver::new(lines, 2, 1000);
        assert_eq!(r.allocate(0).count(), 2);
        assert_eq!(r.allocate(0).count(), 2);
        assert!(!r.finished());
        assert_eq!(r.allocate(0).count(), 1);
        assert!(r.finished());
        assert_eq!(r.allocate(0).parts.len(), 0);
    }
}
