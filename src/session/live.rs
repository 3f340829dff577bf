//! Interactive sessions: a REPL entry at a time, with the stream running in
//! the background. The terminal UI and `streamlab repl` both drive a [`Repl`].
//!
//! As in the pyspark shell, `sc` and `ssc` are predefined (`local[2]`, 1 s
//! batches). `ssc.start()` starts the engine on its own thread and returns at
//! once; engine events go to the channel given at creation. Spark forbids
//! adding operations to a started context; [`Repl::restart`] rebuilds the
//! graph from the definitions entered so far, which is what a learner wants
//! after changing a pipeline.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use parking_lot::Mutex;
use tokio::sync::mpsc;

use super::context::{Host, Lifecycle, StreamingInner};
use super::facts::{Call, ProgramFacts, Target};
use super::{ProgramError, Session};
use crate::engine::driver::{self, Control, RunOptions};
use crate::engine::events::EngineEvent;
use crate::lang::compile::Compiler;
use crate::lang::diag::Diagnostic;
use crate::lang::parse::parse_program;
use crate::lang::value::ExcKind;
use crate::lang::value::{Exc, PyResult, Value};

/// Events from a background engine; the cap keeps memory bounded: when the
/// UI falls behind, the engine waits before its next batch.
pub const EVENT_CAP: usize = 4096;

/// A query's index, its stop flag and its thread.
type RunningQuery = (usize, Arc<AtomicBool>, JoinHandle<()>);

/// Runs started contexts on a background thread.
pub struct LiveHost {
    events: mpsc::Sender<EngineEvent>,
    pub control: Arc<Control>,
    opts: Mutex<RunOptions>,
    running: Mutex<Option<(Arc<AtomicBool>, JoinHandle<()>)>>,
    /// Structured Streaming queries started in the session.
    queries: Mutex<Vec<RunningQuery>>,
    /// With a scripted feed (deterministic demos): queries run a trigger only
    /// when [`LiveHost::step_queries`] says so, reading the feed.
    scripted: Mutex<Vec<crate::structured::exec::QueryExec>>,
}

impl LiveHost {
    pub fn new(events: mpsc::Sender<EngineEvent>, opts: RunOptions) -> Arc<LiveHost> {
        let control = Arc::new(Control::default());
        let mut opts = opts;
        opts.control = Some(control.clone());
        opts.realtime = true;
        Arc::new(LiveHost {
            events,
            control,
            opts: Mutex::new(opts),
            running: Mutex::new(None),
            queries: Mutex::new(Vec::new()),
            scripted: Mutex::new(Vec::new()),
        })
    }

    /// Send socket connections for `port` to `to` (the embedded producer moved).
    pub fn redirect(&self, from: u16, to: u16) {
        self.opts.lock().redirect_port = Some((from, to));
    }

    /// Start the next context's clock at `ms` (epoch; deterministic demos).
    pub fn set_start_ms(&self, ms: i64) {
        self.opts.lock().start_ms = Some(ms);
    }

    pub fn is_running(&self) -> bool {
        self.running
            .lock()
            .as_ref()
            .is_some_and(|(_, h)| !h.is_finished())
    }

    /// Stop the background engine and every query, and wait for them.
    pub fn halt(&self) {
        if let Some((stop, handle)) = self.running.lock().take() {
            stop.store(true, Ordering::Relaxed);
            let _ = handle.join();
        }
        let queries = std::mem::take(&mut *self.queries.lock());
        for (_, stop, _) in &queries {
            stop.store(true, Ordering::Relaxed);
        }
        for (_, _, handle) in queries {
            let _ = handle.join();
        }
        let scripted = std::mem::take(&mut *self.scripted.lock());
        if let Some(feed) = &self.opts.lock().feed {
            scripted.iter().for_each(|_| feed.close_query());
        }
    }

    /// Scripted queries (deterministic demos) that are running.
    pub fn scripted_queries(&self) -> usize {
        self.scripted.lock().len()
    }

