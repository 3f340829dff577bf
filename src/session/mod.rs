//! A session: the names a program (or a REPL) has bound, the contexts it
//! created, and running its statements one after another.
//!
//! The same session serves `streamlab run`, and will serve the REPL, lessons
//! and demos: they differ only in the [`context::Host`] that decides what
//! `ssc.start()` and `ssc.awaitTermination()` do. As the program runs, the
//! session records what it did as [`facts::ProgramFacts`].

pub mod complete;
pub mod context;
pub mod dataframe;
pub mod dstream;
pub mod facts;
pub mod files;
pub mod highlight;
pub mod live;
pub mod modules;
pub mod row;
pub mod sql_types;
pub mod static_frames;
pub mod surface;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

use crate::lang::ast::{Span, Stmt, StmtKind};
use crate::lang::compile::{CompileError, Compiler, Globals, Importer, TopLevel};
use crate::lang::diag::{did_you_mean, Diagnostic};
use crate::lang::parse::{parse_program, SyntaxError};
use crate::lang::value::ExcKind;
use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};
use context::{Class, ClassObject, Host, SparkContext, StreamingContext, StreamingInner};
use facts::{ProgramFacts, Recorder, SharedFacts};

/// Why a program stopped early.
#[derive(Debug, Clone)]
pub enum ProgramError {
    Syntax(SyntaxError),
    Compile(CompileError),
    Runtime(Exc),
}

impl ProgramError {
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            ProgramError::Syntax(e) => Diagnostic::from_syntax(e),
            ProgramError::Compile(e) => Diagnostic::new(e.kind.name(), &e.message, Some(e.span)),
            ProgramError::Runtime(e) => Diagnostic::from_exc(e),
        }
    }
}

pub struct Session {
    pub globals: Arc<Globals>,
    host: Arc<dyn Host>,
    active_sc: Arc<Mutex<Option<Arc<SparkContext>>>>,
    /// What the Structured Streaming objects share (the host, query numbering).
    sql: Arc<dataframe::SqlShared>,
    /// What the program did so far.
    facts: SharedFacts,
    /// Record lifecycle statements instead of running them.
    lenient: Arc<AtomicBool>,
    /// `sys`, `os`, `time` and `print`, bound to this session's host.
    stdlib: Arc<modules::Stdlib>,
}

/// The name the shell (the REPL, lesson checks, export of REPL sessions)
/// binds its predefined StreamingContext to.
pub const SHELL_CONTEXT: &str = "ssc";
/// The master of the SparkContext the REPL predefines.
pub const SHELL_MASTER: &str = "local[2]";

/// The modules a program may import from, and what they offer.
pub const MODULES: &[(&str, &[&str])] = &[
    ("pyspark", &["SparkContext", "SparkConf", "StorageLevel"]),
    ("pyspark.context", &["SparkContext"]),
    ("pyspark.conf", &["SparkConf"]),
    ("pyspark.storagelevel", &["StorageLevel"]),
    // Imported for type annotations (`rdd: RDD[str]`).
    ("pyspark.rdd", &["RDD"]),
    ("pyspark.accumulators", &["Accumulator"]),
    ("pyspark.broadcast", &["Broadcast"]),
    ("pyspark.streaming", &["StreamingContext", "DStream"]),
    ("pyspark.streaming.context", &["StreamingContext"]),
    (
        "pyspark.sql",
        &[
            "SparkSession",
            "Row",
            "SQLContext",
            "DataFrame",
            "functions",
        ],
    ),
    ("pyspark.sql.session", &["SparkSession"]),
    // Its names are `sql_types::type_names()` (Row among them).
    ("pyspark.sql.types", &["Row"]),
    // Its names are the registry's: `dataframe::function_names()`.
    ("pyspark.sql.functions", &[]),
    ("typing", &[]),
];

