//! Output: the pprint blocks in Spark's exact format, newest at the bottom.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
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
    let total = app.output.len();
    let end = total.saturating_sub(app.output_scroll);
    let start = end.saturating_sub(h);
    let lines: Vec<Line> = app
        .output
        .iter()
        .skip(start)
        .take(end - start)
        .map(|l| {
            if l.starts_with("Time: ") || l.starts_with("-------") {
                Line::styled(l.clone(), Style::new().fg(Color::DarkGray))
            } else if l.starts_with("error") || l.starts_with("batch ") {
                Line::styled(l.clone(), Style::new().fg(Color::Red))
            } else {
                Line::raw(l.clone())
            }
        })
        .collect();
    let body = if lines.is_empty() {
        Paragraph::new("pprint() output appears here once the stream runs.")
            .style(Style::new().fg(Color::DarkGray))
    } else {
        Paragraph::new(lines)
    };
    f.render_widget(body.block(b), r);
}