    /// Deterministic demos: one trigger of every scripted query at `now_ms`
    /// with the lines fed since the last one (none: no trigger, unless the
    /// state needs a no-data batch), and the no-data batch Spark runs right
    /// after a batch that moved the watermark. Returns the triggers run;
    /// their reports are sent as events.
    pub fn step_queries(&self, now_ms: i64) -> usize {
        let feed = self.opts.lock().feed.clone();
        let Some(feed) = feed else { return 0 };
        let lines = feed.take_query_lines();
        let mut runs = 0;
        for exec in self.scripted.lock().iter_mut() {
            if lines.is_empty() && !exec.needs_no_data_batch() {
                continue;
            }
            let rows = lines.iter().map(|l| (l.clone(), now_ms)).collect();
            let mut reports = vec![exec.trigger(rows, now_ms)];
            if exec.needs_no_data_batch() {
                reports.push(exec.trigger(Vec::new(), now_ms));
            }
            for r in reports {
                runs += 1;
                let _ = self.events.try_send(EngineEvent::Trigger(Box::new(r)));
            }
        }
        runs
    }

    /// Structured Streaming queries still running.
    pub fn running_queries(&self) -> usize {
        self.queries
            .lock()
            .iter()
            .filter(|(_, _, h)| !h.is_finished())
            .count()
    }
}

impl Host for LiveHost {
    fn start(&self, ctx: &Arc<StreamingInner>) -> PyResult<()> {
        self.halt();
        let graph = Arc::new(ctx.graph.lock().clone());
        let opts = self.opts.lock().clone();
        let events = self.events.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        self.control.unsettle();
        let ctx = ctx.clone();
        let handle = std::thread::Builder::new()
            .name("streamlab-engine".into())
            .spawn(move || {
                let result = driver::run(graph, &opts, &stop2, &mut |ev| {
                    let _ = events.blocking_send(ev);
                });
                if let Err(e) = result {
                    let _ = events.blocking_send(EngineEvent::Notice(e.to_string()));
                    let _ = events.blocking_send(EngineEvent::Stopped);
                }
                *ctx.lifecycle.lock() = Lifecycle::Stopped;
            })
            .map_err(|e| {
                crate::lang::value::Exc::new(
                    ExcKind::RuntimeError,
                    format!("cannot start the engine thread: {e}"),
                )
            })?;
        *self.running.lock() = Some((stop, handle));
        Ok(())
    }

    fn await_termination(
        &self,
        _ctx: &Arc<StreamingInner>,
        _timeout: Option<f64>,
    ) -> PyResult<bool> {
        // In a REPL the stream runs in the background; blocking here would
        // freeze the prompt, so awaitTermination returns at once.
        Ok(false)
    }

    fn stop(&self, _ctx: &Arc<StreamingInner>) {
        self.halt();
    }

    /// A query runs on its own thread on the real clock; its triggers go to
    /// the same channel as the DStream engine's events.
    fn start_query(&self, spec: crate::structured::exec::QuerySpec) -> PyResult<()> {
        let index = spec.index;
        self.stop_query(index);
        let (feed, now_ms) = {
            let o = self.opts.lock();
            (o.feed.clone(), o.start_ms.unwrap_or(0))
        };
        if let Some(feed) = feed {
            // Deterministic demos: batch 0 now, later triggers when stepped.
            let mut exec = crate::structured::exec::QueryExec::new(spec);
            feed.open_query();
            let r = exec.trigger(Vec::new(), now_ms);
            let _ = self.events.try_send(EngineEvent::Trigger(Box::new(r)));
            self.scripted.lock().push(exec);
            return Ok(());
        }
        let opts = crate::structured::driver::StructuredOptions {
            redirect_port: self.opts.lock().redirect_port,
            ..Default::default()
        };
        let events = self.events.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        let handle = std::thread::Builder::new()
            .name(format!("streamlab-query-{index}"))
            .spawn(move || {
                let mut emit = |ev| {
                    let _ = events.blocking_send(ev);
                };
                if let Err(e) = crate::structured::driver::run_query(spec, &opts, &stop2, &mut emit)
                {
                    emit(EngineEvent::Notice(format!("query {index} stopped: {e}")));
                }
            })
            .map_err(|e| {
                crate::lang::value::Exc::new(
                    ExcKind::RuntimeError,
                    format!("cannot start the query thread: {e}"),
                )
            })?;
        self.queries.lock().push((index, stop, handle));
        Ok(())
    }

    fn await_queries(&self, _timeout: Option<f64>) -> PyResult<bool> {
        // As awaitTermination above: the prompt stays free.
        Ok(false)
    }

