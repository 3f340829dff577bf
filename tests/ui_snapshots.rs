//! The whole terminal UI as insta snapshots of ratatui's `TestBackend`, at
//! named moments. Every state is built the way the real loop builds it: keys,
//! engine and producer events and REPL results go through `update()`.
//!
//! Batch times are printed in local time (pprint's `Time:` line, the status
//! bar); [`screen`] rewrites every such timestamp to UTC so the snapshots do
//! not depend on the machine's zone.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::{Local, NaiveDateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use streamlab::engine::events::{BatchInfo, EngineEvent, OutputEvent, StateDiff, WindowSpan};
use streamlab::lang::ast::Span;
use streamlab::lang::diag::Diagnostic;
use streamlab::lang::value::{Exc, TaskInfo, Value};
use streamlab::producer::{LineOrigin, ProducerEvent};
use streamlab::session::live::Entered;
use streamlab::ui::app::{update, App, GraphNode, GraphView, Msg, PaneId};

/// 2025-01-01 00:00:00 UTC.
const ZERO: i64 = 1_735_689_600_000;
const SEC: i64 = 1000;

// ---------------------------------------------------------------- drawing

/// Draw the app at `w`x`h` and return the screen as text, one quoted row per
/// line, timestamps rewritten to UTC.
fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| streamlab::ui::panes::render(app, f))
        .unwrap();
    to_utc(&terminal.backend().to_string())
}

