//! Headless printers of engine events: Spark's `pprint` text, or one JSON
//! object per output operation per batch.

use std::io::Write;

use crate::engine::events::{BatchInfo, EngineEvent, OutputEvent, StateDiff, WindowSpan};
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
    let shown: Vec<String> = records.iter().take(num).map(|r| r.to_str()).collect();
    pprint_text(time_ms, &shown, records.len() > num)
}

/// A pprint block of records already turned into text (`str()` of each).
pub fn pprint_text(time_ms: i64, shown: &[String], more: bool) -> String {
    let mut s = format!("{DASHES}\nTime: {}\n{DASHES}\n", format_batch_time(time_ms));
    for r in shown {
        s.push_str(r);
        s.push('\n');
    }
    if more {
        s.push_str("...\n");
    }
    s.push('\n');
    s
}

/// `{"batch": 0, "output": 1, "records": ["('a', 2)"]}`.
pub fn json_line(ev: &OutputEvent, records: &[Value]) -> String {
    let reprs: Vec<String> = records.iter().map(|r| r.repr()).collect();
    json_line_reprs(ev.batch, ev.output, &reprs)
}

/// [`json_line`] of records already turned into their `repr()`.
pub fn json_line_reprs(batch: u64, output: usize, reprs: &[String]) -> String {
    let recs: Vec<String> = reprs
        .iter()
        .map(|r| serde_json::to_string(r).unwrap_or_else(|_| "\"\"".into()))
        .collect();
    format!(
        "{{\"batch\": {batch}, \"output\": {output}, \"records\": [{}]}}",
        recs.join(", ")
    )
}

/// One Structured Streaming trigger as a JSON line: the rows the sink
/// received, every cell as Spark's display string (untruncated; null as JSON
/// null):
/// `{"batch": 1, "query": 0, "name": null, "columns": ["word", "count"], "rows": [["cat", "1"]]}`.
pub fn trigger_json_line(t: &crate::structured::report::TriggerReport) -> String {
    let rows: Vec<Vec<Option<&str>>> = t
        .emitted
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| (c != "NULL").then_some(c.as_str()))
                .collect()
        })
        .collect();
    trigger_json(
        t.batch,
        t.query,
        t.name.as_deref(),
        &t.emitted.columns,
        &rows,
    )
}

/// The fields of [`trigger_json_line`], in that order (also for a query's
/// micro-batches reported by Spark under `run --engine spark`).
pub fn trigger_json<S: AsRef<str>>(
    batch: u64,
    query: usize,
    name: Option<&str>,
    columns: &[String],
    rows: &[Vec<Option<S>>],
) -> String {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::Value::Array(
                r.iter()
                    .map(|c| match c {
                        None => serde_json::Value::Null,
                        Some(c) => serde_json::Value::String(c.as_ref().to_string()),
                    })
                    .collect(),
            )
        })
        .collect();
    // serde_json's map is ordered by key unless preserve_order is on; build the
    // line by hand so the fields keep this order.
    format!(
        "{{\"batch\": {batch}, \"query\": {query}, \"name\": {}, \"columns\": {}, \"rows\": {}}}",
        serde_json::json!(name),
        serde_json::json!(columns),
        serde_json::Value::Array(rows)
    )
}

/// A time as minutes and seconds since the stream's zero time: `00:04`,
/// or `00:04.5` for sub-second batch intervals.
pub fn elapsed(ms: i64) -> String {
    let (m, s, frac) = (ms / 60_000, (ms / 1000) % 60, ms % 1000);
    if frac == 0 {
        format!("{m:02}:{s:02}")
    } else {
        format!(
            "{m:02}:{s:02}.{}",
            format!("{frac:03}").trim_end_matches('0')
        )
    }
}

fn seconds(ms: i64) -> String {
    if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{}s", ms as f64 / 1000.0)
    }
}

