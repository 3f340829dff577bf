//! What a program did, as it ran: the StreamingContexts it created (whatever
//! names they are bound to), the queries it started, and every `start()`,
//! `awaitTermination()` and `stop()` call, with the REPL entry and the
//! statement that made it. The REPL, the UI, lesson checks and export ask
//! these facts instead of reading the program's text.
//!
//! A session records them through [`Recorder`], which wraps the session's
//! [`Host`]: the context and query objects report to their host when their
//! methods run, so the facts follow the objects, not the names.

use std::path::PathBuf;
use std::sync::{Arc, Weak};

use parking_lot::Mutex;

use super::context::{Host, StreamingContext, StreamingInner};
use super::dataframe::StreamingQuery;
use crate::lang::ast::{Expr, ExprKind, Span, Stmt, StmtKind};
use crate::lang::compile::Globals;
use crate::lang::value::{PyResult, Value};

/// The two streaming APIs a program may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// StreamingContext and DStreams.
    DStream,
    /// `spark.readStream` and StreamingQueries.
    Structured,
}

/// A lifecycle method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Start,
    AwaitTermination,
    Stop,
}

/// What a lifecycle call was made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The n-th StreamingContext the session created (see [`ProgramFacts::context`]).
    Context(usize),
    /// The query with this index.
    Query(usize),
    /// Every query (`spark.streams.awaitAnyTermination()`, or an await the
    /// host was not told the query of).
    Queries,
}

impl Target {
    pub fn api(self) -> Api {
        match self {
            Target::Context(_) => Api::DStream,
            Target::Query(_) | Target::Queries => Api::Structured,
        }
    }
}

/// One `start()`, `awaitTermination()` or `stop()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleCall {
    pub call: Call,
    pub target: Target,
    /// The REPL entry that made it (its index among the kept entries), if any.
    pub entry: Option<usize>,
    /// The top-level statement that made it.
    pub stmt: Option<Span>,
    /// Recorded without running (the session's lenient mode).
    pub skipped: bool,
}

/// The facts of one session.
#[derive(Default)]
pub struct ProgramFacts {
    contexts: Vec<Weak<StreamingInner>>,
    /// The context the shell predefines (the REPL's), if any.
    shell: Option<usize>,
    /// Indexes of the queries started, in `start()` order.
    queries: Vec<usize>,
    calls: Vec<LifecycleCall>,
    /// Where the session is: the entry and statement running now.
    entry: Option<usize>,
    stmt: Option<Span>,
}

impl ProgramFacts {
    /// The n-th StreamingContext created, if it still exists.
    pub fn context(&self, n: usize) -> Option<Arc<StreamingInner>> {
        self.contexts.get(n).and_then(Weak::upgrade)
    }

    /// Every StreamingContext created that still exists, with its number.
    pub fn contexts(&self) -> Vec<(usize, Arc<StreamingInner>)> {
        (0..self.contexts.len())
            .filter_map(|n| self.context(n).map(|c| (n, c)))
            .collect()
    }

    /// The number of a context, if this session created it.
    pub fn context_number(&self, ctx: &Arc<StreamingInner>) -> Option<usize> {
        self.contexts
            .iter()
            .position(|w| std::ptr::eq(w.as_ptr(), Arc::as_ptr(ctx)))
    }

    /// The number of the context the shell predefined.
    pub fn shell_context(&self) -> Option<usize> {
        self.shell
    }

    /// Did the program itself create a StreamingContext (not the shell's)?
    pub fn created_own_context(&self) -> bool {
        (0..self.contexts.len()).any(|n| Some(n) != self.shell)
    }

    /// Indexes of the queries started, in order.
    pub fn queries(&self) -> &[usize] {
        &self.queries
    }

    /// Every lifecycle call, in order.
    pub fn calls(&self) -> &[LifecycleCall] {
        &self.calls
    }

    fn any(&self, call: Call, api: Api) -> bool {
        self.calls
            .iter()
            .any(|c| c.call == call && c.target.api() == api)
    }

    /// Was a StreamingContext started (or, leniently, asked to start)?
    pub fn started(&self) -> bool {
        self.any(Call::Start, Api::DStream)
    }

    /// Did the program wait for a StreamingContext?
    pub fn awaited(&self) -> bool {
        self.any(Call::AwaitTermination, Api::DStream)
    }

    /// Did the program wait for its queries?
    pub fn awaited_queries(&self) -> bool {
        self.any(Call::AwaitTermination, Api::Structured)
    }

    /// The API the program streams with: Structured Streaming if it started
    /// a query, DStreams if it created a context of its own, registered an
    /// output or started one; None if neither.
    pub fn api(&self) -> Option<Api> {
        if !self.queries.is_empty() || self.any(Call::AwaitTermination, Api::Structured) {
            return Some(Api::Structured);
        }
        let outputs = self
            .contexts()
            .iter()
            .any(|(_, c)| !c.graph.lock().outputs.is_empty());
        (outputs || self.started() || self.created_own_context()).then_some(Api::DStream)
    }

