//! Lesson: the current step's explanation and task, word-wrapped and
//! scrollable, code blocks shown as code, and the last check's verdict on top.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, PaneId};

/// Join the lines of each paragraph (the files wrap at 80 columns; the pane
/// wraps to its own width). Code blocks, list items and blank lines stay.
fn reflow(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut code = false;
    let mut joinable = false;
    for raw in text.lines() {
        let t = raw.trim_start();
        if t.starts_with("```") {
            code = !code;
            out.push(raw.to_string());
            joinable = false;
            continue;
        }
        let starts_item = t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("──")
            || t.starts_with("Task:");
        if !code && joinable && !t.is_empty() && !starts_item && !raw.starts_with("    ") {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(t);
                continue;
            }
        }
        joinable = !code && !t.is_empty();
        out.push(raw.to_string());
    }
    out
}

/// Markdown-lite: fenced code in green (fences dropped), headings and the
/// task in bold, `inline code` in cyan.
pub fn lines(text: &str) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut code = false;
    for raw in reflow(text).iter().map(String::as_str) {
        if raw.trim_start().starts_with("```") {
            code = !code;
            continue;
        }
        if code {
            out.push(Line::styled(
                format!("  {raw}"),
                Style::new().fg(Color::Green),
            ));
            continue;
        }
        let bold = raw.starts_with("──") || raw.starts_with("Task:") || raw.starts_with('#');
        let mut spans = Vec::new();
        for (i, part) in raw.split('`').enumerate() {
            let part = part.replace("**", "");
            if i % 2 == 1 {
                spans.push(Span::styled(part, Style::new().fg(Color::Cyan)));
            } else if bold {
                spans.push(Span::styled(
                    part,
                    Style::new().add_modifier(Modifier::BOLD),
                ));
            } else {
                spans.push(Span::raw(part));
            }
        }
        out.push(Line::from(spans));
    }
    out
}

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let b = block(app, PaneId::Lesson, "(PgUp/PgDn scroll)");
    let mut all = Vec::new();
    if let Some((passed, msg)) = &app.lesson_verdict {
        let (mark, color) = if *passed {
            ("✔ ", Color::Green)
        } else {
            ("✘ ", Color::Red)
        };
        all.push(Line::styled(
            format!("{mark}{msg}"),
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ));
        all.push(Line::raw(""));
    }
    all.extend(lines(app.lesson_text.as_deref().unwrap_or("")));
    f.render_widget(
        Paragraph::new(all)
            .wrap(Wrap { trim: false })
            .scroll((app.lesson_scroll, 0))
            .block(b),
        r,
    );
}
