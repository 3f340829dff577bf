//! Headless printers of engine events: Spark's `pprint` text, or one JSON
//! object per output operation per batch.

use std::io::Write;

use crate::engine::events::{EngineEvent, OutputEvent};
use crate::engine::rdd_object::format_batch_time;
use crate::lang::diag::Diagnostic;
use crate::lang::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Spark's pprint blocks, exactly as PySpark prints them.
    Pprint,
    /// `{"batch": i, "output": k, "records": [repr, ...]}` per output per batch.
    Jsonl,
}

/// The 43 dashes of PySpark's pprint.
pub const DASHES: &str = "-------------------------------------------";

/// One pprint block: dashes, `Time: ...`, dashes, up to `num` records with
/// `str()`, `...` when there are more, and a blank line.
pub fn pprint_block(time_ms: i64, records: &[Value], num: usize) -> String {
    let mut s = format!("{DASHES}\nTime: {}\n{DASHES}\n", format_batch_time(time_ms));
    for r in records.iter().take(num) {
        s.push_str(&r.to_str());
        s.push('\n');
    }
    if records.len() > num {
        s.push_str("...\n");
    }
    s.push('\n');
    s
}

/// `{"batch": 0, "output": 1, "records": ["('a', 2)"]}`.
pub fn json_line(ev: &OutputEvent, records: &[Value]) -> String {
    let recs: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(&r.repr()).unwrap_or_else(|_| "\"\"".into()))
        .collect();
    format!(
        "{{\"batch\": {}, \"output\": {}, \"records\": [{}]}}",
        ev.batch,
        ev.output,
        recs.join(", ")
    )
}

/// Prints events to stdout (results) and stderr (errors, receiver status).
pub struct Printer<'a> {
    pub format: Format,
    pub file: &'a str,
    pub src: &'a str,
    pub failed_batches: u64,
}

impl Printer<'_> {
    pub fn handle(&mut self, ev: &EngineEvent, out: &mut dyn Write, err: &mut dyn Write) {
        match ev {
            EngineEvent::Output(o) => match &o.result {
                Ok(records) => {
                    let text = match self.format {
                        Format::Pprint => o.pprint_num.map(|n| pprint_block(o.time_ms, records, n)),
                        Format::Jsonl => Some(json_line(o, records) + "\n"),
                    };
                    if let Some(t) = text {
                        let _ = out.write_all(t.as_bytes());
                    }
                }
                Err(e) => {
                    let _ = out.flush();
                    let mut d = Diagnostic::from_exc(e);
                    d.notes.push(format!(
                        "batch {} (Time: {}) failed for output operation {}; the stream goes on with the next batch",
                        o.batch,
                        format_batch_time(o.time_ms),
                        o.output
                    ));
                    let _ = err.write_all(d.render(self.file, self.src).as_bytes());
                }
            },
            EngineEvent::BatchCompleted(b) => {
                if !b.errors.is_empty() {
                    self.failed_batches += 1;
                }
                let _ = out.flush();
            }
            EngineEvent::Receiver { message, .. } => {
                let _ = writeln!(err, "streamlab: receiver: {message}");
            }
            EngineEvent::Notice(message) => {
                let _ = out.flush();
                let _ = writeln!(err, "streamlab: {message}");
            }
            EngineEvent::Started { .. } | EngineEvent::Stopped => {}
        }
    }
}