    /// What the program prints goes to the front end (the Output pane, the
    /// plain REPL's stdout) in order with the batches' output.
    fn print(&self, text: &str, stderr: bool) {
        let ev = EngineEvent::Print {
            text: text.to_string(),
            stderr,
        };
        match tokio::runtime::Handle::try_current() {
            // On a runtime thread: never block it; a full channel gets the
            // text from a task, so nothing printed is lost.
            Ok(rt) => {
                if let Err(tokio::sync::mpsc::error::TrySendError::Full(ev)) =
                    self.events.try_send(ev)
                {
                    let events = self.events.clone();
                    rt.spawn(async move {
                        let _ = events.send(ev).await;
                    });
                }
            }
            Err(_) => {
                let _ = self.events.blocking_send(ev);
            }
        }
    }

    fn stop_query(&self, index: usize) {
        {
            let mut scripted = self.scripted.lock();
            let before = scripted.len();
            scripted.retain(|q| q.spec.index != index);
            if scripted.len() < before {
                if let Some(feed) = &self.opts.lock().feed {
                    feed.close_query();
                }
            }
        }
        let mut queries = self.queries.lock();
        if let Some(i) = queries.iter().position(|(q, _, _)| *q == index) {
            let (_, stop, handle) = queries.remove(i);
            drop(queries);
            stop.store(true, Ordering::Relaxed);
            let _ = handle.join();
        }
    }
}

/// What became of one REPL entry.
#[derive(Debug, Clone)]
pub enum Entered {
    /// Ran; `echo` is the repr of an expression's value (None prints nothing).
    Ok { echo: Option<String> },
    /// Needs more lines (an open bracket, a `def` header).
    Incomplete,
    /// Failed: the rendered diagnostic (with the entry's own line numbers).
    Error {
        text: String,
        diagnostic: Diagnostic,
    },
}

/// Why `:restart` or `:reset` could not rebuild the session.
#[derive(Debug, thiserror::Error)]
pub enum RestartError {
    /// `sc` and `ssc` could not be defined afresh.
    #[error("{0}")]
    Contexts(Exc),
    /// A definition failed when replayed: the entry, its diagnostic, and
    /// how many entries (it and those after it) are kept without having run.
    #[error(
        "while replaying your definitions:\n{}{kept} {} kept as typed but not run: fix the cause and type :restart again (:save writes them too)",
        .diagnostic.render("<repl>", .entry),
        if *.kept == 1 { "entry is" } else { "entries are" }
    )]
    Replay {
        entry: String,
        diagnostic: Box<Diagnostic>,
        kept: usize,
    },
    #[error(
        "restarted, but the stream's StreamingContext is bound to no name any more: start it again"
    )]
    Unnamed,
    /// Starting the context again (`NAME.start()`) failed.
    #[error("{}", .diagnostic.render("<repl>", &format!("{}.start()", .name)))]
    Start {
        name: String,
        diagnostic: Diagnostic,
    },
}

/// What batches report against: the entries' texts, which entry registered
/// which output, the outputs that failed, and the last failure whole. It is
/// shared (an `Arc`) so that a front end's output thread can read it
/// without the session.
#[derive(Default)]
pub struct Ledger {
    entries: Vec<String>,
    /// (context number, output index) -> the entry that registered it.
    outputs: std::collections::HashMap<(usize, usize), usize>,
    /// The context whose outputs batches report (the main one).
    running: Option<usize>,
    /// Entries whose output failed in a batch, with the last batch.
    failing: std::collections::BTreeMap<usize, u64>,
    last_failure: Option<String>,
}

impl Ledger {
    /// A batch failed for `output`: the report, pointing into the entry that
    /// defined the failing function (`<repl>:LINE:COL` and its source line)
    /// and naming the entry that registered the output.
    pub fn batch_failed(&mut self, batch: u64, output: usize, e: &Exc) -> String {
        let mut d = Diagnostic::from_exc(e);
        let owner = self
            .running
            .and_then(|ctx| self.outputs.get(&(ctx, output)).copied());
        if let Some(entry) = owner {
            self.failing.insert(entry, batch);
        }
        let src = self.source_of(e).unwrap_or("");
        if src.is_empty() {
            d.span = None;
        }
        if let Some(entry) = owner {
            d.notes.push(format!(
                "batch {batch} failed for the output of entry {} (:entries lists them; :forget {} drops it; an output you type after it replaces it at :restart)",
                entry + 1,
                entry + 1
            ));
        } else {
            d.notes
                .push(format!("batch {batch} failed for output {output}"));
        }
        let text = d.render("<repl>", src);
        self.last_failure = Some(text.clone());
        text
    }

