//! Stats: the figures of Spark's Streaming tab over recent batches, with
//! sparklines: input rate, scheduling delay, processing time, total delay.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;

use super::{block, spark_duration};
use crate::ui::app::{App, PaneId};
use crate::ui::panes::timeline::batch_records;

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let n = app.batches.len();
    let b = block(app, PaneId::Stats, &format!("(last {n} batches)"));
    let inner = b.inner(r);
    f.render_widget(b, r);
    if n == 0 {
        f.render_widget(
            Paragraph::new("Streaming statistics appear once batches complete.")
                .style(Style::new().fg(Color::DarkGray)),
            inner,
        );
        return;
    }
    let interval = app.clock.batch_ms.max(1) as f64;
    let rates: Vec<u64> = app
        .batches
        .iter()
        .map(|b| (batch_records(app, b) as f64 * 1000.0 / interval) as u64)
        .collect();
    let sched: Vec<u64> = app.batches.iter().map(|b| b.scheduling_delay_ms).collect();
    let proc_: Vec<u64> = app.batches.iter().map(|b| b.processing_ms).collect();
    let total: Vec<u64> = app
        .batches
        .iter()
        .map(|b| b.scheduling_delay_ms + b.processing_ms)
        .collect();
    let avg = |v: &[u64]| v.iter().sum::<u64>() as f64 / v.len().max(1) as f64;
    let rows = [
        (
            format!("Input Rate  avg {:.2} records/sec", avg(&rates)),
            rates,
            Color::Green,
        ),
        (
            format!("Scheduling Delay  avg {}", spark_duration(avg(&sched))),
            sched,
            Color::Yellow,
        ),
        (
            format!("Processing Time  avg {}", spark_duration(avg(&proc_))),
            proc_,
            Color::Cyan,
        ),
        (
            format!("Total Delay  avg {}", spark_duration(avg(&total))),
            total,
            Color::Magenta,
        ),
    ];
    let areas = Layout::vertical([Constraint::Ratio(1, 4); 4]).split(inner);
    for ((title, data, color), area) in rows.into_iter().zip(areas.iter()) {
        if area.height == 0 {
            continue;
        }
        let [t, s] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(*area);
        f.render_widget(Paragraph::new(Line::raw(title)), t);
        let width = s.width as usize;
        let tail: Vec<u64> = data
            .iter()
            .skip(data.len().saturating_sub(width))
            .copied()
            .collect();
        f.render_widget(
            Sparkline::default()
                .data(&tail)
                .style(Style::new().fg(color)),
            s,
        );
    }
}
