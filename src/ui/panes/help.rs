//! The `F1` overlay: every key and command, from the tables in `ui::keys`.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::ui::app::App;
use crate::ui::keys::{COMMANDS, KEYS};

/// What the overlay's bottom border says.
const FOOTER: &str = " Up/Down PgUp/PgDn scroll, Esc or q closes ";

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    // Wide enough for the longest command and its description on one line;
    // narrower terminals wrap them.
    let w = area.width.min(100);
    let lines = help_lines();
    let inner_w = w.saturating_sub(2).max(1) as usize;
    // Rows once wrapped (a line's characters over the width, at least one).
    let rows: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_w))
        .sum();
    let h = area.height.min(rows as u16 + 2);
    let [_, mid, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(w),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, r, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(h),
        Constraint::Fill(1),
    ])
    .areas(mid);
    let visible = h.saturating_sub(2) as usize;
    let top = (app.help_scroll as usize).min(rows.saturating_sub(visible)) as u16;
    let mut block = Block::bordered().title(" Help ");
    if rows > visible {
        block = block.title_bottom(FOOTER);
    }
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((top, 0))
            .block(block),
        r,
    );
}

/// Every key, then every command, from the tables in `ui::keys`.
fn help_lines() -> Vec<Line<'static>> {
    let key = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::styled(
        "Keys",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for (k, what, pane) in KEYS {
        let scope = pane
            .map(|p| format!(" ({})", p.title()))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("  {k:<24}"), key),
            Span::raw(format!("{what}{scope}")),
        ]));
    }
    lines.push(Line::styled(
        "Commands (type them in the REPL)",
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for (c, what) in COMMANDS {
        lines.push(Line::from(vec![
            Span::styled(format!("  {c:<37}"), key),
            Span::raw(*what),
        ]));
    }
    lines.push(Line::styled(
        "  Esc or q closes this help",
        Style::new().fg(Color::DarkGray),
    ));
    lines
}
