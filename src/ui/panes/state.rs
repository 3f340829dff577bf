//! State: the keys and values of an `updateStateByKey` stream, sorted by
//! value or key, with this batch's changes coloured (added green, updated
//! yellow with the old value, removed red).

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, PaneId, StateSort};

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let Some((_, table)) = app.states.iter().next() else {
        let b = block(app, PaneId::State, "");
        f.render_widget(
            Paragraph::new("updateStateByKey state appears here, key by key.")
                .style(Style::new().fg(Color::DarkGray))
                .block(b),
            r,
        );
        return;
    };
    let sort = match app.state_sort {
        StateSort::ByKey => "by key",
        StateSort::ByValue => "by value",
    };
    let more = if app.states.len() > 1 {
        format!(", 1 of {} streams", app.states.len())
    } else {
        String::new()
    };
    let b = block(
        app,
        PaneId::State,
        &format!("({} keys, {sort}{more})", table.rows.len()),
    );
    let diff = table.last.as_ref();
    // Only the rows that fit are built (borders and header take 3 lines).
    let fit = r.height.saturating_sub(3) as usize;
    let mut out: Vec<Row> = Vec::new();
    if let Some(d) = diff {
        for (k, old) in d.removed.iter().take(fit) {
            out.push(
                Row::new(vec![
                    Cell::from(k.to_str()),
                    Cell::from(old.to_str()),
                    Cell::from("removed"),
                ])
                .style(
                    Style::new()
                        .fg(Color::Red)
                        .add_modifier(Modifier::CROSSED_OUT),
                ),
            );
        }
    }
    for repr in table.order.iter().take(fit.saturating_sub(out.len())) {
        let Some((k, v)) = table.rows.get(repr) else {
            continue;
        };
        let (style, note) = if table.added.contains(repr) {
            (Style::new().fg(Color::Green), "added".to_string())
        } else if let Some(old) = table.updated.get(repr) {
            (Style::new().fg(Color::Yellow), format!("was {old}"))
        } else {
            (Style::new(), String::new())
        };
        out.push(
            Row::new(vec![
                Cell::from(k.to_str()),
                Cell::from(v.repr()),
                Cell::from(note),
            ])
            .style(style),
        );
    }
    let t = Table::new(
        out,
        [
            Constraint::Percentage(40),
            Constraint::Percentage(35),
            Constraint::Percentage(25),
        ],
    )
    .header(
        Row::new(vec!["key", "state", "this batch"])
            .style(Style::new().add_modifier(Modifier::BOLD)),
    )
    .block(b);
    f.render_widget(t, r);
    let _ = Line::raw("");
}
