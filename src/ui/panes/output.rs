//! Output: the pprint blocks in Spark's exact format, newest at the bottom.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, PaneId};

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let extra = if app.output_scroll > 0 {
        format!("(scrolled up {} lines; End returns)", app.output_scroll)
    } else {
        String::new()
    };
    let b = block(app, PaneId::Output, &extra);
    let inner = b.inner(r);
    let h = inner.height as usize;
    let width = (inner.width as usize).max(1);
    let total = app.output.len();
    let end = total.saturating_sub(app.output_scroll);
    // Newest at the bottom. An error report's long lines (its message, its
    // notes) wrap at spaces onto as many rows as they need; records and
    // tables are cut at the border, keeping their columns in line.
    let mut rows: Vec<Line> = Vec::new();
    for l in app.output.iter().take(end).rev() {
        if rows.len() >= h {
            break;
        }
        let style = if l.starts_with("Time: ") || l.starts_with("-------") {
            Style::new().fg(Color::DarkGray)
        } else if l.starts_with("error") || l.starts_with("batch ") {
            Style::new().fg(Color::Red)
        } else {
            Style::new()
        };
        let report = l.starts_with("error")
            || (l.starts_with("batch ") && l.contains(" failed"))
            || l.trim_start().starts_with("= ");
        if !report {
            rows.push(Line::styled(l.clone(), style));
            continue;
        }
        let chars: Vec<char> = l.chars().collect();
        let pieces = super::word_breaks(chars.len(), width, |i| chars[i] == ' ');
        for piece in pieces.into_iter().rev() {
            rows.push(Line::styled(chars[piece].iter().collect::<String>(), style));
        }
    }
    rows.truncate(h);
    rows.reverse();
    let lines = rows;
    let body = if lines.is_empty() {
        // A Structured Streaming query prints only through a console sink.
        let waiting = if app.queries.is_empty() {
            "pprint() output appears here once the stream runs."
        } else {
            "Console sink batches appear here; other sinks: the Query pane."
        };
        Paragraph::new(waiting)
            .style(Style::new().fg(Color::DarkGray))
            .wrap(Wrap { trim: true })
    } else {
        Paragraph::new(lines)
    };
    f.render_widget(body.block(b), r);
}
