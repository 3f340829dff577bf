//! The terminal UI: `streamlab` with no arguments.
//!
//! - [`app`]: the one state and [`app::update`], the only place it changes;
//! - [`panes`]: drawing, a module per pane, a pure function of the state;
//! - [`editor`]: the REPL's multi-line input; [`keys`]: every key, as data
//!   (what dispatch looks up, and what help, hints and README show);
//! - [`crate::shell`]: the session and every `:command` (a `Msg::Command`
//!   whose answer, a `Msg::Replied`, `update` applies);
//! - this module: the terminal, the embedded producer, the session, and the
//!   loop that turns keys and events into messages and carries out effects.
//!
//! The engine runs on its own thread and the producer on tokio tasks; the loop
//! only waits on channels, so neither can block drawing or typing. The
//! terminal is restored on every way out (quit, error, panic, Ctrl-C as a
//! key, SIGHUP, SIGINT, SIGQUIT, SIGTERM): see [`term`].

pub mod app;
pub mod editor;
pub mod keys;
pub mod panes;
pub mod producer_view;
pub mod screenshot;
pub mod state_view;
pub mod term;
pub mod theme;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, MouseButton, MouseEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::engine::driver::RunOptions;
use crate::engine::events::EngineEvent;
use crate::engine::graph::{Graph, Op, OutputKind};
use crate::producer::{Pace, Producer, ProducerConfig, ProducerEvent};
use crate::session::facts::{Api, Call};
use crate::session::live::{LiveHost, Repl, EVENT_CAP};
use crate::shell::{Action, Front, Shell};
use app::{update, App, Effect, GraphNode, GraphView, Msg};

/// The port learners type in `socketTextStream("localhost", 9999)`.
pub const DEFAULT_PORT: u16 = 9999;

/// The embedded producer's pace unless `--delay` says otherwise, as typed.
///
/// With the default 1-second batches this gives about five lines a batch:
/// enough that a batch is visibly a *collection* of records (the Batches
/// pane shows them as chips and a word count has repeated words to reduce),
/// few enough to read as they go by. The classic one line a second of
/// `nc -lk` stays one `:delay 1s` away.
pub const DEFAULT_DELAY: &str = "200ms";

/// [`DEFAULT_DELAY`] as a duration.
pub fn default_delay() -> Duration {
    crate::formats::duration::parse_duration(DEFAULT_DELAY).unwrap_or(Duration::from_millis(200))
}

/// Options of the UI (from the command line).
#[derive(Debug, Clone)]
pub struct UiOptions {
    /// Lines the embedded producer serves.
    pub lines: Arc<[String]>,
    pub source_name: String,
    pub port: u16,
    pub delay: Duration,
    /// A lesson to follow (`streamlab lesson N`).
    pub lesson: Option<crate::lessons::Lesson>,
}

/// Open the UI on a lesson: its dataset in the producer, its text in the REPL.
pub fn run_lesson(lesson: crate::lessons::Lesson) -> i32 {
    let Some(ds) = crate::producer::Dataset::from_name(&lesson.dataset) else {
        eprintln!(
            "error: lesson {} names an unknown dataset {:?}",
            lesson.number, lesson.dataset
        );
        return 1;
    };
    run(UiOptions {
        lines: ds.lines(),
        source_name: ds.file_name().to_string(),
        port: DEFAULT_PORT,
        delay: default_delay(),
        lesson: Some(lesson),
    })
}

/// Open a lesson in the UI: the shell follows it, the Lesson pane shows it.
pub(crate) fn open_lesson(h: &mut Handles, app: &mut App, lesson: crate::lessons::Lesson) {
    let reply = h.shell.open_lesson(lesson);
    dispatch(h, app, Msg::Replied { reply, graph: None });
}