impl Session {
    pub fn new(host: Arc<dyn Host>) -> Session {
        let facts = SharedFacts::default();
        let host: Arc<dyn Host> = Arc::new(Recorder {
            host,
            facts: facts.clone(),
        });
        let stdlib = modules::Stdlib::new(host.clone());
        let globals = Globals::new();
        let active_sc = Arc::new(Mutex::new(None));
        // A program runs as the main module; `print` writes where the host says.
        globals.set("__name__", Value::str("__main__"));
        globals.set("print", stdlib.print_fn());
        globals.set("open", files::open_fn(host.dry_run()));
        globals.set("globals", modules::GlobalsView::builtin(&globals));
        Session {
            globals,
            sql: dataframe::SqlShared::with_context(host.clone(), active_sc.clone()),
            host,
            active_sc,
            facts,
            lenient: Arc::new(AtomicBool::new(false)),
            stdlib,
        }
    }

    /// `sys.argv` for `streamlab run PROGRAM ARGS...`: `[PROGRAM, ARGS...]`.
    pub fn set_argv(&self, argv: Vec<String>) {
        self.stdlib.set_argv(argv);
    }

    /// What the program did so far: its contexts, queries and lifecycle calls.
    pub fn facts(&self) -> parking_lot::MutexGuard<'_, ProgramFacts> {
        self.facts.lock()
    }

    /// Lenient lifecycle mode (lesson checks, export): a top-level statement
    /// that calls `start()`, `awaitTermination()` or `stop()` on a
    /// StreamingContext, or `awaitTermination()` on a StreamingQuery (or
    /// `spark.streams.awaitAnyTermination()`), is recorded in the facts (as
    /// skipped) instead of run, so definitions after it still count. A
    /// query's `stop()` still runs: it decides which queries the program has.
    pub fn set_lenient(&self, on: bool) {
        self.lenient.store(on, Ordering::Relaxed);
    }

    /// A name bound to this StreamingContext (the first in sorted order).
    pub fn name_of(&self, ctx: &Arc<StreamingInner>) -> Option<String> {
        self.globals.names().into_iter().find(|n| {
            self.globals
                .get(n)
                .and_then(|v| v.downcast::<StreamingContext>().map(|s| s.inner.clone()))
                .is_some_and(|c| Arc::ptr_eq(&c, ctx))
        })
    }

    /// Run one compiled top-level statement (`ast` is its tree), recording
    /// which entry and statement its lifecycle calls come from.
    pub fn run_top(
        &self,
        ast: &Stmt,
        st: &TopLevel,
        entry: Option<usize>,
    ) -> PyResult<Option<Value>> {
        let found = self.facts.lock().lifecycle_statement(ast, &self.globals);
        let skip = |(call, target): (facts::Call, facts::Target)| {
            matches!(target, facts::Target::Context(_)) || call == facts::Call::AwaitTermination
        };
        if let (true, Some((call, target))) = (
            self.lenient.load(Ordering::Relaxed),
            found.filter(|f| skip(*f)),
        ) {
            let mut f = self.facts.lock();
            f.at(entry, Some(st.span));
            f.record(call, target, true);
            f.at(None, None);
            return Ok(None);
        }
        let before = {
            let mut f = self.facts.lock();
            f.at(entry, Some(st.span));
            f.calls().len()
        };
        let r = st.run();
        let mut f = self.facts.lock();
        // A call the host is not told of (`stop()` on a context never
        // started) is still the statement's.
        if let (Ok(_), Some((call, target))) = (&r, found) {
            if !f.calls()[before..]
                .iter()
                .any(|c| c.call == call && c.target == target)
            {
                f.record(call, target, false);
            }
        }
        f.set_stmt(None);
        r
    }

    fn class(&self, class: Class) -> Value {
        Value::Object(Arc::new(ClassObject {
            class,
            host: self.host.clone(),
            active_sc: self.active_sc.clone(),
        }))
    }

    /// `from module import name` (or `import module` when `name` is None).
    pub fn import(&self, module: &str, name: Option<&str>) -> PyResult {
        if modules::Stdlib::has(module) {
            let m = self.stdlib.module(module).unwrap_or(Value::None);
            let Some(name) = name else { return Ok(m) };
            let Value::Object(o) = &m else { return Ok(m) };
            return o.get_attr(o, name).map_err(|_| {
                let names = crate::lang::stdlib::find(module)
                    .map(|s| s.names)
                    .unwrap_or(&[]);
                let mut msg = format!("cannot import name '{name}' from '{module}'");
                if let Some(s) = did_you_mean(name, names.iter().copied()) {
                    msg.push_str(&format!(". Did you mean: '{s}'?"));
                }
                Exc::new(ExcKind::ImportError, msg)
            });
        }
        let Some((_, names)) = MODULES.iter().find(|m| m.0 == module) else {
            if let Some(why) = missing_module_next_step(module) {
                return Err(Exc::new(
                    ExcKind::ModuleNotFoundError,
                    format!("No module named '{module}' in streamlab's Python subset: {why}"),
                ));
            }
            let mut msg = format!("No module named '{module}' in streamlab's Python subset");
            let known = MODULES
                .iter()
                .map(|m| m.0)
                .chain(crate::lang::stdlib::STDLIB.iter().map(|m| m.name));
            if let Some(s) = did_you_mean(module, known) {
                msg.push_str(&format!(". Did you mean: '{s}'?"));
            } else {
                let stdlib: Vec<&str> = crate::lang::stdlib::STDLIB
                    .iter()
                    .map(|m| m.name)
                    .filter(|n| !n.contains('.') && !n.starts_with('_'))
                    .collect();
                msg.push_str(&format!(
                    " (programs may import from pyspark, pyspark.streaming, pyspark.sql, pyspark.sql.functions, typing, __future__ and the standard library's {})",
                    stdlib.join(", ")
                ));
            }
            return Err(Exc::new(ExcKind::ModuleNotFoundError, msg));
        };
        let functions;
        let names: &[&str] = if module == "pyspark.sql.functions" {
            functions = dataframe::function_names();
            &functions
        } else if module == "pyspark.sql.types" {
            functions = sql_types::type_names();
            &functions
        } else {
            names
        };
        let Some(name) = name else {
            if module == "pyspark.sql.functions" {
                return Ok(Value::object(dataframe::FunctionsModule));
            }
            return Ok(Value::Object(Arc::new(Module {
                name: module.to_string(),
                session: self.import_fn(),
            })));
        };
        if module == "typing" {
            return Ok(self.class(Class::Inert("typing")));
        }
        if !names.contains(&name) {
            let mut msg = format!("cannot import name '{name}' from '{module}'");
            if module == "pyspark.sql.functions" {
                msg = dataframe::missing_function_message(msg, name);
            }
            if let Some(s) = did_you_mean(name, names.iter().copied()) {
                msg.push_str(&format!(". Did you mean: '{s}'?"));
            }
            return Err(Exc::new(ExcKind::ImportError, msg));
        }
        Ok(match name {
            "SparkSession" => Value::object(dataframe::SparkSessionClass {
                shared: self.sql.clone(),
            }),
            "functions" => return self.import("pyspark.sql.functions", None),
            "Row" => dataframe::row_class(),
            _ if module == "pyspark.sql.types" => match sql_types::type_value(name) {
                Some(t) => t,
                None => {
                    return Err(Exc::new(
                        ExcKind::ImportError,
                        format!("cannot import name '{name}' from '{module}'"),
                    ))
                }
            },
            "SQLContext" => dataframe::sql_context_class(&self.sql),
            "DataFrame" => self.class(Class::Inert("DataFrame")),
            _ if module == "pyspark.sql.functions" => match dataframe::SqlFunction::value(name) {
                Some(f) => f,
                None => {
                    return Err(Exc::new(
                        ExcKind::ImportError,
                        format!("cannot import name '{name}' from '{module}'"),
                    ))
                }
            },
            "SparkContext" => self.class(Class::SparkContext),
            "StreamingContext" => self.class(Class::StreamingContext),
            "SparkConf" => self.class(Class::SparkConf),
            "StorageLevel" => self.class(Class::Inert("StorageLevel")),
            "DStream" => self.class(Class::Inert("DStream")),
            "RDD" => self.class(Class::Inert("RDD")),
            "Accumulator" => self.class(Class::Inert("Accumulator")),
            "Broadcast" => self.class(Class::Inert("Broadcast")),
            _ => {
                return Err(Exc::new(
                    ExcKind::ImportError,
                    format!("cannot import name '{name}' from '{module}'"),
                ))
            }
        })
    }

    /// The importer compiled `import` statements use.
    pub fn import_fn(&self) -> Importer {
        let me = Session {
            globals: self.globals.clone(),
            host: self.host.clone(),
            active_sc: self.active_sc.clone(),
            sql: self.sql.clone(),
            facts: self.facts.clone(),
            lenient: self.lenient.clone(),
            stdlib: self.stdlib.clone(),
        };
        Arc::new(move |m, n| me.import(m, n))
    }

    /// Bind a name, as the REPL does for its predefined `sc` and `ssc`.
    pub fn define(&self, name: &str, v: Value) {
        self.globals.set(name, v);
    }

    /// A SparkContext for the REPL's predefined `sc`.
    pub fn spark_context(&self, master: &str, app_name: &str) -> PyResult<Value> {
        let class = ClassObject {
            class: Class::SparkContext,
            host: self.host.clone(),
            active_sc: self.active_sc.clone(),
        };
        let this: Arc<dyn Object> = Arc::new(class);
        this.call(
            &this,
            vec![Value::str(master), Value::str(app_name)],
            Kwargs::new(),
        )
    }

    /// Predefine `sc` (`master`), `ssc` (`batch_ms`) and `spark` (a
    /// SparkSession) as the pyspark shell does: for the REPL, lesson checks
    /// and export of REPL sessions.
    pub fn define_shell_contexts(&self, master: &str, batch_ms: i64) -> PyResult<()> {
        let sc = self.spark_context(master, "streamlab")?;
        let sc_arc =
            self.active_sc.lock().clone().ok_or_else(|| {
                Exc::new(ExcKind::RuntimeError, "the SparkContext was not created")
            })?;
        self.define("sc", sc);
        self.define("spark", dataframe::spark_session(&self.sql));
        let ssc = context::new_streaming_context(sc_arc, batch_ms, self.host.clone());
        if let Some(s) = ssc.downcast::<StreamingContext>() {
            self.facts.lock().mark_shell(&s.inner);
        }
        self.define(SHELL_CONTEXT, ssc);
        Ok(())
    }

    /// Parse, compile and run a whole program.
    pub fn run_program(&self, src: &str) -> Result<(), ProgramError> {
        let prog = parse_program(src).map_err(|e| {
            // Python that is valid but outside the subset (E0014): a module
            // streamlab lacks, imported above it, is what to report first.
            match (e.code, self.missing_module_before(src, e.span)) {
                ("E0014", Some(missing)) => ProgramError::Runtime(missing),
                _ => ProgramError::Syntax(e),
            }
        })?;
        let mut compiler = Compiler::new(self.globals.clone(), src, self.import_fn());
        let stmts = compiler
            .compile_program(&prog)
            .map_err(ProgramError::Compile)?;
        for (ast, st) in prog.stmts.iter().zip(&stmts) {
            self.run_top(ast, st, None)
                .map_err(|e| ProgramError::Runtime(attach(e, st.span)))?;
        }
        Ok(())
    }
}

