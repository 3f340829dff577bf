//! The Query pane's sink section: what the query's sink did with the last
//! trigger's rows, from the trigger's [`SinkReport`]:
//!
//! - `foreachBatch`: the function's newest calls (batch id, rows in the
//!   DataFrame it got, how long it took, whether it raised);
//! - file sinks: the part files the last batch wrote with their rows, the
//!   `_spark_metadata` log's newest entries, the output directory;
//! - `foreach`: the rows handed over and what the sink said it did;
//! - `memory`: the rows the table received and the name `spark.sql` reads.
//!
//! The console sink has no section: its text is in the Output pane.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::query::wrap;
use crate::structured::report::SinkReport;
use crate::ui::app::QueryView;

/// Rows the section takes in a pane area `area` (0: none).
pub fn height(q: &QueryView, area: Rect) -> u16 {
    lines(q, area.width as usize, budget(q, area.height)).len() as u16
}

/// Rows the section may take of a pane area `height` rows high: a third,
/// or half when the sink failed (why, and what to do, matter most then).
fn budget(q: &QueryView, height: u16) -> usize {
    let failed = match &q.sink {
        Some(SinkReport::ForeachBatch(c)) => c.error.is_some(),
        Some(SinkReport::Foreach { error, .. } | SinkReport::Files { error, .. }) => {
            error.is_some()
        }
        _ => false,
    };
    (height / if failed { 2 } else { 3 }).max(3) as usize
}

