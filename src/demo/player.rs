//! Playing a demo script in the real UI.
//!
//! The player sets the UI up as `streamlab` does and then sends it the
//! messages a person would: a key per typed character, F2 to pause, F3 to
//! step, a line typed into the producer pane. It draws after each one, on the
//! real terminal (if there is one) and into the recording (if asked).
//!
//! Two clocks:
//! - **live**: the TCP producer and the engine's real clock run as in
//!   `streamlab`; waits are real time divided by `--speed`; the cast's times
//!   are the wall clock's.
//! - **deterministic**: the script's time is virtual. The engine stays paused
//!   and the player runs each batch when virtual time reaches it, after
//!   waiting until the engine has finished the previous one; a scripted
//!   producer puts its lines into the socket streams directly. Batch times
//!   start at 2024-01-01 00:00:00 UTC and measured durations read 0 ms, so
//!   two runs give the same frames at the same times.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyModifiers};
use futures::StreamExt;
use parking_lot::Mutex;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::mpsc;

use super::cast::{Header, Recorder, Screen};
use super::picture::{self, Film, Format};
use super::script::{parse_script, Script, Step, Wait};
use super::DemoArgs;
use crate::engine::events::EngineEvent;
use crate::producer::ProducerEvent;
use crate::ui::app::{App, Msg, PaneId};
use crate::ui::term;
use crate::ui::{dispatch, open_lesson, panes, setup, Handles, ProducerHandle, Setup, UiOptions};

/// What comes due next in deterministic mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    Batch,
    Query,
    Line,
}

/// How often scripted queries look for new lines, in script ms (Spark's
/// default trigger starts a batch as soon as data is there; a demo's lines
/// come a few per second).
const QUERY_TICK_MS: i64 = 1000;

/// Where the deterministic clock starts: 2024-01-01 00:00:00 UTC.
pub const DETERMINISTIC_START_MS: i64 = 1_704_067_200_000;