impl Session {
    /// A top-level import, before the unsupported syntax at `error`, of a
    /// module streamlab does not have (`import pandas as pd` above a `yield`
    /// it cannot parse): the first thing in the program that keeps it from
    /// running here, reported first as the other errors are.
    fn missing_module_before(&self, src: &str, error: Span) -> Option<Exc> {
        let mut offset = 0;
        for line in src.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            if start >= error.start {
                break;
            }
            let text = line.trim_end();
            if !(text.starts_with("import ") || text.starts_with("from ")) {
                continue;
            }
            let Ok(prog) = parse_program(text) else {
                continue;
            };
            for st in &prog.stmts {
                let StmtKind::Import { module, .. } = &st.kind else {
                    continue;
                };
                if let Err(e) = self.import(module, None) {
                    if e.kind == ExcKind::ModuleNotFoundError {
                        return Some(e.at(Span::new(start, start + text.len())));
                    }
                }
            }
        }
        None
    }
}

/// What a program importing a module streamlab will not have can do instead.
fn missing_module_next_step(module: &str) -> Option<&'static str> {
    let top = module.split('.').next().unwrap_or(module);
    Some(match (top, module) {
        ("pandas" | "pyarrow" | "numpy", _) => {
            "streamlab has no pandas (nor pyarrow or numpy), so pandas UDFs, applyInPandasWithState and toPandas cannot run. Aggregate with groupBy(...).agg(...) (Structured Streaming) or keep per-key state with updateStateByKey (DStreams), and print rows with show() or collect()"
        }
        (_, "pyspark.streaming.kafka") | (_, "pyspark.sql.kafka") => {
            "streamlab has no Kafka (and PySpark 3 has no KafkaUtils for DStreams). Read the lines from a socket instead: ssc.socketTextStream(\"localhost\", 9999), or spark.readStream.format(\"socket\"), and feed it with `streamlab produce`"
        }
        _ => return None,
    })
}

