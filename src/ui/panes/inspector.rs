//! The batch inspector (Enter in the Batches pane): one batch of the
//! learner's own pipeline, as the Spark UI's batch detail shows a batch —
//! its time and timings, then every stream of the graph in creation order
//! with what it computed in that batch (count and first records), the
//! windows' spans, the state changes and the failed outputs. Left/Right move
//! to the batch before or after, Up/Down/PgUp/PgDn scroll; Esc closes it.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::engine::events::{BatchInfo, SAMPLE_RECORDS};
use crate::engine::graph::NodeId;
use crate::ui::app::App;

use crate::ui::theme::count as plural;

/// The inspector's lines for batch `b` (a pure function, tested below).
pub fn lines(app: &App, b: &BatchInfo) -> Vec<Line<'static>> {
    let time = |t: i64| crate::cli::printer::elapsed(t - app.clock.zero_ms);
    let head = Style::new().add_modifier(Modifier::BOLD);
    let dim = Style::new().fg(Color::DarkGray);
    let record = Style::new().fg(Color::White).bg(Color::DarkGray);
    let count_of = |id: NodeId| {
        b.node_records
            .iter()
            .find(|(n, _)| *n == id)
            .map(|(_, c)| *c)
    };
    let samples_of = |id: NodeId| -> &[String] {
        b.samples
            .iter()
            .find(|(n, _)| *n == id)
            .map_or(&[], |(_, v)| v.as_slice())
    };
    let input = super::timeline::batch_records(app, b);
    let index = app.picked().map(|i| i + 1).unwrap_or(app.batches.len());
    let mut out = vec![
        Line::styled(
            format!(
                "Batch {} at {} · {} in · {} of {} kept",
                b.batch,
                time(b.time_ms),
                plural(input, "record", "records"),
                index,
                app.batches.len()
            ),
            head,
        ),
        Line::raw(format!(
            "scheduling delay {} · processing {} · total {}",
            super::spark_duration(b.scheduling_delay_ms as f64),
            super::spark_duration(b.processing_ms as f64),
            super::spark_duration((b.scheduling_delay_ms + b.processing_ms) as f64),
        )),
        Line::styled(
            "Left/Right: the batch before/after · Esc closes the inspector",
            dim,
        ),
    ];
    // The streams in the graph's order; before the graph is known, the
    // nodes the batch reports.
    let nodes: Vec<(NodeId, String, usize)> = match &app.graph {
        Some(g) => g
            .nodes
            .iter()
            .map(|n| {
                let depth = depth(g, n.id).min(4);
                let label = match n.window {
                    Some((w, s)) => format!(
                        "{} [{}s/{}s]",
                        n.label,
                        w as f64 / 1000.0,
                        s as f64 / 1000.0
                    ),
                    None => n.label.clone(),
                };
                (n.id, label, depth)
            })
            .collect(),
        None => b
            .node_records
            .iter()
            .map(|(id, _)| (*id, format!("stream {id}"), 0))
            .collect(),
    };
    for (id, label, depth) in nodes {
        out.push(Line::raw(""));
        let pad = "  ".repeat(depth);
        let arrow = if depth > 0 { "└▶ " } else { "" };
        let Some(count) = count_of(id) else {
            out.push(Line::from(vec![
                Span::styled(format!("{pad}{arrow}{label}"), head),
                Span::styled("  not computed in this batch", dim),
            ]));
            continue;
        };
        let mut title = vec![
            Span::styled(format!("{pad}{arrow}{label}"), head),
            Span::raw(format!("  {}", plural(count, "record", "records"))),
        ];
        if let Some(w) = b.windows.iter().find(|w| w.node == id) {
            let mut what = String::new();
            if let Some((a, z)) = w.covers {
                what.push_str(&format!("  window {}–{}", time(a), time(z)));
            }
            match w.incremental {
                Some(true) => what.push_str(", incremental"),
                Some(false) => what.push_str(", recomputed"),
                None => {}
            }
            if !w.left.is_empty() || !w.entered.is_empty() {
                what.push_str(&format!(
                    " (-{} +{})",
                    plural(w.left.len(), "batch", "batches"),
                    plural(w.entered.len(), "batch", "batches")
                ));
            }
            title.push(Span::styled(what, dim));
        }
        out.push(Line::from(title));
        let samples = samples_of(id);
        for r in samples {
            out.push(Line::from(vec![
                Span::raw(format!("{pad}   ")),
                Span::styled(r.clone(), record),
            ]));
        }
        if samples.is_empty() && count > 0 {
            out.push(Line::styled(
                format!("{pad}   (its records were not kept for this batch)"),
                dim,
            ));
        } else if count > samples.len() {
            out.push(Line::styled(
                format!(
                    "{pad}   … {} more (the first {SAMPLE_RECORDS} of each stream are kept)",
                    count - samples.len()
                ),
                dim,
            ));
        }
    }
    for d in &b.states {
        out.push(Line::raw(""));
        out.push(Line::styled(
            format!(
                "{}: +{} added, ~{} updated, -{} removed, {} held",
                d.label,
                d.added.len(),
                d.updated.len(),
                d.removed.len(),
                plural(d.size, "key", "keys")
            ),
            head,
        ));
    }
    for (output, e) in &b.errors {
        out.push(Line::raw(""));
        out.push(Line::styled(
            format!("output {output} failed: {}: {}", e.type_name(), e.msg),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    out
}

/// How many parents a node is below its source (first parent chain).
fn depth(g: &crate::ui::app::GraphView, id: NodeId) -> usize {
    let mut d = 0;
    let mut at = id;
    while let Some(p) = g
        .nodes
        .iter()
        .find(|n| n.id == at)
        .and_then(|n| n.parents.first())
    {
        d += 1;
        at = *p;
        if d > g.nodes.len() {
            break;
        }
    }
    d
}

pub fn draw(app: &App, b: &BatchInfo, f: &mut Frame, r: Rect) {
    f.render_widget(
        Paragraph::new(lines(app, b))
            .wrap(Wrap { trim: false })
            .scroll((app.inspect_scroll, 0)),
        r,
    );
}
