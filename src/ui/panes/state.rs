//! State: the keys and values of an `updateStateByKey` stream, sorted by
//! value or key. Each key has a sparkline of the values it took (one bar per
//! batch that changed it); this batch's changes are marked with a symbol and
//! a colour, so they read without colour too: `+` added (green), `~` updated
//! (yellow, with the old value), `-` removed (red, crossed out). Values are
//! written with `repr`; keys as `print` writes them unless that would hide
//! them (`''` for the empty string).

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, PaneId, StateSort};
use crate::ui::state_view::{key_text, HISTORY};

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
        &format!(
            "({} key{}, {sort}{more})",
            table.rows.len(),
            if table.rows.len() == 1 { "" } else { "s" }
        ),
    );
    let diff = table.last.as_ref();
    // The sparkline's width: a fifth of the pane, 3 to HISTORY columns.
    let spark_w = (r.width.saturating_sub(2) / 5).clamp(3, HISTORY as u16);
    // Only the rows that fit are built (borders and header take 3 lines).
    let fit = r.height.saturating_sub(3) as usize;
    let mut out: Vec<Row> = Vec::new();
    if let Some(d) = diff {
        for (k, old) in d.removed.iter().take(fit) {
            out.push(
                Row::new(vec![
                    Cell::from(format!("- {}", key_text(k))),
                    Cell::from(old.repr()),
                    Cell::from(""),
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
        let (style, mark, note) = if table.added.contains(repr) {
            (Style::new().fg(Color::Green), '+', "added".to_string())
        } else if let Some(old) = table.updated.get(repr) {
            (Style::new().fg(Color::Yellow), '~', format!("was {old}"))
        } else {
            (Style::new(), ' ', String::new())
        };
        out.push(
            Row::new(vec![
                Cell::from(format!("{mark} {}", key_text(k))),
                Cell::from(v.repr()),
                Cell::from(tail(&table.history.sparkline(repr), spark_w)),
                Cell::from(note),
            ])
            .style(style),
        );
    }
    let t = Table::new(
        out,
        [
            Constraint::Percentage(30),
            Constraint::Percentage(22),
            Constraint::Length(spark_w),
            Constraint::Fill(1),
        ],
    )
    .header(
        Row::new(vec!["  key", "state", "history", "this batch"])
            .style(Style::new().add_modifier(Modifier::BOLD)),
    )
    .block(b);
    f.render_widget(t, r);
}

/// The last `n` characters of `s` (the newest values of a sparkline).
fn tail(s: &str, n: u16) -> String {
    let len = s.chars().count();
    s.chars().skip(len.saturating_sub(n as usize)).collect()
}