fn attach(e: Exc, span: Span) -> Exc {
    e.at(span)
}

/// A module object for `import operator` / `import pyspark`.
struct Module {
    name: String,
    session: Importer,
}

impl Object for Module {
    fn type_name(&self) -> &str {
        "module"
    }
    fn repr(&self) -> String {
        format!("<module '{}'>", self.name)
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        let sub = format!("{}.{}", self.name, name);
        if MODULES.iter().any(|m| m.0 == sub) {
            return (self.session)(&sub, None);
        }
        (self.session)(&self.name, Some(name)).map_err(|_| {
            Exc::attr_error(format!("module '{}' has no attribute '{name}'", self.name))
        })
    }
    /// What `from MODULE import *` binds.
    fn attr_names(&self) -> Vec<&'static str> {
        if self.name == "pyspark.sql.types" {
            return sql_types::type_names();
        }
        MODULES
            .iter()
            .find(|m| m.0 == self.name)
            .map(|m| m.1.to_vec())
            .unwrap_or_default()
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let f = self.get_attr(this, name)?;
        crate::lang::compile::call_value(&f, args, kwargs)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A host that runs each started context to completion when the program awaits it.
struct HeadlessHost {
    opts: crate::engine::driver::RunOptions,
    structured: crate::structured::driver::StructuredOptions,
    pending: Mutex<Vec<Arc<context::StreamingInner>>>,
    queries: Mutex<Vec<crate::structured::exec::QuerySpec>>,
    events: Mutex<Box<dyn FnMut(crate::engine::events::EngineEvent) + Send>>,
    /// Printed while a run holds `events`: sent before its next event.
    printed: Mutex<Vec<crate::engine::events::EngineEvent>>,
}

impl HeadlessHost {
    fn run_pending(&self) {
        let pending: Vec<_> = std::mem::take(&mut *self.pending.lock());
        let stop = std::sync::atomic::AtomicBool::new(false);
        for ctx in pending {
            let graph = Arc::new(ctx.graph.lock().clone());
            let mut emit = self.events.lock();
            let mut opts = self.opts.clone();
            opts.recover |= *ctx.recover.lock();
            let printed = &self.printed;
            let result = crate::engine::driver::run(graph, &opts, &stop, &mut |ev| {
                for p in std::mem::take(&mut *printed.lock()) {
                    (*emit)(p);
                }
                (*emit)(ev)
            });
            for p in std::mem::take(&mut *printed.lock()) {
                (*emit)(p);
            }
            if let Err(e) = result {
                (*emit)(crate::engine::events::EngineEvent::Notice(e.to_string()));
            }
            *ctx.lifecycle.lock() = context::Lifecycle::Stopped;
        }
    }

