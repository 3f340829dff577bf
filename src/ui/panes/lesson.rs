//! Lesson: the current step's explanation and task, word-wrapped and
//! scrollable, rendered by `lessons::render`, and the last check's verdict on top.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, PaneId};
use crate::ui::theme;

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let b = block(app, PaneId::Lesson, "(PgUp/PgDn scroll)");
    let mut all = Vec::new();
    if let Some((passed, msg)) = &app.lesson_verdict {
        let (mark, style) = if *passed {
            ("✔ ", theme::success())
        } else {
            ("✘ ", theme::error().add_modifier(Modifier::BOLD))
        };
        all.push(Line::styled(format!("{mark}{msg}"), style));
        all.push(Line::raw(""));
    }
    all.extend(crate::lessons::render::lines(
        app.lesson_text.as_deref().unwrap_or(""),
    ));
    f.render_widget(
        Paragraph::new(all)
            .wrap(Wrap { trim: false })
            .scroll((app.lesson_scroll, 0))
            .block(b),
        r,
    );
}
