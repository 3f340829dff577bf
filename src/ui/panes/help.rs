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
    let rows_of_lines = help_lines(inner_w);
    // Rows of each help row once wrapped (at least one).
    let heights: Vec<usize> = rows_of_lines.iter().map(|l| l.len().max(1)).collect();
    let lines: Vec<Line<'static>> = rows_of_lines.into_iter().flatten().collect();
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
    let first = (app.help_scroll as usize).min(heights.len());
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

/// Every key, then every command: the lines of each row of [`help_rows`],
/// wrapped to `width` with the text of a key or command indented under its
/// first line.
fn help_lines(width: usize) -> Vec<Vec<Line<'static>>> {
    let key = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let rows = help_rows();
    // Keys and commands line up; a narrow overlay gives the text more room.
    let col = rows
        .iter()
        .filter_map(|(k, _)| k.as_ref().map(|k| k.chars().count()))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let indent = col + 3;
    rows.into_iter()
        .map(|(k, what)| match k {
            None => wrap(&what, width)
                .into_iter()
                .map(|l| Line::styled(l, Style::new().add_modifier(Modifier::BOLD)))
                .collect(),
            Some(k) => {
                let label = format!("  {k:<col$} ");
                // A key wider than the column pushes its text along.
                let first = width.saturating_sub(label.chars().count()).max(1);
                let rest = width.saturating_sub(indent).max(1);
                let mut parts = wrap_first(&what, first, rest).into_iter();
                let mut lines = vec![Line::from(vec![
                    Span::styled(label, key),
                    Span::raw(parts.next().unwrap_or_default()),
                ])];
                lines.extend(parts.map(|p| Line::raw(format!("{}{p}", " ".repeat(indent)))));
                lines
            }
        })
        .collect()
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_first(text, width, width)
}

/// Greedy word wrap: the first line `first` wide, the others `rest`; a
/// word longer than a line is cut.
fn wrap_first(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    let room = |n: usize| if n == 0 { first } else { rest };
    for word in text.split(' ') {
        let mut w: Vec<char> = word.chars().collect();
        loop {
            let r = room(lines.len());
            let sep = usize::from(len > 0);
            if len + sep + w.len() <= r {
                if sep == 1 {
                    line.push(' ');
                }
                line.extend(w.iter());
                len += sep + w.len();
                break;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                len = 0;
                continue;
            }
            // Longer than a whole line: cut it.
            let r = room(lines.len()).max(1);
            lines.push(w[..r].iter().collect());
            w.drain(..r);
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_wrap_under_their_text_and_fit() {
        for width in [40, 78, 98] {
            for row in help_lines(width) {
                for (i, l) in row.iter().enumerate() {
                    assert!(l.width() <= width, "{width}: {l:?}");
                    // Continuations line up under the text of a key that fits its column.
                    let padded = row[0].spans.len() == 2 && row[0].spans[0].content.ends_with("  ");
                    if i > 0 && padded {
                        let indent = row[0].spans[0].width();
                        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                        assert!(text.starts_with(&" ".repeat(indent)), "{width}: {text:?}");
                    }
                }
            }
        }
        assert_eq!(wrap_first("ab cd efghij", 5, 4), ["ab cd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