/// Rewrite every `YYYY-MM-DD hh:mm:ss` (a local time) as the same instant in
/// UTC. Same width, so the layout in the snapshot is the real one.
fn to_utc(s: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-dd dd:dd:dd";
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let fits = i + SHAPE.len() <= b.len()
            && SHAPE.iter().zip(&b[i..i + SHAPE.len()]).all(|(p, c)| {
                if *p == b'd' {
                    c.is_ascii_digit()
                } else {
                    p == c
                }
            });
        if fits {
            let local = &s[i..i + SHAPE.len()];
            let utc = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S")
                .ok()
                .and_then(|n| Local.from_local_datetime(&n).earliest())
                .map(|t| {
                    t.with_timezone(&Utc)
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string()
                })
                .unwrap_or_else(|| local.to_string());
            out.push_str(&utc);
            i += SHAPE.len();
        } else {
            let c = s[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The screen's rows without the quotes `TestBackend` puts around them.
fn rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .map(|l| {
            let l = l.strip_prefix('"').unwrap_or(l);
            l[..l.rfind('"').unwrap_or(l.len())].to_string()
        })
        .collect()
}

/// Column (in chars) where `needle` starts in `row`.
fn col_of(row: &str, needle: &str) -> Option<usize> {
    row.find(needle).map(|b| row[..b].chars().count())
}

// ---------------------------------------------------------------- driving

fn key(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn tab(app: &mut App, times: usize) {
    for _ in 0..times {
        key(app, KeyCode::Tab);
    }
}

/// Type an entry in the REPL, press Enter, and answer with `result`, as the
/// loop does after running it.
fn enter(app: &mut App, input: &str, result: Entered) {
    enter_started(app, input, result, false);
}

/// As [`enter`]; `started` says whether the entry started a StreamingContext
/// (the loop reads it from the session's facts).
fn enter_started(app: &mut App, input: &str, result: Entered, started: bool) {
    update(app, Msg::Paste(input.to_string()));
    key(app, KeyCode::Enter);
    update(
        app,
        Msg::Entered {
            input: input.to_string(),
            result,
            started,
            stopped: false,
            graph: None,
        },
    );
}

fn ok(app: &mut App, input: &str) {
    enter(app, input, Entered::Ok { echo: None });
}

/// An entry that started the stream.
fn ok_start(app: &mut App, input: &str) {
    enter_started(app, input, Entered::Ok { echo: None }, true);
}

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn producer_listening(app: &mut App) {
    update(
        app,
        Msg::Producer(ProducerEvent::Listening {
            addr: addr("127.0.0.1:9999"),
        }),
    );
}

fn producer_connected(app: &mut App) {
    update(
        app,
        Msg::Producer(ProducerEvent::ClientConnected {
            client: 1,
            addr: addr("127.0.0.1:51324"),
        }),
    );
}

fn line_sent(app: &mut App, seq: u64, line: &str, origin: LineOrigin) {
    update(
        app,
        Msg::Producer(ProducerEvent::LineSent {
            client: 1,
            seq,
            origin,
            line: Arc::from(line),
        }),
    );
}

fn t(word: &str, n: i64) -> Value {
    Value::tuple(vec![Value::str(word), Value::Int(n)])
}

fn node(
    id: usize,
    label: &str,
    op: &str,
    parents: &[usize],
    shuffle: bool,
    window: Option<(i64, i64)>,
) -> GraphNode {
    GraphNode {
        id,
        label: label.to_string(),
        op: op.to_string(),
        parents: parents.to_vec(),
        shuffle,
        window,
    }
}

/// A batch at index `i` (time `ZERO + (i + 1) s`), with `input` records read
/// by the source (node 0), and fixed delays.
fn batch(i: u64, input: usize) -> BatchInfo {
    BatchInfo {
        batch: i,
        time_ms: ZERO + (i as i64 + 1) * SEC,
        input_records: input,
        samples: vec![(
            0,
            (0..input.min(6))
                .map(|k| format!("'line {i}.{k}'"))
                .collect(),
        )],
        node_records: vec![
            (0, input),
            (1, input * 4),
            (2, input * 4),
            (3, (input * 2).min(9)),
        ],
        scheduling_delay_ms: 2 + i % 3,
        processing_ms: 40 + (i * 7) % 30,
        errors: Vec::new(),
        windows: Vec::new(),
        states: Vec::new(),
    }
}

fn completed(app: &mut App, b: BatchInfo) {
    update(app, Msg::Engine(EngineEvent::BatchCompleted(b)));
}

fn pprint(app: &mut App, i: u64, records: Vec<Value>) {
    update(
        app,
        Msg::Engine(EngineEvent::Output(OutputEvent {
            batch: i,
            time_ms: ZERO + (i as i64 + 1) * SEC,
            output: 0,
            pprint_num: Some(10),
            result: Ok(records),
        })),
    );
}

fn started(app: &mut App) {
    update(
        app,
        Msg::Engine(EngineEvent::Started {
            zero_ms: ZERO,
            batch_ms: SEC,
        }),
    );
}

/// The classic socket word count, typed in the REPL and started.
fn word_count_program(app: &mut App) {
    producer_listening(app);
    update(
        app,
        Msg::Producer(ProducerEvent::PaceChanged(
            streamlab::producer::Pace::Delay(std::time::Duration::from_secs(1)),
        )),
    );
    ok(app, "lines = ssc.socketTextStream(\"localhost\", 9999)");
    ok(app, "words = lines.flatMap(lambda line: line.split(\" \"))");
    ok(app, "pairs = words.map(lambda w: (w, 1))");
    ok(app, "counts = pairs.reduceByKey(lambda a, b: a + b)");
    ok(app, "counts.pprint()");
    update(
        app,
        Msg::Graph(GraphView {
            nodes: vec![
                node(0, "socketTextStream", "socketTextStream", &[], false, None),
                node(1, "flatMap", "flatMap", &[0], false, None),
                node(2, "map", "map", &[1], false, None),
                node(3, "reduceByKey", "reduceByKey", &[2], true, None),
            ],
            outputs: vec![(3, "pprint".to_string())],
        }),
    );
    started(app);
    ok_start(app, "ssc.start()");
    producer_connected(app);
}

const LINES: [&str; 6] = [
    "spark streaming is fun",
    "spark is fast",
    "streaming data is everywhere",
    "fun with spark",
    "data data data",
    "is it streaming yet",
];

/// A word count that has run `n` batches.
fn running_word_count(n: u64) -> App {
    let mut app = App::new();
    word_count_program(&mut app);
    let mut seq = 0;
    for i in 0..n {
        let line = LINES[i as usize % LINES.len()];
        seq += 1;
        line_sent(
            &mut app,
            seq,
            line,
            LineOrigin::Source {
                line: seq as usize,
                pass: 1,
            },
        );
        let mut counts: Vec<(String, i64)> = Vec::new();
        for w in line.split(' ') {
            match counts.iter_mut().find(|(k, _)| k == w) {
                Some((_, c)) => *c += 1,
                None => counts.push((w.to_string(), 1)),
            }
        }
        pprint(&mut app, i, counts.iter().map(|(w, c)| t(w, *c)).collect());
        completed(&mut app, batch(i, 1 + (i as usize % 3)));
    }
    app
}

// ---------------------------------------------------------------- 1. opened

#[test]
fn opened_empty_with_producer_listening() {
    let mut app = App::new();
    producer_listening(&mut app);
    let s = screen(&app, 120, 36);
    let r = rows(&s);
    assert!(r.iter().any(|l| l.contains("Type PySpark here")), "{s}");
    assert!(
        r.iter()
            .any(|l| l.contains("127.0.0.1:9999  0 clients  0 lines sent")),
        "{s}"
    );
    assert!(
        r.iter().any(|l| l.contains("┏ REPL ")),
        "the REPL is focused (thick border):\n{s}"
    );
    assert!(r.last().unwrap().starts_with(" stopped "), "{s}");
    insta::assert_snapshot!("01_opened", s);
}

// ---------------------------------------------------------------- 2. running

#[test]
fn running_word_count_all_panes() {
    let app = running_word_count(8);
    let s = screen(&app, 120, 36);
    let r = rows(&s);
    assert!(
        r.iter().any(|l| l.contains("Time: 2025-01-01 00:00:08")),
        "{s}"
    );
    assert!(r.iter().any(|l| l.contains("('spark', 1)")), "{s}");
    assert!(
        r.iter().any(|l| l.contains("═══ shuffle (new stage) ═══")),
        "{s}"
    );
    // The output operation is named after its stream, wrapped if need be.
    let rbk = r
        .iter()
        .position(|l| l.contains("└▶ reduceByKey"))
        .expect(&s);
    assert!(
        r[rbk].contains("▶ pprint") || r[rbk + 1].contains("│pprint"),
        "{s}"
    );
    assert!(r.iter().any(|l| l.contains("Input Rate  avg")), "{s}");
    assert!(
        r.last()
            .unwrap()
            .starts_with(" running  batch 8 at 2025-01-01 00:00:08 "),
        "{s}"
    );
    insta::assert_snapshot!("02_running_word_count", s);
}

// ---------------------------------------------------------------- 3. paused

#[test]
fn paused_clock() {
    let mut app = running_word_count(4);
    key(&mut app, KeyCode::F(2));
    assert!(app.clock.paused);
    let s = screen(&app, 120, 36);
    let bar = rows(&s).pop().unwrap();
    assert!(bar.starts_with(" PAUSED "), "{bar}");
    assert!(bar.contains("clock paused: F3 runs one batch"), "{bar}");
    insta::assert_snapshot!("03_paused", s);
}

// ---------------------------------------------------------------- 4. windows

/// `window(6, 2)` over 1 s batches, and `reduceByKeyAndWindow(f, inv, 4, 2)`.
fn windowed(n: u64) -> App {
    let mut app = App::new();
    producer_listening(&mut app);
    ok(
        &mut app,
        "lines = ssc.socketTextStream(\"localhost\", 9999)",
    );
    ok(&mut app, "w = lines.window(6, 2)");
    ok(&mut app, "pairs = lines.map(lambda l: (l, 1))");
    ok(
        &mut app,
        "r = pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 4, 2)",
    );
    update(
        &mut app,
        Msg::Graph(GraphView {
            nodes: vec![
                node(0, "socketTextStream", "socketTextStream", &[], false, None),
                node(1, "window", "window", &[0], false, Some((6000, 2000))),
                node(2, "map", "map", &[0], false, None),
                node(
                    3,
                    "reduceByKeyAndWindow",
                    "reducedWindow",
                    &[2],
                    true,
                    Some((4000, 2000)),
                ),
            ],
            outputs: vec![(1, "count().pprint".to_string()), (3, "pprint".to_string())],
        }),
    );
    started(&mut app);
    ok_start(&mut app, "ssc.start()");
    let first = ZERO + SEC;
    for i in 0..n {
        let time = ZERO + (i as i64 + 1) * SEC;
        let emitted = (i + 1) % 2 == 0;
        let span = |w: i64| Some(((time - w + SEC).max(first), time));
        let mut b = batch(i, 2);
        b.node_records = vec![(0, 2), (1, 12), (2, 2), (3, 3)];
        let (left, entered, incremental) = if emitted {
            let left: Vec<i64> = [time - 5 * SEC, time - 4 * SEC]
                .into_iter()
                .filter(|t| *t >= first)
                .collect();
            let incremental = !left.is_empty() || time - 4 * SEC >= first;
            (left, vec![time - SEC, time], Some(incremental))
        } else {
            (Vec::new(), Vec::new(), Some(true))
        };
        b.windows = vec![
            WindowSpan {
                node: 1,
                label: "window".into(),
                window_ms: 6000,
                slide_ms: 2000,
                covers: span(6000),
                emitted,
                left: Vec::new(),
                entered: Vec::new(),
                incremental: None,
            },
            WindowSpan {
                node: 3,
                label: "reduceByKeyAndWindow".into(),
                window_ms: 4000,
                slide_ms: 2000,
                covers: span(4000),
                emitted,
                left,
                entered,
                incremental,
            },
        ];
        completed(&mut app, b);
    }
    app
}

#[test]
fn window_bar_slides_and_inverse_marks() {
    let mut app = windowed(12);
    insta::assert_snapshot!("04_windows", screen(&app, 120, 36));
    // Zoomed, the Batches pane has room for every batch and both windows.
    tab(&mut app, 2);
    assert_eq!(app.focus, streamlab::ui::app::PaneId::Timeline);
    key(&mut app, KeyCode::F(5));
    let s = screen(&app, 120, 36);
    let r = rows(&s);
    let times = r.iter().find(|l| l.contains("00:12")).expect(&s);
    // Result boxes at the slide boundaries: one lane per window, a box under
    // every second batch (00:02, 00:04, ... 00:12), none under odd ones.
    let lanes: Vec<&String> = r
        .iter()
        .filter(|l| l.contains("▣ ") && !l.contains(':'))
        .collect();
    assert_eq!(lanes.len(), 2, "{s}");
    let (win, inv) = (lanes[0], lanes[1]);
    let at = |row: &str, sec: u32, dx: usize| {
        let x = col_of(times, &format!("00:{sec:02}")).unwrap() + dx;
        row.chars().nth(x).unwrap_or(' ')
    };
    // (Zoomed at 120 columns, the newest 10 batches fit.)
    for sec in 3..=12 {
        for lane in [win, inv] {
            assert_eq!(
                at(lane, sec, 0) == '▣',
                sec % 2 == 0,
                "▣ under 00:{sec:02}?\n{s}"
            );
        }
    }
    // The 6 s window's bracket spans the 6 boxes 00:07..00:12, labelled.
    let brackets: Vec<&String> = r.iter().filter(|l| l.contains('╯')).collect();
    assert!(brackets[0].contains("6 batches"), "{s}");
    assert_eq!(at(brackets[0], 7, 0), '╰', "{s}");
    // The inverse-reduced window: 00:07 and 00:08 left, 00:11 and 00:12 entered.
    assert_eq!(at(inv, 7, 8), '-', "{s}");
    assert_eq!(at(inv, 8, 8), '-', "{s}");
    assert_eq!(at(inv, 12, 9), '+', "{s}");
    assert!(s.contains("window[6s/2s]"), "{s}");
    assert!(s.contains("reduceByKeyAndWindow[4s/2s] incremental"), "{s}");
    insta::assert_snapshot!("04_windows_zoomed", s);
}

/// Issue 18: a 30 s window sliding by 10 s over 1 s batches, the Spark
/// guide's figure: the source's records in each batch's column, the window's
/// lane with its bracket (wider than the view, so labelled with the batches
/// left of it) and a result box at every slide boundary.
fn window_30s_10s(n: u64) -> App {
    window_30s_10s_with(n, true)
}

/// The same, with or without an inverse function (without one, no batch is
/// marked as leaving or entering the window).
fn window_30s_10s_with(n: u64, inverse: bool) -> App {
    let mut app = App::new();
    producer_listening(&mut app);
    ok(
        &mut app,
        "lines = ssc.socketTextStream(\"localhost\", 9999)",
    );
    ok(
        &mut app,
        "pairs = lines.flatMap(lambda l: l.split()).map(lambda w: (w, 1))",
    );
    ok(
        &mut app,
        if inverse {
            "counts = pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 30, 10)"
        } else {
            "counts = pairs.reduceByKeyAndWindow(lambda a, b: a + b, None, 30, 10)"
        },
    );
    update(
        &mut app,
        Msg::Graph(GraphView {
            nodes: vec![
                node(0, "socketTextStream", "socketTextStream", &[], false, None),
                node(1, "map", "map", &[0], false, None),
                node(
                    2,
                    "reduceByKeyAndWindow",
                    "reducedWindow",
                    &[1],
                    true,
                    Some((30_000, 10_000)),
                ),
            ],
            outputs: vec![(2, "pprint".to_string())],
        }),
    );
    started(&mut app);
    ok_start(&mut app, "ssc.start()");
    let first = ZERO + SEC;
    let words = ["the quick fox", "a lazy dog", "fox", "the end", "dog days"];
    for i in 0..n {
        let time = ZERO + (i as i64 + 1) * SEC;
        let emitted = (i + 1) % 10 == 0;
        let lines = 1 + (i as usize % 5);
        let mut b = batch(i, lines);
        b.samples = vec![(
            0,
            (0..lines)
                .map(|k| format!("'{}'", words[(i as usize + k) % 5]))
                .collect(),
        )];
        b.node_records = vec![(0, lines), (1, lines * 2)];
        if emitted {
            b.node_records.push((2, 7));
            b.samples
                .push((2, vec!["('fox', 9)".into(), "('the', 6)".into()]));
        }
        let (left, entered) = if emitted && inverse {
            (
                (1..=10)
                    .map(|k| time - (29 + k) * SEC)
                    .filter(|t| *t >= first)
                    .collect(),
                (0..10).map(|k| time - k * SEC).collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        b.windows = vec![WindowSpan {
            node: 2,
            label: "reduceByKeyAndWindow".into(),
            window_ms: 30_000,
            slide_ms: 10_000,
            covers: Some(((time - 29 * SEC).max(first), time)),
            emitted,
            left,
            entered,
            incremental: (emitted && inverse).then_some(time - 30 * SEC >= first),
        }];
        completed(&mut app, b);
    }
    app
}

#[test]
fn issue_18_batches_show_records_and_a_30s_window_lane() {
    let app = window_30s_10s(40);
    for (w, h, name) in [
        (120, 36, "18_window_30s_120x36"),
        (80, 24, "18_window_30s_80x24"),
    ] {
        let s = screen(&app, w, h);
        let r = rows(&s);
        // The time axis, newest right: batch 40 is 00:40.
        let axis = r.iter().find(|l| l.contains("00:40")).expect(&s);
        // Records in the batches: chips of the source's lines, the count on top.
        let x40 = col_of(axis, "00:40").unwrap();
        let tops: Vec<&String> = r.iter().filter(|l| l.contains("┌5─")).collect();
        assert!(!tops.is_empty(), "batch 00:40 holds 5 lines\n{s}");
        assert!(
            s.contains("'dog days'") || s.contains("'dog da…") || s.contains("'dog …"),
            "{s}"
        );
        // The window's lane: label with the newest window's result.
        assert!(
            s.contains("reduceByKeyAndWindow[30s/10s] incremental"),
            "{s}"
        );
        let result = "▣ 00:40: 7 records ('fox', 9) ('the', 6) +5 more";
        let room = if w >= 120 { result.len() } else { 30 };
        assert!(s.contains(&result[..room]), "{s}");
        // The bracket: 30 batches, most of them left of the view, labelled.
        let bracket = r.iter().find(|l| l.contains('◀')).expect(&s);
        assert!(bracket.contains("more · 30 batches"), "{bracket}\n{s}");
        let batches_shown = r[1..]
            .iter()
            .map(|l| l.matches('┌').count())
            .max()
            .unwrap_or(0);
        let hidden = 30 - batches_shown;
        assert!(
            bracket.contains(&format!("◀ {hidden} more")),
            "{bracket}\n{s}"
        );
        // It ends under the right edge of the newest batch's box.
        let box_end =
            tops[0].chars().count() - 1 - tops[0].chars().rev().position(|c| c == '┐').unwrap();
        assert_eq!(col_of(bracket, "╯"), Some(box_end), "{bracket}\n{s}");
        // The result box under the slide boundary 00:40, holding the count.
        let boxes = r.iter().find(|l| l.contains("▣ 7")).expect(&s);
        assert_eq!(col_of(boxes, "▣ 7"), Some(x40), "{s}");
        insta::assert_snapshot!(name, s);
    }
}

/// Issue 18: without an inverse function nothing marks batches that left or
/// entered, and the view holds one slide boundary: the lane does not spend a
/// row on a bare `▣ 7` that the result line under it repeats.
#[test]
fn issue_18_the_window_lane_has_no_bare_result_box() {
    let app = window_30s_10s_with(40, false);
    for (w, h, name) in [
        (120, 36, "18_window_no_inverse_120x36"),
        (80, 24, "18_window_no_inverse_80x24"),
    ] {
        let s = screen(&app, w, h);
        let r = rows(&s);
        let label = r
            .iter()
            .position(|l| l.contains("reduceByKeyAndWindow[30s/10s]"))
            .expect(&s);
        assert!(!r[label].contains("incremental"), "{s}");
        // Label, bracket, then straight away the newest result.
        assert!(r[label + 1].contains("30 batches"), "{s}");
        assert!(r[label + 2].contains("▣ 00:40: 7 record"), "{s}");
        let boxes = r.iter().filter(|l| l.contains('▣')).count();
        assert_eq!(boxes, 1, "one ▣, on the result line\n{s}");
        insta::assert_snapshot!(name, s);
    }
}

/// Issue 18: a left click on a batch in the Batches pane picks it and opens
/// the batch inspector on it (what Left/Right and Enter do by keyboard); a
/// click elsewhere focuses the pane clicked; the status bar takes no click.
#[test]
fn issue_18_a_click_on_a_batch_opens_the_inspector() {
    let mut app = window_30s_10s(40);
    let (w, h) = (120u16, 36u16);
    let whole = ratatui::layout::Rect::new(0, 0, w, h);
    let click = |app: &mut App, x: usize, y: usize| {
        update(
            app,
            Msg::Click {
                x: x as u16,
                y: y as u16,
                screen: whole,
            },
        );
    };
    assert_eq!(app.focus, PaneId::Repl);
    let s = screen(&app, w, h);
    let r = rows(&s);
    // The status bar (the last row): nothing happens.
    click(&mut app, 5, h as usize - 1);
    assert_eq!(app.focus, PaneId::Repl);
    // The Output pane's title: focused, no inspector.
    let out_row = r.iter().position(|l| l.contains(" Output")).expect(&s);
    let out_col = col_of(&r[out_row], " Output").unwrap() + 2;
    click(&mut app, out_col, out_row);
    assert_eq!(app.focus, PaneId::Output);
    assert!(app.inspecting.is_none());
    // The batch at 00:38 on the time axis.
    let y = r.iter().position(|l| l.contains("00:38")).expect(&s);
    let x = col_of(&r[y], "00:38").unwrap();
    click(&mut app, x + 1, y);
    assert_eq!(app.focus, PaneId::Timeline);
    let s = screen(&app, w, h);
    assert!(s.contains("Batch 37 at 00:38 · 3 records in"), "{s}");
    // Esc closes it as it does after Enter.
    key(&mut app, KeyCode::Esc);
    let s = screen(&app, w, h);
    assert!(!s.contains("Batch 37 at 00:38 · 3 records in"), "{s}");
    assert!(s.contains("picked 00:38"), "{s}");
    // Another batch's column, lower down in its box: that batch.
    let r = rows(&s);
    let y = r.iter().position(|l| l.contains("00:36")).expect(&s);
    let x = col_of(&r[y], "00:36").unwrap();
    click(&mut app, x + 2, y + 2);
    assert!(screen(&app, w, h).contains("Batch 35 at 00:36"));
}

/// Issue 18: Left/Right pick a batch in the Batches pane (scrolling back
/// through history), Enter opens the batch inspector on it (every stream's
/// records and the batch's timings, zoomed), Esc steps back out.
#[test]
fn issue_18_batch_inspector() {
    let mut app = window_30s_10s(40);
    update(&mut app, Msg::Focus(PaneId::Timeline));
    // The first Left picks the newest (batch 39 at 00:40), the next ones
    // older batches: three times is batch 37 at 00:38.
    key(&mut app, KeyCode::Left);
    assert!(screen(&app, 120, 36).contains("00:40◂"));
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    let s = screen(&app, 120, 36);
    assert!(s.contains("picked 00:38"), "{s}");
    let r = rows(&s);
    let axis = r.iter().find(|l| l.contains("00:38◂")).expect(&s);
    assert!(axis.contains("00:40"), "the newest stays in view\n{s}");
    insta::assert_snapshot!("18_batch_picked_120x36", s);

    key(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 36);
    assert!(s.contains("Batch 37 at 00:38 · 3 records in"), "{s}");
    assert!(
        s.contains("scheduling delay 3 ms · processing 59 ms"),
        "{s}"
    );
    // Every stream of the graph, in order, with its records.
    let r = rows(&s);
    let at = |needle: &str| r.iter().position(|l| l.contains(needle)).expect(needle);
    assert!(
        at("socketTextStream  3 records") < at("└▶ map  6 records"),
        "{s}"
    );
    assert!(
        at("'fox'") < at("'the end'") && at("'dog days'") < at("└▶ map"),
        "{s}"
    );
    assert!(
        s.contains("(its records were not kept for this batch)"),
        "{s}"
    );
    assert!(
        s.contains("reduceByKeyAndWindow [30s/10s]  not computed in this batch"),
        "{s}"
    );
    insta::assert_snapshot!("18_batch_inspector_120x36", s);

    // Right moves to newer batches: 00:40 is a slide boundary, with its window.
    for _ in 0..2 {
        key(&mut app, KeyCode::Right);
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("Batch 39 at 00:40"), "{s}");
    assert!(
        s.contains("reduceByKeyAndWindow [30s/10s]  7 records  window 00:11–00:40"),
        "{s}"
    );
    assert!(s.contains("('fox', 9)"), "{s}");
    insta::assert_snapshot!("18_batch_inspector_80x24", s);
    // Down scrolls the inspector (its header goes up out of view); another
    // batch starts at the top again.
    let rows_80 = rows(&screen(&app, 80, 24));
    for _ in 0..5 {
        key(&mut app, KeyCode::Down);
    }
    let scrolled = rows(&screen(&app, 80, 24));
    assert_eq!(scrolled[1], rows_80[6], "five rows down");
    // Right past the newest keeps the inspector on it, from its top.
    key(&mut app, KeyCode::Right);
    assert!(screen(&app, 80, 24).contains("Batch 39 at 00:40"));

    // Esc: the inspector closes (unzoomed), the pick stays; again: the pane
    // follows the newest; again: back to the REPL.
    key(&mut app, KeyCode::Esc);
    let s = screen(&app, 120, 36);
    assert!(!s.contains("Batch 39 at"), "{s}");
    assert!(s.contains("picked 00:40"), "{s}");
    assert!(
        s.contains("┏ REPL") || s.contains("┌ REPL"),
        "unzoomed\n{s}"
    );
    key(&mut app, KeyCode::Esc);
    let s = screen(&app, 120, 36);
    assert!(!s.contains("picked"), "{s}");
    assert_eq!(app.focus, PaneId::Timeline);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, PaneId::Repl);
}

/// Issue 18: Left scrolls the Batches pane back through history: picking a
/// batch older than the view shows the batches ending at it.
#[test]
fn issue_18_left_scrolls_back_through_history() {
    let mut app = window_30s_10s(40);
    update(&mut app, Msg::Focus(PaneId::Timeline));
    for _ in 0..20 {
        key(&mut app, KeyCode::Left);
    }
    // The newest (batch 39 at 00:40), then 19 older: batch 20 at 00:21, at
    // the right edge of the view.
    let s = screen(&app, 80, 24);
    let r = rows(&s);
    let axis = r.iter().find(|l| l.contains("00:21◂")).expect(&s);
    assert!(!axis.contains("00:22") && !axis.contains("00:40"), "{s}");
    assert!(axis.contains("00:17"), "{s}");
    // Far past the oldest, the oldest kept stays picked.
    for _ in 0..100 {
        key(&mut app, KeyCode::Left);
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("00:01◂"), "{s}");
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("Batch 0 at 00:01"));
    // A restarted stream numbers batches from 0 again: the pick and the
    // inspector are left behind.
    started(&mut app);
    assert_eq!(
        (app.batch_pick, app.inspecting, app.zoom),
        (None, None, None)
    );
}

// ---------------------------------------------------------------- 5. state

fn state_diff(
    app: &mut App,
    i: u64,
    added: &[(&str, i64)],
    updated: &[(&str, i64, i64)],
    removed: &[(&str, i64)],
    size: usize,
) {
    let mut b = batch(i, 3);
    b.states = vec![StateDiff {
        node: 4,
        label: "updateStateByKey".into(),
        added: added
            .iter()
            .map(|(k, v)| (Value::str(k), Value::Int(*v)))
            .collect(),
        updated: updated
            .iter()
            .map(|(k, o, n)| (Value::str(k), Value::Int(*o), Value::Int(*n)))
            .collect(),
        removed: removed
            .iter()
            .map(|(k, v)| (Value::str(k), Value::Int(*v)))
            .collect(),
        size,
    }];
    completed(app, b);
}

#[test]
fn state_diff_added_updated_removed() {
    let mut app = running_word_count(2);
    state_diff(
        &mut app,
        2,
        &[("spark", 3), ("flink", 1), ("storm", 2), ("kafka", 1)],
        &[],
        &[],
        4,
    );
    state_diff(
        &mut app,
        3,
        &[("beam", 1)],
        &[("spark", 3, 5)],
        &[("storm", 2)],
        4,
    );
    // Issue 18: a third batch, with the empty string as a key.
    state_diff(&mut app, 4, &[("", 2)], &[("spark", 5, 9)], &[], 5);
    let s = screen(&app, 120, 36);
    let r = rows(&s);
    // A row by its mark (a symbol, so it reads without colour) and key.
    let row = |mark: char, k: &str| {
        r.iter()
            .find(|l| l.contains(&format!("│{mark} {k} ")))
            .cloned()
            .unwrap_or_default()
    };
    assert!(row('~', "spark").contains("was 5"), "{s}");
    // spark took 3, 5, 9: its sparkline rises.
    assert!(row('~', "spark").contains("▁▃█"), "{s}");
    assert!(
        row('+', "''").contains("added"),
        "the empty key reads ''\n{s}"
    );
    assert!(
        row(' ', "beam").contains('▄'),
        "one value: a middle bar\n{s}"
    );
    assert!(!row(' ', "kafka").is_empty(), "unchanged, no mark\n{s}");
    assert!(
        r.iter().any(|l| l.contains("State (5 keys, by value)")),
        "{s}"
    );
    insta::assert_snapshot!("05_state_diff_history", s);
    // The batch before: removed keys are marked '-'.
    let mut before = running_word_count(2);
    state_diff(&mut before, 2, &[("storm", 2)], &[], &[], 1);
    state_diff(&mut before, 3, &[], &[], &[("storm", 2)], 0);
    let s = screen(&before, 120, 36);
    assert!(
        rows(&s)
            .iter()
            .any(|l| l.contains("│- storm ") && l.contains("removed")),
        "{s}"
    );
}

// ---------------------------------------------------------------- 6. errors

#[test]
fn repl_error_and_failed_batch() {
    let mut app = running_word_count(3);
    let src = "counts = wrds.map(lambda w: (w, 1))";
    let mut d = Diagnostic::new(
        "NameError",
        "name 'wrds' is not defined",
        Some(Span::new(9, 13)),
    );
    d.notes.push("did you mean 'words'?".into());
    let text = d.render("<stdin>", src);
    enter(
        &mut app,
        src,
        Entered::Error {
            text,
            diagnostic: d,
        },
    );
    let exc = Exc {
        kind: streamlab::lang::value::ExcKind::TypeError,
        msg: "can only concatenate str (not \"int\") to str".into(),
        span: None,
        task: Some(Arc::new(TaskInfo {
            func_source: Some("lambda w: w + 1".into()),
            record: "'spark'".into(),
        })),
        exit_code: None,
        args: None,
        user: None,
    };
    update(
        &mut app,
        Msg::Engine(EngineEvent::Output(OutputEvent {
            batch: 3,
            time_ms: ZERO + 4 * SEC,
            output: 0,
            pprint_num: Some(10),
            result: Err(exc.clone()),
        })),
    );
    let mut b = batch(3, 2);
    b.errors = vec![(0, exc)];
    completed(&mut app, b);
    let s = screen(&app, 120, 36);
    let r = rows(&s);
    let caret = r
        .iter()
        .position(|l| l.contains("|          ^^^^"))
        .expect(&s);
    assert!(r[caret - 1].contains("1 | counts = wrds.map"), "{s}");
    assert!(
        r.iter().any(|l| l.contains("batch 3 failed for output 0:")),
        "{s}"
    );
    assert!(
        r.iter()
            .any(|l| l.contains("= applied to the record: 'spark'")),
        "{s}"
    );
    assert!(r.last().unwrap().contains("| 1 failed "), "{s}");
    insta::assert_snapshot!("06_errors", s);
}

// ---------------------------------------------------------------- 7. help

#[test]
fn help_overlay() {
    let mut app = running_word_count(3);
    key(&mut app, KeyCode::F(1));
    let s = screen(&app, 120, 36);
    assert!(s.contains(" Help "), "{s}");
    assert!(s.contains("Esc or q closes"), "{s}");
    assert!(s.contains("Alt-1..9"), "{s}");
    insta::assert_snapshot!("07_help", s);
    // The commands come after the keys: End shows them.
    key(&mut app, KeyCode::End);
    let s = screen(&app, 120, 36);
    assert!(s.contains(":export [FILE]"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.contains(":show PANE ") && l.contains(" Show a hidden pane.")),
        "a command and its doc on one line\n{s}"
    );
    assert!(s.contains("and start it again"), "{s}");
    insta::assert_snapshot!("07_help_end", s);
    // Other keys leave it open; Esc closes it.
    key(&mut app, KeyCode::Char('x'));
    assert!(screen(&app, 120, 36).contains(" Help "));
    key(&mut app, KeyCode::Esc);
    assert!(!screen(&app, 120, 36).contains(" Help "));
}

/// Issue 17: at 80x24 the help was cut at the "Commands" heading and any
/// key, PgDn too, closed it. Now it scrolls to its last line, says how, and
/// q closes it.
#[test]
fn issue_17_help_scrolls_to_the_last_command_at_80x24() {
    let mut app = running_word_count(3);
    key(&mut app, KeyCode::F(1));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Esc or q closes"), "the border says how:\n{s}");
    assert!(!s.contains(":quit"), "{s}");
    let mut last = String::new();
    let mut seen_quit = false;
    for _ in 0..20 {
        key(&mut app, KeyCode::PageDown);
        last = screen(&app, 80, 24);
        seen_quit |= last.contains(":quit");
        if last.contains("Esc or q closes this help") {
            break;
        }
    }
    assert!(seen_quit, "PgDn reaches the commands:\n{last}");
    assert!(last.contains(":entries"), "and the last one:\n{last}");
    assert!(last.contains("Esc or q closes this help"), "{last}");
    key(&mut app, KeyCode::Home);
    assert!(screen(&app, 80, 24).contains("Keys"));
    // `/` searches: the row with the word comes to the top.
    key(&mut app, KeyCode::Char('/'));
    for c in "sort".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert!(screen(&app, 80, 24).contains("/sort"));
    key(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    let first = s.lines().nth(1).unwrap_or_default();
    assert!(first.contains("sort by key / by value"), "{s}");
    key(&mut app, KeyCode::Char('n'));
    let s = screen(&app, 80, 24);
    // The next match, the :sort command, is near the end: on screen.
    assert!(s.contains(":sort key|value"), "{s}");
    key(&mut app, KeyCode::Char('q'));
    assert!(!screen(&app, 80, 24).contains(" Help "));
}

// ---------------------------------------------------------------- 8. narrow

#[test]
fn narrow_80x24_with_data() {
    let mut app = running_word_count(6);
    state_diff(&mut app, 6, &[("spark", 2)], &[], &[], 1);
    let s = screen(&app, 80, 24);
    let r = rows(&s);
    // The newest transcript line (the note after ssc.start()) stays in view
    // above the prompt, however the long entries above it wrap.
    let prompt = r.iter().rposition(|l| l.starts_with("┃>>> ")).expect(&s);
    assert!(r[prompt - 1].contains("clock)"), "{s}");
    assert!(r.iter().any(|l| l.contains(" Batches ")), "{s}");
    assert!(r.iter().any(|l| l.contains(" Output ")), "{s}");
    // Narrow: one of State/Pipeline/Stats, the first when none is focused.
    assert!(r.iter().any(|l| l.contains(" State ")), "{s}");
    assert!(!r.iter().any(|l| l.contains(" Pipeline ")), "{s}");
    insta::assert_snapshot!("08_narrow_80x24", s);
}

// ---------------------------------------------------------------- 9. tiny

#[test]
fn tiny_terminal_asks_for_more_room() {
    let app = running_word_count(2);
    let s = screen(&app, 50, 15);
    assert!(s.contains("Enlarge the terminal"), "{s}");
    assert!(s.contains("one is 50x15"), "{s}");
    insta::assert_snapshot!("09_tiny_50x15", s);
}

// ---------------------------------------------------------------- 10. zoom, hide

#[test]
fn zoomed_output() {
    let mut app = running_word_count(8);
    tab(&mut app, 3);
    assert_eq!(app.focus, streamlab::ui::app::PaneId::Output);
    key(&mut app, KeyCode::F(5));
    let s = screen(&app, 120, 36);
    let r = rows(&s);
    assert!(r[0].contains(" Output "), "{s}");
    assert!(!s.contains(" REPL "), "{s}");
    // 34 rows of output: the newest block is at the bottom.
    assert!(r[r.len() - 4].contains("('fast', 1)"), "{s}");
    insta::assert_snapshot!("10_zoomed_output", s);
}

#[test]
fn hidden_pipeline() {
    let mut app = running_word_count(8);
    tab(&mut app, 5);
    assert_eq!(app.focus, streamlab::ui::app::PaneId::Pipeline);
    key(&mut app, KeyCode::F(6));
    let s = screen(&app, 120, 36);
    assert!(!s.contains("┌ Pipeline "), "{s}");
    assert!(s.contains("┌ Stats "), "{s}");
    assert!(
        rows(&s)
            .last()
            .unwrap()
            .contains("Pipeline hidden: F7 shows every pane"),
        "{s}"
    );
    insta::assert_snapshot!("10_hidden_pipeline", s);
}

// ---------------------------------------------------------------- 11. transcript

#[test]
fn long_transcript_keeps_newest_lines() {
    let mut app = App::new();
    producer_listening(&mut app);
    for i in 0..80 {
        enter(
            &mut app,
            &format!("x{i} = {i} * 2"),
            Entered::Ok { echo: None },
        );
        enter(
            &mut app,
            &format!("x{i}"),
            Entered::Ok {
                echo: Some((i * 2).to_string()),
            },
        );
    }
    // A line longer than the pane, which wraps: the newest must still show.
    let long = format!(
        "[{}]",
        (0..40)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    enter(
        &mut app,
        "list(range(40))",
        Entered::Ok { echo: Some(long) },
    );
    enter(
        &mut app,
        "'the end'",
        Entered::Ok {
            echo: Some("'the end'".into()),
        },
    );
    let s = screen(&app, 120, 36);
    let r = rows(&s);
    let end = r
        .iter()
        .position(|l| l.contains("'the end'") && !l.contains(">>>"))
        .expect(&s);
    assert!(
        r[end + 1].contains(">>> "),
        "the input line follows the newest echo\n{s}"
    );
    assert!(s.contains(" 37, 38, 39]"), "{s}");
    assert!(!s.contains("x0 = 0 * 2"), "{s}");
    insta::assert_snapshot!("11_long_transcript", s);
}

// ---------------------------------------------------------------- 12. producer

#[test]
fn producer_typing_and_many_lines() {
    let mut app = App::new();
    word_count_program(&mut app);
    for seq in 1..=60 {
        let line = LINES[seq as usize % LINES.len()];
        let origin = if seq % 10 == 0 {
            LineOrigin::Typed
        } else {
            LineOrigin::Source {
                line: seq as usize,
                pass: 1,
            }
        };
        line_sent(&mut app, seq, line, origin);
    }
    tab(&mut app, 1);
    assert_eq!(app.focus, streamlab::ui::app::PaneId::Producer);
    for c in "hello spark hello".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let s = screen(&app, 120, 36);
    let r = rows(&s);
    assert!(
        r.iter()
            .any(|l| l.contains("type a line> hello spark hello")),
        "{s}"
    );
    assert!(r.iter().any(|l| l.contains("60 lines sent")), "{s}");
    assert!(
        r.iter().any(|l| l.contains("    60 (typed) ")),
        "the newest sent line shows\n{s}"
    );
    assert!(
        r.iter().any(|l| l.contains("Connected by 127.0.0.1:51324")),
        "{s}"
    );
    insta::assert_snapshot!("12_producer", s);
}

// ---------------------------------------------------------------- big

#[test]
fn thousand_batches_and_ten_thousand_keys_render() {
    let mut app = running_word_count(5);
    for i in 5..1_200 {
        completed(&mut app, batch(i, (i % 17) as usize * 700));
    }
    let added: Vec<(Value, Value)> = (0..10_000)
        .map(|k| (Value::str(&format!("key{k:05}")), Value::Int(k % 97)))
        .collect();
    let mut b = batch(1_200, 5);
    b.states = vec![StateDiff {
        node: 4,
        label: "updateStateByKey".into(),
        added,
        updated: Vec::new(),
        removed: Vec::new(),
        size: 10_000,
    }];
    completed(&mut app, b);
    assert_eq!(app.batches.len(), streamlab::ui::app::BATCH_CAP);
    for size in [(160, 48), (120, 36), (80, 24), (60, 18)] {
        let s = screen(&app, size.0, size.1);
        assert!(s.contains("10000 keys"), "{s}");
    }
}

// ---------------------------------------------------------------- Structured Streaming

/// The triggers of a real Structured Streaming program, replayed batch by batch.
fn triggers(src: &str, batches: &[&[&str]]) -> Vec<EngineEvent> {
    let events = Arc::new(parking_lot::Mutex::new(Vec::new()));
    let sink = events.clone();
    let replay: Vec<Vec<String>> = batches
        .iter()
        .map(|b| b.iter().map(|l| l.to_string()).collect())
        .collect();
    streamlab::session::run_headless_with(
        src,
        Default::default(),
        streamlab::structured::driver::StructuredOptions {
            replay: Some(Arc::new(replay)),
            ..Default::default()
        },
        move |ev| sink.lock().push(ev),
    )
    .expect("the program runs");
    let out = events.lock().clone();
    out.into_iter()
        .filter(|e| matches!(e, EngineEvent::Trigger(_)))
        .collect()
}

/// An app that saw the program typed and its first `n` triggers.
fn query_app(src: &str, batches: &[&[&str]], n: usize) -> App {
    let mut app = App::new();
    producer_listening(&mut app);
    for line in src.lines() {
        ok(&mut app, line);
    }
    for ev in triggers(src, batches).into_iter().take(n) {
        update(&mut app, Msg::Engine(ev));
    }
    app
}

const WORDS_COMPLETE: &str = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Words").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
counts = words.groupBy("word").count()
query = counts.writeStream.outputMode("complete").format("console").start()"#;

const WINDOWS_UPDATE: &str = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import col, split, to_timestamp, window
spark = SparkSession.builder.appName("Windows").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(col("value"), ",")
events = lines.select(to_timestamp(parts.getItem(0)).alias("timestamp"), parts.getItem(1).alias("word"))
counts = events.withWatermark("timestamp", "10 minutes").groupBy(window(col("timestamp"), "10 minutes", "5 minutes"), col("word")).count()
query = counts.writeStream.outputMode("update").format("console").option("truncate", False).start()"#;

#[test]
fn query_pane_shows_the_input_and_result_tables() {
    let batches: &[&[&str]] = &[&["cat dog", "dog"], &["dog owl"]];
    // Batch 0 (empty), batch 1, batch 2.
    let app = query_app(WORDS_COMPLETE, batches, 3);
    let s = screen(&app, 140, 40);
    let r = rows(&s);
    assert!(r[0].contains(" Query 0 [complete] batch 2 "), "{s}");
    assert!(
        s.contains("Input table (unbounded): 3 rows so far, +1 in batch 2"),
        "{s}"
    );
    assert!(
        s.contains("▶ dog owl"),
        "this trigger's row is marked:\n{s}"
    );
    // dog went from 2 to 3 (updated), owl is new, cat unchanged; complete
    // mode sends every row to the sink.
    assert!(
        r.iter().any(|l| l.contains("▸~ dog") && l.contains('3')),
        "{s}"
    );
    assert!(
        r.iter().any(|l| l.contains("▸+ owl") && l.contains('1')),
        "{s}"
    );
    assert!(
        r.iter().any(|l| l.contains("▸  cat") && l.contains('1')),
        "{s}"
    );
    // The console sink's text is in Output, as Spark prints it.
    assert!(s.contains("Batch: 2"), "{s}");
    // Without a DStream context, the DStream panes make room.
    assert!(!s.contains(" Batches (") && !s.contains(" State "), "{s}");
    insta::assert_snapshot!("20_query_complete", s);
}

#[test]
fn query_pane_draws_windows_records_and_the_watermark() {
    let batches: &[&[&str]] = &[
        &["2024-01-01 12:07:00,cat", "2024-01-01 12:02:00,dog"],
        &["2024-01-01 12:24:00,cat"],
        &["2024-01-01 12:04:00,late", "2024-01-01 12:13:00,ok"],
    ];
    let all = triggers(WINDOWS_UPDATE, batches);
    // The late record's batch (batch 4: after batch 3, a no-data batch for
    // the moved watermark).
    let late_batch = all
        .iter()
        .position(|e| match e {
            EngineEvent::Trigger(r) => r
                .event_time
                .as_ref()
                .is_some_and(|et| et.records.iter().any(|x| x.dropped)),
            _ => false,
        })
        .expect("a trigger drops the late record");
    let app = query_app(WINDOWS_UPDATE, batches, late_batch + 1);
    let s = screen(&app, 140, 44);
    assert!(
        s.contains("watermark 12:14"),
        "the watermark is 12:24 - 10 min:\n{s}"
    );
    assert!(s.contains("1 late dropped"), "{s}");
    assert!(
        s.contains('✗'),
        "the dropped record is marked on the axis:\n{s}"
    );
    assert!(s.contains('┃'), "the watermark line:\n{s}");
    assert!(s.contains('[') && s.contains(')'), "window bars:\n{s}");
    insta::assert_snapshot!("21_query_event_time", s);
}

#[test]
fn query_pane_fits_a_small_terminal() {
    let batches: &[&[&str]] = &[&["2024-01-01 12:07:00,cat", "2024-01-01 12:02:00,dog"]];
    let app = query_app(WINDOWS_UPDATE, batches, 2);
    let s = screen(&app, 80, 24);
    assert!(s.contains(" Query 0 [update]"), "{s}");
    insta::assert_snapshot!("22_query_80x24", s);
}

/// Issue 13: a huge entry (260 KB on one line, or thousands of lines) is
/// not echoed whole into the transcript: lines are shortened and counted.
#[test]
fn issue_13_a_huge_entry_is_not_echoed_whole() {
    use streamlab::ui::app::TranscriptLine;
    let mut app = App::new();
    let long = format!("s = '{}'", "a".repeat(260_000));
    let many: String = (0..5000).map(|i| format!("x{i} = {i}\n")).collect();
    for entry in [long, many] {
        update(&mut app, Msg::Paste(entry.trim_end().to_string()));
        let effects = update(
            &mut app,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        );
        assert!(!effects.is_empty(), "the entry is submitted whole");
    }
    let shown: Vec<&str> = app
        .transcript
        .iter()
        .filter_map(|l| match l {
            TranscriptLine::Input { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let total: usize = shown.iter().map(|l| l.len()).sum();
    assert!(total < 20_000, "{total} bytes echoed");
    assert!(
        shown[0].starts_with("s = 'aaa") && shown[0].ends_with("aaa' (260,006 characters)"),
        "{}",
        shown[0]
    );
    assert_eq!(shown.last().copied(), Some("... (4,960 more lines)"));
}

// ---------------------------------------------------------------- issue 17

/// Issue 17: an 85-character line typed in the REPL wraps inside the pane,
/// so its end and the cursor stay on screen at 120x36 and at 80x24.
#[test]
fn issue_17_a_long_repl_line_wraps_and_the_cursor_follows_it() {
    let line =
        "windowed = pairs.reduceByKeyAndWindow(lambda x, y: x + y, lambda x, y: x - y, 30, 10)";
    assert!(line.chars().count() >= 85);
    for (w, h) in [(120, 36), (80, 24)] {
        let mut app = App::new();
        producer_listening(&mut app);
        update(&mut app, Msg::Paste(line.to_string()));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| streamlab::ui::panes::render(&app, f))
            .unwrap();
        let s = terminal.backend().to_string();
        let r = rows(&s);
        // Every piece of the line is on screen, in order, on consecutive rows.
        let first = r
            .iter()
            .position(|l| l.contains(">>> windowed = pairs"))
            .unwrap_or_else(|| panic!("{w}x{h}: the line's start:\n{s}"));
        let start_col = col_of(&r[first], ">>> ").expect("prompt");
        let mut shown = String::new();
        let mut row = first;
        while shown.chars().count() < line.chars().count() + 4 && row < r.len() {
            let cells: Vec<char> = r[row].chars().collect();
            let piece: String = cells[start_col..]
                .iter()
                .take_while(|c| !"│┃".contains(**c))
                .collect();
            shown.push_str(&piece);
            row += 1;
        }
        assert_eq!(
            shown.trim_end(),
            format!(">>> {line}"),
            "{w}x{h}: the wrapped line reads back whole:\n{s}"
        );
        // The cursor sits just after the last character.
        let cursor = terminal.get_cursor_position().expect("cursor");
        let cursor_row: Vec<char> = r[cursor.y as usize].chars().collect();
        assert_eq!(
            cursor_row[cursor.x as usize - 1],
            ')',
            "{w}x{h}: cursor at {cursor:?}:\n{s}"
        );
    }
}

/// Issue 17: hiding a pane gives the keyboard back to the REPL (typing went
/// into the producer before), F6 on the REPL says why nothing happens, and
/// F7's status replaces the "hidden" one.
#[test]
fn issue_17_hiding_a_pane_returns_typing_to_the_repl() {
    use streamlab::ui::app::PaneId;
    let mut app = running_word_count(3);
    tab(&mut app, 5);
    assert_eq!(app.focus, PaneId::Pipeline);
    key(&mut app, KeyCode::F(6));
    assert_eq!(app.focus, PaneId::Repl);
    key(&mut app, KeyCode::F(6));
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("the REPL stays"),
        "{:?}",
        app.status
    );
    key(&mut app, KeyCode::F(7));
    assert_eq!(app.status.as_deref(), Some("every pane shown"));
    let s = screen(&app, 120, 36);
    assert!(s.contains("Pipeline "), "{s}");
}

/// Issue 17: in a lesson, Tab reaches State, Pipeline and Stats too (the
/// lesson pane takes their place, lessons point at them); a pane reached so
/// is drawn.
#[test]
fn issue_17_in_a_lesson_tab_reaches_the_state_pane() {
    use streamlab::ui::app::PaneId;
    let mut app = running_word_count(3);
    update(
        &mut app,
        Msg::Lesson {
            text: "# Lesson 7\nWatch the State pane.".into(),
            verdict: None,
        },
    );
    let before = screen(&app, 120, 36);
    assert!(!before.contains("┌ State"), "{before}");
    let mut seen = Vec::new();
    for _ in 0..12 {
        key(&mut app, KeyCode::Tab);
        seen.push(app.focus);
        if app.focus == PaneId::State {
            break;
        }
    }
    assert_eq!(app.focus, PaneId::State, "Tab went through {seen:?}");
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("┏ State"),
        "the focused State pane is drawn:\n{s}"
    );
}

/// Issue 17: stale status lines go when their cause ends: a receiver's
/// "Connected to" when the stream stops; a failure count at :reset.
#[test]
fn issue_17_stale_status_lines_are_cleared() {
    use streamlab::engine::events::EngineEvent;
    let mut app = running_word_count(2);
    update(
        &mut app,
        Msg::Engine(EngineEvent::Receiver {
            node: 0,
            message: "Connected to localhost:9999".into(),
        }),
    );
    assert!(screen(&app, 120, 36).contains("Connected to localhost:9999"));
    update(&mut app, Msg::Engine(EngineEvent::Stopped));
    let s = screen(&app, 120, 36);
    let bar = s.lines().last().unwrap_or_default().to_string();
    assert!(!bar.contains("Connected to"), "{bar}");
    // F6 then F7: the "hidden" note goes.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::F(6));
    assert!(app.status.as_deref().is_some_and(|s| s.contains("hidden")));
    key(&mut app, KeyCode::F(7));
    assert_eq!(app.status.as_deref(), Some("every pane shown"));
}

/// Issue 17: a 100 KB program pasted with \r line ends lands as its lines
/// (no blank ones between) and draws quickly: the highlighter walked every
/// token for every character, which took seconds.
#[test]
fn issue_17_a_100_kb_paste_keeps_its_lines_and_draws_quickly() {
    let mut app = App::new();
    let line = "counts = pairs.reduceByKey(lambda a, b: a + b)  # a comment";
    let n = 100_000 / (line.len() + 1) + 1;
    let text: String = (0..n).map(|_| format!("{line}\r")).collect();
    let started = std::time::Instant::now();
    update(&mut app, Msg::Paste(text));
    let s = screen(&app, 120, 36);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    assert_eq!(app.editor.line_count(), n + 1);
    assert!(app.editor.lines()[..n].iter().all(|l| l == line));
    assert!(s.contains("... counts = pairs.reduceByKey"), "{s}");
}

// ---------------------------------------------------------------- README

/// README's picture of the UI: a windowed word count at 120x36 with the
/// producer connected, drawn by the UI's own render code from the events the
/// real loop gets. The test fails when README's block differs;
/// `STREAMLAB_UPDATE_README=1 cargo test --test ui_snapshots readme` rewrites it.
fn readme_picture() -> String {
    let mut app = window_30s_10s(40);
    producer_connected(&mut app);
    update(&mut app, Msg::Pace("1 line every 200ms".into()));
    let lines = ["the quick fox", "a lazy dog", "fox", "the end", "dog days"];
    for (seq, line) in lines.iter().cycle().take(150).enumerate() {
        let seq = seq as u64 + 1;
        let origin = LineOrigin::Source {
            line: seq as usize,
            pass: 1,
        };
        line_sent(&mut app, seq, line, origin);
    }
    update(
        &mut app,
        Msg::Engine(EngineEvent::Output(OutputEvent {
            batch: 39,
            time_ms: ZERO + 40 * SEC,
            output: 0,
            pprint_num: Some(10),
            result: Ok(vec![t("fox", 9), t("the", 6), t("dog", 6), t("a", 3)]),
        })),
    );
    rows(&screen(&app, 120, 36)).join("\n")
}

#[test]
fn issue_18_readme_shows_the_ui_as_it_draws() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README");
    let start_marker = "<!-- ui-picture: generated by tests/ui_snapshots.rs -->\n```text\n";
    let start = readme
        .find(start_marker)
        .expect("README marks its UI picture")
        + start_marker.len();
    let end = start
        + readme[start..]
            .find("\n```")
            .expect("the picture's block ends");
    let picture = readme_picture();
    if std::env::var_os("STREAMLAB_UPDATE_README").is_some() {
        let updated = format!("{}{picture}{}", &readme[..start], &readme[end..]);
        std::fs::write(path, updated).expect("write README");
        return;
    }
    assert!(
        readme[start..end] == picture,
        "README's UI picture differs from what the UI draws; \
         STREAMLAB_UPDATE_README=1 cargo test --test ui_snapshots readme rewrites it. It draws:\n{picture}"
    );
    // What the picture is there to show.
    for shown in [
        "┌5─",
        "'dog da",
        "reduceByKeyAndWindow[30s/10s]",
        "30 batches",
        "('fox', 9)",
    ] {
        assert!(picture.contains(shown), "{shown}\n{picture}");
    }
}

/// Issue 18: with `NO_COLOR` the frame has no colour at all, and what the
/// colours said is still there as symbols and modifiers.
#[test]
fn issue_18_no_color_draws_without_colour() {
    let mut app = window_30s_10s(40);
    let draw = |app: &App| {
        let mut terminal = Terminal::new(TestBackend::new(120, 36)).unwrap();
        terminal
            .draw(|f| streamlab::ui::panes::render(app, f))
            .unwrap();
        terminal.backend().buffer().clone()
    };
    let coloured = |b: &ratatui::buffer::Buffer| {
        b.content
            .iter()
            .filter(|c| {
                c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset
            })
            .count()
    };
    let with = draw(&app);
    assert!(coloured(&with) > 100, "the UI has colours to remove");
    app.no_color = true;
    let without = draw(&app);
    assert_eq!(coloured(&without), 0);
    // Same text, same bold.
    let text = |b: &ratatui::buffer::Buffer| {
        b.content
            .iter()
            .map(|c| c.symbol().to_string())
            .collect::<String>()
    };
    assert_eq!(text(&with), text(&without));
    let bold = |b: &ratatui::buffer::Buffer| {
        b.content
            .iter()
            .filter(|c| c.modifier.contains(ratatui::style::Modifier::BOLD))
            .count()
    };
    assert_eq!(bold(&with), bold(&without));
}

/// Issue 18: `:layout present` leaves the REPL, Batches and Output, larger;
/// F7 shows every pane again. `:screenshot` asks the loop to write the screen.
#[test]
fn issue_18_layout_presets_and_screenshot() {
    use streamlab::formats::command::LAYOUTS;
    use streamlab::shell::{Action, Reply};
    use streamlab::ui::app::Effect;
    let mut app = window_30s_10s(40);
    let (_, _, panes) = LAYOUTS.iter().find(|l| l.0 == "present").expect("present");
    let reply = |actions| Msg::Replied {
        reply: Reply {
            text: String::new(),
            ok: true,
            actions,
        },
        graph: None,
    };
    update(&mut app, reply(vec![Action::Layout(panes.to_vec())]));
    let s = screen(&app, 120, 36);
    for gone in ["Producer [", "┌ State", "┌ Pipeline", "┌ Stats"] {
        assert!(!s.contains(gone), "{gone}\n{s}");
    }
    for kept in [
        "REPL",
        "┌ Batches",
        "┌ Output",
        "reduceByKeyAndWindow[30s/10s]",
    ] {
        assert!(s.contains(kept), "{kept}\n{s}");
    }
    insta::assert_snapshot!("18_layout_present_120x36", s);
    key(&mut app, KeyCode::F(7));
    let s = screen(&app, 120, 36);
    assert!(s.contains("Producer [") && s.contains("┌ State"), "{s}");

    let effects = update(&mut app, reply(vec![Action::Screenshot("shot.svg".into())]));
    assert_eq!(effects, [Effect::Screenshot("shot.svg".into())]);
}

#[test]
fn query_pane_says_what_a_foreach_batch_function_got() {
    let src = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Words").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
counts = words.groupBy("word").count()
query = counts.writeStream.outputMode("update").foreachBatch(lambda df, batch_id: df.count()).start()"#;
    let batches: &[&[&str]] = &[&["cat dog", "dog"], &["owl"]];
    let app = query_app(src, batches, 2);
    let s = screen(&app, 140, 40);
    assert!(rows(&s)[0].contains(" Query 0 [update] batch 1 "), "{s}");
    let q = query_pane(&s);
    assert!(
        q.contains("Sink: foreachBatch: 2 calls, one per batch"),
        "{s}"
    );
    assert!(
        q.lines()
            .any(|l| l.contains("batch 1 ") && l.contains("2 rows") && l.contains("returned")),
        "{s}"
    );
    // No console sink: no `Batch:` text in Output.
    assert!(!s.contains("Batch: 1"), "{s}");
}

#[test]
fn query_pane_draws_a_stream_static_join_and_a_memory_sink() {
    let src = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Join").getOrCreate()
sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof")], ["word", "sound"])
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
joined = words.join(sounds, "word", "left_outer")
query = joined.writeStream.format("memory").queryName("joined").start()"#;
    let batches: &[&[&str]] = &[&["cat owl", "dog"]];
    let app = query_app(src, batches, 2);
    let s = screen(&app, 140, 40);
    assert!(
        rows(&s)[0].contains(" Query joined [append] batch 1 "),
        "{s}"
    );
    // The result table holds the joined rows, unmatched ones with NULL.
    let r = rows(&s);
    assert!(
        r.iter().any(|l| l.contains("cat") && l.contains("meow")),
        "{s}"
    );
    assert!(
        r.iter().any(|l| l.contains("owl") && l.contains("NULL")),
        "{s}"
    );
}

// ---------------------------------------------------------------- Query pane: sinks and joins (issue 16)

/// A trigger with what differs from run to run made the same: how long
/// the sink's call took (0.4 ms) and the write id in part files' names.
/// Everything else is what the engine reported.
fn steady(ev: EngineEvent) -> EngineEvent {
    use streamlab::structured::report::SinkReport;
    let EngineEvent::Trigger(mut r) = ev else {
        return ev;
    };
    match r.sink.as_mut() {
        Some(SinkReport::ForeachBatch(call)) => call.micros = 400,
        Some(SinkReport::Foreach { micros, .. }) => *micros = 400,
        Some(SinkReport::Files { written, .. }) => {
            for (name, _) in &mut written.files {
                // part-00000-<36-character id>-c000.csv
                if name.len() > 11 + 36 {
                    name.replace_range(11..11 + 36, "0123abcd-0000-0000-0000-000000000000");
                }
            }
        }
        _ => {}
    }
    EngineEvent::Trigger(r)
}

/// As [`query_app`], each trigger made [`steady`].
fn steady_query_app(src: &str, batches: &[&[&str]], n: usize) -> App {
    let mut app = App::new();
    producer_listening(&mut app);
    for line in src.lines() {
        ok(&mut app, line);
    }
    for ev in triggers(src, batches).into_iter().take(n) {
        update(&mut app, Msg::Engine(steady(ev)));
    }
    app
}

/// The Query pane's text only (its rows between its borders), to assert on.
fn query_pane(s: &str) -> String {
    let r = rows(s);
    let start = r
        .iter()
        .position(|l| l.contains("┌ Query") || l.contains("┏ Query"))
        .expect("a Query pane");
    let col = col_of(&r[start], "Query").expect("title") - 2;
    r[start..]
        .iter()
        .take_while(|l| {
            let c: Vec<char> = l.chars().collect();
            c.get(col).is_some_and(|ch| *ch != '└' && *ch != '┗')
        })
        .map(|l| l.chars().skip(col).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Query pane's lines joined with their borders and indentation
/// squeezed out, so a wrapped sentence reads whole.
fn squash(q: &str) -> String {
    q.lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c == '┃' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A directory under target/ for a test's files, empty.
fn scratch(name: &str) -> String {
    let dir = format!("target/qpane-tests/{name}");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

const FOREACH_BATCH: &str = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Calls").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
def handle(df, batch_id):
    if "boom" in [r.word for r in df.collect()]:
        raise ValueError("boom in batch %d" % batch_id)
    df.count()
query = words.writeStream.foreachBatch(handle).start()"#;

#[test]
fn query_pane_lists_foreach_batch_calls() {
    let batches: &[&[&str]] = &[&["cat dog", "dog"], &["owl"], &["emu yak gnu"]];
    let app = steady_query_app(FOREACH_BATCH, batches, 4);
    for (w, h) in [(120, 36), (80, 24)] {
        let s = screen(&app, w, h);
        let q = query_pane(&s);
        assert!(
            q.contains("Sink: foreachBatch: 4 calls, one per batch"),
            "{s}"
        );
        // Each call: its batch id, the rows its DataFrame held, what it did.
        for (batch, rows) in [(1, "3 rows"), (2, "1 row"), (3, "3 rows")] {
            assert!(
                q.lines().any(|l| l.contains(&format!("batch {batch} "))
                    && l.contains(rows)
                    && l.contains("returned")),
                "batch {batch}:\n{s}"
            );
        }
        insta::assert_snapshot!(format!("24_foreach_batch_calls_{w}x{h}"), s);
    }
}

#[test]
fn query_pane_shows_a_foreach_batch_function_that_raised() {
    let batches: &[&[&str]] = &[&["cat dog"], &["boom"]];
    let app = steady_query_app(FOREACH_BATCH, batches, 3);
    for (w, h) in [(120, 36), (80, 24)] {
        let s = screen(&app, w, h);
        let q = query_pane(&s);
        assert!(
            q.lines()
                .any(|l| l.contains("batch 2") && l.contains("1 row") && l.contains("raised:")),
            "{s}"
        );
        assert!(q.contains("    ValueError: boom in batch 2"), "{s}");
        assert!(
            squash(&q).contains(
                "the query stopped in batch 2: fix the function, then start the query again"
            ),
            "{s}"
        );
        insta::assert_snapshot!(format!("24_foreach_batch_raised_{w}x{h}"), s);
    }
}

#[test]
fn query_pane_says_what_to_do_before_the_first_rows() {
    let app = steady_query_app(FOREACH_BATCH, &[], 1);
    let s = screen(&app, 120, 36);
    let q = query_pane(&s);
    assert!(q.contains("batch 0 "), "{s}");
    assert!(
        squash(&q).contains(
            "no rows yet: type lines into the Producer pane (the query reads localhost port 9999)"
        ),
        "{s}"
    );
}

#[test]
fn query_pane_shows_the_files_a_file_sink_wrote() {
    let dir = scratch("csv");
    let src = format!(
        r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Files").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
query = words.writeStream.format("csv").option("header", True).option("path", "{dir}/out").option("checkpointLocation", "{dir}/cp").start()"#
    );
    let batches: &[&[&str]] = &[&["cat dog", "dog"], &["owl emu", "yak"]];
    let app = steady_query_app(&src, batches, 3);
    // The files the pane names are the ones on disk.
    let on_disk: Vec<String> = std::fs::read_dir(format!("{dir}/out"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("part-"))
        .collect();
    assert_eq!(on_disk.len(), 5, "batch 0: 1 file, batches 1 and 2: 2 each");
    for (w, h) in [(120, 36), (80, 24)] {
        let s = screen(&app, w, h);
        let q = query_pane(&s);
        assert!(q.contains(&format!("Sink: csv files in {dir}/out")), "{s}");
        assert!(q.contains("_spark_metadata: 3 entries:"), "{s}");
        assert!(q.contains("batch 2:"), "{s}");
        insta::assert_snapshot!(format!("24_file_sink_{w}x{h}"), s);
    }
    let s = screen(&app, 120, 36);
    // Socket rows are dealt round-robin to 2 partitions: 2 and 1 rows.
    let q = query_pane(&s);
    assert!(
        q.lines()
            .any(|l| l.contains("batch 2: 2 rows  part-00000-0123") && l.contains("-c000.csv")),
        "{s}"
    );
    assert!(
        q.lines()
            .any(|l| l.contains("1 row  part-00001-0123") && l.contains("-c000.csv")),
        "{s}"
    );
    assert!(
        squash(&query_pane(&s)).contains("0 (1 file) · 1 (2 files) · 2 (2 files)"),
        "{s}"
    );
}

#[test]
fn query_pane_shows_a_compacted_file_sink_log() {
    let dir = scratch("json");
    let src = format!(
        r#"from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("Files").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.format("json").option("path", "{dir}/out").option("checkpointLocation", "{dir}/cp").start()"#
    );
    let batches: Vec<Vec<String>> = (0..11).map(|i| vec![format!("line {i}")]).collect();
    let refs: Vec<Vec<&str>> = batches
        .iter()
        .map(|b| b.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let app = steady_query_app(&src, &slices, 12);
    let s = screen(&app, 120, 36);
    let q = query_pane(&s);
    assert!(q.contains("Sink: json files"), "{s}");
    // Batch 9's entry is the compacted log: batch 0's file and one per batch since.
    let q = squash(&q);
    assert!(
        q.contains("_spark_metadata: 12 entries: … 6 (1 file)"),
        "{s}"
    );
    assert!(
        q.contains("9.compact (10 files) · 10 (1 file) · 11 (1 file)"),
        "{s}"
    );
}

#[test]
fn query_pane_draws_a_stream_static_join_into_a_memory_table() {
    let src = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Join").getOrCreate()
sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof"), ("cow", "moo")], ["word", "sound"])
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
joined = words.join(sounds, "word", "left_outer")
query = joined.writeStream.format("memory").queryName("heard").start()"#;
    let batches: &[&[&str]] = &[&["cat owl", "dog"], &["emu cat"]];
    let app = steady_query_app(src, batches, 3);
    for (w, h) in [(120, 36), (80, 24)] {
        let s = screen(&app, w, h);
        let q = query_pane(&s);
        assert!(q.contains("Stream: +2 rows"), "{s}");
        assert!(q.contains("Static: 3 rows"), "{s}");
        assert!(q.contains("LeftOuter join on word"), "{s}");
        assert!(q.contains(": 2 rows out"), "{s}");
        assert!(
            q.contains("1 of 2 stream rows unmatched: NULL-padded"),
            "{s}"
        );
        assert!(
            squash(&q).contains("Sink: memory table \"heard\": +2 rows, 5 held"),
            "{s}"
        );
        insta::assert_snapshot!(format!("24_join_memory_{w}x{h}"), s);
    }
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("spark.sql(\"select * from heard\") reads it"),
        "{s}"
    );
    assert!(
        s.contains("LeftOuter join on word (sort-merge): 2 rows out"),
        "at 120x36 the strategy fits:\n{s}"
    );
    // Where the static side came from, when the pane is wide enough.
    assert!(s.contains("Static: 3 rows · createDataFrame"), "{s}");
}

#[test]
fn query_pane_draws_an_inner_join_with_a_file_read_into_foreach() {
    let dir = scratch("join");
    std::fs::write(
        format!("{dir}/sounds.csv"),
        "word,sound\ncat,meow\ndog,woof\n",
    )
    .unwrap();
    let src = format!(
        r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Join").getOrCreate()
sounds = spark.read.option("header", True).csv("{dir}/sounds.csv")
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
heard = []
query = sounds.join(words, "word").writeStream.foreach(lambda row: heard.append(row.sound)).start()"#
    );
    let batches: &[&[&str]] = &[&["cat owl dog yak"]];
    let app = steady_query_app(&src, batches, 2);
    for (w, h) in [(120, 36), (80, 24)] {
        let s = screen(&app, w, h);
        let q = query_pane(&s);
        assert!(q.contains("Static: 2 rows"), "{s}");
        assert!(q.contains("Stream: +4 rows"), "{s}");
        assert!(q.contains("Inner join on word"), "{s}");
        assert!(q.contains(": 2 rows out"), "{s}");
        assert!(q.contains("2 of 4 stream rows unmatched: dropped"), "{s}");
        assert!(q.contains("Sink: foreach: 2 rows (0.4 ms)"), "{s}");
        insta::assert_snapshot!(format!("24_join_foreach_{w}x{h}"), s);
    }
    let s = screen(&app, 120, 36);
    assert!(s.contains("Static: 2 rows · sounds.csv"), "{s}");
}

#[test]
fn query_pane_draws_a_stream_stream_join_with_both_inputs_and_their_state() {
    let src = r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import expr, split, to_timestamp
spark = SparkSession.builder.appName("AdClicks").getOrCreate()
imps = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
p = split(imps.value, ",")
imps = imps.select(to_timestamp(p.getItem(0)).alias("impTime"), p.getItem(1).alias("impAd")).withWatermark("impTime", "20 minutes")
clicks = spark.readStream.format("socket").option("host", "localhost").option("port", 9998).load()
p = split(clicks.value, ",")
clicks = clicks.select(to_timestamp(p.getItem(0)).alias("clickTime"), p.getItem(1).alias("clickAd")).withWatermark("clickTime", "30 minutes")
joined = imps.join(clicks, expr("clickAd = impAd AND clickTime >= impTime AND clickTime <= impTime + interval 10 minutes"), "leftOuter")
query = joined.writeStream.format("console").start()"#;
    let batches: &[&[&str]] = &[
        &[
            "2024-01-01 12:00:00,ad1",
            "2024-01-01 12:01:00,ad2",
            "@9998",
            "2024-01-01 12:04:00,ad1",
        ],
        &[
            "2024-01-01 12:40:00,ad3",
            "@9998",
            "2024-01-01 12:50:00,ad3",
        ],
    ];
    // Batch 0, batch 1, its no-data batch 2, batch 3 (ad3 matches).
    let app = query_app(src, batches, 4);
    let s = screen(&app, 140, 44);
    let r = rows(&s);
    assert!(r[0].contains(" Query 0 [append] batch 3 "), "{s}");
    assert!(s.contains("Left input: +1 in batch 3"), "{s}");
    assert!(s.contains("Right input: +1 in batch 3"), "{s}");
    // Batch 1's rows are still held (the watermark, 11:36, evicts none of them).
    assert!(s.contains("Left state: 3 held"), "{s}");
    assert!(s.contains("Right state: 2 held"), "{s}");
    assert!(s.contains("Joined in batch 3: 1 row"), "{s}");
    assert!(
        r.iter()
            .any(|l| l.matches("ad3").count() == 2 && l.contains("12:50:00")),
        "{s}"
    );
    insta::assert_snapshot!("23_query_stream_stream_join", s);
    // Small terminals still show both sides and the joined rows.
    let small = screen(&app, 80, 24);
    assert!(small.contains("Left input"), "{small}");
    assert!(small.contains("Right input"), "{small}");
    assert!(small.contains("Joined in batch 3"), "{small}");
    insta::assert_snapshot!("23_query_stream_stream_join_80x24", small);
}

/// Semi, anti and cross stream-static joins: what became of the stream's
/// rows, in the words of each join type.
#[test]
fn query_pane_draws_semi_anti_and_cross_joins() {
    let run = |how: &str| {
        let src = format!(
            r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Join").getOrCreate()
sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof")], ["word", "sound"])
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
query = words.join(sounds, "word", "{how}").writeStream.format("console").start()"#
        );
        let app = steady_query_app(&src, &[&["cat owl dog yak emu"]], 2);
        (screen(&app, 120, 36), screen(&app, 80, 24))
    };
    let (semi, _) = run("left_semi");
    let q = query_pane(&semi);
    assert!(q.contains("LeftSemi join on word"), "{semi}");
    assert!(q.contains(": 2 rows out"), "{semi}");
    assert!(
        q.contains("3 of 5 stream rows unmatched: dropped"),
        "{semi}"
    );
    let (anti, small) = run("left_anti");
    let q = query_pane(&anti);
    assert!(q.contains("LeftAnti join on word"), "{anti}");
    assert!(q.contains(": 3 rows out"), "{anti}");
    assert!(q.contains("3 of 5 stream rows unmatched: kept"), "{anti}");
    insta::assert_snapshot!("24_join_anti_120x36", anti);
    assert!(
        query_pane(&small).contains("LeftAnti join on word"),
        "{small}"
    );
    insta::assert_snapshot!("24_join_anti_80x24", small);
    let (cross, _) = run("cross");
    let q = query_pane(&cross);
    assert!(q.contains("Cross join on word"), "{cross}");
    assert!(
        q.contains("3 of 5 stream rows unmatched: dropped"),
        "{cross}"
    );
}

/// `toTable`: a file sink into the warehouse directory, shown as the other
/// file sinks are.
#[test]
fn query_pane_shows_the_files_of_a_to_table_sink() {
    let dir = scratch("totable");
    let src = format!(
        r#"from pyspark.sql import SparkSession
from pyspark.sql.functions import explode, split
spark = SparkSession.builder.appName("Table").getOrCreate()
spark.conf.set("spark.sql.warehouse.dir", "{dir}/wh")
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
query = words.writeStream.option("checkpointLocation", "{dir}/cp").toTable("heard")"#
    );
    let app = steady_query_app(&src, &[&["cat dog", "owl"]], 2);
    for (w, h) in [(120, 36), (80, 24)] {
        let s = screen(&app, w, h);
        let q = squash(&query_pane(&s));
        assert!(q.contains(&format!("files in {dir}/wh/heard")), "{s}");
        assert!(q.contains("_spark_metadata: 2 entries"), "{s}");
        insta::assert_snapshot!(format!("24_to_table_{w}x{h}"), s);
    }
}
