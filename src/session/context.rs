//! `SparkContext`, `StreamingContext` and `SparkConf`: the classes a program
//! imports and the context objects it creates.
//!
//! A StreamingContext owns its DStream graph and lifecycle (initialized ->
//! active -> stopped, never back). What `start()` and `awaitTermination()`
//! actually do depends on who runs the program: `streamlab run` runs batches
//! until the program would end, the terminal UI runs them in the background.
//! That part is the [`Host`].

use std::any::Any;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use parking_lot::Mutex;

use super::dstream::DStream;
use crate::engine::graph::{Graph, Node, NodeId, Op, PySerializer, Source};
use crate::engine::rdd::Rdd;
use crate::engine::rdd_object::{as_rdd, rdd_value};
use crate::lang::args::{bind, count_arg, duration_ms, str_arg};
use crate::lang::compile::call_value;
use crate::lang::ops;
use crate::lang::registry::{self, Attribute, Method, Returns};
use crate::lang::value::ExcKind;
use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};

/// Runs a started context. Implemented by `streamlab run` and the UI.
pub trait Host: Send + Sync {
    /// The context passed its start checks: begin producing batches.
    fn start(&self, ctx: &Arc<StreamingInner>) -> PyResult<()>;
    /// `awaitTermination(timeout)`: returns true if the context stopped.
    fn await_termination(&self, ctx: &Arc<StreamingInner>, timeout: Option<f64>) -> PyResult<bool>;
    /// `stop()` on an active context.
    fn stop(&self, ctx: &Arc<StreamingInner>);
    /// A checkpoint directory set from outside the program (`run --checkpoint DIR`),
    /// which new contexts start with, as if the program had called `ssc.checkpoint(DIR)`.
    fn default_checkpoint_dir(&self) -> Option<PathBuf> {
        None
    }
    /// A StreamingContext was created (the session records it).
    fn context_created(&self, ctx: &Arc<StreamingInner>) {
        let _ = ctx;
    }
    /// A Structured Streaming query passed its checks at `start()`: run it
    /// (hosts that run nothing keep the default, which ignores it).
    fn start_query(&self, spec: crate::structured::exec::QuerySpec) -> PyResult<()> {
        let _ = spec;
        Ok(())
    }
    /// `query.awaitTermination(timeout)` / `spark.streams.awaitAnyTermination()`:
    /// returns true if the queries ended.
    fn await_queries(&self, timeout: Option<f64>) -> PyResult<bool> {
        let _ = timeout;
        Ok(true)
    }
    /// `query.stop()`.
    fn stop_query(&self, index: usize) {
        let _ = index;
    }
    /// The program wrote `text` to its standard output (or error): from
    /// `print`, from the driver or from a function running in a batch. The
    /// default writes it to this process's.
    fn print(&self, text: &str, stderr: bool) {
        use std::io::Write;
        if stderr {
            let mut e = std::io::stderr().lock();
            let _ = e.write_all(text.as_bytes());
        } else {
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(text.as_bytes());
            let _ = o.flush();
        }
    }
    /// `time.sleep(seconds)` in the program's driver code. The default sleeps.
    fn sleep(&self, seconds: f64) {
        std::thread::sleep(std::time::Duration::from_secs_f64(seconds.clamp(0.0, 1e9)));
    }
    /// Whether the program only builds its graph here, to be checked or
    /// exported, so that it must leave the user's files alone: `open(p, 'w')`
    /// then writes nowhere and `os.remove` removes nothing (the real run,
    /// on Spark or later, does both).
    fn dry_run(&self) -> bool {
        false
    }
}

/// A host that runs nothing: for building a program's graph without running
/// it (lesson checks run the graph themselves; export only checks it).
pub struct InertHost;

impl Host for InertHost {
    fn start(&self, _ctx: &Arc<StreamingInner>) -> PyResult<()> {
        Ok(())
    }
    fn await_termination(
        &self,
        _ctx: &Arc<StreamingInner>,
        _timeout: Option<f64>,
    ) -> PyResult<bool> {
        Ok(true)
    }
    fn stop(&self, _ctx: &Arc<StreamingInner>) {}
    /// Building a graph to check or export it prints nothing: the program's
    /// output belongs to the run that follows (on Spark, or in a lesson's
    /// own engine), which would otherwise show it twice.
    fn print(&self, _text: &str, _stderr: bool) {}
    /// Nor does it wait: `time.sleep(6)` before `ssc.stop()` means six
    /// batches when the program runs, not six seconds of checking.
    fn sleep(&self, _seconds: f64) {}
    fn dry_run(&self) -> bool {
        true
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Initialized,
    Active,
    Stopped,
}

/// The shared state of one StreamingContext.
pub struct StreamingInner {
    pub graph: Mutex<Graph>,
    pub lifecycle: Mutex<Lifecycle>,
    pub sc: Arc<SparkContext>,
    host: Arc<dyn Host>,
    /// Set by `dstream.checkpoint(...)`: a checkpoint directory becomes mandatory.
    checkpoint_required: Mutex<bool>,
    /// The Python object, so `dstream.context()` returns the same one.
    me: Mutex<Option<Value>>,
    /// Made by `StreamingContext.getOrCreate`: resume from its checkpoint directory.
    pub recover: Mutex<bool>,
}

impl StreamingInner {
    pub fn parallelism(&self) -> usize {
        self.sc.parallelism
    }

    pub fn ssc_value(&self) -> Value {
        self.me.lock().clone().unwrap_or(Value::None)
    }

    pub fn require_checkpoint(&self) {
        *self.checkpoint_required.lock() = true;
    }

