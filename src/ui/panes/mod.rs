//! Drawing: `render(&App, frame)` lays out the panes and each module draws one
//! from the state. Nothing here changes state.

mod help;
mod inspector;
mod lesson;
mod output;
mod pipeline;
mod producer;
mod query;
mod query_join;
mod query_sink;
mod repl;
mod state;
mod stats;
mod status;
pub(crate) mod timeline;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, PaneId};

/// Smaller than this, the UI asks for a bigger terminal instead of drawing.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

/// The frame of a pane: a border, its title, brighter when focused.
/// Where a message of `n` characters breaks into rows of `width` when it
/// wraps at spaces (`is_space(i)`): the ranges of characters of each row.
/// The space a row breaks at is dropped; a word longer than a row is cut.
pub fn word_breaks(
    n: usize,
    width: usize,
    is_space: impl Fn(usize) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut start = 0;
    while n - start > width {
        let end = start + width;
        match (start + 1..=end).rev().find(|&i| is_space(i)) {
            Some(space) => {
                rows.push(start..space);
                start = space + 1;
            }
            None => {
                rows.push(start..end);
                start = end;
            }
        }
    }
    rows.push(start..n);
    rows
}

pub fn block(app: &App, pane: PaneId, extra: &str) -> Block<'static> {
    let focused = app.focus == pane;
    let style = if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    };
    let title = if extra.is_empty() {
        format!(" {} ", pane.title())
    } else {
        format!(" {} {} ", pane.title(), extra)
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style)
        .title(Line::styled(title, style))
}

/// Draw the whole UI.
pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "streamlab needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}; this one is {}x{}.\nEnlarge the terminal (or use `streamlab repl`). Ctrl-Q quits.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [main, bar] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    status::draw(app, f, bar);
    if let Some(p) = app.zoom {
        draw_pane(app, p, f, main);
    } else {
        for (pane, rect) in layout(app, main) {
            draw_pane(app, pane, f, rect);
        }
    }
    if app.show_help {
        help::draw(app, f, main);
    }
    if app.no_color {
        crate::ui::theme::strip_colours(f.buffer_mut());
    }
}

/// The pane [`render`] draws at screen cell (`x`, `y`) of a `screen`-sized
/// terminal, with its rectangle; `None` on the status bar, under the help
/// overlay, or when the terminal is too small for the panes.
pub fn pane_at(app: &App, screen: Rect, x: u16, y: u16) -> Option<(PaneId, Rect)> {
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT || app.show_help {
        return None;
    }
    let [main, _bar] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(screen);
    let panes = match app.zoom {
        Some(p) => vec![(p, main)],
        None => layout(app, main),
    };
    panes.into_iter().find(|(_, r)| {
        x >= r.x && y >= r.y && x < r.x.saturating_add(r.width) && y < r.y.saturating_add(r.height)
    })
}

fn draw_pane(app: &App, pane: PaneId, f: &mut Frame, r: Rect) {
    match pane {
        PaneId::Repl => repl::draw(app, f, r),
        PaneId::Producer => producer::draw(app, f, r),
        PaneId::Timeline => timeline::draw(app, f, r),
        PaneId::Output => output::draw(app, f, r),
        PaneId::State => state::draw(app, f, r),
        PaneId::Pipeline => pipeline::draw(app, f, r),
        PaneId::Stats => stats::draw(app, f, r),
        PaneId::Lesson => lesson::draw(app, f, r),
        PaneId::Query => query::draw(app, f, r),
    }
}

