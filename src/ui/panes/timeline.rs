//! Batches: a time axis of recent batches, each a box with its time and record
//! count, the newest marked; for every windowed stream a bar over the batches
//! its current window covers, `▲` under every batch where it emitted (its
//! slide), and for inverse-reduced windows `-` under the batch that left and
//! `+` under the one that entered. Seen over a few batches, a
//! `window(30, 10)` is a bar 30 boxes long that moves and fires every 10.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::Frame;

use super::block;
use crate::engine::events::BatchInfo;
use crate::ui::app::{App, PaneId};

/// Columns per batch box: `┌────┐` plus a gap.
const CELL: u16 = 7;

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

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let extra = format!(
        "({} s each, newest right)",
        app.clock.batch_ms as f64 / 1000.0
    );
    let b = block(app, PaneId::Timeline, &extra);
    let inner = b.inner(r);
    f.render_widget(b, r);
    if app.batches.is_empty() {
        let msg = if app.clock.started {
            "waiting for the first batch..."
        } else {
            "Batches appear here after ssc.start(): one box per batch interval."
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
    let n = (inner.width / CELL).max(1) as usize;
    let shown: Vec<&BatchInfo> = app
        .batches
        .iter()
        .skip(app.batches.len().saturating_sub(n))
        .collect();
    let buf = f.buffer_mut();
    let x_of = |i: usize| inner.x + i as u16 * CELL;
    let newest = shown.len() - 1;
    for (i, bi) in shown.iter().enumerate() {
        let x = x_of(i);
        let style = if i == newest {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else if !bi.errors.is_empty() {
            Style::new().fg(Color::Red)
        } else {
            Style::new().fg(Color::Gray)
        };
        put(
            buf,
            inner,
            x,
            inner.y,
            &format!("{:^6}", short_time(app, bi.time_ms)),
            style,
        );
        put(buf, inner, x, inner.y + 1, "┌────┐", style);
        let count = batch_records(app, bi);
        let c = if count > 9999 {
            format!("{}k", (count / 1000).min(999))
        } else {
            count.to_string()
        };
        put(buf, inner, x, inner.y + 2, &format!("│{c:>4}│"), style);
        put(buf, inner, x, inner.y + 3, "└────┘", style);
    }
    // One row per windowed stream, from the newest batch's view of it.
    let Some(last) = shown.last() else { return };
    let colors = [Color::Cyan, Color::Magenta, Color::Green, Color::Blue];
    for (row, w) in last.windows.iter().enumerate() {
        // Two rows per window: its label, then its bar under the batches.
        let label_y = inner.y + 4 + 2 * row as u16;
        let y = label_y + 1;
        if y >= inner.y + inner.height {
            break;
        }
        let style = Style::new().fg(colors[row % colors.len()]);
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
        if !w.left.is_empty() {
            let t: Vec<String> = w.left.iter().map(|t| short_time(app, *t)).collect();
            label.push_str(&format!("  -{}", t.join(",")));
        }
        if !w.entered.is_empty() {
            let t: Vec<String> = w.entered.iter().map(|t| short_time(app, *t)).collect();
            label.push_str(&format!("  +{}", t.join(",")));
        }
        if !w.emitted {
            label.push_str("  (emits at slide boundaries: ▲)");
        }
        put(buf, inner, inner.x, label_y, &label, style);
        if let Some((a, z)) = w.covers {
            for (i, bi) in shown.iter().enumerate() {
                if bi.time_ms >= a && bi.time_ms <= z {
                    put(buf, inner, x_of(i), y, "━━━━━━━", style);
                }
            }
        }
        for (i, bi) in shown.iter().enumerate() {
            let x = x_of(i) + 2;
            let this = bi.windows.iter().find(|x| x.node == w.node);
            if this.is_some_and(|t| t.emitted) {
                put(buf, inner, x, y, "▲", style.add_modifier(Modifier::BOLD));
            }
            if w.entered.contains(&bi.time_ms) {
                put(
                    buf,
                    inner,
                    x + 1,
                    y,
                    "+",
                    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                );
            }
            if w.left.contains(&bi.time_ms) {
                put(
                    buf,
                    inner,
                    x + 1,
                    y,
                    "-",
                    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                );
            }
        }
    }
}