/// Default typing speed, characters per second.
const TYPING_CPS: f64 = 18.0;
/// The pause before a pressed key (Enter, F3...), in script ms.
const KEY_MS: f64 = 350.0;
/// How long the last frame stays up, in script ms.
const FINAL_HOLD_MS: f64 = 1500.0;
/// The longest a live demo waits for one batch before giving up.
const BATCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a demo could not play to its end. A step that cannot happen is
/// reported with the script line it is on ([`DemoError::AtLine`]).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot use the terminal: {0}")]
    Terminal(std::io::Error),
    #[error("cannot write {}: {error}", .path.display())]
    Write {
        path: std::path::PathBuf,
        error: std::io::Error,
    },
    #[error("cannot draw: {0}")]
    Draw(std::io::Error),
    #[error("cannot set up the session: {0}")]
    Setup(std::io::Error),
    #[error("cannot find {}: {error}", .path.display())]
    Script {
        path: std::path::PathBuf,
        error: std::io::Error,
    },
    #[error("{0}")]
    Picture(#[from] picture::PictureError),
    #[error("cannot write the cast: {0}")]
    Cast(std::io::Error),
    #[error("{script}:{line}: {error}")]
    AtLine {
        script: String,
        line: usize,
        error: Box<DemoError>,
    },
    /// A file command outside the demo's directory.
    #[error(transparent)]
    Refused(crate::demo::files::Refusal),
    #[error("unknown key '{0}'")]
    UnknownKey(String),
    #[error(transparent)]
    Lesson(#[from] crate::lessons::LessonError),
    #[error("step: no stream is running yet (the script has not run ssc.start())")]
    StepNotStarted,
    #[error("wait {0} batch(es): no stream is running yet (the script has not run ssc.start())")]
    WaitNotStarted(u32),
    #[error("wait {0} batch(es): the batch clock is paused (use `step {0}`, or `resume` first)")]
    WaitPaused(u32),
    #[error("wait {0} batch(es): the stream has stopped")]
    WaitStopped(u32),
    #[error("wait {want} batch(es): the query ran only {ran} of them (is data coming?)")]
    QueryStalled { want: u32, ran: u64 },
    #[error("the engine did not finish a batch within {0} s")]
    EngineTimeout(u64),
    #[error("waited {secs} s for {what}; is the stream running?")]
    WaitTimeout { secs: u64, what: &'static str },
}

/// `streamlab demo`: returns the exit code.
pub fn run(args: DemoArgs) -> i32 {
    let name = args.script.display().to_string();
    let text = match std::fs::read_to_string(&args.script) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {name}: {e}");
            return 2;
        }
    };
    let script = match parse_script(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {name}:{}: {}", e.line, e.problem);
            return 2;
        }
    };
    if !(args.speed.is_finite() && args.speed > 0.0) {
        eprintln!("error: --speed must be a positive number, like 2 or 0.5");
        return 2;
    }
    let dataset = script.dataset.clone().unwrap_or_else(|| "big1".into());
    let Some(ds) = crate::producer::Dataset::from_name(&dataset) else {
        eprintln!(
            "error: {name}: unknown dataset '{dataset}' (datasets: big1, weblogs, sensors, posts, events)"
        );
        return 2;
    };
    if let Some(Err(e)) = args.record.as_deref().map(Format::of) {
        eprintln!("error: {e}");
        return 2;
    }
    if let Err(e) = picture::check_font_size(args.font_size) {
        eprintln!("error: {e}");
        return 2;
    }
    let display = std::io::stdout().is_terminal();
    if !display && args.record.is_none() {
        eprintln!(
            "error: standard output is not a terminal, so there is nothing to show the demo on; \
             give --record FILE.cast (or .gif, .svg) to record it without showing it"
        );
        return 2;
    }
    let ui = UiOptions {
        lines: ds.lines(),
        source_name: format!("{}.txt", ds.name()),
        port: args.port,
        delay: script.delay.unwrap_or(Duration::from_secs(1)),
        lesson: None,
    };
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
    let result = rt.block_on(async move {
        // Raw mode and the alternate screen, given back on every way out.
        let taken = if display {
            match term::take(false) {
                Ok(t) => Some(t),
                Err(e) => return Err(DemoError::Terminal(e)),
            }
        } else {
            None
        };
        let r = play(&args, &name, script, ui, display).await;
        drop(taken);
        r
    });
    match result {
        Ok(summary) => {
            eprintln!("{summary}");
            term::signalled().map_or(0, term::exit_code)
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// Where the player's messages go and how time passes.
struct Player {
    app: App,
    h: Handles,
    engine_rx: mpsc::Receiver<EngineEvent>,
    producer_rx: mpsc::Receiver<ProducerEvent>,
    term: Terminal<CrosstermBackend<Screen>>,
    recorder: Option<Arc<Mutex<Recorder>>>,
    /// The screens drawn, for a `.gif` or `.svg` recording.
    film: Option<Film>,
    deterministic: bool,
    display: bool,
    keys: Option<EventStream>,
    speed: f64,
    t0: Instant,
    /// Script time in ms (deterministic mode).
    vt: i64,
    /// Deterministic mode: when the next batch is due (script ms), once a stream runs.
    next_batch: Option<i64>,
    batch_ms: i64,
    batches_seen: u64,
    /// Deterministic mode: when scripted Structured Streaming queries next
    /// look for new lines (script ms).
    next_query: Option<i64>,
    /// Query triggers seen (data and no-data batches).
    triggers_seen: u64,
    typing_ms: f64,
    frames: u64,
    /// The viewer pressed Ctrl-Q (or Ctrl-C, Esc), or a signal asked the demo to stop.
    aborted: bool,
}

async fn play(
    args: &DemoArgs,
    name: &str,
    script: Script,
    ui: UiOptions,
    display: bool,
) -> Result<String, DemoError> {
    let (width, height) = match args.size.or(script.size) {
        Some(s) => s,
        None if display => crossterm::terminal::size().unwrap_or((100, 30)),
        None => (100, 30),
    };
    let scripted = args.deterministic.then_some(DETERMINISTIC_START_MS);
    let format = args.record.as_deref().and_then(|p| Format::of(p).ok());
    let recorder = match &args.record {
        Some(path) if format == Some(Format::Cast) => {
            let header = Header {
                version: 2,
                width,
                height,
                timestamp: match scripted {
                    Some(ms) => ms / 1000,
                    None => std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_secs() as i64)
                        .unwrap_or(0),
                },
                title: Some(format!("streamlab demo {}", short_name(name))),
                env: Some(
                    [("TERM", "xterm-256color"), ("SHELL", "/bin/sh")]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
            };
            let r = Recorder::create(path, &header).map_err(|error| DemoError::Write {
                path: path.clone(),
                error,
            })?;
            Some(Arc::new(Mutex::new(r)))
        }
        _ => None,
    };
    let screen = Screen {
        terminal: display.then(std::io::stdout),
        recorder: recorder.clone(),
    };
    let term = Terminal::with_options(
        CrosstermBackend::new(screen),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .map_err(DemoError::Draw)?;
    let Setup {
        mut app,
        mut h,
        engine_rx,
        producer_rx,
    } = setup(&ui, scripted).await.map_err(DemoError::Setup)?;
    // The viewer's own REPL history stays out of the demo.
    app.history.clear();
    h.shell.demo_files = Some(
        crate::demo::files::DemoFiles::for_script(&args.script).map_err(|error| {
            DemoError::Script {
                path: args.script.clone(),
                error,
            }
        })?,
    );
    let mut p = Player {
        app,
        h,
        engine_rx,
        producer_rx,
        term,
        recorder,
        film: matches!(format, Some(Format::Gif | Format::Svg)).then(Film::default),
        deterministic: scripted.is_some(),
        display,
        keys: display.then(EventStream::new),
        speed: args.speed,
        t0: Instant::now(),
        vt: 0,
        next_batch: None,
        batch_ms: 1000,
        batches_seen: 0,
        next_query: None,
        triggers_seen: 0,
        typing_ms: 1000.0 / TYPING_CPS,
        frames: 0,
        aborted: false,
    };
    let result = p.play_all(name, &script).await;
    p.h.shell.repl.host().halt();
    p.h.producer.stop();
    if let Some(r) = &p.recorder {
        r.lock().finish().map_err(DemoError::Cast)?;
    }
    if let (Some(film), Some(path), Some(format)) = (&p.film, &args.record, format) {
        picture::write(film, path, format, args.font_size).map_err(DemoError::Picture)?;
    }
    result?;
    let secs = p.cast_time();
    Ok(format!(
        "demo {}: {} steps, {} batches, {} frames, {secs:.1} s{}{}",
        short_name(name),
        script.steps.len(),
        p.batches_seen + p.triggers_seen,
        p.frames,
        match &args.record {
            Some(path) => format!(", recorded to {}", path.display()),
            None => String::new(),
        },
        match (term::signalled(), p.aborted) {
            (Some(sig), _) => format!(" (stopped by signal {sig})"),
            (None, true) => " (stopped by the viewer)".to_string(),
            (None, false) => String::new(),
        }
    ))
}

fn short_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// A key as the script names it.
pub fn key_event(name: &str) -> Option<KeyEvent> {
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    let code = |n: &str| -> Option<KeyCode> {
        Some(match n {
            "Enter" => KeyCode::Enter,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Esc" => KeyCode::Esc,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PgUp" => KeyCode::PageUp,
            "PgDn" => KeyCode::PageDown,
            "Space" => KeyCode::Char(' '),
            _ => {
                if let Some(n) = n.strip_prefix('F').and_then(|d| d.parse::<u8>().ok()) {
                    return (1..=12).contains(&n).then_some(KeyCode::F(n));
                }
                let mut cs = n.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => return None,
                }
            }
        })
    };
    if let Some(rest) = name.strip_prefix("Ctrl-") {
        let c = match code(rest)? {
            KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        return Some(KeyEvent::new(c, KeyModifiers::CONTROL));
    }
    if let Some(rest) = name.strip_prefix("Alt-") {
        return Some(KeyEvent::new(code(rest)?, KeyModifiers::ALT));
    }
    plain(code(name)?)
}

fn char_key(c: char) -> KeyEvent {
    match c {
        '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        '\t' => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
        c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
    }
}

impl Player {
    /// Seconds since the start, as the cast records them.
    fn cast_time(&self) -> f64 {
        if self.deterministic {
            self.vt as f64 / self.speed / 1000.0
        } else {
            self.t0.elapsed().as_secs_f64()
        }
    }

    async fn play_all(&mut self, name: &str, script: &Script) -> Result<(), DemoError> {
        self.settle()?;
        self.render().await?;
        for line in &script.steps {
            if self.aborted || self.app.quit {
                break;
            }
            if let Some(files) = &mut self.h.shell.demo_files {
                files.line = line.line;
            }
            self.step(&line.step).await.map_err(|e| DemoError::AtLine {
                script: short_name(name).to_string(),
                line: line.line,
                error: Box::new(e),
            })?;
            // A file command the demo may not run stops it, as a step that cannot happen does.
            if let Some(refused) = self
                .h
                .shell
                .demo_files
                .as_mut()
                .and_then(|f| f.refused.take())
            {
                return Err(DemoError::AtLine {
                    script: short_name(name).to_string(),
                    line: line.line,
                    error: Box::new(DemoError::Refused(refused)),
                });
            }
        }
        if !self.aborted {
            self.pass(FINAL_HOLD_MS).await?;
            self.render().await?;
        }
        Ok(())
    }

    async fn step(&mut self, step: &Step) -> Result<(), DemoError> {
        match step {
            Step::Typing(cps) => self.typing_ms = 1000.0 / cps,
            Step::Type(text) => self.type_text(text).await?,
            Step::Key(name, n) => {
                let k = key_event(name).ok_or_else(|| DemoError::UnknownKey(name.to_string()))?;
                for _ in 0..*n {
                    self.press(k).await?;
                }
            }
            Step::Produce(text) => {
                let back = self.app.focus;
                self.pass(KEY_MS).await?;
                self.act(Msg::Focus(PaneId::Producer)).await?;
                self.type_text(text).await?;
                self.press(char_key('\n')).await?;
                self.pass(KEY_MS).await?;
                self.act(Msg::Focus(back)).await?;
            }
            Step::Wait(Wait::Time(d)) => self.pass(d.as_millis() as f64).await?,
            Step::Wait(Wait::Batches(n)) => self.wait_batches(*n).await?,
            Step::Pause => {
                if !self.app.clock.paused {
                    self.press(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE))
                        .await?;
                }
            }
            Step::Resume => {
                if self.app.clock.paused {
                    self.press(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE))
                        .await?;
                }
            }
            Step::Step(n) => {
                if !self.app.clock.started {
                    return Err(DemoError::StepNotStarted);
                }
                if !self.app.clock.paused {
                    self.press(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE))
                        .await?;
                }
                for _ in 0..*n {
                    let before = self.batches_seen;
                    self.press(KeyEvent::new(KeyCode::F(3), KeyModifiers::NONE))
                        .await?;
                    if !self.deterministic {
                        self.pump_until(|p| p.batches_seen > before, "a stepped batch")
                            .await?;
                    }
                }
            }
            Step::Caption(c) => self.act(Msg::Caption(c.clone())).await?,
            Step::Focus(p) => self.act(Msg::Focus(crate::ui::app::PaneId::of(*p))).await?,
            Step::Zoom(p) => {
                self.act(Msg::Zoom(Some(crate::ui::app::PaneId::of(*p))))
                    .await?
            }
            Step::Unzoom => self.act(Msg::Zoom(None)).await?,
            Step::Lesson(n) => {
                let lesson = crate::lessons::lesson(*n as usize)?;
                open_lesson(&mut self.h, &mut self.app, lesson);
                self.render().await?;
            }
        }
        Ok(())
    }

    async fn type_text(&mut self, text: &str) -> Result<(), DemoError> {
        for c in text.chars() {
            let wait = if c == '\n' { KEY_MS } else { self.typing_ms };
            self.pass(wait).await?;
            self.act(Msg::Key(char_key(c))).await?;
            if self.aborted {
                break;
            }
        }
        Ok(())
    }

    /// Press a key as a person does: a short pause, then the key.
    async fn press(&mut self, k: KeyEvent) -> Result<(), DemoError> {
        self.pass(KEY_MS).await?;
        self.act(Msg::Key(k)).await
    }

    /// Send one message as a person's key would, then draw.
    async fn act(&mut self, msg: Msg) -> Result<(), DemoError> {
        let was_paused = self.app.clock.paused;
        if self.deterministic {
            // A context started now starts its clock now (script time).
            self.h
                .shell
                .repl
                .host()
                .set_start_ms(DETERMINISTIC_START_MS + self.vt);
        }
        dispatch(&mut self.h, &mut self.app, msg);
        if self.app.quit {
            self.aborted = true;
        }
        if self.deterministic {
            self.settle()?;
            if was_paused && !self.app.clock.paused {
                // Resumed: the next batch comes a full interval later.
                self.next_batch = self.next_batch.map(|_| self.vt + self.batch_ms);
            }
        }
        self.render().await
    }

    /// Let `ms` of script time pass (at `--speed`).
    async fn pass(&mut self, ms: f64) -> Result<(), DemoError> {
        if self.deterministic {
            let target = self.vt + ms.round() as i64;
            self.advance(target).await
        } else {
            let until = Instant::now() + Duration::from_secs_f64(ms / 1000.0 / self.speed);
            self.pump(until).await;
            Ok(())
        }
    }

    async fn wait_batches(&mut self, n: u32) -> Result<(), DemoError> {
        if !self.app.clock.started && !self.app.queries.is_empty() {
            return self.wait_triggers(n).await;
        }
        if !self.app.clock.started {
            return Err(DemoError::WaitNotStarted(n));
        }
        if self.app.clock.paused {
            return Err(DemoError::WaitPaused(n));
        }
        if self.deterministic {
            let Some(next) = self.next_batch else {
                return Err(DemoError::WaitStopped(n));
            };
            let target = next + (i64::from(n) - 1) * self.batch_ms;
            self.advance(target).await
        } else {
            let want = self.batches_seen + u64::from(n);
            self.pump_until(move |p| p.batches_seen >= want, "the batches")
                .await
        }
    }

    /// Wait for `n` more query triggers (a Structured Streaming session).
    async fn wait_triggers(&mut self, n: u32) -> Result<(), DemoError> {
        let want = self.triggers_seen + u64::from(n);
        if !self.deterministic {
            return self
                .pump_until(move |p| p.triggers_seen >= want, "the query's batches")
                .await;
        }
        // Triggers come when lines do: step script time a tick at a time.
        let limit = self.vt + 600 * QUERY_TICK_MS;
        while self.triggers_seen < want {
            if self.vt >= limit || self.next_query.is_none() {
                return Err(DemoError::QueryStalled {
                    want: n,
                    ran: n as u64 + self.triggers_seen - want,
                });
            }
            let next = self.next_query.unwrap_or(self.vt);
            self.advance(next).await?;
            if self.aborted {
                break;
            }
        }
        Ok(())
    }

    /// Deterministic mode: move script time to `target`, running each producer
    /// line and batch due on the way, in time order (a batch before a line due
    /// at the same time).
    async fn advance(&mut self, target: i64) -> Result<(), DemoError> {
        loop {
            if self.aborted {
                return Ok(());
            }
            let line_due = match &self.h.producer {
                ProducerHandle::Scripted(p) => p.next_due(),
                ProducerHandle::Tcp(_) => None,
            };
            let batch_due = self.next_batch.filter(|_| !self.app.clock.paused);
            // At the same time: a batch, then the queries' trigger, then a line.
            let due = [
                (batch_due, Due::Batch),
                (self.next_query, Due::Query),
                (line_due, Due::Line),
            ]
            .into_iter()
            .filter_map(|(t, what)| t.map(|t| (t, what)))
            .min_by_key(|(t, what)| (*t, *what));
            let Some((t, what)) = due else { break };
            if t > target {
                break;
            }
            self.vt = self.vt.max(t);
            match what {
                Due::Batch => {
                    // The batch's run is marked done when the engine reports it.
                    self.next_batch = None;
                    self.h.shell.repl.host().control.step();
                    self.settle()?;
                }
                Due::Query => {
                    self.next_query = Some(t + QUERY_TICK_MS);
                    self.h
                        .shell
                        .repl
                        .host()
                        .step_queries(DETERMINISTIC_START_MS + t);
                    self.settle()?;
                }
                Due::Line => {
                    if let ProducerHandle::Scripted(p) = &mut self.h.producer {
                        p.send_due(t);
                        self.producer_events();
                    }
                }
            }
            self.render().await?;
        }
        self.vt = self.vt.max(target);
        Ok(())
    }

    /// Deterministic mode: wait until the engine has sent every event of what
    /// it was asked to do, then hand those events to the UI in order.
    fn settle(&mut self) -> Result<(), DemoError> {
        if !self.deterministic {
            return Ok(());
        }
        let deadline = Instant::now() + BATCH_TIMEOUT;
        loop {
            let host = self.h.shell.repl.host();
            if !host.is_running() || host.control.is_settled() {
                break;
            }
            if Instant::now() > deadline {
                return Err(DemoError::EngineTimeout(BATCH_TIMEOUT.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        while let Ok(ev) = self.engine_rx.try_recv() {
            self.engine_event(ev);
        }
        // Scripted queries look for new lines once a second of script time.
        match (self.h.shell.repl.host().scripted_queries(), self.next_query) {
            (0, _) => self.next_query = None,
            (_, None) => self.next_query = Some(self.vt + QUERY_TICK_MS),
            _ => {}
        }
        if let ProducerHandle::Scripted(p) = &mut self.h.producer {
            p.sync(self.vt);
        }
        self.producer_events();
        Ok(())
    }

    fn producer_events(&mut self) {
        let evs = match &mut self.h.producer {
            ProducerHandle::Scripted(p) => p.take_events(),
            ProducerHandle::Tcp(_) => return,
        };
        for ev in evs {
            dispatch(&mut self.h, &mut self.app, Msg::Producer(ev));
        }
    }

    fn engine_event(&mut self, mut ev: EngineEvent) {
        match &mut ev {
            EngineEvent::Started { zero_ms, batch_ms } => {
                self.batch_ms = *batch_ms;
                self.next_batch = Some(*zero_ms + *batch_ms - DETERMINISTIC_START_MS);
            }
            EngineEvent::BatchCompleted(info) => {
                self.batches_seen += 1;
                self.next_batch = Some(info.time_ms + self.batch_ms - DETERMINISTIC_START_MS);
                if self.deterministic {
                    // Measured durations differ from run to run.
                    info.processing_ms = 0;
                    info.scheduling_delay_ms = 0;
                }
            }
            EngineEvent::Stopped => self.next_batch = None,
            EngineEvent::Trigger(_) => self.triggers_seen += 1,
            _ => {}
        }
        dispatch(&mut self.h, &mut self.app, Msg::Engine(ev));
    }

    /// Draw the current state (deterministic mode on a terminal: at the
    /// script time's pace, so people can watch).
    async fn render(&mut self) -> Result<(), DemoError> {
        let t = self.cast_time();
        if self.deterministic && self.display {
            let at = self.t0 + Duration::from_secs_f64(t);
            while Instant::now() < at && !self.aborted {
                let until = at.min(Instant::now() + Duration::from_millis(50));
                tokio::select! {
                    _ = tokio::time::sleep_until(until.into()) => {}
                    k = next_key(&mut self.keys) => self.viewer_key(k),
                    _ = term::caught() => self.aborted = true,
                }
            }
        }
        if let Some(r) = &self.recorder {
            r.lock().set_time(t);
        }
        let app = &self.app;
        let drawn = self
            .term
            .draw(|f| panes::render(app, f))
            .map_err(DemoError::Draw)?;
        if let Some(film) = self.film.as_mut() {
            film.capture(t, drawn.buffer);
        }
        self.frames += 1;
        Ok(())
    }

    /// Live mode: carry events to the UI until `until`, drawing as they come.
    async fn pump(&mut self, until: Instant) {
        while !self.aborted {
            let now = Instant::now();
            if now >= until {
                break;
            }
            let changed = tokio::select! {
                _ = tokio::time::sleep_until(until.into()) => false,
                Some(ev) = self.engine_rx.recv() => { self.engine_event(ev); true }
                Some(ev) = self.producer_rx.recv() => {
                    dispatch(&mut self.h, &mut self.app, Msg::Producer(ev));
                    true
                }
                k = next_key(&mut self.keys) => { self.viewer_key(k); false }
                _ = term::caught() => { self.aborted = true; false }
            };
            if changed {
                let _ = self.render().await;
            }
        }
    }

    /// Live mode: carry events until `done` holds (or time runs out).
    async fn pump_until(
        &mut self,
        done: impl Fn(&Player) -> bool,
        what: &'static str,
    ) -> Result<(), DemoError> {
        let deadline = Instant::now() + BATCH_TIMEOUT;
        while !done(self) && !self.aborted {
            if Instant::now() >= deadline {
                return Err(DemoError::WaitTimeout {
                    secs: BATCH_TIMEOUT.as_secs(),
                    what,
                });
            }
            self.pump(Instant::now() + Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// The viewer's keys: Ctrl-Q, Ctrl-C or Esc stop the demo; others are ignored.
    fn viewer_key(&mut self, k: Option<KeyEvent>) {
        if let Some(k) = k {
            let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
            if matches!(k.code, KeyCode::Esc)
                || (ctrl && matches!(k.code, KeyCode::Char('q') | KeyCode::Char('c')))
            {
                self.aborted = true;
            }
        }
    }
}

/// The next key press from the viewer's terminal (never, without one).
async fn next_key(keys: &mut Option<EventStream>) -> Option<KeyEvent> {
    match keys.as_mut() {
        Some(k) => loop {
            match k.next().await {
                Some(Ok(Event::Key(k))) if k.kind != crossterm::event::KeyEventKind::Release => {
                    return Some(k)
                }
                Some(Ok(_)) => continue,
                _ => return std::future::pending().await,
            }
        },
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_error_names_the_script_line() {
        let e = DemoError::AtLine {
            script: "intro.demo".into(),
            line: 7,
            error: Box::new(DemoError::WaitPaused(2)),
        };
        assert_eq!(
            e.to_string(),
            "intro.demo:7: wait 2 batch(es): the batch clock is paused (use `step 2`, or `resume` first)"
        );
        assert!(matches!(e, DemoError::AtLine { line: 7, .. }));
    }

    #[test]
    fn every_key_a_script_may_name_is_a_key() {
        for name in super::super::script::KEY_NAMES {
            assert!(key_event(name).is_some(), "{name}");
        }
        assert_eq!(
            key_event("Ctrl-L"),
            Some(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL))
        );
        assert_eq!(
            key_event("F3"),
            Some(KeyEvent::new(KeyCode::F(3), KeyModifiers::NONE))
        );
        assert_eq!(key_event("F13"), None);
    }
}
