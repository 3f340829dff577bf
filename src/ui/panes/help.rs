//! The `F1` overlay: every key and command, from `ui::keys` (the bindings
//! that dispatch) and the command table. It scrolls, and `/` searches it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::ui::app::App;
use crate::ui::keys::help_rows;

/// What the overlay's bottom border says when it scrolls.
const FOOTER: &str = " Up/Down PgUp/PgDn scroll, / searches, Esc or q closes ";

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let w = area.width.min(100);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let lines = help_lines(inner_w);
    // Rows of each line once wrapped (at least one).
    let heights: Vec<usize> = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_w))
        .collect();
    let rows: usize = heights.iter().sum();
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
    // The scroll counts help rows; the screen counts wrapped rows.
    let first = (app.help_scroll as usize).min(lines.len());
    let top = heights[..first]
        .iter()
        .sum::<usize>()
        .min(rows.saturating_sub(visible)) as u16;
    let mut block = Block::bordered().title(" Help ");
    let footer = match (&app.help_search, &app.help_miss) {
        (Some(q), _) => format!(" /{q}  (Enter finds, Esc cancels) "),
        (None, Some(q)) => format!(" no row has '{q}': / searches again "),
        (None, None) if rows > visible => FOOTER.to_string(),
        _ => String::new(),
    };
    if !footer.is_empty() {
        block = block.title_bottom(footer);
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

/// Every key, then every command: one line per row of [`help_rows`].
fn help_lines(width: usize) -> Vec<Line<'static>> {
    let key = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let rows = help_rows();
    // Keys and commands line up; a narrow overlay gives the text more room.
    let col = rows
        .iter()
        .filter_map(|(k, _)| k.as_ref().map(|k| k.chars().count()))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    rows.into_iter()
        .map(|(k, what)| match k {
            None => Line::styled(what, Style::new().add_modifier(Modifier::BOLD)),
            Some(k) => Line::from(vec![
                Span::styled(format!("  {k:<col$} "), key),
                Span::raw(what),
            ]),
        })
        .collect()
}