    /// The entry holding the function that raised `e`: the latest one whose
    /// text has the function's source around the error's position.
    fn source_of(&self, e: &Exc) -> Option<&str> {
        let span = e.span?;
        let func = e.task.as_ref()?.func_source.as_deref()?;
        self.entries.iter().rev().map(String::as_str).find(|entry| {
            entry
                .match_indices(func)
                .any(|(at, f)| at <= span.start && span.end <= at + f.len())
        })
    }

    /// The last batch failure, whole (`:error`).
    pub fn last_failure(&self) -> Option<&str> {
        self.last_failure.as_deref()
    }

    /// Entries whose output failed in a batch.
    pub fn failing(&self) -> Vec<usize> {
        self.failing.keys().copied().collect()
    }

    fn clear(&mut self) {
        *self = Ledger::default();
    }
}

/// Why `:forget N` did nothing, or what replaying the rest ran into.
#[derive(Debug, thiserror::Error)]
pub enum ForgetError {
    #[error("there is no entry {n}: the session has {count} (:entries lists them)")]
    NoSuchEntry { n: usize, count: usize },
    #[error("{0}")]
    Replay(#[from] RestartError),
}

/// A restart's message, and the replaced failed outputs it left out.
fn with_dropped(said: String, dropped: &[(usize, String)]) -> String {
    let mut out = said;
    for (i, text) in dropped {
        out.push_str(&format!(
            "\nnot replayed, entry {}: {}  (its output failed in batches and you typed another output after it; type it again to bring it back)",
            i + 1,
            text.lines().next().unwrap_or("")
        ));
    }
    out
}

/// A REPL session: entries run one by one against one set of names.
pub struct Repl {
    ledger: Arc<Mutex<Ledger>>,
    session: Session,
    host: Arc<LiveHost>,
    /// Entries that ran without error, in order (for :restart, :save, :export).
    entries: Vec<String>,
    /// Entries kept although Spark refused them (a stream added to a
    /// running or stopped context): `:restart` runs them.
    refused: Vec<usize>,
    /// The context a `start()` that failed was called on: `:restart`
    /// starts it once the learner has fixed the cause.
    start_wanted: Option<usize>,
    batch_ms: i64,
    master: String,
}

impl Repl {
    pub fn new(host: Arc<LiveHost>, master: &str, batch_ms: i64) -> PyResult<Repl> {
        let session = Session::new(host.clone());
        let mut repl = Repl {
            ledger: Arc::default(),
            session,
            host,
            entries: Vec::new(),
            refused: Vec::new(),
            start_wanted: None,
            batch_ms,
            master: master.to_string(),
        };
        repl.define_contexts()?;
        Ok(repl)
    }

    fn define_contexts(&mut self) -> PyResult<()> {
        self.session
            .define_shell_contexts(&self.master, self.batch_ms)
    }

    /// What batch failures are reported against (shared with output threads).
    pub fn ledger(&self) -> Arc<Mutex<Ledger>> {
        self.ledger.clone()
    }

    /// Outputs of every context, per context number.
    fn output_counts(&self) -> Vec<(usize, usize)> {
        self.session
            .facts()
            .contexts()
            .into_iter()
            .map(|(n, c)| (n, c.graph.lock().outputs.len()))
            .collect()
    }

    /// Entry `entry` was kept: note its text and the outputs it registered.
    fn record(&mut self, entry: usize, before: &[(usize, usize)]) {
        let after = self.output_counts();
        let running = {
            let f = self.session.facts();
            f.main_context().and_then(|c| f.context_number(&c))
        };
        let mut l = self.ledger.lock();
        l.entries.truncate(entry);
        l.entries.push(self.entries[entry].clone());
        for (n, len) in after {
            let old = before.iter().find(|(m, _)| *m == n).map_or(0, |(_, k)| *k);
            for o in old..len {
                l.outputs.insert((n, o), entry);
            }
        }
        l.running = running;
    }

    pub fn host(&self) -> &Arc<LiveHost> {
        &self.host
    }

