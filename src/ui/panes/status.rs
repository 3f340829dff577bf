//! The status bar: the batch clock, running or paused, a message, key hints.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::engine::rdd_object::format_batch_time;
use crate::ui::app::App;
use crate::ui::keys::hints;

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let query = (!app.clock.started)
        .then(|| app.queries.get(&app.query_shown))
        .flatten();
    let (state, color) = match (app.clock.started, app.clock.paused, query) {
        (false, _, Some(_)) => (" query ", Color::Green),
        (false, _, None) => (" stopped ", Color::DarkGray),
        (true, true, _) => (" PAUSED ", Color::Yellow),
        (true, false, _) => (" running ", Color::Green),
    };
    let mut spans = vec![Span::styled(
        state,
        Style::new()
            .fg(Color::Black)
            .bg(color)
            .add_modifier(Modifier::BOLD),
    )];
    match query {
        Some(q) => spans.push(Span::raw(format!(
            " batch {} of query {} ({} mode) ",
            q.batch, app.query_shown, q.mode
        ))),
        None => {
            let interval = app.clock.batch_ms as f64 / 1000.0;
            let batch = match app.batches.last() {
                Some(b) => format!(
                    " batch {} at {} ",
                    b.batch + 1,
                    format_batch_time(b.time_ms)
                ),
                None => " no batch yet ".to_string(),
            };
            spans.push(Span::raw(format!("{batch}| {interval} s batches ")));
        }
    }
    if let Some(l) = &app.lesson {
        spans.push(Span::styled(
            format!("| {l} "),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        ));
    }
    if app.failed_batches > 0 {
        spans.push(Span::styled(
            format!("| {} failed ", app.failed_batches),
            Style::new().fg(Color::Red),
        ));
    }
    if let Some(c) = &app.caption {
        spans.push(Span::styled(
            format!(" {c} "),
            Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
        ));
    }
    match &app.status {
        Some(s) => spans.push(Span::styled(
            format!("| {s} "),
            Style::new().fg(Color::Yellow),
        )),
        None => spans.push(Span::styled(
            format!("| {}", hints(app.focus)),
            Style::new().fg(Color::DarkGray),
        )),
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}
