//! Batches, drawn as the Spark Streaming guide draws a DStream: a time axis
//! of recent batches, each a column holding the source's records of that
//! batch (its count on top, its first records as short chips, `+N more`),
//! the newest marked. Below, every windowed stream gets its own lane:
//!
//! - its call, window and slide (`reduceByKeyAndWindow[30s/10s]`), whether
//!   the inverse function updated the last window (`incremental`) or it was
//!   `recomputed`, and the newest window's result (count, first records);
//! - a bracket under the batches the newest window covers, labelled with how
//!   many batches that is; the part of the window left of the view is a
//!   `◀ N more` at the left edge, never an unlabelled bar; the previous
//!   window's bracket is drawn dim behind it (ghosted);
//! - a box `▣ count` under every batch where the stream emitted (a slide
//!   boundary) holding that window's record count, and for inverse-reduced
//!   windows `-` under batches that left the window and `+` under batches
//!   that entered it (a row left out when it would only repeat the newest
//!   result's count);
//! - Left/Right pick a batch (`◂` after its time) and scroll back through
//!   history; Enter opens the batch inspector on it ([`super::inspector`]).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::Frame;

use super::block;
use crate::engine::events::BatchInfo;
use crate::ui::app::{App, PaneId};

/// Columns of a batch's box, borders included: wide enough for short
/// records where there is room (panes at least [`WIDE`] columns), else narrow.
const BOX_WIDE: u16 = 10;
const BOX_NARROW: u16 = 8;
const WIDE: u16 = 66;
/// Rows of a window's lane: label, bracket, result boxes, newest result
/// (one fewer when the boxes would repeat the result: [`needs_box_row`]).
const LANE: u16 = 4;

/// Records that entered the program in a batch (sources' output).
pub fn batch_records(app: &App, b: &BatchInfo) -> usize {
    match &app.graph {
        Some(g) => b
            .node_records
            .iter()
            .filter(|(id, _)| g.nodes.iter().any(|n| n.id == *id && n.parents.is_empty()))
            .map(|(_, c)| c)
            .sum(),
        None => b.input_records,
    }
}

fn short_time(app: &App, t: i64) -> String {
    crate::cli::printer::elapsed(t - app.clock.zero_ms)
}

fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, s: &str, style: Style) {
    if y < area.y + area.height && x < area.x + area.width {
        let max = (area.x + area.width - x) as usize;
        buf.set_stringn(x, y, s, max, style);
    }
}

/// The source streams' first records in a batch (sources are the nodes
/// without parents; before the graph is known, node 0).
fn source_samples<'a>(app: &App, b: &'a BatchInfo) -> Vec<&'a str> {
    let is_source = |id: usize| match &app.graph {
        Some(g) => g.nodes.iter().any(|n| n.id == id && n.parents.is_empty()),
        None => id == 0,
    };
    b.samples
        .iter()
        .filter(|(id, _)| is_source(*id))
        .flat_map(|(_, v)| v.iter().map(String::as_str))
        .collect()
}

/// Batch times as `00:07,00:08`, or `3 batches` past two (each is marked
/// under its column).
fn time_list(app: &App, times: &[i64]) -> String {
    match times {
        [] => String::new(),
        [a] => short_time(app, *a),
        [a, b] => format!("{},{}", short_time(app, *a), short_time(app, *b)),
        _ => format!("{} batches", times.len()),
    }
}

/// `s` in at most `w` columns, `…` marking a cut.
fn clip(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(w.saturating_sub(1)).collect();
        c.push('…');
        c
    }
}

/// A count in at most 5 columns (`12k` past 99999).
fn short_count(n: usize) -> String {
    if n > 99_999 {
        format!("{}k", (n / 1000).min(99_999))
    } else {
        n.to_string()
    }
}

/// How the pane lays batches out in its inner area: one column of `cell`
/// cells per batch (a box `bw` wide and a gap), the batches `start..end` of
/// [`App::batches`], oldest left.
struct Columns {
    bw: u16,
    cell: u16,
    start: usize,
    end: usize,
}