    pub fn batch_ms(&self) -> i64 {
        self.batch_ms
    }

    /// The batch interval of the next (re)start.
    pub fn set_batch_ms(&mut self, ms: i64) {
        self.batch_ms = ms.max(1);
    }

    /// Names defined so far (for completion).
    pub fn names(&self) -> Vec<String> {
        self.session.globals.names()
    }

    /// The value bound to a name, if any (for completion of methods).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        self.session.globals.get(name)
    }

    /// The entries that ran, as a program text.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Indexes of the entries kept without having run (Spark refused them).
    pub fn refused(&self) -> &[usize] {
        &self.refused
    }

    /// What the session's program did so far.
    pub fn facts(&self) -> parking_lot::MutexGuard<'_, ProgramFacts> {
        self.session.facts()
    }

    /// Was a StreamingContext started in this session?
    pub fn started(&self) -> bool {
        self.session.facts().started()
    }

    /// The session's StreamingContext: the one started last, else the last
    /// one created with an output (the predefined one at first).
    pub fn main_context(&self) -> Option<Arc<StreamingInner>> {
        self.session.facts().main_context()
    }

    /// The name of the StreamingContext started and not awaited, if any (a
    /// saved session ends by awaiting it).
    pub fn unawaited_context(&self) -> Option<String> {
        let ctx = {
            let f = self.session.facts();
            if !f.started() || f.awaited() {
                return None;
            }
            f.main_context()?
        };
        self.session.name_of(&ctx)
    }

    /// Run one entry (one or more lines).
    pub fn submit(&mut self, src: &str) -> Entered {
        if src.trim().is_empty() {
            return Entered::Ok { echo: None };
        }
        if crate::lang::parse::is_incomplete(src) {
            return Entered::Incomplete;
        }
        let entry = self.entries.len();
        let before = self.output_counts();
        let result = self.run(src, entry);
        if result.is_err() {
            self.session.facts().forget_entry(entry);
        }
        match result {
            Ok(echo) => {
                self.entries.push(src.trim_end().to_string());
                self.record(entry, &before);
                Entered::Ok { echo }
            }
            Err(e) => {
                let mut diagnostic = e.diagnostic();
                let starting = self.start_in(src);
                if starting.is_some() {
                    self.start_wanted = starting;
                }
                let message = &diagnostic.message;
                if message.contains("after starting a context is not supported") {
                    // Kept, so that :restart rebuilds the graph with it.
                    self.refused.push(self.entries.len());
                    self.entries.push(src.trim_end().to_string());
                    self.record(entry, &before);
                    diagnostic.notes.push(
                        "Spark cannot add streams or outputs to a running context. This entry is kept: type :restart to rebuild the graph with it".into(),
                    );
                } else if message.contains("after stopping a context is not supported") {
                    self.refused.push(self.entries.len());
                    self.entries.push(src.trim_end().to_string());
                    self.record(entry, &before);
                    diagnostic.notes.push(format!(
                        "A stopped context cannot be used again in Spark. This entry is kept: type :restart to rebuild the graph from your entries{}",
                        if self.start_wanted.is_some() || self.session.facts().started() {
                            " and start it"
                        } else {
                            ""
                        }
                    ));
                } else if starting.is_some() && message.contains("already been stopped") {
                    diagnostic.notes.push(
                        "A stopped context cannot start again in Spark: type :restart, which rebuilds the graph from your entries and starts it".into(),
                    );
                } else if starting.is_some() {
                    diagnostic.notes.push(
                        "Spark marks a context stopped when start() fails. Fix the cause (add the missing piece as a new entry), then type :restart: it rebuilds the graph from your entries and starts it".into(),
                    );
                }
                // An error raised in a function an earlier entry defined
                // points into that entry, not past the end of this one.
                let shown = match diagnostic.span {
                    Some(span) if span.end > src.len() => {
                        let found = defining_entry(&self.entries, src, span.end);
                        if found.is_none() {
                            diagnostic.span = None;
                        }
                        found.unwrap_or(src)
                    }
                    _ => src,
                };
                Entered::Error {
                    text: diagnostic.render("<repl>", shown),
                    diagnostic,
                }
            }
        }
    }

    fn run(&mut self, src: &str, entry: usize) -> Result<Option<String>, ProgramError> {
        let prog = parse_program(src).map_err(ProgramError::Syntax)?;
        let mut compiler =
            Compiler::new(self.session.globals.clone(), src, self.session.import_fn());
        let stmts = compiler
            .compile_program(&prog)
            .map_err(ProgramError::Compile)?;
        let mut echo = None;
        for (ast, st) in prog.stmts.iter().zip(&stmts) {
            let v = self
                .session
                .run_top(ast, st, Some(entry))
                .map_err(|e| ProgramError::Runtime(e.at(st.span)))?;
            echo = match (st.is_expr, v) {
                (true, Some(v)) if !v.is_none() => Some(v.repr()),
                _ => None,
            };
        }
        Ok(echo)
    }

    /// The context an entry calls `start()` on, if it does.
    fn start_in(&self, src: &str) -> Option<usize> {
        let prog = parse_program(src).ok()?;
        let facts = self.session.facts();
        prog.stmts.iter().find_map(|st| {
            match facts.lifecycle_statement(st, &self.session.globals) {
                Some((Call::Start, Target::Context(n))) => Some(n),
                _ => None,
            }
        })
    }

    /// Stop the stream, rebuild every definition in a fresh session, and start
    /// again if the stream was started before. Returns what happened, in words.
    pub fn restart(&mut self) -> Result<String, RestartError> {
        self.rebuild(None)
            .map(|(said, dropped)| with_dropped(said, &dropped))
    }

    /// Failed outputs that the learner replaced: the entries (one statement
    /// each) whose output failed in a batch and after which another entry
    /// added an output. `:restart` does not replay them, `:check` leaves
    /// them out: a replaced attempt stops failing.
    pub fn superseded(&self) -> Vec<usize> {
        let l = self.ledger.lock();
        let lifecycle = self.session.facts().lifecycle_entries();
        l.failing()
            .into_iter()
            .filter(|&e| {
                let single = self
                    .entries
                    .get(e)
                    .and_then(|src| parse_program(src).ok())
                    .is_some_and(|p| p.stmts.len() == 1);
                // An output typed later: one that ran, or one Spark refused
                // because the stream was running (it adds one at :restart).
                let later_output = l
                    .outputs
                    .values()
                    .chain(&self.refused)
                    .any(|&j| j > e && !lifecycle.contains(&j));
                single && later_output
            })
            .collect()
    }

    /// The entries as a program, without the replaced failed outputs (what
    /// a lesson's `:check` checks).
    pub fn program(&self) -> String {
        let superseded = self.superseded();
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !superseded.contains(i))
            .map(|(_, e)| e.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `:forget N`: drop entry N (counted from 1, as `:entries` shows them)
    /// and replay the others as `:restart` does.
    pub fn forget(&mut self, n: usize) -> Result<String, ForgetError> {
        let count = self.entries.len();
        if n == 0 || n > count {
            return Err(ForgetError::NoSuchEntry { n, count });
        }
        let text = self.entries[n - 1].clone();
        let (said, dropped) = self.rebuild(Some(n - 1))?;
        let first = text.lines().next().unwrap_or("");
        let more = if text.lines().count() > 1 { " ..." } else { "" };
        Ok(with_dropped(
            format!("forgot entry {n}: {first}{more}\n{said}"),
            &dropped,
        ))
    }

    /// Rebuild the session from the entries, leaving out `forget` and the
    /// replaced failed outputs (returned, with their text).
    fn rebuild(
        &mut self,
        forget: Option<usize>,
    ) -> Result<(String, Vec<(usize, String)>), RestartError> {
        // The entries that started, awaited or stopped a stream are not
        // replayed; the context started last is started again (unless the
        // entry forgotten is the one that started it).
        let superseded = self.superseded();
        let (started, lifecycle, queries) = {
            let f = self.session.facts();
            let started = f.started_contexts().last().copied();
            (
                started.or(self.start_wanted),
                f.lifecycle_entries(),
                f.queries().len(),
            )
        };
        let forgot_start = forget
            .and_then(|i| self.entries.get(i))
            .is_some_and(|src| self.start_in(src).is_some());
        let started = if forgot_start { None } else { started };
        self.start_wanted = None;
        self.refused.clear();
        self.host.halt();
        self.ledger.lock().clear();
        self.session = Session::new(self.host.clone());
        self.define_contexts().map_err(RestartError::Contexts)?;
        let old = std::mem::take(&mut self.entries);
        let dropped: Vec<(usize, String)> = superseded
            .iter()
            .filter(|&&i| Some(i) != forget)
            .map(|&i| (i, old[i].clone()))
            .collect();
        let replay: Vec<&String> = old
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                !lifecycle.contains(i) && Some(*i) != forget && !superseded.contains(i)
            })
            .map(|(_, e)| e)
            .collect();
        for (k, entry) in replay.iter().enumerate() {
            // An entry is kept without the blank line that closed its
            // block; give it back, or a `def` would wait for its end.
            let failed = match self.submit(&format!("{entry}\n\n")) {
                Entered::Ok { .. } => continue,
                Entered::Error { diagnostic, .. } => diagnostic,
                Entered::Incomplete => crate::lang::diag::Diagnostic::new(
                    "SyntaxError",
                    "this entry is unfinished (an open bracket or a block without a body)",
                    None,
                ),
            };
            // Nothing typed is lost: the entry that failed and those after
            // it stay in the session's entries (`:save` writes them, the
            // next `:restart` tries them again) without having run.
            let kept = replay.len() - k;
            self.entries
                .extend(replay[k..].iter().map(|e| e.to_string()));
            return Err(RestartError::Replay {
                entry: entry.to_string(),
                diagnostic: Box::new(failed),
                kept,
            });
        }
        if let Some(n) = started {
            let ctx = self.session.facts().context(n);
            let Some(name) = ctx.and_then(|c| self.session.name_of(&c)) else {
                return Err(RestartError::Unnamed);
            };
            if let Entered::Error { diagnostic, .. } = self.submit(&format!("{name}.start()")) {
                return Err(RestartError::Start { name, diagnostic });
            }
            Ok((
                format!(
                    "restarted: {} definitions replayed, stream started",
                    self.entries.len() - 1
                ),
                dropped,
            ))
        } else if queries > 0 {
            // A query is started by its own entry (`q = ....start()`), which
            // is not replayed, as `ssc.start()` is not.
            Ok((
                format!(
                    "restarted: {} definitions replayed; the Structured Streaming {} not started again: enter its writeStream ... .start() line again (Up recalls it)",
                    self.entries.len(),
                    if queries == 1 { "query was" } else { "queries were" }
                ),
                dropped,
            ))
        } else {
            Ok((
                format!(
                    "restarted: {} definitions replayed; no stream had been started, so none runs (ssc.start() starts it)",
                    self.entries.len()
                ),
                dropped,
            ))
        }
    }

    /// Forget every definition (sc and ssc are defined afresh).
    pub fn reset(&mut self) -> Result<(), RestartError> {
        self.host.halt();
        self.ledger.lock().clear();
        self.entries.clear();
        self.refused.clear();
        self.start_wanted = None;
        self.session = Session::new(self.host.clone());
        self.define_contexts().map_err(RestartError::Contexts)
    }

    /// Run a program file's text entry by entry (`:load`).
    pub fn load(&mut self, text: &str) -> Entered {
        self.submit(text)
    }

    /// Where `:save` writes by default.
    pub fn default_save_path() -> PathBuf {
        PathBuf::from("session.py")
    }
}

/// The newest of `entries` that defines (`def`, `class`, `NAME = lambda`) a
/// name `src` uses and is at least `end` bytes long: where an error raised
/// in that function, called from `src`, was located.
fn defining_entry<'a>(entries: &'a [String], src: &str, end: usize) -> Option<&'a str> {
    let uses = |name: &str| {
        !name.is_empty()
            && src.match_indices(name).any(|(at, _)| {
                let before = src[..at].chars().next_back();
                let after = src[at + name.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && !word(after)
            })
    };
    entries.iter().rev().map(String::as_str).find(|entry| {
        entry.len() >= end
            && entry.lines().any(|line| {
                let line = line.trim_start();
                let name = if let Some(rest) = line
                    .strip_prefix("def ")
                    .or_else(|| line.strip_prefix("class "))
                {
                    rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or("")
                } else if let Some((name, value)) = line.split_once('=') {
                    if value.trim_start().starts_with("lambda") {
                        name.trim()
                    } else {
                        ""
                    }
                } else {
                    ""
                };
                uses(name)
            })
    })
}