    /// New streams and outputs can only be added before `start()`.
    pub fn check_can_add(&self) -> PyResult<()> {
        match *self.lifecycle.lock() {
            Lifecycle::Initialized => Ok(()),
            Lifecycle::Active => Err(Exc::new(
                ExcKind::IllegalStateException,
                "Adding new inputs, transformations, and output operations after starting a context is not supported",
            )),
            Lifecycle::Stopped => Err(Exc::new(
                ExcKind::IllegalStateException,
                "Adding new inputs, transformations, and output operations after stopping a context is not supported",
            )),
        }
    }

    /// Spark's checks at `start()`.
    pub fn validate_start(&self) -> PyResult<()> {
        let g = self.graph.lock();
        if g.outputs.is_empty() {
            return Err(Exc::new(
                ExcKind::IllegalArgumentException,
                "requirement failed: No output operations registered, so nothing to execute",
            ));
        }
        if (g.needs_checkpoint() || *self.checkpoint_required.lock()) && g.checkpoint_dir.is_none()
        {
            return Err(Exc::new(
                ExcKind::IllegalArgumentException,
                "requirement failed: The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint().",
            ));
        }
        if g.checkpoint_dir.is_some() {
            check_picklable(&g)?;
        }
        Ok(())
    }

    fn add_source(self: &Arc<Self>, src: Source, label: &str) -> PyResult<Value> {
        self.check_can_add()?;
        let mut g = self.graph.lock();
        let slide = g.batch_ms;
        let id = g.add(Node {
            op: Op::Source(src),
            parents: Vec::new(),
            slide_ms: slide,
            label: label.to_string(),
            span: None,
        });
        drop(g);
        Ok(DStream::value(self.clone(), id))
    }
}

/// `SparkContext(master, appName)`.
pub struct SparkContext {
    pub master: String,
    pub app_name: String,
    /// `N` of `local[N]`.
    pub parallelism: usize,
    /// `spark.streaming.receiver.maxRate`: records per second per receiver.
    pub receiver_max_rate: Option<f64>,
    /// The SparkSession made on this context, once the program made one
    /// (`rdd.toDF()` needs it, as in PySpark).
    pub session: Mutex<Option<Value>>,
}

/// The most threads `local[N]` may ask for: every batch has that many
/// partitions, so a huge N makes each batch crawl.
pub const MAX_LOCAL_THREADS: usize = 1024;

/// Parse `local`, `local[N]`, `local[*]` into a thread count.
pub fn parse_master(master: &str) -> PyResult<usize> {
    let cores = || {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    };
    match master {
        "local" => Ok(1),
        "local[*]" => Ok(cores()),
        m if m.starts_with("local[") && m.ends_with(']') => {
            let inner = &m[6..m.len() - 1];
            let inner = inner.split(',').next().unwrap_or(inner).trim();
            match inner.parse::<usize>() {
                Ok(n) if n > MAX_LOCAL_THREADS => Err(Exc::value_error(format!(
                    "master '{master}' asks for {n} worker threads; streamlab runs at most {MAX_LOCAL_THREADS} (each is a partition of every batch). Use \"local[2]\" or \"local[*]\""
                ))),
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(Exc::value_error(format!("could not parse master URL '{master}': expected local[N] with N >= 1"))),
            }
        }
        m => Err(Exc::value_error(format!(
            "streamlab runs Spark locally: master '{m}' is not available here. Use \"local[2]\" (streamlab export keeps your master for a real cluster)"
        ))),
    }
}

impl Object for SparkContext {
    fn type_name(&self) -> &str {
        "SparkContext"
    }
    fn repr(&self) -> String {
        format!(
            "<SparkContext master={} appName={}>",
            self.master, self.app_name
        )
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "defaultParallelism" => Ok(Value::Int(self.parallelism as i64)),
            "master" => Ok(Value::str(&self.master)),
            "appName" => Ok(Value::str(&self.app_name)),
            _ => Err(SPARK_CONTEXT.info.no_attribute(name)),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        if name == crate::engine::rdd_object::TO_DF {
            // `rdd.toDF(schema)` (RDD methods reach the session through here).
            let session = self.session.lock().clone().ok_or_else(|| {
                Exc::attr_error("'RDD' object has no attribute 'toDF' (PySpark adds it when a SparkSession is created: SparkSession.builder.getOrCreate())")
            })?;
            return crate::lang::methods::call_method(&session, "createDataFrame", args, kwargs);
        }
        let out = SPARK_CONTEXT.call(self, name, args, kwargs)?;
        Ok(crate::engine::rdd_object::with_context(
            out,
            &Value::Object(this.clone()),
        ))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        SPARK_CONTEXT.info.names().collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The class `SparkContext`: its methods and attributes, defined once.
pub static SPARK_CONTEXT: LazyLock<registry::Class<SparkContext>> = LazyLock::new(|| {
    registry::Class::new(
        "SparkContext",
        vec![
            Method::new(
                "parallelize",
                "(c, numSlices=None)",
                "An RDD of the elements of the collection c, in numSlices partitions.",
                Returns::Class("RDD"),
                |sc, b| {
                    let items = ops::iterate(&b.get("c"))?;
                    let n = match b.opt("numSlices") {
                        None => sc.parallelism,
                        Some(v) => count_arg("numSlices", &v)?,
                    };
                    Ok(rdd_value(Arc::new(Rdd::parallelize(items, n))))
                },
            ),
            Method::new(
                "emptyRDD",
                "()",
                "An RDD with no elements.",
                Returns::Class("RDD"),
                |_, _| Ok(rdd_value(Arc::new(Rdd::empty()))),
            ),
            Method::new(
                "textFile",
                "(name, minPartitions=None, use_unicode=True)",
                "An RDD of the lines of a text file (or of every file in a directory).",
                Returns::Class("RDD"),
                |sc, b| {
                    let name = str_arg("name", &b.get("name"))?;
                    let lines = read_text_lines(&name)?;
                    let n = match b.opt("minPartitions") {
                        None => sc.parallelism.min(2),
                        Some(v) => count_arg("minPartitions", &v)?,
                    };
                    Ok(rdd_value(Arc::new(Rdd::parallelize(lines, n.max(1)))))
                },
            ),
            Method::new(
                "broadcast",
                "(value)",
                "A read-only value shared with every task; read it as .value.",
                Returns::Class("Broadcast"),
                |_, b| Ok(Value::object(Broadcast(b.get("value")))),
            ),
            Method::new(
                "accumulator",
                "(value, accum_param=None)",
                "A counter tasks add to (acc.add(x) or acc += x); the driver reads .value.",
                Returns::Class("Accumulator"),
                |_, b| Ok(Value::object(Accumulator(Mutex::new(b.get("value"))))),
            ),
            Method::new(
                "getConf",
                "()",
                "A copy of this context's configuration.",
                Returns::Class("SparkConf"),
                |sc, _| {
                    let conf = SparkConf::default();
                    conf.put("spark.master".into(), sc.master.clone(), true);
                    conf.put("spark.app.name".into(), sc.app_name.clone(), true);
                    Ok(Value::object(conf))
                },
            ),
            Method::new(
                "setLogLevel",
                "(logLevel)",
                "Set Spark's log level (no effect here: streamlab prints no logs).",
                Returns::Nothing,
                |_, _| Ok(Value::None),
            ),
            Method::new(
                "stop",
                "()",
                "Stop the SparkContext (no effect here).",
                Returns::Nothing,
                |_, _| Ok(Value::None),
            ),
        ],
        &[Attribute {
            name: "defaultParallelism",
            doc: "The number of partitions by default: N of local[N].",
            returns: Returns::Unknown,
        }],
    )
});

/// The lines of a text file, or of every file in a directory (sorted by
/// name), as `sc.textFile` reads them.
fn read_text_lines(name: &str) -> PyResult<Vec<Value>> {
    let path = std::path::Path::new(name);
    let mut files = Vec::new();
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| Exc::new(ExcKind::OSError, format!("cannot read {name}: {e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(['.', '_']))
            })
            .collect();
        entries.sort();
        files.extend(entries);
    } else {
        files.push(path.to_path_buf());
    }
    let mut lines = Vec::new();
    for f in files {
        let text = crate::lang::source::read_program(&f).map_err(|e| {
            Exc::new(
                ExcKind::AnalysisException,
                format!(
                    "[PATH_NOT_FOUND] Path does not exist: {} ({e})",
                    f.display()
                ),
            )
        })?;
        crate::lang::limits::check_text(text.len())?;
        lines.extend(text.lines().map(Value::str));
    }
    Ok(lines)
}

/// `sc.broadcast(value)`.
pub struct Broadcast(Value);

const BROADCAST_NAMES: &[&str] = &["value", "unpersist", "destroy"];
const ACCUMULATOR_NAMES: &[&str] = &["value", "add"];

impl Object for Broadcast {
    fn type_name(&self) -> &str {
        "Broadcast"
    }
    fn repr(&self) -> String {
        "<pyspark.broadcast.Broadcast object>".into()
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "value" => Ok(self.0.clone()),
            _ => Err(crate::lang::diag::no_attribute(
                "Broadcast",
                name,
                BROADCAST_NAMES.iter().copied(),
            )),
        }
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "unpersist" | "destroy" => {
                bind("Broadcast.unpersist", "blocking=False", args, kwargs)?;
                Ok(Value::None)
            }
            _ => Err(crate::lang::diag::no_attribute(
                "Broadcast",
                name,
                BROADCAST_NAMES.iter().copied(),
            )),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        BROADCAST_NAMES.to_vec()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `sc.accumulator(value)`: tasks add to it, the driver reads it.
pub struct Accumulator(Mutex<Value>);

impl Accumulator {
    fn add(&self, x: &Value) -> PyResult<()> {
        let mut v = self.0.lock();
        *v = ops::binary(crate::lang::ast::BinOp::Add, &v, x)?;
        Ok(())
    }
}

impl Object for Accumulator {
    fn type_name(&self) -> &str {
        "Accumulator"
    }
    fn repr(&self) -> String {
        format!("Accumulator<id=0, value={}>", self.0.lock().repr())
    }
    fn str(&self) -> String {
        self.0.lock().to_str()
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "value" => Ok(self.0.lock().clone()),
            _ => Err(crate::lang::diag::no_attribute(
                "Accumulator",
                name,
                ACCUMULATOR_NAMES.iter().copied(),
            )),
        }
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "add" => {
                let a = bind("Accumulator.add", "term", args, kwargs)?;
                self.add(a[0].as_ref().unwrap_or(&Value::None))?;
                Ok(Value::None)
            }
            _ => Err(crate::lang::diag::no_attribute(
                "Accumulator",
                name,
                ACCUMULATOR_NAMES.iter().copied(),
            )),
        }
    }
    /// `acc += x` adds in place and keeps the accumulator (`__iadd__`).
    fn binary_op(
        &self,
        this: &Arc<dyn Object>,
        op: crate::lang::ast::BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult> {
        if op != crate::lang::ast::BinOp::Add || reflected {
            return None;
        }
        Some(self.add(other).map(|_| Value::Object(this.clone())))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        ACCUMULATOR_NAMES.to_vec()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The StreamingContext object a program holds.
pub struct StreamingContext {
    pub inner: Arc<StreamingInner>,
}

fn to_rdd(v: &Value, parallelism: usize) -> PyResult<Arc<Rdd>> {
    match as_rdd(v) {
        Some(r) => Ok(r),
        None => Ok(Arc::new(Rdd::parallelize(ops::iterate(v)?, parallelism))),
    }
}

/// With a checkpoint directory set, PySpark pickles every function of the DStream graph
/// when the context starts; a function that carries an RDD or the SparkContext (read from
/// a module-level name, captured, or a default argument) cannot be pickled, and
/// `ssc.start()` fails. streamlab refuses the same programs, naming the function.
fn check_picklable(g: &Graph) -> PyResult<()> {
    let mut funcs: Vec<(&Value, Option<crate::lang::ast::Span>)> = Vec::new();
    for n in &g.nodes {
        match &n.op {
            Op::Map(f)
            | Op::FlatMap(f)
            | Op::Filter(f)
            | Op::MapValues(f)
            | Op::FlatMapValues(f)
            | Op::MapPartitions(f)
            | Op::MapPartitionsWithIndex(f)
            | Op::Reduce(f)
            | Op::ReduceByKey { func: f, .. }
            | Op::Transform { func: f, .. }
            | Op::TransformWith { func: f, .. }
            | Op::UpdateState { func: f, .. } => funcs.push((f, n.span)),
            Op::ReducedWindow { func, inv, .. } => {
                funcs.push((func, n.span));
                funcs.push((inv, n.span));
            }
            _ => {}
        }
    }
    for o in &g.outputs {
        if let crate::engine::graph::OutputKind::ForeachRdd { func, .. } = &o.kind {
            funcs.push((func, o.span));
        }
    }
    for (f, span) in funcs {
        let Some(what) = unpicklable(f, &mut Vec::new()) else {
            continue;
        };
        let name = match f {
            Value::Func(func) => func.name().to_string(),
            other => other.type_name().to_string(),
        };
        let code = if what == "the SparkContext" {
            "CONTEXT_ONLY_VALID_ON_DRIVER"
        } else {
            "RDD_TRANSFORM_ONLY_VALID_ON_DRIVER"
        };
        let e = Exc::new(
            ExcKind::IOException,
            format!(
                "An exception was raised by Python: Could not serialize object: [{code}] \
                 the function {name} carries {what}. With ssc.checkpoint(...) set, PySpark \
                 pickles every function of the streams when the context starts, and an RDD or \
                 the SparkContext cannot be pickled: capture plain Python values (lists, \
                 dicts) instead, or leave checkpointing off"
            ),
        );
        return Err(match span {
            Some(sp) => e.at(sp),
            None => e,
        });
    }
    Ok(())
}

/// What in `v` (followed through functions' referenced values) PySpark cannot pickle.
fn unpicklable(v: &Value, seen: &mut Vec<*const ()>) -> Option<&'static str> {
    if as_rdd(v).is_some() {
        return Some("an RDD");
    }
    if v.downcast::<SparkContext>().is_some() {
        return Some("the SparkContext");
    }
    // Pickling follows what a function refers to, and into containers and
    // closure cells (`nonlocal` variables); each shared value is visited once.
    let mut first_visit = |p: *const ()| {
        let first = !seen.contains(&p);
        if first {
            seen.push(p);
        }
        first
    };
    match v {
        Value::Func(f) if first_visit(Arc::as_ptr(f) as *const ()) => f
            .referenced_values()
            .iter()
            .find_map(|r| unpicklable(r, seen)),
        Value::Tuple(items) | Value::Iterable(items) => {
            items.iter().find_map(|r| unpicklable(r, seen))
        }
        Value::List(l) if first_visit(Arc::as_ptr(l) as *const ()) => {
            let items = l.to_vec();
            items.iter().find_map(|r| unpicklable(r, seen))
        }
        Value::Dict(d) if first_visit(Arc::as_ptr(d) as *const ()) => {
            let values: Vec<Value> = d.read().values().cloned().collect();
            values.iter().find_map(|r| unpicklable(r, seen))
        }
        Value::Object(o) if first_visit(Arc::as_ptr(o) as *const ()) => v
            .downcast::<crate::lang::compile::Cell>()
            .and_then(|c| unpicklable(&c.value(), seen)),
        _ => None,
    }
}

/// Why `ssc.union(...)` streams differ in PySpark's serializers, in words.
fn serializer_clash(g: &Graph, ids: &[NodeId]) -> String {
    let describe = |id: NodeId| match g.py_serializer(id) {
        PySerializer::Batched(n) => format!(
            "a {} used as it is (pickled {n} record{} at a time)",
            g.nodes[id].label,
            if n == 1 { "" } else { "s" }
        ),
        PySerializer::Context => format!(
            "made by {} (pickled with the context's serializer)",
            g.nodes[id].label
        ),
        _ => format!("a {} of text lines", g.nodes[id].label),
    };
    let first = g.py_serializer(ids[0]);
    let other = ids
        .iter()
        .position(|&i| {
            let s = g.py_serializer(i);
            s != first && s != PySerializer::Unknown
        })
        .unwrap_or(0);
    format!(
        "stream 1 is {}, stream {} is {}",
        describe(ids[0]),
        other + 1,
        describe(ids[other])
    )
}

fn timeout_arg(v: &Value) -> PyResult<Option<f64>> {
    match v {
        Value::None => Ok(None),
        Value::Int(i) => Ok(Some(*i as f64)),
        Value::Float(f) => Ok(Some(*f)),
        other => Err(Exc::type_error(format!(
            "timeout must be a number of seconds, not {}",
            other.type_name()
        ))),
    }
}

/// The class `StreamingContext`: its methods and attributes, defined once.
pub static STREAMING_CONTEXT: LazyLock<registry::Class<StreamingContext>> = LazyLock::new(|| {
    registry::Class::new(
        "StreamingContext",
        vec![
            Method::new("queueStream", "(rdds, oneAtATime=True, default=None)", "A stream whose batches are the given RDDs or lists, one per batch (or all at once).", STREAM, |s, b| {
                let ctx = &s.inner;
                let rdds = ops::iterate(&b.get("rdds"))?;
                if rdds.is_empty() && b.opt("default").is_none() {
                    return Err(Exc::index_error("list index out of range"));
                }
                let p = ctx.parallelism();
                // PySpark parallelizes each list with its own batch size; when they differ,
                // it re-serializes them all with the context's serializer.
                let serializers: Vec<PySerializer> = rdds
                    .iter()
                    .map(|v| match as_rdd(v) {
                        Some(_) => PySerializer::Unknown,
                        None => ops::iterate(v)
                            .map_or(PySerializer::Unknown, |l| PySerializer::parallelized(l.len(), p)),
                    })
                    .collect();
                let serializer = match serializers.first() {
                    None => PySerializer::parallelized(0, p),
                    Some(_) if serializers.contains(&PySerializer::Unknown) => PySerializer::Unknown,
                    Some(first) if serializers.iter().all(|s| s == first) => *first,
                    Some(_) => PySerializer::Context,
                };
                let items = rdds
                    .iter()
                    .map(|v| to_rdd(v, p))
                    .collect::<PyResult<Vec<_>>>()?;
                let default = match b.opt("default") {
                    None => None,
                    Some(v) => Some(to_rdd(&v, p)?),
                };
                // `queueStream([], default=x)`: the first batch is empty, then x (as PySpark).
                let items = if items.is_empty() {
                    vec![Arc::new(Rdd::new(vec![Vec::new()]))]
                } else {
                    items
                };
                let one_at_a_time = b.get("oneAtATime").truthy();
                ctx.add_source(
                    Source::Queue {
                        items,
                        one_at_a_time,
                        default,
                        serializer,
                    },
                    "queueStream",
                )
            }),
            Method::new("socketTextStream", "(hostname, port, storageLevel=None)", "A stream of the text lines received on a TCP socket.", STREAM, |s, b| {
                let host = str_arg("hostname", &b.get("hostname"))?;
                let port = match b.get("port") {
                    Value::Int(p) if (0..=65535).contains(&p) => p as u16,
                    other => {
                        return Err(Exc::type_error(format!(
                            "port must be an int between 0 and 65535, not {}",
                            other.short_repr()
                        )))
                    }
                };
                s.inner.add_source(Source::Socket { host, port }, "socketTextStream")
            }),
            Method::new("textFileStream", "(directory)", "A stream of the lines of the files that appear in a directory.", STREAM, |s, b| {
                let dir = str_arg("directory", &b.get("directory"))?;
                s.inner.add_source(
                    Source::TextFile {
                        dir: PathBuf::from(dir),
                    },
                    "textFileStream",
                )
            }),
            Method::new("union", "(*dstreams)", "One stream of the records of all the given streams (same slide duration).", STREAM, |s, b| {
                // Every argument is a DStream with the same slide.
                let ctx = &s.inner;
                let args = b.rest();
                let Some(first) = args.first() else {
                    return Err(Exc::value_error(
                        "should have at least one DStream to union",
                    ));
                };
                let mut ids = Vec::new();
                for a in args {
                    match a.downcast::<DStream>() {
                        // A stream of another context names a node of another graph.
                        Some(d) if args.len() > 1 && !Arc::ptr_eq(&d.ctx, ctx) => {
                            return Err(Exc::value_error("All DStreams should have same context"))
                        }
                        Some(d) => ids.push(d.id),
                        None => {
                            return Err(Exc::type_error(format!(
                                "StreamingContext.union() expects DStreams, not {}",
                                a.type_name()
                            )))
                        }
                    }
                }
                if ids.len() == 1 {
                    return Ok(first.clone());
                }
                ctx.check_can_add()?;
                let mut g = ctx.graph.lock();
                let slide = g.nodes[ids[0]].slide_ms;
                let serializer = g.py_serializer(ids[0]);
                let known = |s: PySerializer| s != PySerializer::Unknown;
                if known(serializer)
                    && ids.iter().any(|&i| {
                        let other = g.py_serializer(i);
                        known(other) && other != serializer
                    })
                {
                    return Err(Exc::value_error(format!(
                        "All DStreams should have same serializer \
                         (PySpark's StreamingContext.union needs streams pickled the same way: \
                         {}; a.union(b) has no such rule, or map each stream, e.g. \
                         .map(lambda x: x), before ssc.union)",
                        serializer_clash(&g, &ids)
                    )));
                }
                if ids.iter().any(|&i| g.nodes[i].slide_ms != slide) {
                    return Err(Exc::value_error(
                        "All DStreams should have same slide duration",
                    ));
                }
                let id = g.add(Node {
                    op: Op::Union,
                    parents: ids,
                    slide_ms: slide,
                    label: "union".into(),
                    span: None,
                });
                drop(g);
                Ok(DStream::value(ctx.clone(), id))
            }),
            Method::new("checkpoint", "(directory)", "Set the checkpoint directory (needed by stateful and incremental window operations).", Returns::Nothing, |s, b| {
                let dir = str_arg("directory", &b.get("directory"))?;
                // The directory is created when the first checkpoint is written,
                // so checking or exporting a program leaves no trace on disk.
                s.inner.graph.lock().checkpoint_dir = Some(PathBuf::from(&dir));
                Ok(Value::None)
            }),
            Method::new("remember", "(duration)", "Keep each batch's RDDs for at least duration seconds (no effect on results).", Returns::Nothing, |_, b| {
                duration_ms("duration", &b.get("duration"))?;
                Ok(Value::None)
            }),
            Method::new("start", "()", "Start running the streams: a batch every batch interval.", Returns::Nothing, |s, _| {
                let ctx = &s.inner;
                let state = *ctx.lifecycle.lock();
                match state {
                    Lifecycle::Active => Ok(Value::None),
                    Lifecycle::Stopped => Err(Exc::new(
                        ExcKind::IllegalStateException,
                        "StreamingContext has already been stopped",
                    )),
                    Lifecycle::Initialized => {
                        if let Err(e) = ctx.validate_start() {
                            *ctx.lifecycle.lock() = Lifecycle::Stopped;
                            return Err(e);
                        }
                        *ctx.lifecycle.lock() = Lifecycle::Active;
                        ctx.host.start(ctx)?;
                        Ok(Value::None)
                    }
                }
            }),
            Method::new("stop", "(stopSparkContext=True, stopGraceFully=False)", "Stop the streams; a stopped context cannot be started again.", Returns::Nothing, |s, _| {
                let ctx = &s.inner;
                let state = *ctx.lifecycle.lock();
                *ctx.lifecycle.lock() = Lifecycle::Stopped;
                if state == Lifecycle::Active {
                    ctx.host.stop(ctx);
                }
                Ok(Value::None)
            }),
            Method::new("awaitTermination", "(timeout=None)", "Wait until the context stops (or timeout seconds pass).", Returns::Nothing, |s, b| {
                let ctx = &s.inner;
                let t = timeout_arg(&b.get("timeout"))?;
                if *ctx.lifecycle.lock() == Lifecycle::Initialized {
                    return Err(Exc::new(
                        ExcKind::IllegalStateException,
                        "awaitTermination() called before start(): call ssc.start() first",
                    ));
                }
                ctx.host.await_termination(ctx, t)?;
                Ok(Value::None)
            }),
            Method::new("awaitTerminationOrTimeout", "(timeout)", "Wait up to timeout seconds; True if the context stopped.", Returns::Unknown, |s, b| {
                let ctx = &s.inner;
                let t = timeout_arg(&b.get("timeout"))?;
                Ok(Value::Bool(ctx.host.await_termination(ctx, t)?))
            }),
        ],
        &[Attribute {
            name: "sparkContext",
            doc: "The SparkContext this StreamingContext runs on.",
            returns: Returns::Class("SparkContext"),
        }],
    )
});

const STREAM: Returns = Returns::Class("DStream");

impl Object for StreamingContext {
    fn type_name(&self) -> &str {
        "StreamingContext"
    }
    fn repr(&self) -> String {
        format!(
            "<StreamingContext batchDuration={} ms>",
            self.inner.graph.lock().batch_ms
        )
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "sparkContext" => Ok(Value::Object(self.inner.sc.clone())),
            _ => Err(STREAMING_CONTEXT.info.no_attribute(name)),
        }
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        STREAMING_CONTEXT.call(self, name, args, kwargs)
    }
    fn attr_names(&self) -> Vec<&'static str> {
        STREAMING_CONTEXT.info.names().collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The master a SparkContext gets when nothing sets one: every core of this
/// machine, as PySpark's launcher defaults to.
pub const DEFAULT_MASTER: &str = "local[*]";
/// The application name a SparkContext gets when nothing sets one (PySpark's).
pub const DEFAULT_APP_NAME: &str = "pyspark-shell";

/// The classes a program imports from pyspark.
pub enum Class {
    SparkContext,
    StreamingContext,
    SparkConf,
    /// Placeholders that only need to exist (`StorageLevel`, `typing` names).
    Inert(&'static str),
}

/// A class object, carrying the host new StreamingContexts will run on.
pub struct ClassObject {
    pub class: Class,
    pub host: Arc<dyn Host>,
    /// The SparkContext created so far (Spark allows one at a time).
    pub active_sc: Arc<Mutex<Option<Arc<SparkContext>>>>,
}

/// `SparkConf()`: the settings a SparkContext is made from. `spark.master`
/// and `spark.app.name` are the master and the application name, as in PySpark.
#[derive(Default)]
pub struct SparkConf {
    /// Every setting, in the order first set (a later `set` replaces the value).
    settings: Mutex<Vec<(String, String)>>,
}

impl SparkConf {
    /// The value set for `key`, if any.
    pub fn get(&self, key: &str) -> Option<String> {
        self.settings
            .lock()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The master URL set (`setMaster` or `spark.master`).
    pub fn master(&self) -> Option<String> {
        self.get("spark.master")
    }

    /// The application name set (`setAppName` or `spark.app.name`).
    pub fn app_name(&self) -> Option<String> {
        self.get("spark.app.name")
    }

    pub fn put(&self, key: String, value: String, replace: bool) {
        let mut s = self.settings.lock();
        match s.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) if replace => slot.1 = value,
            Some(_) => {}
            None => s.push((key, value)),
        }
    }
}

/// A SparkConf as the registry's methods receive it: `set*` return the
/// same object, so that calls chain as in PySpark.
pub struct ConfRef(Arc<dyn Object>);

impl ConfRef {
    fn conf(&self) -> &SparkConf {
        self.0
            .as_any()
            .downcast_ref::<SparkConf>()
            .expect("a ConfRef holds a SparkConf")
    }
    fn set(&self, key: String, value: &Value, replace: bool) -> PyResult {
        self.conf().put(key, conf_value(value), replace);
        Ok(Value::Object(self.0.clone()))
    }
}

/// A setting's value as PySpark stores it: `str(value)`.
fn conf_value(v: &Value) -> String {
    v.to_str()
}

pub static SPARK_CONF: LazyLock<registry::Class<ConfRef>> = LazyLock::new(|| {
    registry::Class::new(
        "SparkConf",
        vec![
            Method::new(
                "set",
                "(key, value)",
                "Set a configuration property; returns this SparkConf.",
                Returns::Class("SparkConf"),
                |c, b| c.set(str_arg("key", &b.get("key"))?, &b.get("value"), true),
            ),
            Method::new(
                "setIfMissing",
                "(key, value)",
                "Set a property unless it is already set; returns this SparkConf.",
                Returns::Class("SparkConf"),
                |c, b| c.set(str_arg("key", &b.get("key"))?, &b.get("value"), false),
            ),
            Method::new(
                "setMaster",
                "(value)",
                "Set the master URL (spark.master), such as local[2].",
                Returns::Class("SparkConf"),
                |c, b| c.set("spark.master".into(), &b.get("value"), true),
            ),
            Method::new(
                "setAppName",
                "(value)",
                "Set the application name (spark.app.name).",
                Returns::Class("SparkConf"),
                |c, b| c.set("spark.app.name".into(), &b.get("value"), true),
            ),
            Method::new(
                "setAll",
                "(pairs)",
                "Set several properties from a list of (key, value) pairs.",
                Returns::Class("SparkConf"),
                |c, b| {
                    for pair in ops::iterate(&b.get("pairs"))? {
                        let kv = ops::iterate(&pair)?;
                        let [k, v] = kv.as_slice() else {
                            return Err(Exc::value_error(format!(
                                "SparkConf.setAll() expects (key, value) pairs, got {}",
                                pair.short_repr()
                            )));
                        };
                        c.set(str_arg("key", k)?, v, true)?;
                    }
                    Ok(Value::Object(c.0.clone()))
                },
            ),
            Method::new(
                "get",
                "(key, defaultValue=None)",
                "The value of a property, or defaultValue when it is not set.",
                Returns::Unknown,
                |c, b| {
                    let key = str_arg("key", &b.get("key"))?;
                    Ok(match c.conf().get(&key) {
                        Some(v) => Value::str(&v),
                        None => b.get("defaultValue"),
                    })
                },
            ),
            Method::new(
                "contains",
                "(key)",
                "Whether a property is set.",
                Returns::Unknown,
                |c, b| {
                    let key = str_arg("key", &b.get("key"))?;
                    Ok(Value::Bool(c.conf().get(&key).is_some()))
                },
            ),
            Method::new(
                "getAll",
                "()",
                "Every property set, as a list of (key, value) pairs.",
                Returns::Class("list"),
                |c, _| {
                    Ok(Value::list(
                        c.conf()
                            .settings
                            .lock()
                            .iter()
                            .map(|(k, v)| Value::tuple(vec![Value::str(k), Value::str(v)]))
                            .collect(),
                    ))
                },
            ),
            Method::new(
                "toDebugString",
                "()",
                "Every property set, one key=value per line.",
                Returns::Class("str"),
                |c, _| {
                    let lines: Vec<String> = c
                        .conf()
                        .settings
                        .lock()
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    Ok(Value::str(&lines.join("\n")))
                },
            ),
        ],
        &[],
    )
});

impl Object for SparkConf {
    fn type_name(&self) -> &str {
        "SparkConf"
    }
    fn repr(&self) -> String {
        "<pyspark.conf.SparkConf object>".into()
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        SPARK_CONF.call(&ConfRef(this.clone()), name, args, kwargs)
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        Err(SPARK_CONF.info.no_attribute(name))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        SPARK_CONF.info.names().collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl ClassObject {
    fn new_spark_context(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let a = bind(
            "SparkContext",
            "master=None, appName=None, conf=None",
            args,
            kwargs,
        )?;
        let conf = a[2].as_ref().and_then(|v| v.downcast::<SparkConf>());
        // PySpark's defaults when neither the call nor the conf sets them
        // (a program run by `python` or by `spark-submit` without --master).
        let master = match (&a[0], conf.and_then(|c| c.master())) {
            (Some(Value::Str(m)), _) => m.to_string(),
            (_, Some(m)) => m,
            _ => DEFAULT_MASTER.to_string(),
        };
        let app_name = match (&a[1], conf.and_then(|c| c.app_name())) {
            (Some(Value::Str(n)), _) => n.to_string(),
            (_, Some(n)) => n,
            _ => DEFAULT_APP_NAME.to_string(),
        };
        if self.active_sc.lock().is_some() {
            return Err(Exc::value_error(
                "Cannot run multiple SparkContexts at once; existing SparkContext was created before",
            ));
        }
        let receiver_max_rate = match conf.and_then(|c| c.get("spark.streaming.receiver.maxRate")) {
            None => None,
            Some(v) => match v.trim().parse::<f64>() {
                Ok(r) if r > 0.0 => Some(r),
                // Spark treats 0 or a negative rate as "no limit".
                Ok(_) => None,
                Err(_) => {
                    return Err(Exc::value_error(format!(
                        "spark.streaming.receiver.maxRate must be a number of records per second, not {v:?}"
                    )))
                }
            },
        };
        let sc = Arc::new(SparkContext {
            parallelism: parse_master(&master)?,
            master,
            app_name,
            receiver_max_rate,
            session: Mutex::new(None),
        });
        *self.active_sc.lock() = Some(sc.clone());
        Ok(Value::Object(sc))
    }

    fn new_streaming_context(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let a = bind(
            "StreamingContext",
            "sparkContext, batchDuration=None",
            args,
            kwargs,
        )?;
        let sc = a[0]
            .as_ref()
            .and_then(|v| match v {
                Value::Object(o) => o
                    .clone()
                    .as_any()
                    .downcast_ref::<SparkContext>()
                    .map(|_| o.clone()),
                _ => None,
            })
            .ok_or_else(|| {
                Exc::type_error("StreamingContext() expects a SparkContext as its first argument")
            })?;
        let sc: Arc<SparkContext> = match self.active_sc.lock().clone() {
            Some(s) if std::ptr::addr_eq(Arc::as_ptr(&s), Arc::as_ptr(&sc)) => s,
            _ => {
                return Err(Exc::value_error(
                    "StreamingContext() needs the SparkContext this program created",
                ))
            }
        };
        let batch = match &a[1] {
            None | Some(Value::None) => {
                return Err(Exc::value_error(
                    "batchDuration must be set: StreamingContext(sc, 1) for 1-second batches",
                ))
            }
            Some(v) => duration_ms("batchDuration", v)?,
        };
        if batch <= 0 {
            return Err(Exc::value_error(format!(
                "batchDuration must be positive, got {batch} ms"
            )));
        }
        Ok(new_streaming_context(sc, batch, self.host.clone()))
    }
}

/// A StreamingContext over `sc` with batches of `batch_ms`, run by `host`.
pub fn new_streaming_context(sc: Arc<SparkContext>, batch_ms: i64, host: Arc<dyn Host>) -> Value {
    let mut graph = Graph::new(batch_ms, sc.parallelism);
    graph.receiver_max_rate = sc.receiver_max_rate;
    graph.checkpoint_dir = host.default_checkpoint_dir();
    graph.context = Some(Value::Object(sc.clone()));
    let inner = Arc::new(StreamingInner {
        graph: Mutex::new(graph),
        lifecycle: Mutex::new(Lifecycle::Initialized),
        sc,
        host,
        checkpoint_required: Mutex::new(false),
        me: Mutex::new(None),
        recover: Mutex::new(false),
    });
    let v = Value::Object(Arc::new(StreamingContext {
        inner: inner.clone(),
    }));
    *inner.me.lock() = Some(v.clone());
    inner.host.context_created(&inner);
    v
}

impl Object for ClassObject {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        match &self.class {
            Class::SparkContext => "<class 'pyspark.context.SparkContext'>".into(),
            Class::StreamingContext => {
                "<class 'pyspark.streaming.context.StreamingContext'>".into()
            }
            Class::SparkConf => "<class 'pyspark.conf.SparkConf'>".into(),
            Class::Inert(n) => format!("<class '{n}'>"),
        }
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        match &self.class {
            Class::SparkContext => self.new_spark_context(args, kwargs),
            Class::StreamingContext => self.new_streaming_context(args, kwargs),
            Class::SparkConf => {
                bind("SparkConf", "loadDefaults=True", args, kwargs)?;
                Ok(Value::Object(Arc::new(SparkConf::default())))
            }
            Class::Inert(n) => Err(Exc::type_error(format!(
                "{n} cannot be used in streamlab programs"
            ))),
        }
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match (&self.class, name) {
            (Class::Inert("StorageLevel"), _) => Ok(Value::str(name)),
            _ => Err(Exc::attr_error(format!(
                "type object has no attribute '{name}'"
            ))),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match (&self.class, name) {
            (Class::SparkContext, "getOrCreate") => {
                let a = bind("SparkContext.getOrCreate", "conf=None", args, kwargs)?;
                if let Some(sc) = self.active_sc.lock().clone() {
                    return Ok(Value::Object(sc));
                }
                self.new_spark_context(
                    Vec::new(),
                    vec![(Arc::from("conf"), a[0].clone().unwrap_or(Value::None))],
                )
            }
            (Class::StreamingContext, "getOrCreate") => {
                let a = bind(
                    "StreamingContext.getOrCreate",
                    "checkpointPath, setupFunc",
                    args,
                    kwargs,
                )?;
                let path = str_arg("checkpointPath", a[0].as_ref().unwrap_or(&Value::None))?;
                let setup = a[1].clone().unwrap_or(Value::None);
                let ssc = call_value(&setup, Vec::new(), Vec::new())?;
                match &ssc {
                    Value::Object(o) => match o.as_any().downcast_ref::<StreamingContext>() {
                        Some(s) => {
                            o.call_method(o, "checkpoint", vec![Value::str(&path)], Vec::new())?;
                            *s.inner.recover.lock() = true;
                            Ok(ssc)
                        }
                        None => Err(Exc::type_error(format!(
                            "setupFunc must return a StreamingContext, but it returned {}",
                            ssc.short_repr()
                        ))),
                    },
                    other => Err(Exc::type_error(format!(
                        "setupFunc must return a StreamingContext, but it returned {}",
                        other.short_repr()
                    ))),
                }
            }
            _ => {
                let _ = this;
                Err(Exc::attr_error(format!(
                    "type object has no attribute '{name}'"
                )))
            }
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masters_name_a_bounded_thread_count() {
        assert_eq!(parse_master("local").unwrap(), 1);
        assert_eq!(parse_master("local[4]").unwrap(), 4);
        assert_eq!(parse_master("local[1024]").unwrap(), 1024);
        let err = format!("{:?}", parse_master("local[1000000]").unwrap_err());
        assert!(err.contains("at most 1024"), "{err}");
        assert!(parse_master("local[0]").is_err());
        assert!(parse_master("spark://h:7077").is_err());
    }
}