/// The DStream graph as the pipeline pane draws it.
pub fn graph_view(g: &Graph) -> GraphView {
    GraphView {
        nodes: g
            .live_nodes()
            .into_iter()
            .map(|id| {
                let n = &g.nodes[id];
                GraphNode {
                    id,
                    label: n.label.clone(),
                    op: n.op.name().to_string(),
                    parents: n.parents.clone(),
                    shuffle: n.op.is_shuffle(),
                    window: match n.op {
                        Op::Window { window_ms } | Op::ReducedWindow { window_ms, .. } => {
                            Some((window_ms, n.slide_ms))
                        }
                        _ => None,
                    },
                }
            })
            .collect(),
        outputs: g
            .outputs
            .iter()
            .map(|o| {
                let what = match &o.kind {
                    OutputKind::Pprint { num } if *num == 10 => "pprint()".to_string(),
                    OutputKind::Pprint { num } => format!("pprint({num})"),
                    OutputKind::ForeachRdd { .. } => "foreachRDD".to_string(),
                    OutputKind::SaveAsTextFiles { prefix, .. } => {
                        format!("saveAsTextFiles({prefix:?})")
                    }
                };
                (o.node, what)
            })
            .collect(),
    }
}

/// The graph of the session's StreamingContext, whatever its name.
fn current_graph(repl: &Repl) -> Option<GraphView> {
    let ctx = repl.main_context()?;
    let g = ctx.graph.lock().clone();
    Some(graph_view(&g))
}

/// The history shared with `streamlab repl` (see [`crate::paths`]).
fn load_history() -> Vec<String> {
    crate::paths::history_file()
        .map(|p| crate::paths::read_history(&p))
        .unwrap_or_default()
}

fn save_history(h: &[String]) {
    if let Some(p) = crate::paths::history_file() {
        let _ = crate::paths::write_history(&p, h);
    }
}

/// Run the UI until the learner quits. Returns the exit code.
pub fn run(opts: UiOptions) -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return 1;
        }
    };
    rt.block_on(async move {
        let result = match term::take(true) {
            Ok(taken) => {
                let r = match ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(
                    std::io::stdout(),
                )) {
                    Ok(mut terminal) => event_loop(&mut terminal, opts).await,
                    Err(e) => Err(e),
                };
                drop(taken);
                r
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(None) => 0,
            Ok(Some(sig)) => term::exit_code(sig),
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        }
    })
}

/// What the loop drives: the shell (the session, the lesson, a demo's
/// files) and the producer.
pub(crate) struct Handles {
    pub(crate) shell: Shell,
    pub(crate) producer: ProducerHandle,
    pub(crate) pace: Pace,
}

/// The producer the UI talks to: the TCP one, or a demo's scripted one.
pub(crate) enum ProducerHandle {
    Tcp(Producer),
    Scripted(crate::producer::scripted::ScriptedProducer),
}

impl ProducerHandle {
    fn inject(&mut self, line: String) -> Result<(), crate::producer::CommandError> {
        match self {
            ProducerHandle::Tcp(p) => p.inject(line),
            ProducerHandle::Scripted(p) => p.inject(line),
        }
    }
    fn pause(&mut self) -> Result<(), crate::producer::CommandError> {
        match self {
            ProducerHandle::Tcp(p) => p.pause(),
            ProducerHandle::Scripted(p) => p.pause(),
        }
    }
    fn resume(&mut self) -> Result<(), crate::producer::CommandError> {
        match self {
            ProducerHandle::Tcp(p) => p.resume(),
            ProducerHandle::Scripted(p) => p.resume(),
        }
    }
    fn set_pace(&mut self, pace: Pace) -> Result<(), crate::producer::CommandError> {
        match (self, pace) {
            (ProducerHandle::Tcp(p), Pace::Delay(d)) => p.set_delay(d),
            (ProducerHandle::Tcp(p), Pace::Rate(r)) => p.set_rate(r),
            (ProducerHandle::Scripted(p), pace) => p.set_pace(pace),
        }
    }
    pub(crate) fn stop(&mut self) {
        if let ProducerHandle::Tcp(p) = self {
            let _ = p.stop();
        }
    }
}

