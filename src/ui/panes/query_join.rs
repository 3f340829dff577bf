//! The Query pane's join view: both inputs of a join side by side, the rows
//! the join produced in the last trigger, and, for a stream-stream join,
//! the state each side holds. Everything comes from the trigger's
//! [`JoinView`]; a stream-static join fills `static_side` and leaves the
//! state tables empty, a stream-stream join fills the state.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::query::{cells, feed_hint, widths, wrap};
use crate::structured::report::{JoinView, Table};
use crate::ui::app::QueryView;

/// Draw the join view in `r`; the rest of the pane (the result table) goes
/// in the area returned.
pub fn draw(q: &QueryView, j: &JoinView, f: &mut Frame, r: Rect) -> Rect {
    // The joined rows get room for what they hold (title and header
    // included), up to a third of the pane (a quarter beside a
    // stream-stream join's state), at least one row.
    let fate = fate(j).map_or(0, |t| {
        wrap(&t, r.width as usize, "  ", Style::new()).len() as u16
    });
    let share = if j.static_side.is_some() { 3 } else { 4 };
    let joined_h = (j.joined.rows.len() as u16)
        .saturating_add(2 + fate)
        .clamp(3 + fate, (r.height / share).max(3 + fate));
    let [top, joined, rest] = Layout::vertical([
        Constraint::Percentage(if j.static_side.is_some() { 36 } else { 50 }),
        Constraint::Length(joined_h),
        Constraint::Min(2),
    ])
    .areas(r);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(1)
            .areas(top);
    for (area, is_left) in [(left, true), (right, false)] {
        side(q, j, is_left, f, area);
    }
    joined_rows(j, q.batch, f, joined);
    rest
}

/// One side: the stream's rows of this trigger (with, for a stream-stream
/// join, the state it holds below), or the static DataFrame.
fn side(q: &QueryView, j: &JoinView, is_left: bool, f: &mut Frame, r: Rect) {
    let name = if is_left { "left" } else { "right" };
    let input = if is_left { &j.left } else { &j.right };
    match &j.static_side {
        Some(st) if st.left == is_left => {
            // The side a table is drawn on is the join's side.
            let mut title = format!("Static: {} row{}", st.rows, plural(st.rows));
            // Where it came from (a path by its last part), when it fits.
            let origin = st.origin.trim_end_matches('/');
            let origin = match origin.rsplit_once('/') {
                Some((_, last)) if !origin.starts_with("table ") => last,
                _ => origin,
            };
            let named = format!("{title} · {origin}");
            if !origin.is_empty() && named.chars().count() <= r.width as usize {
                title = named;
            }
            let note = (st.rows == 0)
                .then(|| "the static DataFrame is empty: no stream row can match".to_string());
            table(
                f,
                r,
                &title,
                (input, st.rows),
                Vec::new(),
                note,
                (Style::new().fg(Color::Gray), "  ", false),
            );
        }
        Some(_) => {
            let title = format!("Stream: +{} row{}", j.stream_rows, plural(j.stream_rows));
            let note = (j.stream_rows == 0).then(|| {
                if q.input_total == 0 {
                    format!("no rows yet; {}", feed_hint(&q.source))
                } else {
                    format!("no rows reached the join in batch {}", q.batch)
                }
            });
            table(
                f,
                r,
                &title,
                (input, j.stream_rows),
                Vec::new(),
                note,
                (
                    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                    "▶ ",
                    false,
                ),
            );
        }
        None => {
            // A stream-stream join: this trigger's rows over the state held.
            let state = if is_left {
                &j.left_state
            } else {
                &j.right_state
            };
            let held = if is_left { j.held.0 } else { j.held.1 };
            let [a, b] =
                Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(r);
            let mut title = format!(
                "{} input: +{} in batch {}",
                capitalised(name),
                input.rows.len(),
                q.batch
            );
            if title.chars().count() > r.width as usize {
                // (The batch is in the pane's title.)
                title = format!("{} input: +{}", capitalised(name), input.rows.len());
            }
            table(
                f,
                a,
                &title,
                (input, 0),
                Vec::new(),
                None,
                (Style::new().fg(Color::Green), "  ", false),
            );
            let note = (held == 0).then(|| "nothing held".to_string());
            table(
                f,
                b,
                &format!("{} state: {held} held", capitalised(name)),
                (state, held),
                Vec::new(),
                note,
                (Style::new().fg(Color::Gray), "  ", true),
            );
        }
    }
}