    /// Run the queries started; a query whose foreachBatch/foreach code
    /// raised gives its error (which `awaitTermination()` raises).
    fn run_queries(&self) -> Option<String> {
        let queries: Vec<_> = std::mem::take(&mut *self.queries.lock());
        if queries.is_empty() {
            return None;
        }
        let stop = std::sync::atomic::AtomicBool::new(false);
        let mut guard = self.events.lock();
        let emit: &mut (dyn FnMut(crate::engine::events::EngineEvent) + Send) = &mut **guard;
        match crate::structured::driver::run_queries(queries, &self.structured, &stop, emit) {
            Ok(()) => None,
            Err(e) => {
                emit(crate::engine::events::EngineEvent::Notice(e.to_string()));
                e.raised_by_query().then(|| e.to_string())
            }
        }
    }
}

impl Host for HeadlessHost {
    fn start(&self, ctx: &Arc<context::StreamingInner>) -> PyResult<()> {
        self.pending.lock().push(ctx.clone());
        Ok(())
    }
    fn await_termination(
        &self,
        _ctx: &Arc<context::StreamingInner>,
        _timeout: Option<f64>,
    ) -> PyResult<bool> {
        self.run_pending();
        Ok(true)
    }
    fn stop(&self, _ctx: &Arc<context::StreamingInner>) {}
    fn start_query(&self, spec: crate::structured::exec::QuerySpec) -> PyResult<()> {
        self.queries.lock().push(spec);
        Ok(())
    }
    fn await_queries(&self, _timeout: Option<f64>) -> PyResult<bool> {
        match self.run_queries() {
            Some(e) => Err(Exc::new(ExcKind::StreamingQueryException, e)),
            None => Ok(true),
        }
    }
    /// A query stopped before the program awaited it never runs.
    fn stop_query(&self, index: usize) {
        self.queries.lock().retain(|q| q.index != index);
    }
    fn print(&self, text: &str, stderr: bool) {
        let ev = crate::engine::events::EngineEvent::Print {
            text: text.to_string(),
            stderr,
        };
        match self.events.try_lock() {
            Some(mut emit) => {
                for p in std::mem::take(&mut *self.printed.lock()) {
                    (*emit)(p);
                }
                (*emit)(ev)
            }
            // A run holds the sink: it sends this before its next event.
            None => self.printed.lock().push(ev),
        }
    }
}

/// Run a program in this process on the engine, handing every engine event to
/// `emit` (what `streamlab run` does, without printing). Used by benchmarks,
/// tests and, later, lesson checks.
pub fn run_headless(
    src: &str,
    opts: crate::engine::driver::RunOptions,
    emit: impl FnMut(crate::engine::events::EngineEvent) + Send + 'static,
) -> Result<(), ProgramError> {
    run_headless_with(src, opts, Default::default(), emit)
}

/// [`run_headless`] with options for Structured Streaming queries too (a
/// replay of batches of lines, the virtual clock's start).
pub fn run_headless_with(
    src: &str,
    opts: crate::engine::driver::RunOptions,
    structured: crate::structured::driver::StructuredOptions,
    emit: impl FnMut(crate::engine::events::EngineEvent) + Send + 'static,
) -> Result<(), ProgramError> {
    let host = Arc::new(HeadlessHost {
        opts,
        structured,
        pending: Mutex::new(Vec::new()),
        queries: Mutex::new(Vec::new()),
        events: Mutex::new(Box::new(emit)),
        printed: Mutex::new(Vec::new()),
    });
    let session = Session::new(host.clone());
    session.run_program(src)?;
    host.run_pending();
    let _ = host.run_queries(); // its error went out as a Notice
    Ok(())
}
