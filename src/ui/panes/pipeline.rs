//! Pipeline: the DStream graph as the learner built it, each stream with the
//! records it produced in the last batch; a `═══ shuffle ═══` line where
//! records move between partitions by key (a new stage in Spark's terms).

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, GraphView, PaneId};

/// The graph as lines: sources first, each child indented under its parent.
pub fn lines(g: &GraphView, counts: &[(usize, usize)]) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let count = |id: usize| counts.iter().find(|(n, _)| *n == id).map(|(_, c)| *c);
    fn walk(
        g: &GraphView,
        id: usize,
        depth: usize,
        count: &dyn Fn(usize) -> Option<usize>,
        out: &mut Vec<Line<'static>>,
        seen: &mut Vec<usize>,
    ) {
        let Some(n) = g.nodes.iter().find(|n| n.id == id) else {
            return;
        };
        let pad = "  ".repeat(depth);
        if n.shuffle && depth > 0 {
            out.push(Line::styled(
                format!("{pad}═══ shuffle (new stage) ═══"),
                Style::new().fg(Color::DarkGray),
            ));
        }
        let arrow = if depth == 0 { "" } else { "└▶ " };
        let name = if n.label == n.op {
            n.op.clone()
        } else {
            format!("{} ({})", n.label, n.op)
        };
        let name = match n.window {
            Some((w, s)) => format!("{name} [{}s/{}s]", w as f64 / 1000.0, s as f64 / 1000.0),
            None => name,
        };
        let c = match count(id) {
            Some(c) => format!("  {}", crate::ui::theme::count(c, "record", "records")),
            None => String::new(),
        };
        let mut spans = vec![
            Span::raw(format!("{pad}{arrow}")),
            Span::styled(name, Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(c, Style::new().fg(Color::Yellow)),
        ];
        for (node, what) in &g.outputs {
            if *node == id {
                spans.push(Span::styled(
                    format!("  ▶ {what}"),
                    Style::new().fg(Color::Green),
                ));
            }
        }
        out.push(Line::from(spans));
        if seen.contains(&id) {
            return;
        }
        seen.push(id);
        for child in g.nodes.iter().filter(|c| c.parents.first() == Some(&id)) {
            walk(g, child.id, depth + 1, count, out, seen);
        }
    }
    let mut seen = Vec::new();
    for src in g.nodes.iter().filter(|n| n.parents.is_empty()) {
        walk(g, src.id, 0, &count, &mut out, &mut seen);
    }
    out
}

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let b = block(app, PaneId::Pipeline, "");
    let Some(g) = &app.graph else {
        f.render_widget(
            Paragraph::new("The DStream graph appears here when the stream starts.")
                .style(Style::new().fg(Color::DarkGray))
                .block(b),
            r,
        );
        return;
    };
    let counts = app
        .batches
        .last()
        .map(|b| b.node_records.clone())
        .unwrap_or_default();
    // Wrap, so the `▶ pprint` at the end of a deep line is not cut off.
    f.render_widget(
        Paragraph::new(lines(g, &counts))
            .wrap(Wrap { trim: false })
            .block(b),
        r,
    );
}