/// The rows the join produced in this trigger, under a line saying what
/// became of the stream's rows.
fn joined_rows(j: &JoinView, batch: u64, f: &mut Frame, r: Rect) {
    // (A join that fills only the table counts its rows.)
    let joined_n = j.joined_rows.max(j.joined.rows.len());
    let on = if j.on.is_empty() {
        String::new()
    } else {
        format!(" on {}", j.on.join(", "))
    };
    let how = if j.how.is_empty() {
        "Join".to_string()
    } else {
        format!("{} join", j.how)
    };
    let out = format!(": {joined_n} row{} out", plural(joined_n));
    // How Spark joins a static side, when the line has room for it.
    let title = match &j.static_side {
        Some(st) => {
            let long = format!("{how}{on} ({}){out}", st.strategy);
            if long.chars().count() <= r.width as usize {
                long
            } else {
                format!("{how}{on}{out}")
            }
        }
        None if j.how.is_empty() => {
            format!(
                "Joined in batch {batch}: {joined_n} row{}",
                plural(joined_n)
            )
        }
        None => format!("{how}{on}{out}"),
    };
    let more = fate(j)
        .map(|text| {
            wrap(
                &text,
                r.width as usize,
                "  ",
                Style::new().fg(if j.unmatched > 0 {
                    Color::Yellow
                } else {
                    Color::DarkGray
                }),
            )
        })
        .unwrap_or_default();
    let note = (joined_n == 0).then(|| {
        if j.stream_rows == 0 {
            "nothing to join in this batch".to_string()
        } else {
            "no row came out: no stream row matched".to_string()
        }
    });
    table(
        f,
        r,
        &title,
        (&j.joined, joined_n),
        more,
        note,
        (Style::new().fg(Color::Cyan), "  ", false),
    );
}

/// What became of a stream-static join's unmatched stream rows, for the
/// line under the joined rows' title.
fn fate(j: &JoinView) -> Option<String> {
    if j.static_side.is_none() || j.stream_rows == 0 {
        return None;
    }
    let what = match j.how.as_str() {
        "LeftOuter" | "RightOuter" | "FullOuter" => ": NULL-padded",
        "LeftAnti" => ": kept",
        "Inner" | "Cross" | "LeftSemi" => ": dropped",
        _ => "",
    };
    Some(format!(
        "  {} of {} stream row{} unmatched{what}",
        j.unmatched,
        j.stream_rows,
        plural(j.stream_rows)
    ))
}

/// A titled table in `r`: its header and first rows (with `…` and the count
/// of the others when they do not fit), or `note` in place of the rows.
fn table(
    f: &mut Frame,
    r: Rect,
    title: &str,
    (t, total): (&Table, usize),
    more: Vec<Line<'static>>,
    note: Option<String>,
    (style, mark, newest): (Style, &str, bool),
) {
    if r.height == 0 {
        return;
    }
    let mut lines = wrap(
        title,
        r.width as usize,
        "  ",
        Style::new().add_modifier(Modifier::BOLD),
    );
    lines.extend(more);
    let room = (r.height as usize).saturating_sub(lines.len() + 1);
    let width = (r.width as usize).saturating_sub(mark.chars().count());
    if let Some(note) = note {
        lines.extend(wrap(
            &format!("  {note}"),
            r.width as usize,
            "  ",
            Style::new().fg(Color::DarkGray),
        ));
        f.render_widget(Paragraph::new(lines), r);
        return;
    }
    let total = total.max(t.rows.len());
    // With room for one row, the row; else the rows that fit and a line
    // counting the others.
    let shown = if total > room && room > 1 {
        room - 1
    } else {
        room.min(t.rows.len())
    };
    // A state table shows its newest rows, the others their first.
    let skip = if newest {
        t.rows.len().saturating_sub(shown)
    } else {
        0
    };
    let rows: Vec<&Vec<String>> = t.rows.iter().skip(skip).take(shown).collect();
    let w = widths(&t.columns, &rows, width);
    lines.push(Line::styled(
        format!(
            "{}{}",
            " ".repeat(mark.chars().count()),
            cells(&t.columns, &w)
        ),
        Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::UNDERLINED),
    ));
    for row in rows {
        lines.push(Line::styled(format!("{mark}{}", cells(row, &w)), style));
    }
    if total > shown && room > 1 {
        lines.push(Line::styled(
            format!("  … {} more", total - shown),
            Style::new().fg(Color::DarkGray),
        ));
    }
    f.render_widget(Paragraph::new(lines), r);
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn table(columns: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    /// A stream-stream join fills the view as its engine does (inputs,
    /// joined rows, state per side, rows held; no static side): the view
    /// draws each side's state under its input.
    #[test]
    fn a_stream_stream_join_shows_the_state_held_per_side() {
        let j = JoinView {
            left: table(&["ad", "t"], &[&["a1", "12:00"]]),
            right: table(&["ad", "click"], &[&["a1", "12:01"], &["a2", "12:02"]]),
            joined: table(&["ad", "t", "click"], &[&["a1", "12:00", "12:01"]]),
            left_state: table(&["ad", "t"], &[&["a0", "11:58"], &["a1", "12:00"]]),
            right_state: table(&["ad", "click"], &[&["a1", "12:01"], &["a2", "12:02"]]),
            held: (2, 2),
            ..JoinView::default()
        };
        let q = QueryView::new();
        let mut term = Terminal::new(TestBackend::new(70, 22)).unwrap();
        term.draw(|f| {
            draw(&q, &j, f, f.area());
        })
        .unwrap();
        let s = term.backend().to_string();
        for want in [
            "Left input: +1 in batch 0",
            "Right input: +2 in batch 0",
            "Left state: 2 held",
            "Right state: 2 held",
            "Joined in batch 0: 1 row",
            "a0",
        ] {
            assert!(s.contains(want), "{want}:\n{s}");
        }
        assert!(!s.contains("unmatched"), "no static side:\n{s}");
    }
}
