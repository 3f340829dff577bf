//! State: the keys and values of an `updateStateByKey` stream, sorted by
//! value or key, with this batch's changes coloured (added green, updated
//! yellow with the old value, removed red).

use std::collections::{HashMap, HashSet};

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::block;
use crate::lang::ops::py_cmp;
use crate::lang::value::Value;
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
    let mut rows: Vec<(&crate::lang::value::Value, &crate::lang::value::Value)> =
        table.rows.values().map(|(k, v)| (k, v)).collect();
    match app.state_sort {
        StateSort::ByKey => {
            rows.sort_by(|a, b| py_cmp(a.0, b.0).unwrap_or_else(|_| a.0.repr().cmp(&b.0.repr())))
        }
        StateSort::ByValue => rows.sort_by(|a, b| {
            py_cmp(b.1, a.1)
                .unwrap_or_else(|_| b.1.repr().cmp(&a.1.repr()))
                .then_with(|| a.0.repr().cmp(&b.0.repr()))
        }),
    }
    let mut out: Vec<Row> = Vec::new();
    if let Some(d) = diff {
        for (k, old) in &d.removed {
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
    // This batch's changes by key, looked up once per row: comparing every
    // row with every change made a 10,000-key first batch take seconds a frame.
    let added: HashSet<String> = diff
        .map(|d| d.added.iter().map(|(k, _)| k.repr()).collect())
        .unwrap_or_default();
    let updated: HashMap<String, &Value> = diff
        .map(|d| {
            d.updated
                .iter()
                .map(|(k, old, _)| (k.repr(), old))
                .collect()
        })
        .unwrap_or_default();
    for (k, v) in rows {
        let repr = k.repr();
        let (style, note) = if added.contains(&repr) {
            (Style::new().fg(Color::Green), "added".to_string())
        } else if let Some(old) = updated.get(&repr) {
            (
                Style::new().fg(Color::Yellow),
                format!("was {}", old.repr()),
            )
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