    /// Numbers of the contexts a `start()` was called on, in order, once each.
    pub fn started_contexts(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for c in &self.calls {
            if let (Call::Start, Target::Context(n)) = (c.call, c.target) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// The program's StreamingContext: the last one started, else the last
    /// one created with an output registered, else the last one created.
    pub fn main_context(&self) -> Option<Arc<StreamingInner>> {
        if let Some(n) = self.started_contexts().last() {
            if let Some(c) = self.context(*n) {
                return Some(c);
            }
        }
        let all = self.contexts();
        all.iter()
            .rev()
            .find(|(_, c)| !c.graph.lock().outputs.is_empty())
            .or(all.last())
            .map(|(_, c)| c.clone())
    }

    /// The REPL entries that made a lifecycle call.
    pub fn lifecycle_entries(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self.calls.iter().filter_map(|c| c.entry).collect();
        out.dedup();
        out
    }

    /// The statements skipped by the lenient mode, in order.
    pub fn skipped_statements(&self) -> Vec<Span> {
        self.calls
            .iter()
            .filter(|c| c.skipped)
            .filter_map(|c| c.stmt)
            .collect()
    }

    /// An entry was not kept (it failed): its calls belong to no entry.
    pub fn forget_entry(&mut self, entry: usize) {
        for c in &mut self.calls {
            if c.entry == Some(entry) {
                c.entry = None;
            }
        }
    }

    pub(super) fn at(&mut self, entry: Option<usize>, stmt: Option<Span>) {
        self.entry = entry;
        self.stmt = stmt;
    }

    pub(super) fn set_stmt(&mut self, stmt: Option<Span>) {
        self.stmt = stmt;
    }

    pub(super) fn mark_shell(&mut self, ctx: &Arc<StreamingInner>) {
        self.shell = self.context_number(ctx);
    }

    pub(super) fn record(&mut self, call: Call, target: Target, skipped: bool) {
        self.calls.push(LifecycleCall {
            call,
            target,
            entry: self.entry,
            stmt: self.stmt,
            skipped,
        });
    }

    fn context_target(&mut self, ctx: &Arc<StreamingInner>) -> Target {
        let n = match self.context_number(ctx) {
            Some(n) => n,
            None => {
                self.contexts.push(Arc::downgrade(ctx));
                self.contexts.len() - 1
            }
        };
        Target::Context(n)
    }

    /// The lifecycle call a top-level statement makes, decided on its syntax
    /// tree and the values its names have now: a call of `start`,
    /// `awaitTermination` or `stop` on a name bound to a StreamingContext or
    /// a StreamingQuery, or `NAME.streams.awaitAnyTermination()`.
    pub fn lifecycle_statement(&self, stmt: &Stmt, globals: &Globals) -> Option<(Call, Target)> {
        let StmtKind::Expr(e) = &stmt.kind else {
            return None;
        };
        let ExprKind::Call { func, .. } = &e.kind else {
            return None;
        };
        let ExprKind::Attribute { value, attr, .. } = &func.kind else {
            return None;
        };
        if attr == "awaitAnyTermination" {
            if let ExprKind::Attribute { attr: streams, .. } = &value.kind {
                return (streams == "streams").then_some((Call::AwaitTermination, Target::Queries));
            }
        }
        let call = match attr.as_str() {
            "start" => Call::Start,
            "awaitTermination" | "awaitTerminationOrTimeout" => Call::AwaitTermination,
            "stop" => Call::Stop,
            _ => return None,
        };
        let v = name_value(value, globals)?;
        if let Some(s) = v.downcast::<StreamingContext>() {
            let n = self.context_number(&s.inner)?;
            return Some((call, Target::Context(n)));
        }
        let q = v.downcast::<StreamingQuery>()?;
        Some((call, Target::Query(q.index)))
    }
}

fn name_value(e: &Expr, globals: &Globals) -> Option<Value> {
    match &e.kind {
        ExprKind::Name(n) => globals.get(n),
        _ => None,
    }
}

/// The facts of a session, shared with the objects that report to them.
pub type SharedFacts = Arc<Mutex<ProgramFacts>>;

/// Wraps a session's host: every context created, query started and
/// lifecycle call goes into the facts, then to the host.
pub struct Recorder {
    pub host: Arc<dyn Host>,
    pub facts: SharedFacts,
}

impl Recorder {
    fn context(&self, ctx: &Arc<StreamingInner>, call: Call) {
        let mut f = self.facts.lock();
        let t = f.context_target(ctx);
        f.record(call, t, false);
    }
}

impl Host for Recorder {
    fn start(&self, ctx: &Arc<StreamingInner>) -> PyResult<()> {
        self.context(ctx, Call::Start);
        self.host.start(ctx)
    }
    fn await_termination(&self, ctx: &Arc<StreamingInner>, timeout: Option<f64>) -> PyResult<bool> {
        self.context(ctx, Call::AwaitTermination);
        self.host.await_termination(ctx, timeout)
    }
    fn stop(&self, ctx: &Arc<StreamingInner>) {
        self.context(ctx, Call::Stop);
        self.host.stop(ctx)
    }
    fn default_checkpoint_dir(&self) -> Option<PathBuf> {
        self.host.default_checkpoint_dir()
    }
    fn context_created(&self, ctx: &Arc<StreamingInner>) {
        self.facts.lock().context_target(ctx);
        self.host.context_created(ctx)
    }
    fn start_query(&self, spec: crate::structured::exec::QuerySpec) -> PyResult<()> {
        {
            let mut f = self.facts.lock();
            f.queries.push(spec.index);
            f.record(Call::Start, Target::Query(spec.index), false);
        }
        self.host.start_query(spec)
    }
    fn await_queries(&self, timeout: Option<f64>) -> PyResult<bool> {
        self.facts
            .lock()
            .record(Call::AwaitTermination, Target::Queries, false);
        self.host.await_queries(timeout)
    }
    fn stop_query(&self, index: usize) {
        self.facts
            .lock()
            .record(Call::Stop, Target::Query(index), false);
        self.host.stop_query(index)
    }
    fn print(&self, text: &str, stderr: bool) {
        self.host.print(text, stderr)
    }
    fn sleep(&self, seconds: f64) {
        self.host.sleep(seconds)
    }
    fn dry_run(&self) -> bool {
        self.host.dry_run()
    }
}
