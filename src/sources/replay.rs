//! Replaying a file into a socket or file stream on the virtual clock:
//! `--replay FILE --lines-per-batch N` gives each batch the next N lines.

use super::Receiver;
use crate::engine::rdd::Rdd;
use crate::lang::value::Value;

/// Spark's receivers cut a block every 200 ms; a replayed batch is split the
/// same way so partition counts look like a live socket's.
const BLOCK_MS: i64 = 200;

pub struct ReplayReceiver {
    lines: std::sync::Arc<ReplayText>,
    per_batch: usize,
    pos: usize,
    blocks: usize,
}

impl ReplayReceiver {
    pub fn new(
        lines: std::sync::Arc<ReplayText>,
        per_batch: usize,
        batch_ms: i64,
    ) -> ReplayReceiver {
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
        let end = (self.pos + self.per_batch).min(self.lines.len());
        let batch: Vec<Value> = (self.pos..end)
            .map(|i| Value::str(self.lines.line(i)))
            .collect();
        self.pos = end;
        if batch.is_empty() {
            return Rdd::empty();
        }
        let blocks = self.blocks.min(batch.len());
        Rdd::parallelize(batch, blocks)
    }

    fn finished(&self) -> bool {
        self.pos >= self.lines.len()
    }

    fn position(&self) -> Option<u64> {
        Some(self.pos as u64)
    }

    fn seek(&mut self, position: u64) {
        self.pos = (position as usize).min(self.lines.len());
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
