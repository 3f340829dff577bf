//! The Query pane: a Structured Streaming query as tables.
//!
//! - the **input table**, unbounded: its newest rows, this trigger's marked `▶`;
//! - the **result table** after the trigger: `+` added, `~` updated, `-`
//!   removed rows in colour, and `▸` on the rows the output mode sent to the sink;
//! - for event-time queries, an **event-time axis**: the windows held as bars,
//!   this trigger's records as `•` (counted) or `✗` (dropped as late) at their
//!   event time, older records as `·`, and the watermark as a `┃` line;
//! - for a join, both inputs and the joined rows ([`super::query_join`]);
//! - what the sink did: `foreachBatch` calls, files written, rows a memory
//!   or `foreach` sink received ([`super::query_sink`]).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::block;
use crate::structured::report::{RowChange, SourceKind};
use crate::ui::app::{App, PaneId, QueryView};

const MINUTE_MS: i64 = 60_000;

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let Some(q) = app.queries.get(&app.query_shown) else {
        let b = block(app, PaneId::Query, "");
        f.render_widget(
            Paragraph::new(
                "A Structured Streaming query appears here once it starts: build one on spark.readStream in the REPL and call .start() on its writeStream (lesson 11 shows how).",
            )
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(b),
            r,
        );
        return;
    };
    let mut title = format!(
        "{}[{}] batch {}",
        q.name
            .as_ref()
            .map(|n| format!("{n} "))
            .unwrap_or_else(|| format!("{} ", app.query_shown)),
        q.mode,
        q.batch
    );
    if q.no_data {
        title.push_str(" (no data: the watermark moved)");
    }
    if q.event_time {
        // (No watermark yet, or none defined: nothing to say.)
        if let Some(w) = q.watermark_ms {
            title.push_str(&format!(" · watermark {}", clock(w)));
        }
        if q.dropped_late_total > 0 {
            title.push_str(&format!(" · {} late dropped", q.dropped_late_total));
        }
    }
    let b = block(app, PaneId::Query, &title);
    let inner = b.inner(r);
    f.render_widget(b, r);
    let [inner, sink] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(super::query_sink::height(q, inner)),
    ])
    .areas(inner);
    super::query_sink::draw(q, f, sink);
    if let Some(j) = &q.join {
        let rest = super::query_join::draw(q, j, f, inner);
        result_table(q, f, rest);
        return;
    }
    if q.event_time && inner.height >= 14 {
        let [a, bb, c] = Layout::vertical([
            Constraint::Percentage(30),
            Constraint::Percentage(35),
            Constraint::Min(5),
        ])
        .areas(inner);
        input_table(q, f, a);
        result_table(q, f, bb);
        axis(q, f, c);
    } else {
        let [a, bb] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(inner);
        input_table(q, f, a);
        result_table(q, f, bb);
    }
}

/// `text` in lines of at most `width` characters, broken at spaces; lines
/// after the first start with `indent`.
pub(super) fn wrap(text: &str, width: usize, indent: &str, style: Style) -> Vec<Line<'static>> {
    let first: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut rest = first.as_slice();
    let mut lead = String::new();
    loop {
        let room = width.saturating_sub(lead.chars().count()).max(8);
        let breaks = super::word_breaks(rest.len(), room, |i| rest[i] == ' ');
        let head = &breaks[0];
        let piece: String = rest[head.clone()].iter().collect();
        out.push(Line::styled(format!("{lead}{piece}"), style));
        if breaks.len() == 1 {
            return out;
        }
        rest = &rest[breaks[1].start..];
        lead = indent.to_string();
    }
}

/// What makes the next batch run, for the lines that say what to do next.
pub(super) fn feed_hint(source: &SourceKind) -> String {
    match source {
        SourceKind::Socket { host, port } => {
            format!("type lines into the Producer pane (the query reads {host} port {port})")
        }
        SourceKind::Files { path } => format!("add files to {path}"),
        SourceKind::Rate { rows_per_second } => format!(
            "the rate source adds {rows_per_second} row{} a second",
            if *rows_per_second == 1 { "" } else { "s" }
        ),
        SourceKind::Other => "the next batch runs when the source has new rows".into(),
    }
}

/// `12:05` (or `12:05:30` when seconds matter), in UTC like the console sink.
fn clock(ms: i64) -> String {
    let s = ms.div_euclid(1000);
    let (h, m, sec) = (s / 3600 % 24, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{sec:02}")
    }
}

/// Column widths that fit `width`: each column as wide as its widest cell,
/// shrunk evenly when the table is too wide.
pub(super) fn widths(columns: &[String], rows: &[&Vec<String>], width: usize) -> Vec<usize> {
    let mut w: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i < w.len() {
                w[i] = w[i].max(c.chars().count());
            }
        }
    }
    let sep = 2 * w.len().saturating_sub(1);
    while w.iter().sum::<usize>() + sep > width && w.iter().any(|x| *x > 4) {
        if let Some(m) = w.iter_mut().max_by_key(|x| **x) {
            *m -= 1;
        }
    }
    w
}