/// The events of `rx` with `first` (already read) put back in front.
async fn put_back(
    first: Option<ProducerEvent>,
    mut rx: mpsc::Receiver<ProducerEvent>,
) -> mpsc::Receiver<ProducerEvent> {
    let (tx, out) = mpsc::channel(crate::producer::EVENT_CAP);
    if let Some(ev) = first {
        let _ = tx.send(ev).await;
    }
    tokio::spawn(async move {
        while let Some(ev) = rx.recv().await {
            if tx.send(ev).await.is_err() {
                break;
            }
        }
    });
    out
}

/// Start the embedded producer on `port`, or on a free port if that one is
/// taken. Returns the handle, its events and the port it listens on.
async fn start_producer(
    opts: &UiOptions,
) -> (Producer, mpsc::Receiver<ProducerEvent>, Option<u16>) {
    let mut cfg = ProducerConfig::new(opts.lines.clone(), opts.source_name.clone());
    cfg.port = opts.port;
    cfg.pace = Pace::Delay(opts.delay);
    cfg.looping = true;
    let (p, mut rx) = Producer::start(cfg.clone());
    // Look at the first event: listening, or the port is taken.
    match rx.recv().await {
        Some(ProducerEvent::PortInUse { .. }) => {
            let _ = p.stop();
            cfg.port = 0;
            let (p2, mut rx2) = Producer::start(cfg);
            let first = rx2.recv().await;
            let port = match &first {
                Some(ProducerEvent::Listening { addr }) => Some(addr.port()),
                _ => None,
            };
            (p2, put_back(first, rx2).await, port)
        }
        first => {
            let listening = match &first {
                Some(ProducerEvent::Listening { addr }) => Some(addr.port()),
                _ => None,
            };
            (p, put_back(first, rx).await, listening)
        }
    }
}

/// Everything a UI session runs on, set up: the state, the handles, and the
/// engine's and the producer's events. The terminal UI and demos both start here.
pub(crate) struct Setup {
    pub(crate) app: App,
    pub(crate) h: Handles,
    pub(crate) engine_rx: mpsc::Receiver<EngineEvent>,
    pub(crate) producer_rx: mpsc::Receiver<ProducerEvent>,
}

/// With `scripted` (a deterministic demo: the clock starting at that epoch
/// ms), the producer is a [`ScriptedProducer`](crate::producer::scripted::ScriptedProducer)
/// feeding socket streams directly and the engine's clock only moves when stepped.
pub(crate) async fn setup(opts: &UiOptions, scripted: Option<i64>) -> std::io::Result<Setup> {
    let (engine_tx, engine_rx) = mpsc::channel::<EngineEvent>(EVENT_CAP);
    let feed = scripted.map(|_| crate::sources::feed::Feed::new());
    let host = LiveHost::new(
        engine_tx,
        RunOptions {
            feed: feed.clone(),
            start_ms: scripted,
            ..RunOptions::default()
        },
    );
    if scripted.is_some() {
        host.control.pause();
    }
    let batch_ms = opts
        .lesson
        .as_ref()
        .map_or(1000, |l| l.batch.as_millis() as i64);
    let repl = Repl::new(host.clone(), "local[2]", batch_ms)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let repl_ledger = repl.ledger();
    let (producer, producer_rx, listening) = match feed {
        Some(feed) => {
            let p = crate::producer::scripted::ScriptedProducer::new(
                opts.lines.clone(),
                opts.port,
                Pace::Delay(opts.delay),
                feed,
            );
            let (_, rx) = mpsc::channel(1);
            (ProducerHandle::Scripted(p), rx, Some(opts.port))
        }
        None => {
            let (p, rx, listening) = start_producer(opts).await;
            (ProducerHandle::Tcp(p), rx, listening)
        }
    };
    // With --port 0 the learner types the real port; otherwise the port they
    // asked for works even when the producer had to move.
    let moved = listening.filter(|p| *p != opts.port && opts.port != 0);
    let typed_port = if opts.port == 0 {
        listening.unwrap_or(0)
    } else {
        opts.port
    };
    // Made whole here; from now on only `update` changes it.
    let mut app = App::for_session(repl_ledger, theme::no_color_requested());
    update(&mut app, Msg::History(load_history()));
    update(
        &mut app,
        Msg::Pace(producer_view::describe_pace(Pace::Delay(opts.delay))),
    );
    if let Some(port) = moved {
        host.redirect(opts.port, port);
        update(
            &mut app,
            Msg::Note(format!(
                "port {} is used by another program: the producer listens on {port} instead, and socketTextStream(\"localhost\", {}) is connected there",
                opts.port, opts.port
            )),
        );
    }
    let structured_lesson = opts
        .lesson
        .as_ref()
        .is_some_and(|l| l.steps.iter().any(|s| s.solution.contains("readStream")));
    let greeting = if structured_lesson {
        format!(
            "The producer streams {} on port {} (read it with spark.readStream.format(\"socket\").option(\"host\", \"localhost\").option(\"port\", {}).load()).",
            opts.source_name,
            listening.unwrap_or(opts.port),
            typed_port
        )
    } else if opts.lesson.is_some() {
        format!(
            "The producer streams {} on port {} (read it with ssc.socketTextStream(\"localhost\", {})).",
            opts.source_name,
            listening.unwrap_or(opts.port),
            typed_port
        )
    } else {
        format!(
            "The producer streams {} on port {}. Try:\n  lines = ssc.socketTextStream(\"localhost\", {})\n  lines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b).pprint()\n  ssc.start()\n(sc, ssc and spark are predefined; spark.readStream starts a Structured Streaming query, lesson 11 shows how.)",
            opts.source_name,
            listening.unwrap_or(opts.port),
            typed_port
        )
    };
    update(&mut app, Msg::Note(greeting));
    let mut shell = Shell::new(repl, Front::Ui, "local[2]");
    shell.scripted_clock = scripted.is_some();
    let mut h = Handles {
        shell,
        producer,
        pace: Pace::Delay(opts.delay),
    };
    if let Some(lesson) = opts.lesson.clone() {
        open_lesson(&mut h, &mut app, lesson);
    }
    Ok(Setup {
        app,
        h,
        engine_rx,
        producer_rx,
    })
}

