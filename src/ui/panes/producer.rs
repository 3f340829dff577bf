//! Producer: what the embedded producer is doing, the last lines it sent, and
//! a line input whose lines go at once to every connected client.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, PaneId};

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let p = &app.producer;
    let state = if p.paused { "paused" } else { "sending" };
    let b = block(
        app,
        PaneId::Producer,
        &format!(
            "[{state}, {}]",
            if p.pace.is_empty() { "-" } else { &p.pace }
        ),
    );
    let inner = b.inner(r);
    f.render_widget(b, r);
    if inner.height < 2 {
        return;
    }
    let mut lines = Vec::new();
    let head = match &p.listening {
        Some(addr) => format!(
            "{addr}  {}  {} sent",
            crate::ui::theme::count(p.clients.len(), "client", "clients"),
            crate::ui::theme::count(p.total_sent as usize, "line", "lines"),
        ),
        None => "not listening".to_string(),
    };
    lines.push(Line::styled(head, Style::new().fg(Color::Cyan)));
    let body_h = inner.height.saturating_sub(2) as usize;
    let notes: Vec<&String> = p.notes.iter().rev().take(1).collect();
    let sent_h = body_h.saturating_sub(notes.len());
    let skip = p.sent.len().saturating_sub(sent_h);
    for (seq, line) in p.sent.iter().skip(skip) {
        lines.push(Line::from(vec![
            Span::styled(format!("{seq:>6} "), Style::new().fg(Color::DarkGray)),
            Span::raw(line.clone()),
        ]));
    }
    for n in notes {
        lines.push(Line::styled(n.clone(), Style::new().fg(Color::Yellow)));
    }
    let body = Rect {
        height: inner.height - 1,
        ..inner
    };
    f.render_widget(Paragraph::new(lines), body);
    let input_y = inner.y + inner.height - 1;
    let prompt = "type a line> ";
    let input = Line::from(vec![
        Span::styled(prompt, Style::new().fg(Color::Green)),
        Span::raw(p.input.clone()),
    ]);
    f.render_widget(
        Paragraph::new(input),
        Rect {
            y: input_y,
            height: 1,
            ..inner
        },
    );
    if app.focus == PaneId::Producer && !app.show_help {
        let x = (inner.x + prompt.len() as u16 + p.input.chars().count() as u16)
            .min(inner.x + inner.width - 1);
        f.set_cursor_position(Position { x, y: input_y });
    }
}
