//! The `F1` overlay: every key and command, from the tables in `ui::keys`.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::ui::keys::{COMMANDS, KEYS};

pub fn draw(f: &mut Frame, area: Rect) {
    // Wide enough for the longest command and its description on one line.
    let w = area.width.min(100);
    let h = area.height.min((KEYS.len() + COMMANDS.len() + 6) as u16);
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
        "  any key closes this help",
        Style::new().fg(Color::DarkGray),
    ));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Help ")),
        r,
    );
}
