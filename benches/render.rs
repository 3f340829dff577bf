//! How fast the UI draws and absorbs events (a benchmark, not a timed test).
//!
//! - a full frame at 160x48 with 1,000 batches of history, a 10,000-key state
//!   table, windows, output and a graph (goal: under 2 ms median);
//! - producer `LineSent` events through `update()` per second (the UI must keep
//!   up with a producer at 100,000 lines per second and still draw 30 frames).
//!
//! `cargo bench --bench render`

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use streamlab::engine::events::{BatchInfo, EngineEvent, OutputEvent, StateDiff, WindowSpan};
use streamlab::lang::value::Value;
use streamlab::producer::{LineOrigin, ProducerEvent};
use streamlab::ui::app::{update, App, GraphNode, GraphView, Msg};

const ZERO: i64 = 1_735_689_600_000;

fn busy_app() -> App {
    let mut app = App::new();
    update(
        &mut app,
        Msg::Engine(EngineEvent::Started {
            zero_ms: ZERO,
            batch_ms: 1000,
        }),
    );
    update(
        &mut app,
        Msg::Graph(GraphView {
            nodes: vec![
                GraphNode {
                    id: 0,
                    label: "socketTextStream".into(),
                    op: "socketTextStream".into(),
                    parents: vec![],
                    shuffle: false,
                    window: None,
                },
                GraphNode {
                    id: 1,
                    label: "flatMap".into(),
                    op: "flatMap".into(),
                    parents: vec![0],
                    shuffle: false,
                    window: None,
                },
                GraphNode {
                    id: 2,
                    label: "map".into(),
                    op: "map".into(),
                    parents: vec![1],
                    shuffle: false,
                    window: None,
                },
                GraphNode {
                    id: 3,
                    label: "reduceByKeyAndWindow".into(),
                    op: "reduceByKeyAndWindow".into(),
                    parents: vec![2],
                    shuffle: true,
                    window: Some((30_000, 10_000)),
                },
                GraphNode {
                    id: 4,
                    label: "updateStateByKey".into(),
                    op: "updateStateByKey".into(),
                    parents: vec![2],
                    shuffle: true,
                    window: None,
                },
            ],
            outputs: vec![(3, "pprint()".into()), (4, "pprint()".into())],
        }),
    );
    for b in 0..1000u64 {
        let t = ZERO + (b as i64 + 1) * 1000;
        // The first batch adds 10,000 keys; later ones update 50 of them.
        let mut diff = StateDiff {
            node: 4,
            label: "updateStateByKey".into(),
            size: 10_000,
            ..StateDiff::default()
        };
        if b == 0 {
            diff.added = (0..10_000)
                .map(|k| (Value::str(&format!("key{k}")), Value::Int(1)))
                .collect();
        } else {
            diff.updated = (0..50)
                .map(|k| {
                    (
                        Value::str(&format!("key{}", (k * 97 + b as usize) % 10_000)),
                        Value::Int(1),
                        Value::Int(b as i64),
                    )
                })
                .collect();
        }
        let records: Vec<Value> = (0..20)
            .map(|k| Value::tuple(vec![Value::str(&format!("w{k}")), Value::Int(k)]))
            .collect();
        update(
            &mut app,
            Msg::Engine(EngineEvent::Output(OutputEvent {
                batch: b,
                time_ms: t,
                output: 0,
                pprint_num: Some(10),
                result: Ok(records),
            })),
        );
        update(
            &mut app,
            Msg::Engine(EngineEvent::BatchCompleted(BatchInfo {
                batch: b,
                time_ms: t,
                input_records: 120,
                node_records: vec![(0, 120), (1, 900), (2, 900), (3, 400), (4, 10_000)],
                samples: vec![
                    (0, vec!["'a line of words'".into(); 6]),
                    (3, vec!["('w1', 3)".into(); 6]),
                ],
                scheduling_delay_ms: b % 7,
                processing_ms: 20 + b % 13,
                errors: Vec::new(),
                windows: vec![WindowSpan {
                    node: 3,
                    label: "reduceByKeyAndWindow".into(),
                    window_ms: 30_000,
                    slide_ms: 10_000,
                    covers: Some((t - 29_000, t)),
                    emitted: (b + 1) % 10 == 0,
                    left: vec![t - 39_000],
                    entered: vec![t - 9_000, t],
                    incremental: Some(true),
                }],
                states: vec![diff],
            })),
        );
    }
    app
}

fn main() {
    let app = busy_app();
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    // Warm up, then time single frames.
    for _ in 0..5 {
        term.draw(|f| streamlab::ui::panes::render(&app, f))
            .expect("draw");
    }
    let mut times: Vec<f64> = (0..100)
        .map(|_| {
            let t = Instant::now();
            term.draw(|f| streamlab::ui::panes::render(&app, f))
                .expect("draw");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];

    // Producer events through update(): as many as it absorbs in one second.
    let mut app = App::new();
    let addr: SocketAddr = "127.0.0.1:9999".parse().expect("addr");
    update(&mut app, Msg::Producer(ProducerEvent::Listening { addr }));
    let line: Arc<str> = Arc::from("the river ran past the mill and the mill turned the stone");
    let n = 1_000_000u64;
    let t = Instant::now();
    for seq in 0..n {
        update(
            &mut app,
            Msg::Producer(ProducerEvent::LineSent {
                client: 1,
                seq,
                origin: LineOrigin::Source {
                    line: seq as usize,
                    pass: 1,
                },
                line: line.clone(),
            }),
        );
    }
    let per_sec = n as f64 / t.elapsed().as_secs_f64();

    println!("UI benchmark (160x48, 1,000 batches of history, 10,000-key state):");
    println!(
        "  full frame: median {median:.2} ms, p90 {:.2} ms  (goal: median < 2 ms)",
        times[times.len() * 9 / 10]
    );
    println!("  producer events absorbed by update(): {:.0}/s  (a producer at 100,000 lines/s needs 100,000/s)", per_sec);
    println!(
        "  at 100,000 lines/s the loop spends {:.1} ms per second on events, leaving the rest for frames",
        100_000.0 / per_sec * 1000.0
    );
}