/// Returns the signal that stopped it, if one did.
async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    opts: UiOptions,
) -> std::io::Result<Option<i32>> {
    let Setup {
        mut app,
        mut h,
        mut engine_rx,
        mut producer_rx,
    } = setup(&opts, None).await?;
    let mut keys = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(33));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut signal = None;
    let mut dirty = true;
    let mut last_draw = Instant::now() - Duration::from_secs(1);
    loop {
        if dirty && last_draw.elapsed() >= Duration::from_millis(16) {
            terminal.draw(|f| panes::render(&app, f))?;
            last_draw = Instant::now();
            dirty = false;
        }
        let msg = tokio::select! {
            ev = keys.next() => match ev {
                Some(Ok(Event::Key(k))) => Some(Msg::Key(k)),
                Some(Ok(Event::Paste(s))) => Some(Msg::Paste(s)),
                Some(Ok(Event::Mouse(m))) => match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => terminal.size().ok().map(|s| Msg::Click {
                        x: m.column,
                        y: m.row,
                        screen: ratatui::layout::Rect::new(0, 0, s.width, s.height),
                    }),
                    _ => None,
                },
                Some(Ok(Event::Resize(..))) => { dirty = true; None }
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e),
                None => break,
            },
            Some(ev) = engine_rx.recv() => Some(Msg::Engine(ev)),
            Some(ev) = producer_rx.recv() => Some(Msg::Producer(ev)),
            _ = tick.tick() => None,
            sig = term::caught() => { signal = Some(sig); break }
        };
        let Some(msg) = msg else { continue };
        dirty = true;
        dispatch(&mut h, &mut app, msg);
        if app.quit {
            break;
        }
    }
    save_history(&app.history);
    h.shell.repl.host().halt();
    h.producer.stop();
    let _ = std::io::stdout().flush();
    Ok(signal)
}

/// Apply a message and carry out the effects it asks for (and theirs).
pub(crate) fn dispatch(h: &mut Handles, app: &mut App, msg: Msg) {
    let mut effects = update(app, msg);
    while !effects.is_empty() {
        let mut next = Vec::new();
        for e in effects {
            if let Some(m) = carry_out(h, app, e) {
                next.extend(update(app, m));
            }
        }
        effects = next;
    }
}