/// Where each visible pane goes. Wide terminals (>= 110 columns) get two
/// columns with everything; narrower ones show the REPL, the producer, the
/// timeline, the output, and the focused one of state/pipeline/stats.
pub fn layout(app: &App, area: Rect) -> Vec<(PaneId, Rect)> {
    let vis = |p: PaneId| app.visible().contains(&p);
    let mut out = Vec::new();
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
    // Left column: producer above the REPL.
    match (vis(PaneId::Producer), vis(PaneId::Repl)) {
        (true, true) => {
            let [p, r] = Layout::vertical([Constraint::Percentage(30), Constraint::Percentage(70)])
                .areas(left);
            out.push((PaneId::Producer, p));
            out.push((PaneId::Repl, r));
        }
        (true, false) => out.push((PaneId::Producer, left)),
        (false, _) => out.push((PaneId::Repl, left)),
    }
    // A Structured Streaming query: its pane on top of the right column.
    let right = if vis(PaneId::Query) {
        let [q, rest] =
            Layout::vertical([Constraint::Percentage(64), Constraint::Percentage(36)]).areas(right);
        out.push((PaneId::Query, q));
        rest
    } else {
        right
    };
    // Right column: timeline on top, then the rest.
    let wide = area.width >= 110 && area.height >= 30;
    let extras: Vec<PaneId> = [
        PaneId::Lesson,
        PaneId::State,
        PaneId::Pipeline,
        PaneId::Stats,
    ]
    .into_iter()
    .filter(|p| vis(*p))
    .collect();
    let timeline_h = if vis(PaneId::Timeline) {
        // The axis, boxes with a few records, and a lane per window.
        (right.height * 2 / 5)
            .clamp(10, 16)
            .min(right.height / 2)
            .max(6)
    } else {
        0
    };
    let [top, rest] =
        Layout::vertical([Constraint::Length(timeline_h), Constraint::Min(0)]).areas(right);
    if vis(PaneId::Timeline) {
        out.push((PaneId::Timeline, top));
    }
    let shown_extras: Vec<PaneId> = if wide {
        extras
    } else {
        // Narrow: one of them, the focused one if any.
        extras
            .iter()
            .copied()
            .find(|p| *p == app.focus)
            .or_else(|| extras.first().copied())
            .into_iter()
            .collect()
    };
    let output_visible = vis(PaneId::Output);
    match (output_visible, shown_extras.len()) {
        (true, 0) => out.push((PaneId::Output, rest)),
        (false, 0) => {}
        (true, _) if !wide => {
            let [o, e] = Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(rest);
            out.push((PaneId::Output, o));
            out.push((shown_extras[0], e));
        }
        _ => {
            // Wide: output and state side by side, pipeline and stats below.
            let [upper, lower] =
                Layout::vertical([Constraint::Percentage(58), Constraint::Percentage(42)])
                    .areas(rest);
            let mut upper_panes: Vec<PaneId> = Vec::new();
            if output_visible {
                upper_panes.push(PaneId::Output);
            }
            let mut lower_panes = Vec::new();
            for p in shown_extras {
                if p == PaneId::State || p == PaneId::Lesson {
                    upper_panes.push(p);
                } else {
                    lower_panes.push(p);
                }
            }
            if lower_panes.is_empty() {
                split_row(&upper_panes, rest, &mut out);
            } else if upper_panes.is_empty() {
                split_row(&lower_panes, rest, &mut out);
            } else {
                split_row(&upper_panes, upper, &mut out);
                split_row(&lower_panes, lower, &mut out);
            }
        }
    }
    out
}

fn split_row(panes: &[PaneId], area: Rect, out: &mut Vec<(PaneId, Rect)>) {
    let n = panes.len().max(1) as u32;
    let rects = Layout::horizontal((0..n).map(|_| Constraint::Ratio(1, n))).split(area);
    for (p, r) in panes.iter().zip(rects.iter()) {
        out.push((*p, *r));
    }
}

/// Spark's duration cells: `< 100 ms` as ms, then `%.1f s`, `%.0f s`, minutes, hours.
pub fn spark_duration(ms: f64) -> String {
    if ms < 100.0 {
        format!("{ms:.0} ms")
    } else if ms < 1000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms < 60_000.0 {
        format!("{:.0} s", ms / 1000.0)
    } else if ms < 600_000.0 {
        format!("{:.1} min", ms / 60_000.0)
    } else if ms < 3_600_000.0 {
        format!("{:.0} min", ms / 60_000.0)
    } else {
        format!("{:.1} h", ms / 3_600_000.0)
    }
}