/// `--explain`: one line for a windowed stream, e.g.
/// `window[3s/2s] covers 00:02..00:04  emits` or
/// `reduceByKeyAndWindow[5s/1s] covers 00:02..00:06  +batch 00:06  -batch 00:01  incremental`.
pub fn explain_window(w: &WindowSpan, zero_ms: i64) -> String {
    let mut line = format!(
        "{}[{}/{}] ",
        w.label,
        seconds(w.window_ms),
        seconds(w.slide_ms)
    );
    match w.covers {
        Some((a, b)) => line.push_str(&format!(
            "covers {}..{}",
            elapsed(a - zero_ms),
            elapsed(b - zero_ms)
        )),
        None => line.push_str("covers nothing yet"),
    }
    let list = |ts: &[i64]| {
        ts.iter()
            .map(|t| elapsed(t - zero_ms))
            .collect::<Vec<_>>()
            .join(",")
    };
    if !w.entered.is_empty() {
        line.push_str(&format!("  +batch {}", list(&w.entered)));
    }
    if !w.left.is_empty() {
        line.push_str(&format!("  -batch {}", list(&w.left)));
    }
    match w.incremental {
        Some(true) => line.push_str("  incremental"),
        Some(false) => line.push_str("  recomputed"),
        None => {}
    }
    if !w.emitted {
        line.push_str("  (no output: not a slide boundary)");
    }
    line
}

/// `--explain`: one line for a stateful stream, e.g.
/// `state: 3 added, 5 updated, 1 removed, 128 keys`.
pub fn explain_state(d: &StateDiff) -> String {
    format!(
        "state: {} added, {} updated, {} removed, {} keys",
        d.added.len(),
        d.updated.len(),
        d.removed.len(),
        d.size
    )
}

/// Prints events to stdout (results) and stderr (errors, receiver status).
pub struct Printer<'a> {
    pub format: Format,
    pub file: &'a str,
    pub src: &'a str,
    pub failed_batches: u64,
    /// `--explain`: print what windows and state did before each batch's output.
    pub explain: bool,
    pub zero_ms: i64,
    /// With `--explain`, a batch's output waits here until the batch completes.
    pub pending: String,
}

impl Printer<'_> {
    /// The explain lines of a batch, then its buffered output. In jsonl mode
    /// the lines go to stderr so stdout keeps the exact one-object-per-line format.
    fn explain_batch(&mut self, b: &BatchInfo, out: &mut dyn Write, err: &mut dyn Write) {
        let mut lines = String::new();
        for w in &b.windows {
            lines.push_str(&explain_window(w, self.zero_ms));
            lines.push('\n');
        }
        for d in &b.states {
            lines.push_str(&explain_state(d));
            lines.push('\n');
        }
        match self.format {
            Format::Pprint => {
                let _ = out.write_all(lines.as_bytes());
            }
            Format::Jsonl => {
                let _ = err.write_all(lines.as_bytes());
            }
        }
        let _ = out.write_all(std::mem::take(&mut self.pending).as_bytes());
    }

    pub fn handle(&mut self, ev: &EngineEvent, out: &mut dyn Write, err: &mut dyn Write) {
        match ev {
            EngineEvent::Output(o) => match &o.result {
                Ok(records) => {
                    let text = match self.format {
                        Format::Pprint => o.pprint_num.map(|n| pprint_block(o.time_ms, records, n)),
                        Format::Jsonl => Some(json_line(o, records) + "\n"),
                    };
                    if let Some(t) = text {
                        if self.explain {
                            self.pending.push_str(&t);
                        } else {
                            let _ = out.write_all(t.as_bytes());
                        }
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
                if self.explain {
                    self.explain_batch(b, out, err);
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
            EngineEvent::Started { zero_ms, .. } => self.zero_ms = *zero_ms,
            EngineEvent::Trigger(t) => {
                let text = match self.format {
                    Format::Pprint => t.console.clone(),
                    Format::Jsonl => trigger_json_line(t) + "\n",
                };
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
            }
            EngineEvent::Print { text, stderr } => {
                if *stderr {
                    let _ = out.flush();
                    let _ = err.write_all(text.as_bytes());
                } else {
                    let _ = out.write_all(text.as_bytes());
                }
            }
            EngineEvent::Stopped => {}
        }
    }
}