pub(super) fn cells(row: &[String], w: &[usize]) -> String {
    row.iter()
        .zip(w)
        .map(|(c, w)| {
            let n = c.chars().count();
            if n > *w {
                let mut s: String = c.chars().take(w.saturating_sub(1)).collect();
                s.push('…');
                s
            } else {
                format!("{c:<w$}")
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
}

fn input_table(q: &QueryView, f: &mut Frame, r: Rect) {
    if r.height == 0 {
        return;
    }
    let new_rows = q.input.iter().filter(|(b, _)| *b == q.batch).count();
    let mut lines = vec![Line::styled(
        format!(
            "Input table (unbounded): {} rows so far, +{new_rows} in batch {}",
            q.input_total, q.batch
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if q.input_total == 0 {
        lines.extend(wrap(
            &format!("no rows yet: {}", feed_hint(&q.source)),
            r.width as usize,
            "  ",
            Style::new().fg(Color::DarkGray),
        ));
        f.render_widget(Paragraph::new(lines), r);
        return;
    }
    let room = (r.height as usize).saturating_sub(2);
    let shown: Vec<&(u64, Vec<String>)> = q
        .input
        .iter()
        .rev()
        .take(room)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let rows: Vec<&Vec<String>> = shown.iter().map(|(_, r)| r).collect();
    let w = widths(
        &q.input_columns,
        &rows,
        (r.width as usize).saturating_sub(2),
    );
    lines.push(Line::styled(
        format!("  {}", cells(&q.input_columns, &w)),
        Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::UNDERLINED),
    ));
    for (batch, row) in shown {
        let fresh = *batch == q.batch;
        let (mark, style) = if fresh {
            (
                "▶ ",
                Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            )
        } else {
            ("  ", Style::new().fg(Color::Gray))
        };
        lines.push(Line::styled(format!("{mark}{}", cells(row, &w)), style));
    }
    f.render_widget(Paragraph::new(lines), r);
}

fn result_table(q: &QueryView, f: &mut Frame, r: Rect) {
    if r.height == 0 {
        return;
    }
    let what = match q.mode {
        "complete" => "complete mode prints every row",
        "update" => "update mode prints the changed rows",
        _ => "append mode prints each row once, when it is final",
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("Result table: {} rows", q.result.len()),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("  ({what}; ▸ sent to the sink)"),
            Style::new().fg(Color::DarkGray),
        ),
    ])];
    let mut room = (r.height as usize).saturating_sub(2);
    if let (Some(note), None) = (&q.sink_note, &q.sink) {
        // The program's own sink: what its foreachBatch / foreach code got.
        lines.push(Line::styled(
            format!("  ↳ {note}"),
            Style::new().fg(Color::Yellow),
        ));
        room = room.saturating_sub(1);
    }
    // Changed rows first, so a trigger's effect is always in view.
    let mut order: Vec<usize> = (0..q.result.len()).collect();
    order.sort_by_key(|&i| matches!(q.result[i].change, RowChange::Same));
    let shown: Vec<usize> = order.into_iter().take(room).collect();
    let rows: Vec<&Vec<String>> = shown.iter().map(|&i| &q.result[i].cells).collect();
    let w = widths(
        &q.result_columns,
        &rows,
        (r.width as usize).saturating_sub(4),
    );
    lines.push(Line::styled(
        format!("    {}", cells(&q.result_columns, &w)),
        Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::UNDERLINED),
    ));
    for i in &shown {
        let row = &q.result[*i];
        let (mark, style) = match row.change {
            RowChange::Added => ("+", Style::new().fg(Color::Green)),
            RowChange::Updated => ("~", Style::new().fg(Color::Yellow)),
            RowChange::Removed => (
                "-",
                Style::new()
                    .fg(Color::Red)
                    .add_modifier(Modifier::CROSSED_OUT),
            ),
            RowChange::Same => (" ", Style::new()),
        };
        let sent = if q.emitted.contains(&row.cells) {
            "▸"
        } else {
            " "
        };
        lines.push(Line::styled(
            format!("{sent}{mark} {}", cells(&row.cells, &w)),
            style,
        ));
    }
    if q.result.len() > shown.len() {
        lines.pop();
        lines.push(Line::styled(
            format!("   … {} more rows", q.result.len() + 1 - shown.len()),
            Style::new().fg(Color::DarkGray),
        ));
    }
    f.render_widget(Paragraph::new(lines), r);
}

/// The event-time axis: windows, records and the watermark on one time scale.
fn axis(q: &QueryView, f: &mut Frame, r: Rect) {
    let width = (r.width as i64 - 2).max(10);
    let latest: Vec<&(u64, crate::structured::report::RecordFate)> = q
        .records
        .iter()
        .filter(|(b, _)| *b + 3 >= q.batch)
        .collect();
    // The span shown: the windows held and the recent records, at most the
    // newest hour or so (whole minutes), so the scale stays readable.
    let mut lo = i64::MAX;
    let mut hi = i64::MIN;
    for (s, e) in &q.windows {
        lo = lo.min(*s);
        hi = hi.max(*e);
    }
    for (_, rec) in &latest {
        if let Some(t) = rec.event_ms {
            lo = lo.min(t);
            hi = hi.max(t + 1);
        }
    }
    if let Some(w) = q.watermark_ms {
        lo = lo.min(w);
        hi = hi.max(w + 1);
    }
    let mut lines = vec![Line::styled(
        "Event time: windows (bars), records (• counted, ✗ dropped late), watermark ┃",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if lo >= hi {
        lines.push(Line::styled(
            "no event times yet",
            Style::new().fg(Color::DarkGray),
        ));
        f.render_widget(Paragraph::new(lines), r);
        return;
    }
    lo = lo.div_euclid(MINUTE_MS) * MINUTE_MS;
    hi = (hi + MINUTE_MS - 1).div_euclid(MINUTE_MS) * MINUTE_MS;
    let span = (hi - lo).max(1);
    let col =
        |t: i64| -> usize { (((t - lo) as i128 * (width - 1) as i128) / span as i128) as usize };
    let blank = || vec![' '; width as usize];
    let wm_col = q.watermark_ms.filter(|w| *w >= lo && *w <= hi).map(col);
    // Ticks: every window boundary (or every 5 minutes), labelled where they fit.
    let mut ticks: Vec<i64> = q.windows.iter().flat_map(|(s, e)| [*s, *e]).collect();
    if ticks.is_empty() {
        let mut t = lo;
        while t <= hi {
            ticks.push(t);
            t += 5 * MINUTE_MS;
        }
    }
    ticks.sort_unstable();
    ticks.dedup();
    let mut scale = blank();
    let mut labels = blank();
    let mut next_free = 0usize;
    for t in &ticks {
        let c = col(*t).min(width as usize - 1);
        scale[c] = '┬';
        let label = clock(*t);
        if c >= next_free && c + label.len() <= width as usize {
            for (i, ch) in label.chars().enumerate() {
                labels[c + i] = ch;
            }
            next_free = c + label.len() + 1;
        }
    }
    for ch in scale.iter_mut() {
        if *ch == ' ' {
            *ch = '─';
        }
    }
    let room = (r.height as usize).saturating_sub(5);
    let windows: Vec<&(i64, i64)> = q
        .windows
        .iter()
        .rev()
        .take(room)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // Records: this trigger's in colour, older ones dim.
    let mut recs = blank();
    let mut rec_style: Vec<Style> = vec![Style::new(); width as usize];
    for (b, rec) in &latest {
        let Some(t) = rec.event_ms else { continue };
        let c = col(t).min(width as usize - 1);
        let now = *b == q.batch;
        let (ch, st) = match (now, rec.dropped) {
            (true, true) => (
                '✗',
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ),
            (true, false) => (
                '•',
                Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            ),
            (false, true) => ('✗', Style::new().fg(Color::DarkGray)),
            (false, false) => ('·', Style::new().fg(Color::Gray)),
        };
        if now || recs[c] == ' ' {
            recs[c] = ch;
            rec_style[c] = st;
        }
    }
    let wm_style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    let with_watermark = |chars: Vec<char>, base: Style| -> Line<'static> {
        let spans: Vec<Span> = chars
            .into_iter()
            .enumerate()
            .map(|(i, ch)| {
                if Some(i) == wm_col && (ch == ' ' || ch == '─') {
                    Span::styled("┃", wm_style)
                } else {
                    Span::styled(ch.to_string(), base)
                }
            })
            .collect();
        Line::from(spans)
    };
    for (s, e) in windows {
        let mut row = blank();
        let (a, z) = (col(*s), col(*e).min(width as usize - 1));
        for (i, ch) in row.iter_mut().enumerate().take(z + 1).skip(a) {
            *ch = if i == a {
                '['
            } else if i == z {
                ')'
            } else {
                '─'
            };
        }
        let closed = q.watermark_ms.is_some_and(|w| w >= *e);
        let style = if closed {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().fg(Color::Cyan)
        };
        lines.push(with_watermark(row, style));
    }
    let rec_line: Vec<Span> = recs
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            if Some(i) == wm_col && *ch == ' ' {
                Span::styled("┃", wm_style)
            } else {
                Span::styled(ch.to_string(), rec_style[i])
            }
        })
        .collect();
    lines.push(Line::from(rec_line));
    lines.push(with_watermark(scale, Style::new().fg(Color::DarkGray)));
    lines.push(Line::styled(
        labels.into_iter().collect::<String>(),
        Style::new().fg(Color::DarkGray),
    ));
    if let Some(w) = q.watermark_ms {
        let note = if q.dropped_late > 0 {
            format!(
                "watermark {} · {} record(s) older than it dropped in this batch",
                clock(w),
                q.dropped_late
            )
        } else {
            format!("watermark {}: windows ending before it are final", clock(w))
        };
        lines.push(Line::styled(note, wm_style));
    }
    f.render_widget(Paragraph::new(lines), r);
}
