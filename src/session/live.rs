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
use super::facts::ProgramFacts;
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
    /// A definition failed when replayed: the entry and its diagnostic.
    #[error("while replaying your definitions:\n{}", .diagnostic.render("<repl>", .entry))]
    Replay {
        entry: String,
        diagnostic: Diagnostic,
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

/// A REPL session: entries run one by one against one set of names.
pub struct Repl {
    session: Session,
    host: Arc<LiveHost>,
    /// Entries that ran without error, in order (for :restart, :save, :export).
    entries: Vec<String>,
    batch_ms: i64,
    master: String,
}

impl Repl {
    pub fn new(host: Arc<LiveHost>, master: &str, batch_ms: i64) -> PyResult<Repl> {
        let session = Session::new(host.clone());
        let mut repl = Repl {
            session,
            host,
            entries: Vec::new(),
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
        let result = self.run(src, entry);
        if result.is_err() {
            self.session.facts().forget_entry(entry);
        }
        match result {
            Ok(echo) => {
                self.entries.push(src.trim_end().to_string());
                Entered::Ok { echo }
            }
            Err(e) => {
                let mut diagnostic = e.diagnostic();
                if diagnostic
                    .message
                    .contains("after starting a context is not supported")
                {
                    // Kept, so that :restart rebuilds the graph with it.
                    self.entries.push(src.trim_end().to_string());
                    diagnostic.notes.push(
                        "Spark cannot add streams or outputs to a running context. This entry is kept: type :restart to rebuild the graph with it".into(),
                    );
                }
                Entered::Error {
                    text: diagnostic.render("<repl>", src),
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

    /// Stop the stream, rebuild every definition in a fresh session, and start
    /// again if the stream was started before. Returns what happened, in words.
    pub fn restart(&mut self) -> Result<String, RestartError> {
        // The entries that started, awaited or stopped a stream are not
        // replayed; the context started last is started again.
        let (started, lifecycle) = {
            let f = self.session.facts();
            (f.started_contexts().last().copied(), f.lifecycle_entries())
        };
        self.host.halt();
        self.session = Session::new(self.host.clone());
        self.define_contexts().map_err(RestartError::Contexts)?;
        let old = std::mem::take(&mut self.entries);
        for (_, entry) in old
            .iter()
            .enumerate()
            .filter(|(i, _)| !lifecycle.contains(i))
        {
            if let Entered::Error { diagnostic, .. } = self.submit(entry) {
                return Err(RestartError::Replay {
                    entry: entry.clone(),
                    diagnostic,
                });
            }
        }
        if let Some(n) = started {
            let ctx = self.session.facts().context(n);
            let Some(name) = ctx.and_then(|c| self.session.name_of(&c)) else {
                return Err(RestartError::Unnamed);
            };
            if let Entered::Error { diagnostic, .. } = self.submit(&format!("{name}.start()")) {
                return Err(RestartError::Start { name, diagnostic });
            }
            Ok(format!(
                "restarted: {} definitions replayed, stream started",
                self.entries.len() - 1
            ))
        } else {
            Ok(format!(
                "restarted: {} definitions replayed",
                self.entries.len()
            ))
        }
    }

    /// Forget every definition (sc and ssc are defined afresh).
    pub fn reset(&mut self) -> Result<(), RestartError> {
        self.host.halt();
        self.entries.clear();
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
