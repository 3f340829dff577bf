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
        // Short of room, the step without its commands (`Lesson 1, step 1/3`).
        let used: usize = spans.iter().map(Span::width).sum();
        let room = usize::from(r.width).saturating_sub(used + 3);
        let l = match l.split_once(": ") {
            Some((step, _)) if Span::raw(l.as_str()).width() > room => step,
            _ => l.as_str(),
        };
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
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(r.width).saturating_sub(used);
    match &app.status {
        Some(s) => spans.push(Span::styled(
            format!("| {} ", fit_status(s, room.saturating_sub(3))),
            Style::new().fg(Color::Yellow),
        )),
        None => spans.push(Span::styled(
            format!("| {}", fit_hints(&hints(app.focus), room.saturating_sub(2))),
            Style::new().fg(Color::DarkGray),
        )),
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

/// A status message in `room` columns: when it is too long its text is cut
/// with `…`, keeping a closing `(...)` that says where to read it whole.
fn fit_status(s: &str, room: usize) -> String {
    let width = |t: &str| Span::raw(t).width();
    if width(s) <= room {
        return s.to_string();
    }
    // The closing `(...)`, whole if the message keeps 30 columns, else its
    // command (`(:error shows it whole)` becomes `(:error)`).
    let (head, suffix) = match s.ends_with(')').then(|| s.rfind(" (")).flatten() {
        Some(at) => {
            let whole = s[at..].to_string();
            // A command alone still says where to look; other words do not.
            let first = s[at + 2..s.len() - 1].split(' ').next().unwrap_or("");
            let short = if first.starts_with(':') {
                format!(" ({first})")
            } else {
                String::new()
            };
            let suffix = [whole, short]
                .into_iter()
                .find(|x| width(x) + 30 <= room)
                .unwrap_or_default();
            (&s[..at], suffix)
        }
        None => (s, String::new()),
    };
    let keep = room.saturating_sub(width(&suffix) + 1);
    let cut: String = head.chars().take(keep).collect();
    format!("{}…{suffix}", cut.trim_end())
}

/// The key hints (separated by two spaces) that fit whole in `room`.
fn fit_hints(hints: &str, room: usize) -> String {
    let mut out = String::new();
    for h in hints.split("  ") {
        let next = if out.is_empty() {
            h.to_string()
        } else {
            format!("{out}  {h}")
        };
        if Span::raw(next.as_str()).width() > room {
            break;
        }
        out = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_status_keeps_where_to_read_it_whole() {
        let s = "batch 40 failed: AttributeError: 'str' object has no attribute 'spilt'. Did you mean: 'split'? (:error shows it whole)";
        assert_eq!(fit_status(s, 200), s);
        let fit = fit_status(s, 60);
        assert_eq!(
            fit,
            "batch 40 failed: AttributeError: 's… (:error shows it whole)"
        );
        // Too little room for the message: the pointer shrinks, then goes.
        let fit = fit_status(s, 48);
        assert_eq!(fit, "batch 40 failed: AttributeError: 'str'… (:error)");
        assert_eq!(fit_status(s, 30), "batch 40 failed: AttributeErr…");
        // A pointer that is not a command goes whole or not at all.
        let other = "receiver: Connected to localhost:9999 and more (F4 pauses the producer)";
        assert_eq!(
            fit_status(other, 50),
            "receiver: Connected to localhost:9999 and more…"
        );
        let tight = fit_status(s, 20);
        assert!(Span::raw(tight.as_str()).width() <= 20, "{tight}");
        assert!(tight.starts_with("batch 40 failed"), "{tight}");
    }

    /// Issue 17: at 80x24 the lesson's label was cut mid-word
    /// (`:solutio`); short of room it is the step alone.
    #[test]
    fn a_lesson_label_fits_the_row() {
        let mut app = App::new();
        app.lesson = Some("Lesson 1, step 1/3: :check :hint :solution".into());
        for (width, label) in [
            (80, "| Lesson 1, step 1/3 |"),
            (120, "| Lesson 1, step 1/3: :check :hint :solution |"),
        ] {
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 1))
                .expect("terminal");
            t.draw(|f| draw(&app, f, f.area())).expect("draw");
            let row: String = t
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect();
            assert!(row.contains(label), "{row}");
        }
    }

    #[test]
    fn hints_are_shown_whole_or_not_at_all() {
        let h = "Enter run  Up history  Ctrl-R search";
        assert_eq!(fit_hints(h, 100), h);
        assert_eq!(fit_hints(h, 30), "Enter run  Up history");
        assert_eq!(fit_hints(h, 5), "");
    }
}