/// Do what an effect asks; maybe answer with a message. The state is
/// read here, never changed: the answer goes through [`update`].
pub(crate) fn carry_out(h: &mut Handles, app: &App, e: Effect) -> Option<Msg> {
    let repl = &mut h.shell.repl;
    match e {
        Effect::Submit(text) => {
            let before = repl.facts().calls().len();
            let result = repl.submit(&text);
            let made = |call: Call| {
                repl.facts().calls()[before..]
                    .iter()
                    .any(|c| c.call == call && c.target.api() == Api::DStream)
            };
            let started = made(Call::Start);
            let stopped = made(Call::Stop);
            let mut graph = None;
            if started {
                graph = current_graph(repl);
                if app.clock.paused {
                    repl.host().control.pause();
                }
            }
            Some(Msg::Entered {
                input: text,
                result,
                started,
                stopped,
                graph,
            })
        }
        Effect::Command(c) => {
            let mut reply = h.shell.command(&c);
            let mut graph = None;
            for a in &reply.actions {
                match a {
                    Action::Rebuilt { reset: false } | Action::GraphChanged => {
                        graph = current_graph(&h.shell.repl)
                    }
                    _ => {}
                }
            }
            // A rebuilt session keeps the clock as the engine has it.
            if reply
                .actions
                .iter()
                .any(|a| matches!(a, Action::Rebuilt { .. }))
                && !h.shell.scripted_clock
            {
                let paused = h.shell.repl.host().control.is_paused();
                reply.actions.push(Action::Clock { paused });
            }
            Some(Msg::Replied { reply, graph })
        }
        Effect::Complete => {
            let text = app.editor.text();
            let cursor = app.editor.cursor_offset();
            let names = repl.names();
            let lookup = |n: &str| repl.lookup(n);
            let (start, candidates) =
                crate::session::complete::complete(&text, cursor, &names, &lookup);
            Some(Msg::Completions {
                start,
                candidates: candidates.into_iter().map(|c| c.text).collect(),
            })
        }
        Effect::ProducerSend(line) => {
            if h.producer.inject(line).is_err() {
                return Some(Msg::Status("the producer is not running".into()));
            }
            None
        }
        Effect::ProducerPause => h
            .producer
            .pause()
            .err()
            .map(|_| Msg::Status("the producer is not running".into())),
        Effect::ProducerResume => h
            .producer
            .resume()
            .err()
            .map(|_| Msg::Status("the producer is not running".into())),
        Effect::ProducerFaster | Effect::ProducerSlower => {
            let interval = h.pace.interval();
            let next = if e == Effect::ProducerFaster {
                interval / 2
            } else {
                interval * 2
            };
            let next = next.clamp(Duration::from_micros(10), Duration::from_secs(60));
            carry_out(h, app, Effect::ProducerPace(Pace::Delay(next)))
        }
        Effect::ProducerPace(pace) => {
            h.pace = pace;
            let _ = h.producer.set_pace(h.pace);
            Some(Msg::Pace(producer_view::describe_pace(h.pace)))
        }
        Effect::ClockPause => {
            repl.host().control.pause();
            None
        }
        Effect::ClockResume => {
            if !h.shell.scripted_clock {
                repl.host().control.resume();
            }
            None
        }
        Effect::ClockStep => {
            repl.host().control.step();
            None
        }
        Effect::Screenshot(path) => {
            let (w, h) = crossterm::terminal::size().unwrap_or((120, 36));
            let buf = screenshot::draw(app, w, h);
            let (text, ok) = match screenshot::write(&buf, &path) {
                Ok(said) => (said, true),
                Err(e) => (e, false),
            };
            Some(Msg::Replied {
                reply: crate::shell::Reply {
                    text,
                    ok,
                    actions: Vec::new(),
                },
                graph: None,
            })
        }
        Effect::Quit => Some(Msg::Quit),
    }
}

#[cfg(test)]
mod tests;