/// Draw the section in `r`.
pub fn draw(q: &QueryView, f: &mut Frame, r: Rect) {
    if r.height == 0 {
        return;
    }
    let lines = lines(q, r.width as usize, r.height as usize);
    f.render_widget(Paragraph::new(lines), r);
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

fn bad() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// A duration in a fixed width, so the calls' columns line up.
pub fn took(micros: u64) -> String {
    let text = if micros < 10_000 {
        format!("{:.1} ms", micros as f64 / 1000.0)
    } else if micros < 10_000_000 {
        format!("{} ms", micros / 1000)
    } else {
        format!("{:.1} s", micros as f64 / 1e6)
    };
    format!("{text:>8}")
}

/// The first line of an error message.
fn first_line(e: &str) -> &str {
    e.lines().next().unwrap_or("")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The section's lines for a pane `width` wide, at most `room` of them.
fn lines(q: &QueryView, width: usize, room: usize) -> Vec<Line<'static>> {
    let Some(sink) = &q.sink else {
        return Vec::new();
    };
    let mut out: Vec<Line<'static>> = Vec::new();
    match sink {
        SinkReport::Memory { table, rows, held } => {
            out.extend(wrap(
                &format!(
                    "Sink: memory table \"{table}\": +{}, {held} held",
                    plural(*rows, "row", "rows"),
                ),
                width,
                "  ",
                bold(),
            ));
            out.extend(wrap(
                &format!("  spark.sql(\"select * from {table}\") reads it"),
                width,
                "  ",
                dim(),
            ));
        }
        SinkReport::Foreach {
            rows,
            note,
            micros,
            error,
        } => {
            out.extend(wrap(
                &format!(
                    "Sink: foreach: {} ({})",
                    plural(*rows, "row", "rows"),
                    took(*micros).trim()
                ),
                width,
                "  ",
                bold(),
            ));
            out.extend(match error {
                Some(e) => wrap(
                    &format!(
                        "  raised {}: the query stopped; fix the code, then start the query again",
                        first_line(e)
                    ),
                    width,
                    "  ",
                    bad(),
                ),
                None => wrap(
                    &format!("  {}", note.strip_prefix("foreach: ").unwrap_or(note)),
                    width,
                    "  ",
                    dim(),
                ),
            });
        }
        SinkReport::ForeachBatch(_) => {
            let calls = q.calls.len() as u64 + q.calls.dropped;
            out.extend(wrap(
                &format!(
                    "Sink: foreachBatch: {}, one per batch",
                    if calls == 1 {
                        "1 call".to_string()
                    } else {
                        format!("{calls} calls")
                    }
                ),
                width,
                "  ",
                bold(),
            ));
            let hint = match q.calls.iter().last() {
                Some(c) if c.error.is_some() => {
                    let mut h = wrap(
                        &format!("    {}", first_line(c.error.as_deref().unwrap_or(""))),
                        width,
                        "    ",
                        bad(),
                    );
                    h.extend(wrap(
                        &format!(
                            "  the query stopped in batch {}: fix the function, then start the query again",
                            c.batch
                        ),
                        width,
                        "  ",
                        dim(),
                    ));
                    h
                }
                _ => Vec::new(),
            };
            let shown = room
                .saturating_sub(out.len() + hint.len())
                .max(1)
                .min(q.calls.len());
            for c in q.calls.iter().skip(q.calls.len() - shown) {
                let head = format!(
                    "  batch {:<4}{:>9} {}  ",
                    c.batch,
                    plural(c.rows, "row", "rows"),
                    took(c.micros)
                );
                out.push(match &c.error {
                    // The newest call's error is spelt out below it.
                    Some(e) if !std::ptr::eq(c, q.calls.iter().last().unwrap_or(c)) => {
                        Line::from(vec![
                            Span::raw(head),
                            Span::styled(format!("raised {}", first_line(e)), bad()),
                        ])
                    }
                    Some(_) => Line::from(vec![Span::raw(head), Span::styled("raised:", bad())]),
                    None => Line::from(vec![
                        Span::raw(head),
                        Span::styled("returned", Style::new().fg(Color::Green)),
                    ]),
                });
            }
            out.extend(hint);
        }
        SinkReport::Files { written, error } => {
            let format = if written.format.is_empty() {
                "file"
            } else {
                written.format.as_str()
            };
            let title = if written.dir.is_empty() {
                format!("Sink: {format} files")
            } else {
                format!("Sink: {format} files in {}", written.dir)
            };
            out.extend(wrap(&title, width, "  ", bold()));
            if let Some(e) = error {
                out.extend(wrap(
                    &format!(
                        "  batch {} failed: {}; the query stopped: fix it, then start the query again",
                        q.batch,
                        first_line(e)
                    ),
                    width,
                    "  ",
                    bad(),
                ));
                out.truncate(room);
                return out;
            }
            // The log takes two lines, or one when the pane is short (a
            // line stays for the files).
            let log_lines = room.saturating_sub(out.len() + 1).clamp(1, 2);
            let log = if written.log_total == 0 {
                "  _spark_metadata: no entries".to_string()
            } else {
                // The newest entries that fit, oldest first.
                let head = format!(
                    "  _spark_metadata: {}: ",
                    plural(written.log_total, "entry", "entries")
                );
                let mut used = head.chars().count() + 2;
                let mut entries: Vec<String> = Vec::new();
                for e in written.log.iter().rev() {
                    let text = format!("{} ({})", e.name, plural(e.files, "file", "files"));
                    let n = text.chars().count() + 3;
                    if !entries.is_empty() && used + n > log_lines * width - 6 {
                        break;
                    }
                    used += n;
                    entries.push(text);
                }
                entries.reverse();
                let older = if written.log_total > entries.len() {
                    "… "
                } else {
                    ""
                };
                format!("{head}{older}{}", entries.join(" · "))
            };
            let log = wrap(&log, width, "    ", dim());
            let room_files = room.saturating_sub(out.len() + log.len()).max(1);
            let label = format!("  batch {}: ", q.batch);
            let count_w = written
                .files
                .iter()
                .map(|f| plural(f.1, "row", "rows").chars().count())
                .max()
                .unwrap_or(0);
            let pad = " ".repeat(label.chars().count());
            let shown = written.files.len().min(room_files);
            let cut = written.files.len() > shown;
            for (i, (name, rows)) in written.files.iter().take(shown).enumerate() {
                let lead = if i == 0 { label.clone() } else { pad.clone() };
                if cut && i + 1 == shown {
                    let more = if i == 0 {
                        let rows: usize = written.files.iter().map(|f| f.1).sum();
                        format!(
                            "{} with {}",
                            plural(written.files.len(), "file", "files"),
                            plural(rows, "row", "rows")
                        )
                    } else {
                        format!("… {} more files", written.files.len() - i)
                    };
                    out.push(Line::styled(format!("{lead}{more}"), dim()));
                    break;
                }
                let count = format!("{:>count_w$}  ", plural(*rows, "row", "rows"));
                let w = width.saturating_sub(lead.chars().count() + count.chars().count());
                out.push(Line::from(vec![
                    Span::styled(lead, dim()),
                    Span::styled(count, dim()),
                    Span::raw(short_name(name, w)),
                ]));
            }
            if written.files.is_empty() {
                out.push(Line::styled(format!("{label}wrote no files"), dim()));
            }
            out.extend(log);
        }
    }
    out.truncate(room);
    out
}

/// A part file's name in `width` columns: whole when it fits, else with
/// the write's id shortened (`part-00000-1f2e…-c000.csv`), so the part
/// number and the extension stay in view.
fn short_name(name: &str, width: usize) -> String {
    if name.chars().count() <= width {
        return name.to_string();
    }
    let parts: Vec<&str> = name.splitn(3, '-').collect();
    if let [part, n, rest] = parts[..] {
        if let Some(tail) = rest.rfind("-c").map(|i| &rest[i..]) {
            let id: String = rest.chars().take(4).collect();
            return format!("{part}-{n}-{id}…{tail}");
        }
    }
    name.to_string()
}