fn columns(app: &App, inner: Rect) -> Columns {
    let bw = if inner.width >= WIDE {
        BOX_WIDE
    } else {
        BOX_NARROW
    };
    let cell = bw + 1;
    let n = (inner.width / cell).max(1) as usize;
    // The newest `n` batches, or, when a batch older than those is picked,
    // the `n` ending at it (so Left scrolls back through history).
    let end = match app.picked() {
        Some(i) if i + n < app.batches.len() => i + 1,
        _ => app.batches.len(),
    };
    Columns {
        bw,
        cell,
        start: end.saturating_sub(n),
        end,
    }
}

/// The batch (its number) drawn at screen cell (`x`, `y`) when the pane
/// is drawn in `r`, if a batch's column is there; `None` while the batch
/// inspector covers the pane.
pub fn batch_at(app: &App, r: Rect, x: u16, y: u16) -> Option<u64> {
    if app.inspecting.is_some() {
        return None;
    }
    let inner = block(app, PaneId::Timeline, "").inner(r);
    let inside = x >= inner.x
        && y >= inner.y
        && x < inner.x.saturating_add(inner.width)
        && y < inner.y.saturating_add(inner.height);
    if !inside {
        return None;
    }
    let c = columns(app, inner);
    let i = c.start + ((x - inner.x) / c.cell) as usize;
    if i >= c.end {
        return None;
    }
    app.batches.iter().nth(i).map(|b| b.batch)
}

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let sources: Vec<&str> = app
        .graph
        .iter()
        .flat_map(|g| g.nodes.iter().filter(|n| n.parents.is_empty()))
        .map(|n| n.label.as_str())
        .collect();
    let extra = format!(
        "({}{} s each, newest right)",
        if sources.is_empty() {
            String::new()
        } else {
            format!("{}: ", sources.join(", "))
        },
        app.clock.batch_ms as f64 / 1000.0
    );
    let extra = match (app.inspecting.is_some(), app.inspected()) {
        (true, Some(bi)) => format!("· batch inspector: {}", short_time(app, bi.time_ms)),
        (false, Some(bi)) if app.batch_pick.is_some() => format!(
            "(picked {}: Enter inspects it, Esc follows the newest)",
            short_time(app, bi.time_ms)
        ),
        _ => extra,
    };
    let b = block(app, PaneId::Timeline, &extra);
    let inner = b.inner(r);
    f.render_widget(b, r);
    if app.inspecting.is_some() {
        if let Some(bi) = app.inspected() {
            super::inspector::draw(app, bi, f, inner);
            return;
        }
    }
    if app.batches.is_empty() {
        let msg = if app.clock.started {
            "waiting for the first batch..."
        } else {
            "Batches appear here after ssc.start(): one column per batch interval, with its records."
        };
        put(
            f.buffer_mut(),
            inner,
            inner.x,
            inner.y,
            msg,
            Style::new().fg(Color::DarkGray),
        );
        return;
    }
    let Columns {
        bw,
        cell,
        start,
        end,
    } = columns(app, inner);
    let picked = app.picked();
    let shown: Vec<&BatchInfo> = app.batches.iter().take(end).skip(start).collect();
    let picked = picked.map(|i| i + shown.len() - end);
    let Some(last) = shown.last() else { return };
    // Rows: the axis, the box's top and bottom, the chips, then the lanes.
    let heights: Vec<u16> = last
        .windows
        .iter()
        .map(|w| {
            if needs_box_row(&shown, w) {
                LANE
            } else {
                LANE - 1
            }
        })
        .collect();
    let lanes: u16 = heights.iter().sum();
    let most = shown
        .iter()
        .map(|b| batch_records(app, b))
        .max()
        .unwrap_or(0)
        .clamp(1, crate::engine::events::SAMPLE_RECORDS + 1);
    let chips = inner.height.saturating_sub(3 + lanes).min(most as u16);
    let buf = f.buffer_mut();
    let x_of = |i: usize| inner.x + i as u16 * cell;
    let newest = shown.len() - 1;
    let inside = bw as usize - 2;
    for (i, bi) in shown.iter().enumerate() {
        let x = x_of(i);
        // The picked batch, or the newest when none is, stands out.
        let marked = picked.map_or(i == newest, |p| p == i);
        let style = if marked {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else if !bi.errors.is_empty() {
            Style::new().fg(Color::Red)
        } else {
            Style::new().fg(Color::Gray)
        };
        // The picked batch: its time reversed and pointed at (`◂`), so it
        // reads without colour too.
        let (axis, axis_style) = if picked == Some(i) {
            (
                format!("{}◂", short_time(app, bi.time_ms)),
                style.add_modifier(Modifier::REVERSED),
            )
        } else {
            (short_time(app, bi.time_ms), style)
        };
        put(buf, inner, x, inner.y, &axis, axis_style);
        // The count in the box's top border: `┌12────┐`.
        let count = short_count(batch_records(app, bi));
        let top = format!("┌{count:─<inside$}┐");
        put(buf, inner, x, inner.y + 1, &top, style);
        let records = source_samples(app, bi);
        let total = batch_records(app, bi);
        let chip = Style::new().fg(Color::White).bg(Color::DarkGray);
        for row in 0..chips {
            let y = inner.y + 2 + row;
            put(buf, inner, x, y, "│", style);
            put(buf, inner, x + bw - 1, y, "│", style);
            let k = row as usize;
            // The last chip row says how many more there are, if any.
            let more = total.saturating_sub(k);
            let text = if k + 1 == chips as usize && chips >= 2 && more > 1 && k < records.len() {
                Some((format!("+{more} more"), Style::new().fg(Color::Gray)))
            } else {
                records.get(k).map(|r| (clip(r, inside), chip))
            };
            if let Some((t, st)) = text {
                put(buf, inner, x + 1, y, &clip(&t, inside), st);
            }
        }
        let bottom = format!("└{}┘", "─".repeat(inside));
        put(buf, inner, x, inner.y + 2 + chips, &bottom, style);
    }
    // A lane per windowed stream, from the newest batch's view of it.
    let colors = [Color::Cyan, Color::Magenta, Color::Green, Color::LightRed];
    let mut next_y = inner.y + 3 + chips;
    for (lane, w) in last.windows.iter().enumerate() {
        let label_y = next_y;
        next_y += heights[lane];
        let box_row = heights[lane] == LANE;
        let (bracket_y, boxes_y) = (label_y + 1, label_y + 2);
        let result_y = if box_row { label_y + 3 } else { label_y + 2 };
        if label_y >= inner.y + inner.height {
            break;
        }
        let style = Style::new().fg(colors[lane % colors.len()]);
        // The batches where this stream emitted (slide boundaries), in view.
        let emitted: Vec<(usize, &crate::engine::events::WindowSpan)> = shown
            .iter()
            .enumerate()
            .filter_map(|(i, bi)| {
                bi.windows
                    .iter()
                    .find(|x| x.node == w.node && x.emitted)
                    .map(|x| (i, x))
            })
            .collect();
        let count_at = |i: usize| {
            shown[i]
                .node_records
                .iter()
                .find(|(id, _)| *id == w.node)
                .map(|(_, c)| *c)
        };
        let mut label = format!(
            "{}[{}s/{}s]",
            w.label,
            w.window_ms as f64 / 1000.0,
            w.slide_ms as f64 / 1000.0
        );
        match w.incremental {
            Some(true) => label.push_str(" incremental"),
            Some(false) => label.push_str(" recomputed"),
            None => {}
        }
        for (sign, times) in [('-', &w.left), ('+', &w.entered)] {
            if !times.is_empty() {
                label.push_str(&format!("  {sign}{}", time_list(app, times)));
            }
        }
        let mut result = String::new();
        match emitted.last() {
            Some(&(i, _)) => {
                let records: Vec<&str> = shown[i]
                    .samples
                    .iter()
                    .filter(|(id, _)| *id == w.node)
                    .flat_map(|(_, v)| v.iter().map(String::as_str))
                    .collect();
                let count = count_at(i).unwrap_or(records.len());
                result.push_str(&format!(
                    "▣ {}: {count} record{}",
                    short_time(app, shown[i].time_ms),
                    if count == 1 { "" } else { "s" }
                ));
                if !records.is_empty() {
                    result.push_str(&format!(" {}", records.join(" ")));
                    if count > records.len() {
                        result.push_str(&format!(" +{} more", count - records.len()));
                    }
                }
            }
            None => result.push_str("(emits at slide boundaries: ▣)"),
        }
        put(buf, inner, inner.x, label_y, &label, style);
        put(buf, inner, inner.x, result_y, &result, style);
        // Brackets: the previous window dim, the newest over it.
        // (The ghost has no label, so the newest one's reads whole.)
        let ghost = Style::new().fg(Color::DarkGray);
        // (covered batch times, style, labelled?)
        type Bracket = (Option<(i64, i64)>, Style, bool);
        let mut brackets: Vec<Bracket> = Vec::new();
        if emitted.len() >= 2 {
            brackets.push((emitted[emitted.len() - 2].1.covers, ghost, false));
        }
        match emitted.last() {
            Some((_, e)) => brackets.push((e.covers, style.add_modifier(Modifier::BOLD), true)),
            None => brackets.push((w.covers, ghost, true)),
        }
        for (covers, st, labelled) in brackets {
            let Some((a, z)) = covers else { continue };
            let ends = |i: usize| (x_of(i), x_of(i) + bw - 1);
            let at = (bracket_y, st, labelled);
            bracket(app, buf, inner, &shown, at, (a, z), ends);
        }
        // Result boxes at the slide boundaries, `-`/`+` for batches that
        // left/entered (a row of its own only when it says more than the
        // result line under it: see [`needs_box_row`]).
        if !box_row {
            continue;
        }
        for &(i, _) in &emitted {
            let st = if i == emitted.last().map_or(0, |e| e.0) {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
            let c = count_at(i).map_or(String::new(), short_count);
            put(buf, inner, x_of(i), boxes_y, &format!("▣ {c}"), st);
        }
        for (i, bi) in shown.iter().enumerate() {
            let x = x_of(i) + bw - 2;
            if w.left.contains(&bi.time_ms) {
                let st = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
                put(buf, inner, x, boxes_y, "-", st);
            }
            if w.entered.contains(&bi.time_ms) {
                let st = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
                put(buf, inner, x + 1, boxes_y, "+", st);
            }
        }
    }
}

/// Whether a window's lane needs its row of result boxes: it does when the
/// view holds an older slide boundary or batches that left or entered the
/// window; otherwise that row would only repeat the newest result's count,
/// which the result line under it already gives with its time.
fn needs_box_row(shown: &[&BatchInfo], w: &crate::engine::events::WindowSpan) -> bool {
    let boundaries = shown
        .iter()
        .filter(|bi| bi.windows.iter().any(|x| x.node == w.node && x.emitted))
        .count();
    let marked = shown
        .iter()
        .any(|bi| w.left.contains(&bi.time_ms) || w.entered.contains(&bi.time_ms));
    boundaries > 1 || marked
}

/// A bracket under the shown batches in `covers` (first and last batch
/// time), labelled with how many batches it spans; the part left of the view
/// becomes `◀ N more` at the left edge.
fn bracket(
    app: &App,
    buf: &mut Buffer,
    inner: Rect,
    shown: &[&BatchInfo],
    (y, style, labelled): (u16, Style, bool),
    (a, z): (i64, i64),
    ends: impl Fn(usize) -> (u16, u16),
) {
    let batch_ms = app.clock.batch_ms.max(1);
    let span = ((z - a) / batch_ms + 1).max(1);
    let inside: Vec<usize> = (0..shown.len())
        .filter(|&i| shown[i].time_ms >= a && shown[i].time_ms <= z)
        .collect();
    let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
        return;
    };
    let hidden = (shown[first].time_ms - a) / batch_ms;
    let x0 = ends(first).0;
    let x1 = ends(last).1;
    let width = (x1 - x0 + 1) as usize;
    let mut line: Vec<char> = vec!['─'; width];
    line[0] = if hidden > 0 { '◀' } else { '╰' };
    line[width - 1] = '╯';
    let mut text = format!(" {span} batch{} ", if span == 1 { "" } else { "es" });
    if hidden > 0 {
        text = format!(" {hidden} more ·{text}");
    }
    let tl = text.chars().count();
    if labelled && tl + 2 <= width {
        let at = if hidden > 0 { 1 } else { (width - tl) / 2 };
        for (k, ch) in text.chars().enumerate() {
            line[at + k] = ch;
        }
    }
    let s: String = line.into_iter().collect();
    put(buf, inner, x0, y, &s, style);
}
