//! Replaying a file into a socket or file stream on the virtual clock:
//! `--replay FILE --lines-per-batch N` gives each batch the next N lines.

use super::Receiver;
use crate::engine::rdd::Rdd;
use crate::lang::value::Value;

/// Spark's receivers cut a block every 200 ms; a replayed batch is split the
/// same way so partition counts look like a live socket's.
const BLOCK_MS: i64 = 200;

pub struct ReplayReceiver {
    lines: std::sync::Arc<Vec<Value>>,
    per_batch: usize,
    pos: usize,
    blocks: usize,
}

impl ReplayReceiver {
    pub fn new(
        lines: std::sync::Arc<Vec<Value>>,
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
        let batch: Vec<Value> = self.lines[self.pos..end].to_vec();
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
        let lines = std::sync::Arc::new(split_lines("1\n2\n3\n4\n5\n"));
        let mut r = ReplayReceiver::new(lines, 2, 1000);
        assert_eq!(r.allocate(0).count(), 2);
        assert_eq!(r.allocate(0).count(), 2);
        assert!(!r.finished());
        assert_eq!(r.allocate(0).count(), 1);
        assert!(r.finished());
        assert_eq!(r.allocate(0).parts.len(), 0);
    }
}
