//! The Structured Streaming objects a program uses: `SparkSession` and its
//! builder, `spark.readStream`, streaming `DataFrame`s, `Column`s and the
//! functions of `pyspark.sql.functions`, `groupBy(...)`, `writeStream` and the
//! `StreamingQuery` that `start()` returns.
//!
//! Each class is a registry class ([`crate::lang::registry`]): every method
//! is defined once (PySpark signature, a one-line doc, what it returns, what
//! it does) in `DATAFRAME_CLASS`, `COLUMN_CLASS`, `READER_CLASS`, ...;
//! `pyspark.sql.functions` is the class `functions` ([`FUNCTIONS_CLASS`]).
//! Methods outside streamlab's subset that PySpark has (`df.count()`,
//! `writeStream.foreachBatch`, `readStream.csv`) are not registered: they
//! raise their explanation before the registry is asked.
//!
//! They only build plans ([`crate::structured::plan`]); `start()` checks
//! Spark's output-mode rules and hands the query to the [`Host`], which runs
//! it (`streamlab run`) or shows it (the UI).

use std::any::Any;
use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use parking_lot::Mutex;

use std::collections::HashMap;

use super::context::{Class as ContextClass, ClassObject, Host, SparkContext};
use super::static_frames;
use crate::formats::interval::parse_interval_ms;
use crate::lang::ast::{BinOp, CmpOp as PyCmp};
use crate::lang::registry::{Attribute, Bound, Call, Class, Method, Returns};
use crate::lang::value::ExcKind;
use crate::lang::value::{Callable, Exc, Kwargs, Object, PyResult, Value};
use crate::structured::batch::SHUFFLE_PARTITIONS;
use crate::structured::cell::{Cell, DataType};
use crate::structured::console::{DEFAULT_NUM_ROWS, DEFAULT_TRUNCATE};
use crate::structured::exec::{
    CatchUp, MemoryTable, ProgramSink, ProgramSinkRef, QuerySpec, Sink, SinkWrote,
};
use crate::structured::expr::{AggFn, ArithOp, CmpOp, DatePart, Expr, Func, DEFAULT_TIME_FORMAT};
use crate::structured::files::{FileFormat, FileSource};
use crate::structured::plan::{check_output_mode, Analysis, Plan, Source};
use crate::structured::rate::Rate;
use crate::structured::report::OutputMode;
use crate::structured::sql::parse_sql_expr;
use crate::structured::sql::parse_sql_query;

/// Partitions of a socket source's micro-batch: Spark's default parallelism
/// under `local[2]`, the master streamlab's contexts use.
pub const DEFAULT_PARTITIONS: usize = 2;

/// The configuration key of the directory queries keep their checkpoints in.
const CHECKPOINT_CONF: &str = "spark.sql.streaming.checkpointLocation";

/// The configuration key of the directory of managed tables (`toTable`).
const WAREHOUSE_CONF: &str = "spark.sql.warehouse.dir";

/// What every DataFrame object of one session shares: the host that runs
/// queries, the count of queries started (their indexes), the program's
/// SparkContext (a SparkSession runs on it), the temporary views and
/// `spark.sql.shuffle.partitions`.
pub struct SqlShared {
    pub host: Arc<dyn Host>,
    next_query: AtomicUsize,
    pub active_sc: Arc<Mutex<Option<Arc<SparkContext>>>>,
    views: Mutex<HashMap<String, Arc<Plan>>>,
    /// The tables of memory sinks, by query name (temporary views too, in Spark).
    memory_tables: Mutex<HashMap<String, Arc<MemoryTable>>>,
    shuffle_partitions: AtomicUsize,
    /// `spark.sql.streaming.checkpointLocation`: where queries without their
    /// own `checkpointLocation` keep theirs (in `DIR/<queryName or a UUID>`).
    checkpoint_root: Mutex<Option<String>>,
    /// `spark.sql.warehouse.dir`: where `toTable` keeps managed tables.
    warehouse: Mutex<Option<String>>,
    /// The tables `writeStream.toTable(name)` created in this session, by
    /// name (Spark's in-memory catalog: a new run starts without them).
    tables: Mutex<HashMap<String, Arc<Table>>>,
    /// `spark.sql.streaming.multipleWatermarkPolicy` is `max` (default `min`).
    max_watermark: std::sync::atomic::AtomicBool,
}

/// A managed table in the warehouse directory, as `toTable` creates it.
pub struct Table {
    /// `spark-warehouse/<name>`.
    dir: std::path::PathBuf,
    /// The table's provider as Spark names it: `parquet` (Spark's default),
    /// `csv`, `json` or `text`.
    provider: String,
    schema: crate::structured::expr::Schema,
}

impl Table {
    /// The format streamlab writes the part files in: the provider's, except
    /// that a parquet table's rows go into JSON lines (streamlab has no
    /// parquet writer).
    fn file_format(&self) -> &str {
        if self.provider == "parquet" {
            "json"
        } else {
            &self.provider
        }
    }

    /// How the table's part files are read (the options the query wrote
    /// with are not the table's: a csv table reads without a header and
    /// with `,`).
    fn read_format(&self) -> FileFormat {
        match self.file_format() {
            "csv" => FileFormat::Csv {
                header: false,
                sep: ',',
            },
            "text" => FileFormat::Text,
            _ => FileFormat::Json,
        }
    }

    /// `spark.readStream.table(name)`: a file source over the table's
    /// directory, with the table's schema; each trigger reads the part
    /// files that appeared since the last.
    fn stream_plan(&self, max_files_per_trigger: Option<usize>) -> Plan {
        Plan::source(Source::Files(Arc::new(FileSource {
            path: self.dir.to_string_lossy().into_owned(),
            format: self.read_format(),
            schema: self.schema.clone(),
            max_files_per_trigger,
        })))
    }

    /// The rows in the table's directory now, as a static plan. The options
    /// the query wrote with are not the table's: a csv table reads without
    /// a header and with `,` (a header line written with `header=True` is a
    /// row), as Spark reads it.
    fn plan(&self) -> PyResult<Plan> {
        let format = self.read_format();
        let path = self.dir.to_string_lossy().into_owned();
        // A table whose query wrote nothing yet has no directory: no rows.
        let files = crate::structured::files::list_files(&path).unwrap_or_default();
        let src = FileSource {
            path,
            format,
            schema: self.schema.clone(),
            max_files_per_trigger: None,
        };
        let mut status = Vec::new();
        let partitions = crate::structured::files::read_batch(&files, &src, &mut status);
        if let Some(problem) = status.first() {
            return Err(analysis(problem.clone()));
        }
        Ok(Plan::source(Source::Static(Arc::new(
            crate::structured::plan::StaticInput {
                schema: self.schema.clone(),
                partitions,
                sized: true,
                origin: format!(
                    "table {}",
                    self.dir
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                ),
            },
        ))))
    }
}

impl SqlShared {
    pub fn new(host: Arc<dyn Host>) -> Arc<SqlShared> {
        SqlShared::with_context(host, Arc::new(Mutex::new(None)))
    }

    /// Shared objects whose SparkSession runs on the session's SparkContext.
    pub fn with_context(
        host: Arc<dyn Host>,
        active_sc: Arc<Mutex<Option<Arc<SparkContext>>>>,
    ) -> Arc<SqlShared> {
        Arc::new(SqlShared {
            host,
            next_query: AtomicUsize::new(0),
            active_sc,
            views: Mutex::new(HashMap::new()),
            memory_tables: Mutex::new(HashMap::new()),
            shuffle_partitions: AtomicUsize::new(SHUFFLE_PARTITIONS as usize),
            checkpoint_root: Mutex::new(None),
            warehouse: Mutex::new(None),
            tables: Mutex::new(HashMap::new()),
            max_watermark: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// The SparkContext, created as `SparkSession.builder.getOrCreate()`
    /// creates it (`master` and `app_name` when none exists yet).
    fn spark_context(
        self: &Arc<Self>,
        master: Option<String>,
        app_name: Option<String>,
    ) -> PyResult {
        let existing = self.active_sc.lock().clone();
        if let Some(sc) = existing {
            let mut session = sc.session.lock();
            if session.is_none() {
                *session = Some(spark_session(self));
            }
            return Ok(Value::Object(sc.clone()));
        }
        let class: Arc<dyn Object> = Arc::new(ClassObject {
            class: ContextClass::SparkContext,
            host: self.host.clone(),
            active_sc: self.active_sc.clone(),
        });
        let mut kwargs: Kwargs = Vec::new();
        if let Some(m) = master {
            kwargs.push((Arc::from("master"), Value::str(&m)));
        }
        if let Some(n) = app_name {
            kwargs.push((Arc::from("appName"), Value::str(&n)));
        }
        class.call(&class, Vec::new(), kwargs)?;
        self.spark_context(None, None)
    }

    /// The SparkContext's default parallelism (local[2]'s when none is active).
    fn default_parallelism(&self) -> usize {
        self.active_sc
            .lock()
            .as_ref()
            .map_or(DEFAULT_PARTITIONS, |sc| sc.parallelism)
    }

    fn shuffle_partitions(&self) -> i32 {
        self.shuffle_partitions.load(Ordering::Relaxed) as i32
    }

    /// `spark.conf.set(key, value)` and `builder.config(key, value)`:
    /// `spark.sql.shuffle.partitions` (the order of grouped rows),
    /// `spark.sql.streaming.checkpointLocation`, `spark.sql.warehouse.dir`
    /// and `spark.sql.streaming.multipleWatermarkPolicy` (a stream-stream
    /// join's global watermark) change what runs; other keys have no effect.
    fn set_conf(&self, key: &str, value: &Value) -> PyResult<()> {
        if key == CHECKPOINT_CONF {
            *self.checkpoint_root.lock() = Some(option_string(value));
        }
        if key == WAREHOUSE_CONF {
            *self.warehouse.lock() = Some(option_string(value));
        }
        if key == "spark.sql.streaming.multipleWatermarkPolicy" {
            let text = match value {
                Value::Str(s) => s.to_string(),
                other => other.repr(),
            };
            let max = match text.to_ascii_lowercase().as_str() {
                "min" => false,
                "max" => true,
                _ => {
                    return Err(Exc::new(
                        ExcKind::IllegalArgumentException,
                        format!("'{text}' in {key} is invalid. Invalid value for '{key}'. Valid values are 'min' and 'max'"),
                    ))
                }
            };
            self.max_watermark.store(max, Ordering::Relaxed);
        }
        if key == "spark.sql.shuffle.partitions" {
            let n = match value {
                Value::Int(n) => Some(*n),
                Value::Str(s) => s.trim().parse().ok(),
                _ => None,
            }
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                Exc::new(
                    ExcKind::IllegalArgumentException,
                    format!(
                        "spark.sql.shuffle.partitions should be a positive number, not {}",
                        value.repr()
                    ),
                )
            })?;
            self.shuffle_partitions.store(n as usize, Ordering::Relaxed);
        }
        Ok(())
    }

    /// A query's checkpoint directory when it names none: Spark's
    /// `DIR/<queryName>` (or `DIR/<a random UUID>`) under the
    /// `spark.sql.streaming.checkpointLocation` the program set.
    fn default_checkpoint(&self, query_name: Option<&str>) -> Option<String> {
        let root = self.checkpoint_root.lock().clone()?;
        let leaf = query_name.map_or_else(write_id, str::to_string);
        Some(
            std::path::Path::new(&root)
                .join(leaf)
                .to_string_lossy()
                .into_owned(),
        )
    }

    fn view(&self, name: &str) -> PyResult<Arc<Plan>> {
        if let Some(table) = self.memory_tables.lock().get(name) {
            // What the memory sink holds now, as a static DataFrame.
            let rows = table.rows.lock().clone();
            return Ok(Arc::new(static_batch_plan(&table.schema, vec![rows])));
        }
        if let Some(plan) = self.views.lock().get(name) {
            return Ok(plan.clone());
        }
        let table = self.tables.lock().get(&name.to_lowercase()).cloned();
        if let Some(table) = table {
            return table.plan().map(Arc::new);
        }
        Err(analysis(format!(
                "[TABLE_OR_VIEW_NOT_FOUND] The table or view `{name}` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS."
        )))
    }

    /// `spark.sql(query)`.
    fn sql(self: &Arc<Self>, query: &str) -> PyResult {
        let q =
            parse_sql_query(query).map_err(|e| Exc::new(ExcKind::ParseException, e.to_string()))?;
        let view = self.view(&q.from)?;
        let plan = static_frames::query_plan(&q, view)?;
        Ok(DataFrame::value(self, plan))
    }

    /// `spark.createDataFrame(data, schema)`: from an RDD (its partitions,
    /// types from the first row) or a list (sliced as `sc.parallelize` would).
    fn create_data_frame(self: &Arc<Self>, data: &Value, schema: &Value) -> PyResult {
        let names = static_frames::schema_names(schema)?;
        if let Some(rdd) = crate::engine::rdd_object::as_rdd(data) {
            if names.is_none() && rdd.parts.iter().all(Vec::is_empty) {
                return Err(Exc::value_error("RDD is empty"));
            }
            let plan = static_frames::static_plan(&rdd.parts, names, true)?;
            return Ok(DataFrame::value(self, plan));
        }
        if data.downcast::<DataFrame>().is_some() {
            return Err(Exc::type_error("data is already a DataFrame"));
        }
        let items = crate::lang::ops::iterate(data).map_err(|_| {
            Exc::type_error(format!(
                "[CANNOT_ACCEPT_OBJECT_IN_TYPE] `StructType` can not accept object `{}` in type `{}`: createDataFrame takes a list or an RDD",
                data.repr(),
                data.type_name()
            ))
        })?;
        let parts = crate::engine::rdd::Rdd::parallelize(items, self.default_parallelism()).parts;
        let plan = static_frames::static_plan(&parts, names, false)?;
        Ok(DataFrame::value(self, plan))
    }
}

/// A static DataFrame's plan over rows the engine made (a micro-batch's
/// output, a memory sink's table), partition by partition.
fn static_batch_plan(
    schema: &crate::structured::expr::Schema,
    partitions: Vec<Vec<crate::structured::cell::Row>>,
) -> Plan {
    Plan::source(Source::Static(Arc::new(
        crate::structured::plan::StaticInput {
            schema: schema.clone(),
            partitions,
            sized: false,
            origin: "a micro-batch".into(),
        },
    )))
}

/// `writeStream.foreachBatch(func)`: each micro-batch's output as a static
/// DataFrame, with the batch id.
struct ForeachBatchSink {
    func: Value,
    shared: Arc<SqlShared>,
}

/// An exception from the program's sink code, as one line.
fn sink_error(e: &Exc) -> String {
    format!("{}: {}", e.kind.name(), e.msg)
}

impl ProgramSink for ForeachBatchSink {
    fn kind(&self) -> &'static str {
        "foreachBatch"
    }
    fn write(
        &self,
        batch: u64,
        schema: &crate::structured::expr::Schema,
        parts: Vec<Vec<crate::structured::cell::Row>>,
    ) -> Result<SinkWrote, String> {
        let n: usize = parts.iter().map(Vec::len).sum();
        let df = DataFrame::value(&self.shared, static_batch_plan(schema, parts));
        let id = Value::Int(i64::try_from(batch).unwrap_or(i64::MAX));
        crate::lang::compile::call_value(&self.func, vec![df, id], Vec::new())
            .map_err(|e| sink_error(&e))?;
        Ok(format!(
            "foreachBatch: called with batch {batch}, a DataFrame of {n} row{}",
            if n == 1 { "" } else { "s" }
        )
        .into())
    }
}

/// `writeStream.foreach(f)`: a function called with each row, or an object
/// whose `open(partition_id, epoch_id)`, `process(row)` and `close(error)`
/// run once per partition of each micro-batch.
struct ForeachSink {
    target: Value,
    /// False for a plain function.
    writer: bool,
    has_open: bool,
    has_close: bool,
}

impl ForeachSink {
    fn new(f: Value) -> PyResult<ForeachSink> {
        let not_callable = |attr: &str| {
            Exc::new(
                ExcKind::PySparkAttributeError,
                format!("[ATTRIBUTE_NOT_CALLABLE] Attribute `{attr}` in provided object `f` is not callable."),
            )
        };
        if crate::lang::classes::callable(&f) {
            return Ok(ForeachSink {
                target: f,
                writer: false,
                has_open: false,
                has_close: false,
            });
        }
        let method = |name: &str| -> PyResult<bool> {
            match crate::lang::compile::get_attr(&f, name) {
                Ok(v) if crate::lang::classes::callable(&v) => Ok(true),
                Ok(_) => Err(not_callable(name)),
                Err(e) if e.kind.is_a(ExcKind::AttributeError) => Ok(false),
                Err(e) => Err(e),
            }
        };
        if !method("process")? {
            return Err(not_callable("process"));
        }
        let has_open = method("open")?;
        let has_close = method("close")?;
        Ok(ForeachSink {
            target: f,
            writer: true,
            has_open,
            has_close,
        })
    }
}

impl ProgramSink for ForeachSink {
    fn kind(&self) -> &'static str {
        "foreach"
    }
    fn write(
        &self,
        batch: u64,
        schema: &crate::structured::expr::Schema,
        parts: Vec<Vec<crate::structured::cell::Row>>,
    ) -> Result<SinkWrote, String> {
        use crate::lang::compile::{call_method, call_value};
        let fields: Vec<Arc<str>> = schema.iter().map(|(n, _)| Arc::from(n.as_str())).collect();
        let row_value = |r: &crate::structured::cell::Row| {
            super::row::Row::value(
                fields.clone(),
                r.iter().map(static_frames::to_value).collect(),
            )
        };
        let n: usize = parts.iter().map(Vec::len).sum();
        let epoch = Value::Int(i64::try_from(batch).unwrap_or(i64::MAX));
        let mut opened = 0;
        for (p, rows) in parts.iter().enumerate() {
            if !self.writer {
                for r in rows {
                    call_value(&self.target, vec![row_value(r)], Vec::new())
                        .map_err(|e| sink_error(&e))?;
                }
                continue;
            }
            let process = if self.has_open {
                let pid = Value::Int(i64::try_from(p).unwrap_or(i64::MAX));
                opened += 1;
                call_method(&self.target, "open", vec![pid, epoch.clone()], Vec::new())
                    .map_err(|e| sink_error(&e))?
                    .truthy()
            } else {
                true
            };
            let mut failure = None;
            if process {
                for r in rows {
                    if let Err(e) =
                        call_method(&self.target, "process", vec![row_value(r)], Vec::new())
                    {
                        failure = Some(e);
                        break;
                    }
                }
            }
            if self.has_close {
                let error = failure
                    .as_ref()
                    .map_or(Value::None, crate::lang::exceptions::instance_of);
                call_method(&self.target, "close", vec![error], Vec::new())
                    .map_err(|e| sink_error(&e))?;
            }
            if let Some(e) = failure {
                return Err(sink_error(&e));
            }
        }
        Ok(if self.writer {
            format!("foreach: batch {batch}, {opened} partition(s) opened, {n} row(s) processed")
        } else {
            format!("foreach: batch {batch}, the function called on {n} row(s)")
        }
        .into())
    }
}

/// Why `format("kafka")` cannot run, and what to use instead.
pub const KAFKA_SOURCE: &str = "streamlab has no Kafka: the \"kafka\" source needs a Kafka cluster and Spark's Kafka connector. Read the lines from the socket source instead: spark.readStream.format(\"socket\").option(\"host\", \"localhost\").option(\"port\", 9999).load(), and feed it with `streamlab produce`";

/// `pyspark.sql.Row`.
pub fn row_class() -> Value {
    Value::object(super::row::RowClass)
}

/// The class `SQLContext`: `SQLContext(sc)` and `SQLContext.getOrCreate(sc)`
/// give the session's SQL entry points under their older name.
pub fn sql_context_class(shared: &Arc<SqlShared>) -> Value {
    Value::object(SqlContextClass {
        shared: shared.clone(),
    })
}

struct SqlContextClass {
    shared: Arc<SqlShared>,
}

impl SqlContextClass {
    fn make(&self, what: &str, args: &[Value]) -> PyResult {
        match args.first().and_then(|v| v.downcast::<SparkContext>()) {
            Some(_) => Ok(Value::object(SqlContextObj {
                shared: self.shared.clone(),
            })),
            None => Err(Exc::type_error(format!(
                "{what} takes the SparkContext: SQLContext(sc)"
            ))),
        }
    }
}

impl Object for SqlContextClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'pyspark.sql.context.SQLContext'>".into()
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, _kwargs: Kwargs) -> PyResult {
        self.make("SQLContext()", &args)
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "getOrCreate" => self.make("SQLContext.getOrCreate()", &args),
            _ => Err(Exc::attr_error(format!(
                "type object 'SQLContext' has no attribute '{name}'"
            ))),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A SQLContext: `sql`, `createDataFrame` and `table` of the session.
struct SqlContextObj {
    shared: Arc<SqlShared>,
}

impl Object for SqlContextObj {
    fn type_name(&self) -> &str {
        "SQLContext"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.context.SQLContext object>".into()
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "sql" | "createDataFrame" | "table" => SESSION_CLASS.call(
                &SparkSessionObj {
                    shared: self.shared.clone(),
                },
                name,
                args,
                kwargs,
            ),
            _ => Err(unknown_attr(
                "SQLContext",
                name,
                &["sql", "createDataFrame", "table"],
            )),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["sql", "createDataFrame", "table"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn analysis(msg: impl Into<String>) -> Exc {
    Exc::new(ExcKind::AnalysisException, msg)
}

fn streaming_only(what: &str) -> Exc {
    analysis(format!(
        "Queries with streaming sources must be executed with writeStream.start(); {what}() would need the whole unbounded table"
    ))
}

fn unknown_attr(type_name: &str, name: &str, names: &[&'static str]) -> Exc {
    let mut msg = format!("'{type_name}' object has no attribute '{name}'");
    if let Some(s) = crate::lang::diag::did_you_mean(name, names.iter().copied()) {
        msg.push_str(&format!(". Did you mean: '{s}'?"));
    }
    Exc::attr_error(msg)
}

/// An option value as Spark stores it: a string (`True` -> `true`).
fn option_string(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Str(s) => s.to_string(),
        other => other.to_str(),
    }
}

/// A column argument: a Column, or a column name.
fn to_col(what: &str, v: &Value) -> PyResult<Expr> {
    match v {
        Value::Str(s) if &**s == "*" => Ok(Expr::Star),
        Value::Str(s) => Ok(Expr::col(s)),
        Value::Object(_) => match v.downcast::<Column>() {
            Some(c) => Ok(c.expr.clone()),
            None => Err(Exc::type_error(format!(
                "{what} takes a Column or a column name (str), not {}",
                v.type_name()
            ))),
        },
        other => Err(Exc::type_error(format!(
            "{what} takes a Column or a column name (str), not {}",
            other.type_name()
        ))),
    }
}

/// A value in an expression: a Column, or a literal.
fn to_expr(v: &Value) -> PyResult<Expr> {
    Ok(Expr::Lit(match v {
        Value::Object(_) => {
            return v
                .downcast::<Column>()
                .map(|c| c.expr.clone())
                .ok_or_else(|| {
                    Exc::type_error(format!(
                        "a {} cannot be used in a column expression",
                        v.type_name()
                    ))
                })
        }
        Value::None => Cell::Null,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Int(i) => Cell::Int(*i),
        Value::Float(f) => Cell::Double(*f),
        Value::Str(s) => Cell::str(s),
        other => {
            return Err(Exc::type_error(format!(
                "a {} cannot be used in a column expression",
                other.type_name()
            )))
        }
    }))
}

/// Positional arguments, with one list argument spread (`select(["a", "b"])`).
fn spread(args: Vec<Value>) -> Vec<Value> {
    if args.len() == 1 {
        if let Value::List(items) = &args[0] {
            return items.to_vec();
        }
    }
    args
}

fn interval(what: &str, v: &Value) -> PyResult<i64> {
    match v {
        Value::Str(s) => parse_interval_ms(s)
            .map_err(|e| Exc::new(ExcKind::IllegalArgumentException, e.to_string())),
        other => Err(Exc::type_error(format!(
            "{what} must be an interval string such as \"10 minutes\", not {}",
            other.type_name()
        ))),
    }
}

/// The receiver of a method that returns its own object (`reader.format(...)`
/// returns `reader`): the object and the `Arc` holding it.
pub struct This<T: 'static> {
    obj: Arc<dyn Object>,
    _t: PhantomData<fn() -> T>,
}

impl<T: Object> This<T> {
    fn new(obj: &Arc<dyn Object>) -> This<T> {
        This {
            obj: obj.clone(),
            _t: PhantomData,
        }
    }

    /// The object itself, as a value.
    fn me(&self) -> PyResult {
        Ok(Value::Object(self.obj.clone()))
    }
}

impl<T: Object> Deref for This<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.obj
            .as_any()
            .downcast_ref()
            .expect("a method's receiver is of its class")
    }
}

/// One method of a registry class.
fn m<R>(
    name: &'static str,
    signature: &'static str,
    doc: &'static str,
    returns: Returns,
    call: Call<R>,
) -> Method<R> {
    Method::new(name, signature, doc, returns, call)
}

const DATAFRAME: Returns = Returns::Class("DataFrame");
const COLUMN: Returns = Returns::Class("Column");
const READER: Returns = Returns::Class("DataStreamReader");
const WRITER: Returns = Returns::Class("DataStreamWriter");
const BATCH_WRITER: Returns = Returns::Class("DataFrameWriter");
const BUILDER: Returns = Returns::Class("Builder");
const NOTHING: Returns = Returns::Nothing;

// ---------------------------------------------------------------------------
// Column
// ---------------------------------------------------------------------------

/// A column expression (`col("x")`, `df.value`, `count("*")`, ...).
pub struct Column {
    pub expr: Expr,
    /// `col.asc()` / `col.desc()`: how `orderBy` sorts by it.
    pub ascending: Option<bool>,
}

impl Column {
    pub fn value(expr: Expr) -> Value {
        Value::object(Column {
            expr,
            ascending: None,
        })
    }
}

/// `col.alias("n")` and `col.name("n")`.
fn column_alias(c: &Column, method: &str, b: Bound) -> PyResult {
    let extra: Vec<&str> = b
        .kwargs()
        .iter()
        .map(|(k, _)| &**k)
        .filter(|k| *k != "metadata")
        .collect();
    if !extra.is_empty() {
        return Err(Exc::new(
            ExcKind::AssertionError,
            format!("Unexpected kwargs where passed: {extra:?}"),
        ));
    }
    let alias = match b.rest() {
        [one] => option_string(one),
        [] => {
            return Err(Exc::type_error(format!(
                "Column.{method}() missing 1 required positional argument: 'alias'"
            )))
        }
        _ => {
            return Err(Exc::value_error(
                "streamlab's alias() takes one name (several are for functions returning several columns)",
            ))
        }
    };
    Ok(Column::value(Expr::Alias(Box::new(c.expr.clone()), alias)))
}

/// `col.cast("int")` and `col.astype("int")`.
fn column_cast(c: &Column, b: Bound) -> PyResult {
    let t = match b.get("dataType") {
        Value::Str(s) => DataType::parse(&s).ok_or_else(|| {
            Exc::new(
                ExcKind::ParseException,
                format!("[UNSUPPORTED_DATATYPE] Unsupported data type \"{}\" (streamlab casts to string, int, bigint, double, boolean, timestamp, date)", s.to_uppercase()),
            )
        })?,
        _ => {
            return Err(Exc::type_error(
                "cast() takes a type name such as \"int\" or \"string\"",
            ))
        }
    };
    Ok(Column::value(Expr::Cast(Box::new(c.expr.clone()), t)))
}

/// `col.like(pattern)` / `col.rlike(regex)`: the pattern is a string.
fn column_pattern(c: &Column, f: Func, pattern: &Value) -> PyResult {
    let Value::Str(p) = pattern else {
        return Err(Exc::type_error(format!(
            "{}() takes its pattern as a str, not {}",
            if f == Func::Like { "like" } else { "rlike" },
            pattern.type_name()
        )));
    };
    let args = vec![c.expr.clone(), Expr::Lit(Cell::str(p))];
    f.check_args(&args).map_err(Exc::value_error)?;
    Ok(Column::value(Expr::Func(f, args)))
}

/// The class `Column`.
pub static COLUMN_CLASS: LazyLock<Class<Column>> = LazyLock::new(|| {
    Class::new(
        "Column",
        vec![
            m(
                "alias",
                "(*alias, **kwargs)",
                "The column under a new name.",
                COLUMN,
                |c, b| column_alias(c, "alias", b),
            ),
            m(
                "name",
                "(*alias, **kwargs)",
                "The column under a new name (as alias).",
                COLUMN,
                |c, b| column_alias(c, "name", b),
            ),
            m(
                "cast",
                "(dataType)",
                "The column converted to a type (\"int\", \"string\", \"double\", ...).",
                COLUMN,
                column_cast,
            ),
            m(
                "astype",
                "(dataType)",
                "The column converted to a type (as cast).",
                COLUMN,
                column_cast,
            ),
            m(
                "getItem",
                "(key)",
                "The item at a position of an array column.",
                COLUMN,
                |c, b| c.item(&b.get("key")),
            ),
            m(
                "asc",
                "()",
                "The column as an ascending sort key, for orderBy.",
                COLUMN,
                |c, _| {
                    Ok(Value::object(Column {
                        expr: c.expr.clone(),
                        ascending: Some(true),
                    }))
                },
            ),
            m(
                "desc",
                "()",
                "The column as a descending sort key, for orderBy.",
                COLUMN,
                |c, _| {
                    Ok(Value::object(Column {
                        expr: c.expr.clone(),
                        ascending: Some(false),
                    }))
                },
            ),
            m(
                "isNull",
                "()",
                "True where the column is null.",
                COLUMN,
                |c, _| Ok(Column::value(Expr::IsNull(Box::new(c.expr.clone()), false))),
            ),
            m(
                "isNotNull",
                "()",
                "True where the column is not null.",
                COLUMN,
                |c, _| Ok(Column::value(Expr::IsNull(Box::new(c.expr.clone()), true))),
            ),
            m(
                "substr",
                "(startPos, length)",
                "length characters from position startPos (1 is the first), as substring().",
                COLUMN,
                |c, b| {
                    let arg = |name: &str| match b.get(name) {
                        Value::Int(i) => Ok(Expr::Lit(Cell::Int(i))),
                        v => to_col("substr()", &v),
                    };
                    call_function(
                        Func::Substring,
                        vec![c.expr.clone(), arg("startPos")?, arg("length")?],
                    )
                },
            ),
            m(
                "like",
                "(other)",
                "True where the string matches a SQL LIKE pattern (% any text, _ one character).",
                COLUMN,
                |c, b| column_pattern(c, Func::Like, &b.get("other")),
            ),
            m(
                "rlike",
                "(other)",
                "True where a regular expression matches somewhere in the string.",
                COLUMN,
                |c, b| column_pattern(c, Func::RLike, &b.get("other")),
            ),
            m(
                "isin",
                "(*cols)",
                "True where the value is one of those given (SQL's IN).",
                COLUMN,
                |c, b| {
                    let mut args = vec![c.expr.clone()];
                    for v in spread(b.rest().to_vec()) {
                        args.push(to_expr(&v)?);
                    }
                    Ok(Column::value(Expr::Func(Func::In, args)))
                },
            ),
            m(
                "between",
                "(lowerBound, upperBound)",
                "True where lowerBound <= value <= upperBound.",
                COLUMN,
                |c, b| {
                    let (low, high) = (
                        to_expr(&b.get("lowerBound"))?,
                        to_expr(&b.get("upperBound"))?,
                    );
                    Ok(Column::value(Expr::Logic(
                        true,
                        Box::new(Expr::Cmp(
                            CmpOp::GtE,
                            Box::new(c.expr.clone()),
                            Box::new(low),
                        )),
                        Box::new(Expr::Cmp(
                            CmpOp::LtE,
                            Box::new(c.expr.clone()),
                            Box::new(high),
                        )),
                    )))
                },
            ),
            m(
                "when",
                "(condition, value)",
                "One more branch of a when(...) column.",
                COLUMN,
                |c, b| {
                    match &c.expr {
                    Expr::Case(branches, None) => {
                        let mut branches = branches.clone();
                        branches.push(when_branch(&b)?);
                        Ok(Column::value(Expr::Case(branches, None)))
                    }
                    _ => Err(Exc::new(
                        ExcKind::IllegalArgumentException,
                        "when() can only be applied on a Column previously generated by when() function, and cannot be applied once otherwise() is applied",
                    )),
                }
                },
            ),
            m(
                "otherwise",
                "(value)",
                "The value of a when(...) column where no condition holds.",
                COLUMN,
                |c, b| {
                    match &c.expr {
                    Expr::Case(branches, None) => Ok(Column::value(Expr::Case(
                        branches.clone(),
                        Some(Box::new(to_expr(&b.get("value"))?)),
                    ))),
                    Expr::Case(_, Some(_)) => Err(Exc::new(
                        ExcKind::IllegalArgumentException,
                        "otherwise() can only be applied once on a Column previously generated by when()",
                    )),
                    _ => Err(Exc::new(
                        ExcKind::IllegalArgumentException,
                        "otherwise() can only be applied on a Column previously generated by when()",
                    )),
                }
                },
            ),
        ],
        &[],
    )
});

impl Object for Column {
    fn type_name(&self) -> &str {
        "Column"
    }
    fn repr(&self) -> String {
        // A sort key shows its direction and Spark's default null order.
        let order = match self.ascending {
            None => "",
            Some(true) => " ASC NULLS FIRST",
            Some(false) => " DESC NULLS LAST",
        };
        format!("Column<'{}{order}'>", self.expr.name())
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        COLUMN_CLASS.call(self, name, args, kwargs)
    }
    fn binary_op(
        &self,
        _this: &Arc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult> {
        // `a & b`, `a | b`: SQL's AND and OR of two conditions.
        if let BinOp::BitAnd | BinOp::BitOr = op {
            let o = match to_expr(other) {
                Ok(e) => e,
                Err(e) => return Some(Err(e)),
            };
            let (a, b) = if reflected {
                (o, self.expr.clone())
            } else {
                (self.expr.clone(), o)
            };
            let and = op == BinOp::BitAnd;
            return Some(Ok(Column::value(Expr::Logic(
                and,
                Box::new(a),
                Box::new(b),
            ))));
        }
        let op = match op {
            BinOp::Add => ArithOp::Add,
            BinOp::Sub => ArithOp::Sub,
            BinOp::Mul => ArithOp::Mul,
            BinOp::Div => ArithOp::Div,
            BinOp::Mod => ArithOp::Mod,
            _ => return None,
        };
        let o = match to_expr(other) {
            Ok(e) => e,
            Err(e) => return Some(Err(e)),
        };
        let (a, b) = if reflected {
            (o, self.expr.clone())
        } else {
            (self.expr.clone(), o)
        };
        Some(Ok(Column::value(Expr::Arith(op, Box::new(a), Box::new(b)))))
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: PyCmp, other: &Value) -> Option<PyResult> {
        let op = match op {
            PyCmp::Eq => CmpOp::Eq,
            PyCmp::NotEq => CmpOp::NotEq,
            PyCmp::Lt => CmpOp::Lt,
            PyCmp::LtE => CmpOp::LtE,
            PyCmp::Gt => CmpOp::Gt,
            PyCmp::GtE => CmpOp::GtE,
            _ => return None,
        };
        Some(
            to_expr(other)
                .map(|o| Column::value(Expr::Cmp(op, Box::new(self.expr.clone()), Box::new(o)))),
        )
    }
    fn neg(&self, _this: &Arc<dyn Object>) -> Option<PyResult> {
        Some(Ok(Column::value(Expr::Neg(Box::new(self.expr.clone())))))
    }
    /// `~col`: logical NOT, as PySpark's `Column.__invert__`.
    fn invert(&self, _this: &Arc<dyn Object>) -> Option<PyResult> {
        Some(Ok(Column::value(Expr::Not(Box::new(self.expr.clone())))))
    }
    fn subscript(&self, _this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        Some(self.item(index))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        COLUMN_CLASS.method_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Column {
    fn item(&self, key: &Value) -> PyResult {
        match key {
            Value::Int(i) => Ok(Column::value(Expr::GetItem(
                Box::new(self.expr.clone()),
                *i,
            ))),
            other => Err(Exc::type_error(format!(
                "streamlab takes array items by position (an int), not {}",
                other.type_name()
            ))),
        }
    }
}

// ---------------------------------------------------------------------------
// pyspark.sql.functions
// ---------------------------------------------------------------------------

/// The column argument `col` of a function (a Column or a column name).
fn col_arg(function: &str, b: &Bound) -> PyResult<Expr> {
    to_col(&format!("{function}()"), &b.get("col"))
}

fn func(function: &str, f: Func, b: Bound) -> PyResult {
    Ok(Column::value(Expr::Func(f, vec![col_arg(function, &b)?])))
}

fn agg(function: &str, f: AggFn, b: Bound) -> PyResult {
    let e = col_arg(function, &b)?;
    Ok(Column::value(Expr::Agg(f, Some(Box::new(e)))))
}

fn col_function(b: Bound) -> PyResult {
    match b.get("col") {
        Value::Str(s) if &*s == "*" => Ok(Column::value(Expr::Star)),
        Value::Str(s) => Ok(Column::value(Expr::col(&s))),
        other => Err(Exc::type_error(format!(
            "col() takes a column name (str), not {}",
            other.type_name()
        ))),
    }
}

fn split_function(b: Bound) -> PyResult {
    let col = to_col("split()", &b.get("str"))?;
    let Value::Str(pattern) = b.get("pattern") else {
        return Err(Exc::type_error("split() takes the pattern as a str"));
    };
    if !matches!(b.get("limit"), Value::Int(-1) | Value::Int(0)) {
        return Err(Exc::value_error(
            "streamlab's split() takes no limit (Spark's default, -1: split at every match)",
        ));
    }
    if regex::Regex::new(&pattern).is_err() {
        return Err(Exc::new(
            ExcKind::IllegalArgumentException,
            format!("split(): the pattern {pattern:?} is not a valid regular expression"),
        ));
    }
    Ok(Column::value(Expr::Func(Func::Split(pattern), vec![col])))
}

/// `to_timestamp(col, format=None)` and `to_date(col, format=None)`.
fn to_timestamp_function(name: &str, f: Func, b: Bound) -> PyResult {
    let col = to_col(&format!("{name}()"), &b.get("col"))?;
    match b.get("format") {
        Value::None => Ok(Column::value(Expr::Func(f, vec![col]))),
        v => call_function(f, vec![col, str_lit(name, "the format", &v)?]),
    }
}

/// `date_add(start, days)` / `date_sub(start, days)`: days an int or a column.
fn date_add_function(name: &str, f: Func, b: Bound) -> PyResult {
    let start = to_col(&format!("{name}()"), &b.get("start"))?;
    let days = match b.get("days") {
        Value::Int(i) => Expr::Lit(Cell::Int(i)),
        v => to_col(&format!("{name}()"), &v)?,
    };
    call_function(f, vec![start, days])
}

/// The format argument of `unix_timestamp`/`from_unixtime` (Spark's default if none).
fn time_format(name: &str, v: &Value) -> PyResult<Expr> {
    match v {
        Value::None => Ok(Expr::Lit(Cell::str(DEFAULT_TIME_FORMAT))),
        v => str_lit(name, "the format", v),
    }
}

/// `unix_timestamp(timestamp=None, format="yyyy-MM-dd HH:mm:ss")`.
fn unix_timestamp_function(b: Bound) -> PyResult {
    let mut args = Vec::new();
    if !b.get("timestamp").is_none() {
        args.push(to_col("unix_timestamp()", &b.get("timestamp"))?);
        args.push(time_format("unix_timestamp", &b.get("format"))?);
    }
    call_function(Func::UnixTimestamp, Func::UnixTimestamp.complete_args(args))
}

fn count_function(b: Bound) -> PyResult {
    match b.get("col") {
        Value::Str(s) if &*s == "*" => Ok(Column::value(Expr::Agg(AggFn::Count, None))),
        v => Ok(Column::value(Expr::Agg(
            AggFn::Count,
            Some(Box::new(to_col("count()", &v)?)),
        ))),
    }
}

fn window_function(b: Bound) -> PyResult {
    let time = to_col("window()", &b.get("timeColumn"))?;
    let size = interval("windowDuration", &b.get("windowDuration"))?;
    let slide = match b.get("slideDuration") {
        Value::None => size,
        v => interval("slideDuration", &v)?,
    };
    let start = match b.get("startTime") {
        Value::None => 0,
        v => interval("startTime", &v)?,
    };
    let illegal = |m: String| Err(Exc::new(ExcKind::IllegalArgumentException, m));
    if size <= 0 {
        return illegal(format!(
            "The window duration ({size} ms) must be greater than 0."
        ));
    }
    if slide <= 0 {
        return illegal(format!(
            "The slide duration ({slide} ms) must be greater than 0."
        ));
    }
    if slide > size {
        return illegal(format!(
            "The slide duration ({slide} ms) must be less than or equal to the windowDuration ({size} ms)."
        ));
    }
    if start.abs() >= slide {
        return illegal(format!(
            "The absolute value of start time ({start} ms) must be less than the slideDuration ({slide} ms)."
        ));
    }
    Ok(Column::value(Expr::Window {
        time: Box::new(time),
        size_ms: size,
        slide_ms: slide,
        start_ms: start,
    }))
}

/// `session_window(timeColumn, gapDuration)`.
fn session_window_function(b: Bound) -> PyResult {
    let time = to_col("session_window()", &b.get("timeColumn"))?;
    let gap = match b.get("gapDuration") {
        v @ Value::Str(_) => interval("gapDuration", &v)?,
        other => {
            return Err(Exc::type_error(format!(
                "streamlab takes the session gap as an interval string such as \"10 seconds\" (a gap column is not part of its subset), not {}",
                other.type_name()
            )))
        }
    };
    if gap <= 0 {
        return Err(Exc::new(
            ExcKind::IllegalArgumentException,
            format!("The session window gap duration ({gap} ms) must be greater than 0."),
        ));
    }
    Ok(Column::value(Expr::SessionWindow {
        time: Box::new(time),
        gap_ms: gap,
    }))
}

/// A function call of several arguments, its literal arguments checked
/// where it is built.
fn call_function(f: Func, args: Vec<Expr>) -> PyResult {
    f.check_args(&args).map_err(Exc::value_error)?;
    Ok(Column::value(Expr::Func(f, args)))
}

/// Column arguments given as `*cols` (names or Columns).
fn cols_arg(function: &str, b: &Bound) -> PyResult<Vec<Expr>> {
    spread(b.rest().to_vec())
        .iter()
        .map(|v| to_col(&format!("{function}()"), v))
        .collect()
}

/// A literal argument that must be a str (a pattern, a format, a path).
fn str_lit(function: &str, what: &str, v: &Value) -> PyResult<Expr> {
    match v {
        Value::Str(s) => Ok(Expr::Lit(Cell::str(s))),
        other => Err(Exc::type_error(format!(
            "{function}() takes {what} as a str, not {}",
            other.type_name()
        ))),
    }
}

/// A literal argument that must be an int (a position, a group number).
fn int_lit(function: &str, what: &str, v: &Value) -> PyResult<Expr> {
    match v {
        Value::Int(i) => Ok(Expr::Lit(Cell::Int(*i))),
        other => Err(Exc::type_error(format!(
            "{function}() takes {what} as an int, not {}",
            other.type_name()
        ))),
    }
}

/// `when(condition, value)` and `Column.when(condition, value)`.
fn when_branch(b: &Bound) -> PyResult<(Expr, Expr)> {
    let cond = b.get("condition");
    let Some(c) = cond.downcast::<Column>() else {
        return Err(Exc::type_error(format!(
            "[NOT_COLUMN] Argument `condition` should be a Column, got {}.",
            cond.type_name()
        )));
    };
    Ok((c.expr.clone(), to_expr(&b.get("value"))?))
}

/// `first(col)` / `last(col)`.
fn first_last(function: &str, f: AggFn, b: Bound) -> PyResult {
    if b.get("ignorenulls").truthy() {
        return Err(Exc::value_error(format!(
            "streamlab's {function}() takes nulls into account (ignorenulls=True is not part of its subset); filter the nulls out first with where(col.isNotNull())"
        )));
    }
    agg(function, f, b)
}

/// `countDistinct(col, *cols)` (one column in streamlab's subset).
fn count_distinct(function: &str, b: Bound) -> PyResult {
    if !b.rest().is_empty() {
        return Err(Exc::value_error(format!(
            "streamlab's {function}() counts the distinct values of one column"
        )));
    }
    let e = col_arg(function, &b)?;
    Ok(Column::value(Expr::Agg(
        AggFn::CountDistinct,
        Some(Box::new(e)),
    )))
}

/// A column as a sort key (`asc(col)`, `desc(col)`).
fn sort_key(function: &str, b: Bound, ascending: bool) -> PyResult {
    Ok(Value::object(Column {
        expr: col_arg(function, &b)?,
        ascending: Some(ascending),
    }))
}

/// `pyspark.sql.functions`, as a registry class whose "methods" are the
/// module's functions (called without a receiver: `Call<()>`).
pub static FUNCTIONS_CLASS: LazyLock<Class<()>> = LazyLock::new(|| {
    Class::new(
        "functions",
        vec![
            m(
                "col",
                "(col)",
                "The column of that name (\"*\" for all).",
                COLUMN,
                |_, b| col_function(b),
            ),
            m(
                "column",
                "(col)",
                "The column of that name (as col).",
                COLUMN,
                |_, b| col_function(b),
            ),
            m(
                "lit",
                "(col)",
                "A column holding one value everywhere.",
                COLUMN,
                |_, b| Ok(Column::value(to_expr(&b.get("col"))?)),
            ),
            m(
                "split",
                "(str, pattern, limit=-1)",
                "The string column split around a regular expression, as an array.",
                COLUMN,
                |_, b| split_function(b),
            ),
            m(
                "explode",
                "(col)",
                "One row per item of an array column.",
                COLUMN,
                |_, b| {
                    Ok(Column::value(Expr::Explode(Box::new(col_arg(
                        "explode", &b,
                    )?))))
                },
            ),
            m(
                "lower",
                "(col)",
                "The string column in lower case.",
                COLUMN,
                |_, b| func("lower", Func::Lower, b),
            ),
            m(
                "upper",
                "(col)",
                "The string column in upper case.",
                COLUMN,
                |_, b| func("upper", Func::Upper, b),
            ),
            m(
                "trim",
                "(col)",
                "The string column without leading and trailing spaces.",
                COLUMN,
                |_, b| func("trim", Func::Trim, b),
            ),
            m(
                "length",
                "(col)",
                "The length of the string column.",
                COLUMN,
                |_, b| func("length", Func::Length, b),
            ),
            m(
                "window",
                "(timeColumn, windowDuration, slideDuration=None, startTime=None)",
                "The event-time window of each row (a struct of start and end), for groupBy.",
                COLUMN,
                |_, b| window_function(b),
            ),
            m(
                "session_window",
                "(timeColumn, gapDuration)",
                "The session of each row (events closer than the gap share one), for groupBy; analysed, not run by streamlab yet.",
                COLUMN,
                |_, b| session_window_function(b),
            ),
            m(
                "count",
                "(col)",
                "Aggregate: the number of rows (count(\"*\")) or of non-null values.",
                COLUMN,
                |_, b| count_function(b),
            ),
            m(
                "sum",
                "(col)",
                "Aggregate: the sum of a numeric column.",
                COLUMN,
                |_, b| agg("sum", AggFn::Sum, b),
            ),
            m(
                "avg",
                "(col)",
                "Aggregate: the mean of a numeric column.",
                COLUMN,
                |_, b| agg("avg", AggFn::Avg, b),
            ),
            m(
                "mean",
                "(col)",
                "Aggregate: the mean of a numeric column (as avg).",
                COLUMN,
                |_, b| agg("mean", AggFn::Avg, b),
            ),
            m(
                "min",
                "(col)",
                "Aggregate: the minimum of a column.",
                COLUMN,
                |_, b| agg("min", AggFn::Min, b),
            ),
            m(
                "max",
                "(col)",
                "Aggregate: the maximum of a column.",
                COLUMN,
                |_, b| agg("max", AggFn::Max, b),
            ),
            m(
                "current_timestamp",
                "()",
                "The time the micro-batch runs, as a timestamp column.",
                COLUMN,
                |_, _| {
                    Ok(Column::value(Expr::Func(
                        Func::CurrentTimestamp,
                        Vec::new(),
                    )))
                },
            ),
            m(
                "to_timestamp",
                "(col, format=None)",
                "The string column read as a timestamp (yyyy-MM-dd HH:mm:ss).",
                COLUMN,
                |_, b| to_timestamp_function("to_timestamp", Func::ToTimestamp, b),
            ),
            m(
                "to_date",
                "(col, format=None)",
                "The column as a date: a cast, or text read by a Java pattern (\"dd/MM/yyyy\"); null where it does not match.",
                COLUMN,
                |_, b| to_timestamp_function("to_date", Func::ToDate, b),
            ),
            m("year", "(col)", "The year of a date or timestamp.", COLUMN, |_, b| func("year", Func::DatePart(DatePart::Year), b)),
            m("month", "(col)", "The month (1-12) of a date or timestamp.", COLUMN, |_, b| func("month", Func::DatePart(DatePart::Month), b)),
            m("dayofmonth", "(col)", "The day of the month of a date or timestamp.", COLUMN, |_, b| func("dayofmonth", Func::DatePart(DatePart::DayOfMonth), b)),
            m("dayofweek", "(col)", "The day of the week of a date or timestamp, 1 for Sunday to 7 for Saturday.", COLUMN, |_, b| func("dayofweek", Func::DatePart(DatePart::DayOfWeek), b)),
            m("dayofyear", "(col)", "The day of the year (1-366) of a date or timestamp.", COLUMN, |_, b| func("dayofyear", Func::DatePart(DatePart::DayOfYear), b)),
            m("hour", "(col)", "The hour (0-23) of a timestamp.", COLUMN, |_, b| func("hour", Func::DatePart(DatePart::Hour), b)),
            m("minute", "(col)", "The minute of a timestamp.", COLUMN, |_, b| func("minute", Func::DatePart(DatePart::Minute), b)),
            m("second", "(col)", "The second of a timestamp.", COLUMN, |_, b| func("second", Func::DatePart(DatePart::Second), b)),
            m("weekofyear", "(col)", "The ISO week of the year (1-53) of a date or timestamp.", COLUMN, |_, b| func("weekofyear", Func::DatePart(DatePart::WeekOfYear), b)),
            m("quarter", "(col)", "The quarter (1-4) of a date or timestamp.", COLUMN, |_, b| func("quarter", Func::DatePart(DatePart::Quarter), b)),
            m("add_months", "(start, months)", "The date months after start (the month's last day if it is shorter).", COLUMN, |_, b| {
                let months = match b.get("months") {
                    Value::Int(i) => Expr::Lit(Cell::Int(i)),
                    v => to_col("add_months()", &v)?,
                };
                call_function(Func::AddMonths, vec![to_col("add_months()", &b.get("start"))?, months])
            }),
            m("last_day", "(date)", "The last day of the date's month.", COLUMN, |_, b| {
                call_function(Func::LastDay, vec![to_col("last_day()", &b.get("date"))?])
            }),
            m("date_add", "(start, days)", "The date days after start (a date, timestamp or date text).", COLUMN, |_, b| date_add_function("date_add", Func::DateAdd, b)),
            m("date_sub", "(start, days)", "The date days before start.", COLUMN, |_, b| date_add_function("date_sub", Func::DateSub, b)),
            m("datediff", "(end, start)", "The days from start to end (dates or timestamps), as an int.", COLUMN, |_, b| {
                call_function(Func::DateDiff, vec![to_col("datediff()", &b.get("end"))?, to_col("datediff()", &b.get("start"))?])
            }),
            m("current_date", "()", "The date the micro-batch runs (UTC), as a date column.", COLUMN, |_, _| {
                Ok(Column::value(Expr::Func(Func::CurrentDate, Vec::new())))
            }),
            m("date_trunc", "(format, timestamp)", "The timestamp cut to the start of its \"year\", \"quarter\", \"month\", \"week\", \"day\", \"hour\", \"minute\" or \"second\" (null for another unit).", COLUMN, |_, b| {
                call_function(Func::DateTrunc, vec![str_lit("date_trunc", "the unit", &b.get("format"))?, to_col("date_trunc()", &b.get("timestamp"))?])
            }),
            m("unix_timestamp", "(timestamp=None, format=None)", "Seconds since the epoch of a timestamp, or of text read by the format (now without an argument).", COLUMN, |_, b| unix_timestamp_function(b)),
            m("from_unixtime", "(timestamp, format=None)", "Seconds since the epoch as text, by the format.", COLUMN, |_, b| {
                call_function(Func::FromUnixtime, vec![to_col("from_unixtime()", &b.get("timestamp"))?, time_format("from_unixtime", &b.get("format"))?])
            }),
            m("abs", "(col)", "The absolute value.", COLUMN, |_, b| {
                call_function(Func::Abs, vec![to_col("abs()", &b.get("col"))?])
            }),
            m("round", "(col, scale=0)", "The number rounded to scale decimal places, half away from zero (Spark's HALF_UP).", COLUMN, |_, b| {
                call_function(Func::Round, vec![to_col("round()", &b.get("col"))?, int_lit("round", "scale", &b.get("scale"))?])
            }),
            m("nanvl", "(col1, col2)", "col1, or col2 where col1 is NaN.", COLUMN, |_, b| {
                call_function(Func::Nanvl, vec![to_col("nanvl()", &b.get("col1"))?, to_col("nanvl()", &b.get("col2"))?])
            }),
            m(
                "expr",
                "(str)",
                "A column from a SQL expression (\"CASE WHEN n > 1 THEN 'big' END\", \"window.start\").",
                COLUMN,
                |_, b| {
                    let Value::Str(text) = b.get("str") else {
                        return Err(Exc::type_error("expr() takes a SQL expression as a str"));
                    };
                    parse_sql_expr(&text)
                        .map(Column::value)
                        .map_err(|e| Exc::new(ExcKind::ParseException, e.to_string()))
                },
            ),
            m(
                "when",
                "(condition, value)",
                "A column that is value where the condition holds (chain .when(...) and .otherwise(...)), else null.",
                COLUMN,
                |_, b| {
                    let branch = when_branch(&b)?;
                    Ok(Column::value(Expr::Case(vec![branch], None)))
                },
            ),
            m(
                "coalesce",
                "(*cols)",
                "The first of the columns that is not null.",
                COLUMN,
                |_, b| call_function(Func::Coalesce, cols_arg("coalesce", &b)?),
            ),
            m(
                "concat",
                "(*cols)",
                "The string columns joined (null if one is null).",
                COLUMN,
                |_, b| call_function(Func::Concat, cols_arg("concat", &b)?),
            ),
            m(
                "concat_ws",
                "(sep, *cols)",
                "The string columns joined by a separator, nulls skipped.",
                COLUMN,
                |_, b| {
                    let mut args = vec![str_lit("concat_ws", "the separator", &b.get("sep"))?];
                    args.extend(cols_arg("concat_ws", &b)?);
                    call_function(Func::ConcatWs, args)
                },
            ),
            m(
                "regexp_extract",
                "(str, pattern, idx)",
                "The group idx of the first match of a regular expression (\"\" if none).",
                COLUMN,
                |_, b| {
                    call_function(
                        Func::RegexpExtract,
                        vec![
                            to_col("regexp_extract()", &b.get("str"))?,
                            str_lit("regexp_extract", "the pattern", &b.get("pattern"))?,
                            int_lit("regexp_extract", "the group number", &b.get("idx"))?,
                        ],
                    )
                },
            ),
            m(
                "regexp_replace",
                "(string, pattern, replacement)",
                "The string with every match of a regular expression replaced ($1 for a group).",
                COLUMN,
                |_, b| {
                    call_function(
                        Func::RegexpReplace,
                        vec![
                            to_col("regexp_replace()", &b.get("string"))?,
                            str_lit("regexp_replace", "the pattern", &b.get("pattern"))?,
                            str_lit("regexp_replace", "the replacement", &b.get("replacement"))?,
                        ],
                    )
                },
            ),
            m(
                "substring",
                "(str, pos, len)",
                "len characters from position pos (1 is the first; negative counts from the end).",
                COLUMN,
                |_, b| {
                    call_function(
                        Func::Substring,
                        vec![
                            to_col("substring()", &b.get("str"))?,
                            int_lit("substring", "pos", &b.get("pos"))?,
                            int_lit("substring", "len", &b.get("len"))?,
                        ],
                    )
                },
            ),
            m(
                "date_format",
                "(date, format)",
                "The timestamp as text, by a Java pattern (\"yyyy-MM-dd HH:mm\").",
                COLUMN,
                |_, b| {
                    call_function(
                        Func::DateFormat,
                        vec![
                            to_col("date_format()", &b.get("date"))?,
                            str_lit("date_format", "the format", &b.get("format"))?,
                        ],
                    )
                },
            ),
            m(
                "get_json_object",
                "(col, path)",
                "The part of a JSON string a path names (\"$.a.b\", \"$.items[0]\"), as a string.",
                COLUMN,
                |_, b| {
                    call_function(
                        Func::GetJsonObject,
                        vec![
                            col_arg("get_json_object", &b)?,
                            str_lit("get_json_object", "the path", &b.get("path"))?,
                        ],
                    )
                },
            ),
            m(
                "element_at",
                "(col, extraction)",
                "The item of an array at a position (1 is the first; negative counts from the end).",
                COLUMN,
                |_, b| {
                    call_function(
                        Func::ElementAt,
                        vec![col_arg("element_at", &b)?, to_expr(&b.get("extraction"))?],
                    )
                },
            ),
            m(
                "size",
                "(col)",
                "The number of items of an array (-1 for null).",
                COLUMN,
                |_, b| call_function(Func::Size, vec![col_arg("size", &b)?]),
            ),
            m(
                "array_contains",
                "(col, value)",
                "True if the array holds the value.",
                COLUMN,
                |_, b| {
                    call_function(
                        Func::ArrayContains,
                        vec![col_arg("array_contains", &b)?, to_expr(&b.get("value"))?],
                    )
                },
            ),
            m(
                "isnull",
                "(col)",
                "True where the column is null.",
                COLUMN,
                |_, b| Ok(Column::value(Expr::IsNull(Box::new(col_arg("isnull", &b)?), false))),
            ),
            m(
                "asc",
                "(col)",
                "The column as an ascending sort key, for orderBy.",
                COLUMN,
                |_, b| sort_key("asc", b, true),
            ),
            m(
                "desc",
                "(col)",
                "The column as a descending sort key, for orderBy.",
                COLUMN,
                |_, b| sort_key("desc", b, false),
            ),
            m(
                "first",
                "(col, ignorenulls=False)",
                "Aggregate: the first value of a column in each group.",
                COLUMN,
                |_, b| first_last("first", AggFn::First, b),
            ),
            m(
                "last",
                "(col, ignorenulls=False)",
                "Aggregate: the last value of a column in each group.",
                COLUMN,
                |_, b| first_last("last", AggFn::Last, b),
            ),
            m(
                "collect_list",
                "(col)",
                "Aggregate: the non-null values of a column in each group, as an array.",
                COLUMN,
                |_, b| agg("collect_list", AggFn::CollectList, b),
            ),
            m(
                "collect_set",
                "(col)",
                "Aggregate: the distinct non-null values of a column in each group, as an array.",
                COLUMN,
                |_, b| agg("collect_set", AggFn::CollectSet, b),
            ),
            m(
                "countDistinct",
                "(col, *cols)",
                "Aggregate: the number of distinct values (static DataFrames; Spark refuses it on streams).",
                COLUMN,
                |_, b| count_distinct("countDistinct", b),
            ),
            m(
                "count_distinct",
                "(col, *cols)",
                "Aggregate: the number of distinct values (as countDistinct).",
                COLUMN,
                |_, b| count_distinct("count_distinct", b),
            ),
        ],
        &[],
    )
});

/// The names `pyspark.sql.functions` offers in streamlab.
pub fn function_names() -> Vec<&'static str> {
    FUNCTIONS_CLASS.method_names()
}

/// Functions of PySpark's `pyspark.sql.functions` that tutorials use and
/// streamlab does not offer: asking for one says so, rather than that the
/// name does not exist.
const NOT_OFFERED: &[&str] = &[
    "from_json",
    "to_json",
    "struct",
    "array",
    "map",
    "create_map",
    "approx_count_distinct",
    "to_date",
    "sqrt",
    "pow",
    "format_string",
    "instr",
    "locate",
    "lpad",
    "rpad",
    "translate",
    "initcap",
    "reverse",
    "array_join",
    "array_distinct",
    "array_sort",
    "sort_array",
    "explode_outer",
    "posexplode",
    "stddev",
    "variance",
    "sumDistinct",
    "sum_distinct",
    "percentile_approx",
    "udf",
    "pandas_udf",
    "monotonically_increasing_id",
    "rand",
    "randn",
    "hash",
    "md5",
    "sha1",
    "sha2",
    "base64",
    "json_tuple",
    "schema_of_json",
    "greatest",
    "least",
    "nanvl",
    "isnan",
    "broadcast",
];

/// The message for a name of `pyspark.sql.functions` streamlab lacks: the
/// Python error's text, and for a PySpark function streamlab does not offer,
/// a sentence that says so.
pub fn missing_function_message(python_message: String, name: &str) -> String {
    if NOT_OFFERED.contains(&name) {
        format!(
            "{python_message}: pyspark.sql.functions.{name} is a PySpark function outside streamlab's subset (it offers {})",
            function_names().join(", ")
        )
    } else {
        python_message
    }
}

/// One function of `pyspark.sql.functions`.
pub struct SqlFunction {
    name: &'static str,
}

impl SqlFunction {
    /// The function named `name`, if streamlab offers it.
    pub fn value(name: &str) -> Option<Value> {
        FUNCTIONS_CLASS
            .find(name)
            .map(|(info, _)| Value::Func(Arc::new(SqlFunction { name: info.name })))
    }
}

impl Callable for SqlFunction {
    fn name(&self) -> &str {
        self.name
    }
    fn is_builtin(&self) -> bool {
        true
    }
    fn call(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let (info, call) = FUNCTIONS_CLASS
            .find(self.name)
            .expect("a function of the registry");
        // A function, not a method: its errors name it without a class.
        call(&(), info.signature.bind(self.name, args, kwargs)?)
    }
}

/// The module `pyspark.sql.functions` (`import pyspark.sql.functions as F`).
pub struct FunctionsModule;

impl Object for FunctionsModule {
    fn type_name(&self) -> &str {
        "module"
    }
    fn repr(&self) -> String {
        "<module 'pyspark.sql.functions'>".into()
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        SqlFunction::value(name).ok_or_else(|| {
            let mut msg = missing_function_message(
                format!("module 'pyspark.sql.functions' has no attribute '{name}'"),
                name,
            );
            if let Some(s) = crate::lang::diag::did_you_mean(name, function_names().into_iter()) {
                msg.push_str(&format!(". Did you mean: '{s}'?"));
            }
            Exc::attr_error(msg)
        })
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
    fn attr_names(&self) -> Vec<&'static str> {
        function_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------------------
// SparkSession, its builder, readStream
// ---------------------------------------------------------------------------

/// The `SparkSession` class: `SparkSession.builder...getOrCreate()`.
pub struct SparkSessionClass {
    pub shared: Arc<SqlShared>,
}

impl Object for SparkSessionClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'pyspark.sql.session.SparkSession'>".into()
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "builder" => Ok(Value::object(Builder::new(&self.shared))),
            _ => Err(Exc::attr_error(format!(
                "type object 'SparkSession' has no attribute '{name}'"
            ))),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        self.get_attr(this, name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `SparkSession.builder`: what it was told, for the SparkContext
/// `getOrCreate()` makes when the program has none yet.
pub struct Builder {
    shared: Arc<SqlShared>,
    settings: Mutex<BuilderSettings>,
}

#[derive(Default, Clone)]
struct BuilderSettings {
    master: Option<String>,
    app_name: Option<String>,
}

impl Builder {
    fn new(shared: &Arc<SqlShared>) -> Builder {
        Builder {
            shared: shared.clone(),
            settings: Mutex::new(BuilderSettings::default()),
        }
    }
}

fn builder_config(b: &This<Builder>, args: Bound) -> PyResult {
    if let Some(conf) = args.opt("conf") {
        let Some(c) = conf.downcast::<super::context::SparkConf>() else {
            return Err(Exc::type_error(format!(
                "conf should be a SparkConf, not {}",
                conf.type_name()
            )));
        };
        let mut st = b.settings.lock();
        if let Some(m) = c.master() {
            st.master = Some(m);
        }
        if let Some(n) = c.app_name() {
            st.app_name = Some(n);
        }
        for key in [
            "spark.sql.shuffle.partitions",
            CHECKPOINT_CONF,
            WAREHOUSE_CONF,
        ] {
            if let Some(v) = c.get(key) {
                b.shared.set_conf(key, &Value::str(&v))?;
            }
        }
    }
    if let Some(Value::Str(key)) = args.opt("key") {
        let value = args.opt("value").unwrap_or(Value::None);
        match &*key {
            "spark.master" => b.settings.lock().master = Some(option_string(&value)),
            "spark.app.name" => b.settings.lock().app_name = Some(option_string(&value)),
            k => b.shared.set_conf(k, &value)?,
        }
    }
    b.me()
}

/// The class `Builder` (`SparkSession.builder`).
pub static BUILDER_CLASS: LazyLock<Class<This<Builder>>> = LazyLock::new(|| {
    Class::new(
        "Builder",
        vec![
            m(
                "appName",
                "(name)",
                "Name the application (used if this creates the SparkContext).",
                BUILDER,
                |b, a| {
                    b.settings.lock().app_name = Some(option_string(&a.get("name")));
                    b.me()
                },
            ),
            m(
                "master",
                "(master)",
                "Set the master URL (used if this creates the SparkContext; local only).",
                BUILDER,
                |b, a| {
                    b.settings.lock().master = Some(option_string(&a.get("master")));
                    b.me()
                },
            ),
            m(
                "config",
                "(key=None, value=None, conf=None, *, map=None)",
                "Set a configuration option, or take a SparkConf's (spark.sql.shuffle.partitions orders grouped rows; others have no effect here).",
                BUILDER,
                builder_config,
            ),
            m(
                "enableHiveSupport",
                "()",
                "Enable Hive support (no effect here).",
                BUILDER,
                |b, _| b.me(),
            ),
            m(
                "getOrCreate",
                "()",
                "The SparkSession (the same one each time), on the program's SparkContext.",
                Returns::Class("SparkSession"),
                |b, _| {
                    let st = b.settings.lock().clone();
                    b.shared.spark_context(st.master, st.app_name)?;
                    Ok(spark_session(&b.shared))
                },
            ),
        ],
        &[],
    )
});

impl Object for Builder {
    fn type_name(&self) -> &str {
        "Builder"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.session.SparkSession.Builder object>".into()
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        BUILDER_CLASS.call(&This::new(this), name, args, kwargs)
    }
    fn attr_names(&self) -> Vec<&'static str> {
        BUILDER_CLASS.method_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A SparkSession object (what the REPL predefines as `spark`).
pub fn spark_session(shared: &Arc<SqlShared>) -> Value {
    Value::object(SparkSessionObj {
        shared: shared.clone(),
    })
}

pub struct SparkSessionObj {
    shared: Arc<SqlShared>,
}

/// The class `SparkSession` (the object `spark`).
pub static SESSION_CLASS: LazyLock<Class<SparkSessionObj>> = LazyLock::new(|| {
    Class::new(
        "SparkSession",
        vec![
            m(
                "createDataFrame",
                "(data, schema=None, samplingRatio=None, verifySchema=True)",
                "A DataFrame of an RDD or a list of Rows, tuples or dicts (schema: column names, or \"word string, n int\").",
                DATAFRAME,
                |s, b| s.shared.create_data_frame(&b.get("data"), &b.get("schema")),
            ),
            m(
                "sql",
                "(sqlQuery, args=None, **kwargs)",
                "A DataFrame of a SELECT over temporary views (createOrReplaceTempView).",
                DATAFRAME,
                |s, b| match b.get("sqlQuery") {
                    Value::Str(q) => s.shared.sql(&q),
                    other => Err(Exc::type_error(format!(
                        "sqlQuery should be a str, not {}",
                        other.type_name()
                    ))),
                },
            ),
            m(
                "table",
                "(tableName)",
                "The DataFrame of a temporary view.",
                DATAFRAME,
                |s, b| match b.get("tableName") {
                    Value::Str(n) => {
                        let plan = s.shared.view(&n)?;
                        Ok(DataFrame::value(&s.shared, (*plan).clone()))
                    }
                    other => Err(Exc::type_error(format!(
                        "tableName should be a str, not {}",
                        other.type_name()
                    ))),
                },
            ),
            m(
                "stop",
                "()",
                "Stop the session (no effect here).",
                NOTHING,
                |_, _| Ok(Value::None),
            ),
        ],
        &[
            Attribute {
                name: "readStream",
                doc: "A DataStreamReader, to read a stream as a DataFrame.",
                returns: READER,
            },
            Attribute {
                name: "sparkContext",
                doc: "The SparkContext the session runs on (StreamingContext(spark.sparkContext, 1) takes it).",
                returns: Returns::Class("SparkContext"),
            },
            Attribute {
                name: "streams",
                doc: "The StreamingQueryManager: awaitAnyTermination().",
                returns: Returns::Class("StreamingQueryManager"),
            },
            Attribute {
                name: "conf",
                doc: "The runtime configuration (set spark.sql.shuffle.partitions; other keys have no effect here).",
                returns: Returns::Unknown,
            },
            Attribute {
                name: "version",
                doc: "The version of Spark streamlab follows.",
                returns: Returns::Class("str"),
            },
        ],
    )
});

impl Object for SparkSessionObj {
    fn type_name(&self) -> &str {
        "SparkSession"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.session.SparkSession object>".into()
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "readStream" => Ok(Value::object(Reader {
                shared: self.shared.clone(),
                state: Mutex::new(ReaderState::default()),
                batch: false,
            })),
            "read" => Ok(Value::object(Reader {
                shared: self.shared.clone(),
                state: Mutex::new(ReaderState::default()),
                batch: true,
            })),
            "sparkContext" => self.shared.spark_context(None, None),
            "conf" => Ok(Value::object(RuntimeConf {
                shared: self.shared.clone(),
            })),
            "streams" => Ok(Value::object(Streams {
                shared: self.shared.clone(),
            })),
            "version" => Ok(Value::str("3.5.9")),
            _ => Err(SESSION_CLASS.info.no_attribute(name)),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            _ if SESSION_CLASS.find(name).is_some() => SESSION_CLASS.call(self, name, args, kwargs),
            "range" => Err(Exc::new(
                ExcKind::NotImplementedError,
                format!("streamlab reads data from streams, RDDs and lists: spark.{name} is not part of its subset (use spark.readStream, or spark.createDataFrame(...))"),
            )),
            _ => {
                let f = self.get_attr(this, name)?;
                crate::lang::compile::call_value(&f, args, kwargs)
            }
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        SESSION_CLASS.info.names().collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `spark.conf`: `set(key, value)`; only `spark.sql.shuffle.partitions`
/// changes results here.
struct RuntimeConf {
    shared: Arc<SqlShared>,
}

impl Object for RuntimeConf {
    fn type_name(&self) -> &str {
        "RuntimeConfig"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.conf.RuntimeConfig object>".into()
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        match (name, args.as_slice()) {
            ("set", [Value::Str(k), v]) => {
                self.shared.set_conf(k, v)?;
                Ok(Value::None)
            }
            ("get", [Value::Str(k), ..]) if &**k == "spark.sql.shuffle.partitions" => {
                Ok(Value::str(&self.shared.shuffle_partitions().to_string()))
            }
            ("get", [Value::Str(k), rest @ ..]) if &**k == CHECKPOINT_CONF => {
                Ok(match self.shared.checkpoint_root.lock().clone() {
                    Some(dir) => Value::str(&dir),
                    None => rest.first().cloned().unwrap_or(Value::None),
                })
            }
            ("unset", [Value::Str(k)]) if &**k == CHECKPOINT_CONF => {
                *self.shared.checkpoint_root.lock() = None;
                Ok(Value::None)
            }
            ("set" | "unset" | "get", _) => Ok(Value::None),
            _ => Err(unknown_attr(
                "RuntimeConfig",
                name,
                &["set", "get", "unset"],
            )),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `spark.streams`: `awaitAnyTermination()`.
pub struct Streams {
    shared: Arc<SqlShared>,
}

/// The class `StreamingQueryManager` (`spark.streams`).
pub static STREAMS_CLASS: LazyLock<Class<Streams>> = LazyLock::new(|| {
    Class::new(
        "StreamingQueryManager",
        vec![
            m(
                "awaitAnyTermination",
                "(timeout=None)",
                "Wait until any query ends (or timeout seconds: then whether one ended).",
                Returns::Unknown,
                |s, b| {
                    let timeout = timeout_arg(&b.given("timeout").cloned())?;
                    let done = s.shared.host.await_queries(timeout)?;
                    Ok(if timeout.is_some() {
                        Value::Bool(done)
                    } else {
                        Value::None
                    })
                },
            ),
            m(
                "resetTerminated",
                "()",
                "Forget the queries that ended, for the next awaitAnyTermination (no effect here).",
                NOTHING,
                |_, _| Ok(Value::None),
            ),
        ],
        &[],
    )
});

impl Object for Streams {
    fn type_name(&self) -> &str {
        "StreamingQueryManager"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.streaming.query.StreamingQueryManager object>".into()
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        STREAMS_CLASS.call(self, name, args, kwargs)
    }
    fn attr_names(&self) -> Vec<&'static str> {
        STREAMS_CLASS.method_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn timeout_arg(v: &Option<Value>) -> PyResult<Option<f64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) if *i > 0 => Ok(Some(*i as f64)),
        Some(Value::Float(f)) if *f > 0.0 => Ok(Some(*f)),
        Some(_) => Err(Exc::value_error(
            "timeout must be a positive integer or float. Got 0",
        )),
    }
}

#[derive(Default, Clone)]
struct ReaderState {
    format: Option<String>,
    options: Vec<(String, String)>,
    schema: Option<crate::structured::expr::Schema>,
}

/// `spark.readStream`, or `spark.read` (`batch`: static DataFrames of the
/// files there now).
pub struct Reader {
    shared: Arc<SqlShared>,
    state: Mutex<ReaderState>,
    batch: bool,
}

impl Reader {
    fn option(&self, key: &str) -> Option<String> {
        self.state
            .lock()
            .options
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    }

    /// `spark.read...load(path)`: the files there now, as a static DataFrame.
    fn load_static(&self, path: Option<String>) -> PyResult {
        let format = self.state.lock().format.clone().unwrap_or_default();
        let lower = format.to_ascii_lowercase();
        if !matches!(lower.as_str(), "csv" | "json" | "text") {
            return Err(analysis(format!(
                "spark.read in streamlab reads \"csv\", \"json\" and \"text\" files, not \"{format}\""
            )));
        }
        let path = path.ok_or_else(|| {
            Exc::new(ExcKind::IllegalArgumentException, "'path' is not specified")
        })?;
        let files = crate::structured::files::list_files(&path).map_err(|e| {
            analysis(format!(
                "[PATH_NOT_FOUND] Path does not exist: {path} ({e})"
            ))
        })?;
        if files.is_empty() {
            return Err(analysis(format!(
                "[PATH_NOT_FOUND] Path does not exist: {path}"
            )));
        }
        let schema = self.state.lock().schema.clone();
        let (format, schema) = match (lower.as_str(), schema) {
            ("text", _) => (
                FileFormat::Text,
                vec![("value".to_string(), DataType::String)],
            ),
            ("json", None) => {
                return Err(analysis(
                    "streamlab's spark.read.json needs a schema: spark.read.schema(\"name STRING, n BIGINT\").json(path) (it does not infer one)",
                ))
            }
            (_, Some(schema)) => (self.file_format(&lower)?, schema),
            (_, None) => {
                // CSV without a schema: string columns named by the header or _c0, _c1, ...
                let fmt = self.file_format(&lower)?;
                let FileFormat::Csv { header, sep } = fmt else {
                    unreachable!("csv")
                };
                let first = std::fs::read_to_string(&files[0].0).unwrap_or_default();
                let line = first.split('\n').find(|l| !l.trim().is_empty()).unwrap_or("");
                let names = crate::structured::files::header_names(line, sep, header);
                (fmt, names.into_iter().map(|n| (n, DataType::String)).collect())
            }
        };
        let src = FileSource {
            path,
            format,
            schema: schema.clone(),
            max_files_per_trigger: None,
        };
        let mut status = Vec::new();
        let partitions = crate::structured::files::read_batch(&files, &src, &mut status);
        if let Some(problem) = status.first() {
            return Err(analysis(problem.clone()));
        }
        Ok(DataFrame::value(
            &self.shared,
            Plan::source(Source::Static(Arc::new(
                crate::structured::plan::StaticInput {
                    schema,
                    partitions,
                    sized: true,
                    origin: src.path.clone(),
                },
            ))),
        ))
    }

    /// The csv or json format the options describe.
    fn file_format(&self, format: &str) -> PyResult<FileFormat> {
        if format != "csv" {
            return Ok(FileFormat::Json);
        }
        let sep = self
            .option("sep")
            .or_else(|| self.option("delimiter"))
            .unwrap_or_else(|| ",".into());
        let mut chars = sep.chars();
        let (Some(sep), None) = (chars.next(), chars.next()) else {
            return Err(Exc::new(
                ExcKind::IllegalArgumentException,
                format!("streamlab's csv source takes a one-character sep, not {sep:?}"),
            ));
        };
        Ok(FileFormat::Csv {
            header: self.flag("header")?,
            sep,
        })
    }

    fn flag(&self, key: &str) -> PyResult<bool> {
        match self.option(key).map(|v| v.to_ascii_lowercase()) {
            None => Ok(false),
            Some(v) if v == "true" => Ok(true),
            Some(v) if v == "false" => Ok(false),
            Some(v) => Err(Exc::new(
                ExcKind::IllegalArgumentException,
                format!("{key} must be true or false, not {v:?}"),
            )),
        }
    }

    fn load(&self, path: Option<String>) -> PyResult {
        if self.batch {
            return self.load_static(path);
        }
        let format = self.state.lock().format.clone().unwrap_or_default();
        let src = match format.to_ascii_lowercase().as_str() {
            "socket" => {
                let host = self
                    .option("host")
                    .ok_or_else(|| analysis("Set a host to read from with option(\"host\", ...)."))?;
                let port = self
                    .option("port")
                    .ok_or_else(|| analysis("Set a port to read from with option(\"port\", ...)."))?;
                let port: u16 = port.trim().parse().map_err(|_| {
                    analysis(format!("the port option must be a number from 0 to 65535, not {port:?}"))
                })?;
                let include_timestamp = match self.option("includeTimestamp") {
                    None => false,
                    Some(v) => match v.to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(analysis(format!(
                                "includeTimestamp must be true or false, not {v:?}"
                            )))
                        }
                    },
                };
                let num_partitions = match self.option("numPartitions") {
                    None => DEFAULT_PARTITIONS,
                    Some(n) => n.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        analysis(format!("numPartitions must be a positive number, not {n:?}"))
                    })?,
                };
                Source::Socket {
                    host,
                    port,
                    include_timestamp,
                    num_partitions,
                }
            }
            "rate" => {
                let default_partitions = self.shared.default_parallelism();
                let rate = Rate::from_options(
                    self.option("rowsPerSecond").as_deref(),
                    self.option("rampUpTime").as_deref(),
                    self.option("numPartitions").as_deref(),
                    default_partitions,
                )
                .map_err(|e| Exc::new(ExcKind::IllegalArgumentException, e.to_string()))?;
                Source::Rate(rate)
            }
            "csv" | "json" => {
                let path = path.ok_or_else(|| {
                    Exc::new(ExcKind::IllegalArgumentException, "'path' is not specified")
                })?;
                let schema = self.state.lock().schema.clone().ok_or_else(|| {
                    Exc::new(
                        ExcKind::IllegalArgumentException,
                        "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, then depending on the file format you may be able to create a static DataFrame on that directory with 'spark.read.load(directory)' and infer schema from it.",
                    )
                })?;
                if self.flag("latestFirst")? {
                    return Err(analysis(
                        "latestFirst is not part of streamlab's subset: file sources take the oldest new files first",
                    ));
                }
                let file_format = self.file_format(&format.to_ascii_lowercase())?;
                let max_files_per_trigger = match self.option("maxFilesPerTrigger") {
                    None => None,
                    Some(n) => Some(n.trim().parse().ok().filter(|n: &usize| *n > 0).ok_or_else(
                        || {
                            Exc::new(
                                ExcKind::IllegalArgumentException,
                                format!("Invalid value '{n}' for option 'maxFilesPerTrigger', must be a positive integer"),
                            )
                        },
                    )?),
                };
                Source::Files(Arc::new(FileSource {
                    path,
                    format: file_format,
                    schema,
                    max_files_per_trigger,
                }))
            }
            "text" => {
                let dir = path.ok_or_else(|| {
                    Exc::new(ExcKind::IllegalArgumentException, "'path' is not specified")
                })?;
                Source::Text { dir }
            }
            "" => {
                return Err(analysis(
                    "no source format: write spark.readStream.format(\"socket\").option(\"host\", ...).option(\"port\", ...).load() or spark.readStream.text(dir)",
                ))
            }
            "kafka" => return Err(analysis(KAFKA_SOURCE)),
            other => {
                return Err(analysis(format!(
                    "streamlab reads streams from the \"socket\", \"rate\", \"csv\", \"json\" and \"text\" sources, not \"{other}\""
                )))
            }
        };
        Ok(DataFrame::value(&self.shared, Plan::source(src)))
    }
}

/// `readStream.csv(path, schema=None, sep=None, header=None, ...)` and
/// `json(path, schema=None, ...)`: keyword options, then `load`.
fn file_reader(r: &This<Reader>, format: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let mut args = args.into_iter();
    let path = match args.next().or_else(|| {
        kwargs
            .iter()
            .find(|(k, _)| &**k == "path")
            .map(|(_, v)| v.clone())
    }) {
        Some(Value::Str(p)) => p.to_string(),
        _ => {
            return Err(Exc::type_error(format!(
                "{format}() takes the path as a str"
            )))
        }
    };
    let schema = args.next().or_else(|| {
        kwargs
            .iter()
            .find(|(k, _)| &**k == "schema")
            .map(|(_, v)| v.clone())
    });
    if let Some(v) = args.next() {
        return Err(Exc::type_error(format!(
            "{format}() takes options as keywords (sep=..., header=...), not a third positional argument {}",
            v.repr()
        )));
    }
    {
        let mut st = r.state.lock();
        st.format = Some(format.to_string());
        if let Some(s) = schema.filter(|s| !matches!(s, Value::None)) {
            st.schema = Some(super::sql_types::schema_arg(&s)?);
        }
        for (k, v) in &kwargs {
            if &**k != "path" && &**k != "schema" && !matches!(v, Value::None) {
                st.options.push((k.to_string(), option_string(v)));
            }
        }
    }
    r.load(Some(path))
}

/// The class `DataStreamReader` (`spark.readStream`).
pub static READER_CLASS: LazyLock<Class<This<Reader>>> = LazyLock::new(|| {
    Class::new(
        "DataStreamReader",
        vec![
            m(
                "format",
                "(source)",
                "The source to read: \"socket\", \"rate\" or \"text\".",
                READER,
                |r, b| {
                    r.state.lock().format = Some(option_string(&b.get("source")));
                    r.me()
                },
            ),
            m(
                "option",
                "(key, value)",
                "Set a source option (\"host\", \"port\", \"includeTimestamp\", ...).",
                READER,
                |r, b| {
                    let k = option_string(&b.get("key"));
                    let v = option_string(&b.get("value"));
                    r.state.lock().options.push((k, v));
                    r.me()
                },
            ),
            m(
                "options",
                "(**options)",
                "Set several source options, as keywords.",
                READER,
                |r, b| {
                    for (k, v) in b.kwargs() {
                        r.state
                            .lock()
                            .options
                            .push((k.to_string(), option_string(v)));
                    }
                    r.me()
                },
            ),
            m(
                "schema",
                "(schema)",
                "Declare the schema: a StructType or a DDL string (csv and json sources; socket and text have a fixed one).",
                READER,
                |r, b| {
                    r.state.lock().schema = Some(super::sql_types::schema_arg(&b.get("schema"))?);
                    r.me()
                },
            ),
            m(
                "load",
                "(path=None, format=None, schema=None, **options)",
                "The streaming DataFrame of the source.",
                DATAFRAME,
                |r, b| {
                    {
                        let mut st = r.state.lock();
                        if let Value::Str(f) = b.get("format") {
                            st.format = Some(f.to_string());
                        }
                        let schema = b.get("schema");
                        if !matches!(schema, Value::None) {
                            st.schema = Some(super::sql_types::schema_arg(&schema)?);
                        }
                        for (k, v) in b.kwargs() {
                            st.options.push((k.to_string(), option_string(v)));
                        }
                    }
                    let path = match b.get("path") {
                        Value::Str(p) => Some(p.to_string()),
                        _ => None,
                    };
                    r.load(path)
                },
            ),
            m(
                "text",
                "(path, wholetext=False, lineSep=None)",
                "The streaming DataFrame of the lines of the text files a directory receives.",
                DATAFRAME,
                |r, b| {
                    let path = match b.get("path") {
                        Value::Str(p) => p.to_string(),
                        _ => return Err(Exc::type_error("text() takes the directory as a str")),
                    };
                    r.state.lock().format = Some("text".into());
                    r.load(Some(path))
                },
            ),
        ],
        &[],
    )
});

impl Object for Reader {
    fn type_name(&self) -> &str {
        "DataStreamReader"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.streaming.readwriter.DataStreamReader object>".into()
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "csv" | "json" => {
                let r = This::new(this);
                file_reader(&r, name, args, kwargs)
            }
            "text" if self.batch => {
                let r = This::new(this);
                file_reader(&r, name, args, kwargs)
            }
            "table" if self.batch => match args.as_slice() {
                [Value::Str(n)] if kwargs.is_empty() => {
                    let plan = self.shared.view(n)?;
                    Ok(DataFrame::value(&self.shared, (*plan).clone()))
                }
                _ => Err(Exc::type_error("table() takes the table's name as a str")),
            },
            "table" => {
                let [Value::Str(n)] = args.as_slice() else {
                    return Err(Exc::type_error("table() takes the table's name as a str"));
                };
                let table = self.shared.tables.lock().get(&n.to_lowercase()).cloned();
                match table {
                    Some(t) => {
                        let max = match self.option("maxFilesPerTrigger") {
                            None => None,
                            Some(m) => Some(m.trim().parse().ok().filter(|m: &usize| *m > 0).ok_or_else(|| {
                                Exc::new(
                                    ExcKind::IllegalArgumentException,
                                    format!("Invalid value '{m}' for option 'maxFilesPerTrigger', must be a positive integer"),
                                )
                            })?),
                        };
                        Ok(DataFrame::value(&self.shared, t.stream_plan(max)))
                    }
                    None => {
                        // Not a table: Spark's error for a name it does not know,
                        // else streamlab's limit (a stream reads only tables).
                        let plan = self.shared.view(n)?;
                        if !plan.is_static() {
                            return Ok(DataFrame::value(&self.shared, (*plan).clone()));
                        }
                        Err(analysis(format!(
                            "streamlab reads a stream from a table writeStream.toTable created, and `{n}` is a view or memory table"
                        )))
                    }
                }
            }
            "parquet" | "orc" => Err(analysis(format!(
                "streamlab reads streams from the \"socket\", \"rate\", \"csv\", \"json\" and \"text\" sources, not \"{name}\""
            ))),
            _ => READER_CLASS.call(&This::new(this), name, args, kwargs),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        READER_CLASS.method_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------------------
// DataFrame and GroupedData
// ---------------------------------------------------------------------------

/// A streaming DataFrame: a plan.
pub struct DataFrame {
    pub plan: Arc<Plan>,
    shared: Arc<SqlShared>,
}

impl DataFrame {
    fn value(shared: &Arc<SqlShared>, plan: Plan) -> Value {
        Value::object(DataFrame {
            plan: Arc::new(plan),
            shared: shared.clone(),
        })
    }

    fn derive(&self, plan: Analysis<Plan>) -> PyResult {
        plan.map(|p| DataFrame::value(&self.shared, p))
            .map_err(|e| analysis(e.to_string()))
    }

    /// `df.join(other, on, how)`: at least one side static.
    fn join(&self, b: Bound) -> PyResult {
        self.join_parts(b.get("other"), b.get("on"), b.get("how"))
    }

    /// `join` with its arguments (`crossJoin(other)` is `how="cross"`).
    fn join_parts(&self, other_v: Value, on_v: Value, how_v: Value) -> PyResult {
        use crate::structured::plan::JoinKind;
        let Some(other) = other_v.downcast::<DataFrame>() else {
            return Err(Exc::type_error(format!(
                "join() takes a DataFrame, not {}",
                other_v.type_name()
            )));
        };
        // `on` as a condition: equalities of a column of each side, ANDed.
        let condition = on_v.downcast::<Column>().map(|c| c.expr.clone());
        let no_condition = on_v.is_none();
        let on: Vec<String> = match on_v {
            _ if condition.is_some() => Vec::new(),
            Value::Str(s) => vec![s.to_string()],
            v @ (Value::List(_) | Value::Tuple(_)) => v
                .items()
                .map(|i| i.to_vec())
                .unwrap_or_default()
                .iter()
                .map(|x| match x {
                    Value::Str(s) => Ok(s.to_string()),
                    _ => Err(Exc::type_error(
                        "streamlab joins on column names: join(other, \"id\") or join(other, [\"a\", \"b\"]), not on Column conditions",
                    )),
                })
                .collect::<PyResult<_>>()?,
            // No `on`: every row of one side meets every row of the other.
            Value::None => Vec::new(),
            _ => {
                return Err(Exc::new(
                    ExcKind::NotImplementedError,
                    "streamlab joins on column names of both sides (join(other, \"id\") or join(other, [\"a\", \"b\"])), not on Column conditions such as df.a == other.b: rename a column with withColumnRenamed so both sides share the name",
                ))
            }
        };
        if on.is_empty() && condition.is_none() && !no_condition {
            return Err(Exc::value_error(
                "join() needs at least one key column in `on`",
            ));
        }
        let how = match how_v {
            Value::None => "inner".to_string(),
            Value::Str(s) => s.to_string(),
            other => {
                return Err(Exc::type_error(format!(
                    "how should be a str, not {}",
                    other.type_name()
                )))
            }
        };
        if !self.plan.is_static() && !other.plan.is_static() {
            return self.join_stream(other, &on, condition.as_ref(), &how);
        }
        let kind = JoinKind::parse(&how).ok_or_else(|| {
            let known = ["inner", "outer", "full", "fullouter", "full_outer", "leftouter", "left", "left_outer", "rightouter", "right", "right_outer", "leftsemi", "left_semi", "semi", "leftanti", "left_anti", "anti", "cross"];
            if known.contains(&how.to_ascii_lowercase().as_str()) {
                Exc::new(
                    ExcKind::NotImplementedError,
                    format!("join(how=\"{how}\") is not part of streamlab's subset: it runs inner, cross, left_outer, right_outer, left_semi and left_anti joins (and Spark's full outer is refused on streams)"),
                )
            } else {
                Exc::new(
                    ExcKind::IllegalArgumentException,
                    format!("Unsupported join type '{how}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'."),
                )
            }
        })?;
        let (me_static, other_static) = (self.plan.is_static(), other.plan.is_static());
        if !me_static && !other_static {
            return self.join_stream(other, &on, condition.as_ref(), &how);
        }
        // The stream (or, for two static DataFrames, the left side) drives
        // the join; the static side is looked up by key.
        let plan_left = !me_static || other_static;
        let (driver, lookup) = if plan_left {
            (self, other)
        } else {
            (other, self)
        };
        let keeps_lookup_rows = match kind {
            JoinKind::FullOuter => true,
            JoinKind::RightOuter => plan_left,
            JoinKind::LeftOuter => !plan_left,
            JoinKind::Inner | JoinKind::Cross | JoinKind::LeftSemi | JoinKind::LeftAnti => false,
        };
        if me_static && other_static && keeps_lookup_rows {
            return Err(Exc::new(
                ExcKind::NotImplementedError,
                format!("streamlab joins two static DataFrames with inner and left_outer joins, not {how}"),
            ));
        }
        let rows =
            crate::structured::batch::run_static(&lookup.plan, self.shared.shuffle_partitions());
        // Spark broadcasts a static side whose size it knows (files) and
        // sort-merges one made from Python data.
        let sized = matches!(lookup.plan.source_of(), Source::Static(s) if s.sized);
        // Without keys there is nothing to sort-merge on: a nested loop.
        let sort_merge = (!sized && !no_condition).then(|| self.shared.shuffle_partitions());
        // (driver's column, lookup's column) pairs.
        let pairs: Vec<(String, String)> = match &condition {
            None => on.iter().map(|n| (n.clone(), n.clone())).collect(),
            Some(c) => {
                let mut eqs = Vec::new();
                if !equalities(c, &mut eqs) {
                    return Err(Exc::new(
                        ExcKind::NotImplementedError,
                        format!("streamlab joins on equal columns (a.x == b.y, joined with &), not on {}", c.name()),
                    ));
                }
                let has = |d: &DataFrame, n: &str| d.plan.schema.iter().any(|(c, _)| c == n);
                eqs.into_iter()
                    .map(|(a, b)| {
                        if has(driver, &a) && has(lookup, &b) {
                            Ok((a, b))
                        } else if has(driver, &b) && has(lookup, &a) {
                            Ok((b, a))
                        } else {
                            Err(analysis(format!(
                                "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `{a}` or `{b}` cannot be resolved on its side of the join"
                            )))
                        }
                    })
                    .collect::<PyResult<_>>()?
            }
        };
        let mut plan = driver.plan.join_static_on(
            &lookup.plan.schema,
            rows,
            &pairs,
            (kind, plan_left),
            sort_merge,
            condition.is_none() && !no_condition,
        );
        // The Query pane names the static side by where it came from.
        if let (Ok(p), Source::Static(input)) = (&mut plan, lookup.plan.source_of()) {
            if let crate::structured::plan::Op::JoinStatic(j) = &mut p.op {
                if let Some(j) = Arc::get_mut(j) {
                    j.shown.origin = input.origin.clone();
                }
            }
        }
        self.derive(plan)
    }

    /// `self.join(other, on, how)` where both are streams.
    fn join_stream(
        &self,
        other: &DataFrame,
        on: &[String],
        condition: Option<&Expr>,
        how: &str,
    ) -> PyResult {
        use crate::structured::join::StreamJoinKind;
        let kind = StreamJoinKind::parse(how).ok_or_else(|| {
            Exc::new(
                ExcKind::IllegalArgumentException,
                format!("Unsupported join type '{how}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'."),
            )
        })?;
        let using = condition.is_none().then_some(on);
        self.derive(self.plan.join_stream(&other.plan, using, condition, kind))
    }

    /// The same DataFrame (`persist()`, `cache()`): static ones only.
    fn same(&self, what: &str) -> PyResult {
        if !self.plan.is_static() {
            return Err(streaming_only(what));
        }
        Ok(DataFrame::value(&self.shared, (*self.plan).clone()))
    }

    fn column(&self, name: &str) -> PyResult {
        if self.plan.schema.iter().any(|(n, _)| n == name) {
            Ok(Column::value(Expr::col(name)))
        } else {
            Err(analysis(
                Expr::col(name)
                    .bind(&self.plan.schema)
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default(),
            ))
        }
    }

    fn condition(&self, v: &Value) -> PyResult<Expr> {
        match v {
            Value::Str(s) => {
                parse_sql_expr(s).map_err(|e| Exc::new(ExcKind::ParseException, e.to_string()))
            }
            other => to_col("where()", other),
        }
    }
}

impl Object for DataFrame {
    fn type_name(&self) -> &str {
        "DataFrame"
    }
    fn repr(&self) -> String {
        let cols: Vec<String> = self
            .plan
            .schema
            .iter()
            .map(|(n, t)| format!("{n}: {}", t.sql_name()))
            .collect();
        format!("DataFrame[{}]", cols.join(", "))
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "writeStream" if self.plan.is_static() => Err(analysis(
                "[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called only on streaming Dataset/DataFrame.",
            )),
            "writeStream" => Ok(Value::object(Writer {
                plan: self.plan.clone(),
                shared: self.shared.clone(),
                state: Mutex::new(WriterState::default()),
            })),
            "isStreaming" => Ok(Value::Bool(!self.plan.is_static())),
            "na" => Ok(Value::object(NaFunctions {
                df: DataFrame {
                    plan: self.plan.clone(),
                    shared: self.shared.clone(),
                },
            })),
            "write" if !self.plan.is_static() => Err(analysis(
                "[CALL_ON_STREAMING_DATASET_UNSUPPORTED] The method `write` can not be called on streaming Dataset/DataFrame.",
            )),
            "write" => Ok(Value::object(BatchWriter {
                plan: self.plan.clone(),
                shared: self.shared.clone(),
                state: Mutex::new(BatchWriterState::default()),
            })),
            "rdd" => {
                let rows = self.rows("rdd")?;
                let rdd =
                    crate::engine::rdd::Rdd::parallelize(rows, self.shared.default_parallelism());
                let sc = self
                    .shared
                    .active_sc
                    .lock()
                    .clone()
                    .map(|sc| Value::Object(sc as Arc<dyn Object>));
                Ok(crate::engine::rdd_object::rdd_value_in(Arc::new(rdd), sc))
            }
            "dtypes" => Ok(Value::list(
                self.plan
                    .schema
                    .iter()
                    .map(|(n, t)| Value::tuple(vec![Value::str(n), Value::str(t.sql_name())]))
                    .collect(),
            )),
            "columns" => Ok(Value::list(
                self.plan
                    .schema
                    .iter()
                    .map(|(n, _)| Value::str(n))
                    .collect(),
            )),
            _ if self.plan.schema.iter().any(|(n, _)| n == name) => self.column(name),
            _ => Err(DATAFRAME_CLASS.info.no_attribute(name)),
        }
    }
    fn subscript(&self, _this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        Some(match index {
            Value::Str(s) => self.column(s),
            Value::Int(i) => match usize::try_from(*i)
                .ok()
                .and_then(|i| self.plan.schema.get(i))
            {
                Some((n, _)) => Ok(Column::value(Expr::col(n))),
                None => Err(Exc::index_error(format!(
                    "Column index must be non-negative but got {i}"
                ))),
            },
            Value::Object(_) => {
                to_col("DataFrame[...]", index).and_then(|c| self.derive(self.plan.filter(c)))
            }
            other => Err(Exc::type_error(format!(
                "unexpected item type: {}",
                other.type_name()
            ))),
        })
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "toPandas" | "pandas_api" => Err(Exc::new(
                ExcKind::NotImplementedError,
                format!("{name}() needs pandas, which streamlab does not have: use collect() for a list of Rows, or show() to print the rows"),
            )),
            "union" | "unionByName" => Err(Exc::new(
                ExcKind::NotImplementedError,
                format!("{name}() is not part of streamlab's DataFrame subset (its joins are join(static_df, \"key\"); union the RDDs, or the DStreams, instead)"),
            )),
            _ if DATAFRAME_CLASS.find(name).is_some() => {
                DATAFRAME_CLASS.call(self, name, args, kwargs)
            }
            _ => {
                let f = self.get_attr(this, name)?;
                crate::lang::compile::call_value(&f, args, kwargs)
            }
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        DATAFRAME_CLASS.info.names().collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl DataFrame {
    fn select(&self, b: Bound) -> PyResult {
        let cols = spread(b.rest().to_vec())
            .iter()
            .map(|v| to_col("select()", v))
            .collect::<PyResult<Vec<_>>>()?;
        self.derive(self.plan.select(cols))
    }

    fn select_expr(&self, b: Bound) -> PyResult {
        let mut cols = Vec::new();
        for v in spread(b.rest().to_vec()) {
            let Value::Str(s) = &v else {
                return Err(Exc::type_error("selectExpr() takes SQL expressions as str"));
            };
            cols.push(
                parse_sql_expr(s).map_err(|e| Exc::new(ExcKind::ParseException, e.to_string()))?,
            );
        }
        self.derive(self.plan.select(cols))
    }

    fn filter(&self, b: Bound) -> PyResult {
        let c = self.condition(&b.get("condition"))?;
        self.derive(self.plan.filter(c))
    }

    fn with_column(&self, b: Bound) -> PyResult {
        let Value::Str(n) = b.get("colName") else {
            return Err(Exc::type_error(
                "withColumn() takes the new column's name as a str",
            ));
        };
        let col = b.get("col");
        let Some(c) = col.downcast::<Column>() else {
            return Err(Exc::type_error("col should be Column"));
        };
        self.derive(self.plan.with_column(&n, c.expr.clone()))
    }

    /// `withColumns({name: col, ...})`: one projection, every new column
    /// computed from this DataFrame's columns; a name already there keeps
    /// its place, the others are appended in the dict's order.
    fn with_columns(&self, b: Bound) -> PyResult {
        // PySpark asserts one positional dict (keywords are for later versions).
        if b.rest().len() != 1 {
            return Err(Exc::new(ExcKind::AssertionError, ""));
        }
        let Some(Value::Dict(d)) = b.rest().first().cloned() else {
            let got = b
                .rest()
                .first()
                .map_or("NoneType", |v| v.type_name())
                .to_string();
            return Err(Exc::new(
                ExcKind::PySparkTypeError,
                format!("[NOT_DICT] Argument `colsMap` should be a dict, got {got}."),
            ));
        };
        let mut new: Vec<(String, Expr)> = Vec::new();
        for (k, v) in d.read().iter() {
            let Value::Str(name) = &k.0 else {
                return Err(Exc::type_error(
                    "withColumns() takes a dict of column names (str) to Columns",
                ));
            };
            let Some(c) = v.downcast::<Column>() else {
                return Err(Exc::type_error("col should be Column"));
            };
            new.push((name.to_string(), c.expr.clone()));
        }
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let mut cols: Vec<Expr> = Vec::new();
        for (n, _) in &self.plan.schema {
            match new.iter().find(|(m, _)| same(m, n)) {
                Some((m, e)) => cols.push(Expr::Alias(Box::new(e.clone()), m.clone())),
                None => cols.push(Expr::col(n)),
            }
        }
        for (m, e) in &new {
            if !self.plan.schema.iter().any(|(n, _)| same(m, n)) {
                cols.push(Expr::Alias(Box::new(e.clone()), m.clone()));
            }
        }
        self.derive(self.plan.select(cols))
    }

    /// The index of the column a name resolves to (Spark's error if none).
    fn resolve_index(&self, name: &str) -> PyResult<usize> {
        match Expr::col(name).bind(&self.plan.schema) {
            Ok(Expr::Ref(i, _)) => Ok(i),
            _ => match self.plan.select(vec![Expr::col(name)]) {
                Err(e) => Err(analysis(e.to_string())),
                Ok(_) => Err(analysis(format!("Cannot resolve column name \"{name}\""))),
            },
        }
    }

    /// The column names of a `subset` argument: a str or a list or tuple of str.
    fn subset_names(
        &self,
        subset: &Value,
        error_class: &str,
        allowed: &str,
    ) -> PyResult<Option<Vec<String>>> {
        let names = match subset {
            Value::None => return Ok(None),
            Value::Str(s) => vec![s.to_string()],
            Value::List(_) | Value::Tuple(_) => subset
                .items()
                .map(|i| i.to_vec())
                .unwrap_or_default()
                .iter()
                .map(|v| match v {
                    Value::Str(s) => Ok(s.to_string()),
                    other => Err(Exc::type_error(format!(
                        "subset takes column names (str), not {}",
                        other.type_name()
                    ))),
                })
                .collect::<PyResult<Vec<_>>>()?,
            other => {
                return Err(Exc::new(
                    ExcKind::PySparkTypeError,
                    format!(
                        "[{error_class}] Argument `subset` should be {allowed}, got {}.",
                        other.type_name()
                    ),
                ))
            }
        };
        Ok(Some(names))
    }

    /// The expression that replaces nulls (and NaN, in a double column) of
    /// column `i` by a value cast to the column's type, as Spark's fill does.
    fn filled(&self, i: usize, value: Cell) -> Expr {
        let (name, t) = &self.plan.schema[i];
        let mut col = Expr::Ref(i, name.clone());
        if *t == DataType::Double {
            col = Expr::Func(Func::Nanvl, vec![col, Expr::Lit(Cell::Null)]);
        }
        let fill = Expr::Cast(Box::new(Expr::Lit(value)), *t);
        Expr::Alias(
            Box::new(Expr::Func(Func::Coalesce, vec![col, fill])),
            name.clone(),
        )
    }

    /// `fillna(value, subset)` / `na.fill(value, subset)`.
    fn fill_na(&self, value: Value, subset: Value) -> PyResult {
        let schema = &self.plan.schema;
        let mut fills: Vec<Option<Cell>> = vec![None; schema.len()];
        match &value {
            Value::Dict(d) => {
                // A dict fills its columns whatever their type, the value cast.
                for (k, v) in d.read().iter() {
                    let Value::Str(name) = &k.0 else {
                        return Err(Exc::type_error("fillna() takes a dict of column names (str) to values"));
                    };
                    let i = self.resolve_index(name)?;
                    fills[i] = Some(match v {
                        Value::Bool(b) => Cell::Bool(*b),
                        Value::Int(n) => Cell::Int(*n),
                        Value::Float(f) => Cell::Double(*f),
                        Value::Str(s) => Cell::str(s),
                        other => {
                            return Err(Exc::new(
                                ExcKind::IllegalArgumentException,
                                format!("Unsupported value type {} ({}).", other.type_name(), other.repr()),
                            ))
                        }
                    });
                }
            }
            Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) => {
                let names = self.subset_names(&subset, "NOT_LIST_OR_TUPLE", "a list or tuple")?;
                let chosen: Option<Vec<usize>> = match names {
                    None => None,
                    Some(ns) => Some(ns.iter().map(|n| self.resolve_index(n)).collect::<PyResult<_>>()?),
                };
                // PySpark passes an int on as a float.
                let (cell, fits): (Cell, fn(DataType) -> bool) = match &value {
                    Value::Bool(b) => (Cell::Bool(*b), |t| t == DataType::Boolean),
                    Value::Int(n) => (Cell::Double(*n as f64), DataType::is_numeric),
                    Value::Float(f) => (Cell::Double(*f), DataType::is_numeric),
                    Value::Str(s) => (Cell::str(s), |t| t == DataType::String),
                    _ => unreachable!("matched above"),
                };
                for (i, (_, t)) in schema.iter().enumerate() {
                    if fits(*t) && chosen.as_ref().is_none_or(|c| c.contains(&i)) {
                        fills[i] = Some(cell.clone());
                    }
                }
            }
            other => {
                return Err(Exc::new(
                    ExcKind::PySparkTypeError,
                    format!(
                        "[NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR] Argument `value` should be a bool, dict, float, int or str, got {}.",
                        other.type_name()
                    ),
                ))
            }
        }
        let cols = fills
            .into_iter()
            .enumerate()
            .map(|(i, f)| match f {
                Some(v) => self.filled(i, v),
                None => Expr::Ref(i, schema[i].0.clone()),
            })
            .collect();
        self.derive(self.plan.select(cols))
    }

    /// `dropna(how, thresh, subset)` / `na.drop(...)`: the rows with at
    /// least `thresh` values that are neither null nor NaN among the subset.
    fn drop_na(&self, how: Value, thresh: Value, subset: Value) -> PyResult {
        let how = match how {
            Value::None => None,
            Value::Str(s) if &*s == "any" || &*s == "all" => Some(s.to_string()),
            other => {
                // PySpark 3.5 names the wrong parameter of its own message.
                return Err(Exc::new(
                    ExcKind::AssertionError,
                    format!(
                        "Undefined error message parameter for error class: VALUE_NOT_ANY_OR_ALL. Parameters: {{'arg_name': 'how', 'arg_type': {}}}",
                        other.repr()
                    ),
                ));
            }
        };
        let names =
            match self.subset_names(&subset, "NOT_LIST_OR_STR_OR_TUPLE", "a list, str or tuple")? {
                Some(ns) => ns,
                None => self.plan.schema.iter().map(|(n, _)| n.clone()).collect(),
            };
        let thresh = match thresh {
            Value::None if how.as_deref() == Some("any") => names.len() as i64,
            Value::None => 1,
            Value::Int(n) => n,
            other => {
                return Err(Exc::type_error(format!(
                    "thresh should be an int, not {}",
                    other.type_name()
                )))
            }
        };
        let mut count = Expr::Lit(Cell::Int(0));
        for n in &names {
            let i = self.resolve_index(n)?;
            let (name, t) = &self.plan.schema[i];
            let mut col = Expr::Ref(i, name.clone());
            if *t == DataType::Double {
                col = Expr::Func(Func::Nanvl, vec![col, Expr::Lit(Cell::Null)]);
            }
            let one = Expr::Case(
                vec![(Expr::IsNull(Box::new(col), true), Expr::Lit(Cell::Int(1)))],
                Some(Box::new(Expr::Lit(Cell::Int(0)))),
            );
            count = Expr::Arith(ArithOp::Add, Box::new(count), Box::new(one));
        }
        let cond = Expr::Cmp(
            CmpOp::GtE,
            Box::new(count),
            Box::new(Expr::Lit(Cell::Int(thresh))),
        );
        self.derive(self.plan.filter(cond))
    }

    /// `withColumnsRenamed({existing: new})`: each pair in turn renames the
    /// columns its name matches (case-insensitively, as Spark's resolver).
    fn with_columns_renamed(&self, b: Bound) -> PyResult {
        let Value::Dict(d) = b.get("colsMap") else {
            return Err(Exc::new(
                ExcKind::PySparkTypeError,
                format!(
                    "[NOT_DICT] Argument `colsMap` should be a dict, got {}.",
                    b.get("colsMap").type_name()
                ),
            ));
        };
        let mut names: Vec<String> = self.plan.schema.iter().map(|(n, _)| n.clone()).collect();
        for (k, v) in d.read().iter() {
            let (Value::Str(old), Value::Str(new)) = (&k.0, v) else {
                return Err(Exc::type_error(
                    "withColumnsRenamed() takes a dict of column names (str) to new names (str)",
                ));
            };
            for n in names.iter_mut() {
                if n.eq_ignore_ascii_case(old) {
                    *n = new.to_string();
                }
            }
        }
        let cols = self
            .plan
            .schema
            .iter()
            .enumerate()
            .map(|(i, (n, _))| {
                let r = Expr::Ref(i, n.clone());
                if &names[i] == n {
                    r
                } else {
                    Expr::Alias(Box::new(r), names[i].clone())
                }
            })
            .collect();
        self.derive(self.plan.select(cols))
    }

    /// `replace(to_replace, value, subset)` / `na.replace(...)`: PySpark's
    /// checks, then in each column of the keys' type (numbers, str, bool)
    /// `CASE WHEN c = old THEN new ... ELSE c END`, the new values cast to
    /// the column's type.
    fn replace_values(&self, to_replace: Value, value: Option<Value>, subset: Value) -> PyResult {
        let type_err = |msg: String| Exc::new(ExcKind::PySparkTypeError, msg);
        let value =
            match value {
                Some(v) => v,
                None if matches!(to_replace, Value::Dict(_)) => Value::None,
                None => return Err(type_err(
                    "[ARGUMENT_REQUIRED] Argument `value` is required when `to_replace` is dict."
                        .into(),
                )),
            };
        let scalar = |v: &Value| {
            matches!(
                v,
                Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_)
            )
        };
        let seq = |v: &Value| matches!(v, Value::List(_) | Value::Tuple(_));
        if !(scalar(&to_replace) || seq(&to_replace) || matches!(to_replace, Value::Dict(_))) {
            return Err(type_err(format!(
                "[NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_LIST_OR_STR_OR_TUPLE] Argument `to_replace` should be a bool, dict, float, int, str or tuple, got {}.",
                to_replace.type_name()
            )));
        }
        if !(scalar(&value)
            || seq(&value)
            || value.is_none()
            || matches!(to_replace, Value::Dict(_)))
        {
            return Err(type_err(format!(
                "[NOT_BOOL_OR_FLOAT_OR_INT_OR_LIST_OR_NONE_OR_STR_OR_TUPLE] Argument `value` should be a bool, float, int, list, None, str or tuple, got {}.",
                value.type_name()
            )));
        }
        let items = |v: &Value| v.items().map(|i| i.to_vec()).unwrap_or_default();
        if seq(&to_replace) && seq(&value) && items(&to_replace).len() != items(&value).len() {
            return Err(Exc::new(
                ExcKind::PySparkValueError,
                format!(
                    "[LENGTH_SHOULD_BE_THE_SAME] to_replace and value should be of the same length, got {} and {}.",
                    items(&to_replace).len(),
                    items(&value).len()
                ),
            ));
        }
        let names =
            self.subset_names(&subset, "NOT_LIST_OR_STR_OR_TUPLE", "a list, str or tuple")?;
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        let mut put = |k: Value, v: Value| match pairs
            .iter_mut()
            .find(|(old, _)| crate::lang::ops::py_eq(old, &k))
        {
            Some(p) => p.1 = v,
            None => pairs.push((k, v)),
        };
        match &to_replace {
            Value::Dict(d) => {
                for (k, v) in d.read().iter() {
                    put(k.0.clone(), v.clone());
                }
            }
            _ => {
                let keys = if scalar(&to_replace) {
                    vec![to_replace.clone()]
                } else {
                    items(&to_replace)
                };
                let values = if seq(&value) {
                    items(&value)
                } else {
                    vec![value.clone(); keys.len()]
                };
                for (k, v) in keys.into_iter().zip(values) {
                    put(k, v);
                }
            }
        }
        let all = |f: fn(&Value) -> bool| {
            pairs.iter().all(|(k, _)| f(k)) && pairs.iter().all(|(_, v)| v.is_none() || f(v))
        };
        let is_bool: fn(&Value) -> bool = |v| matches!(v, Value::Bool(_));
        let is_str: fn(&Value) -> bool = |v| matches!(v, Value::Str(_));
        let is_num: fn(&Value) -> bool =
            |v| matches!(v, Value::Bool(_) | Value::Int(_) | Value::Float(_));
        if !(all(is_bool) || all(is_str) || all(is_num)) {
            return Err(Exc::new(
                ExcKind::PySparkValueError,
                "[MIXED_TYPE_REPLACEMENT] Mixed type replacements are not supported.",
            ));
        }
        let Some((first, _)) = pairs.first() else {
            return self.derive(Ok((*self.plan).clone()));
        };
        let fits: fn(DataType) -> bool = match first {
            Value::Bool(_) => |t| t == DataType::Boolean,
            Value::Str(_) => |t| t == DataType::String,
            _ => DataType::is_numeric,
        };
        let cell = |v: &Value| match v {
            Value::Bool(b) => Cell::Bool(*b),
            Value::Int(i) => Cell::Double(*i as f64),
            Value::Float(f) => Cell::Double(*f),
            Value::Str(s) => Cell::str(s),
            _ => Cell::Null,
        };
        let chosen: Option<Vec<usize>> = match names {
            None => None,
            Some(ns) => Some(
                ns.iter()
                    .map(|n| self.resolve_index(n))
                    .collect::<PyResult<_>>()?,
            ),
        };
        let cols = self
            .plan
            .schema
            .iter()
            .enumerate()
            .map(|(i, (n, t))| {
                let r = Expr::Ref(i, n.clone());
                if !fits(*t) || !chosen.as_ref().is_none_or(|c| c.contains(&i)) {
                    return r;
                }
                let branches = pairs
                    .iter()
                    .map(|(k, v)| {
                        (
                            Expr::Cmp(CmpOp::Eq, Box::new(r.clone()), Box::new(Expr::Lit(cell(k)))),
                            Expr::Cast(Box::new(Expr::Lit(cell(v))), *t),
                        )
                    })
                    .collect();
                Expr::Alias(
                    Box::new(Expr::Case(branches, Some(Box::new(r.clone())))),
                    n.clone(),
                )
            })
            .collect();
        self.derive(self.plan.select(cols))
    }

    fn with_column_renamed(&self, b: Bound) -> PyResult {
        let (Value::Str(old), Value::Str(new)) = (b.get("existing"), b.get("new")) else {
            return Err(Exc::type_error(
                "withColumnRenamed() takes two column names (str)",
            ));
        };
        let cols = self
            .plan
            .schema
            .iter()
            .map(|(n, _)| {
                if n == &*old {
                    Expr::Alias(Box::new(Expr::col(n)), new.to_string())
                } else {
                    Expr::col(n)
                }
            })
            .collect();
        self.derive(self.plan.select(cols))
    }

    /// `drop("a", "b")` / `drop(col("a"))`: the other columns, in order; a
    /// name matches case-insensitively, as Spark's resolver does.
    fn drop(&self, b: Bound) -> PyResult {
        let names = spread(b.rest().to_vec())
            .iter()
            .map(|v| match v {
                Value::Str(s) => Ok(s.to_string()),
                other => match other.downcast::<Column>().map(|c| &c.expr) {
                    Some(Expr::Col(n)) => Ok(n.clone()),
                    _ => Err(Exc::type_error(format!(
                        "drop() takes column names or col(\"name\"), not {}",
                        other.repr()
                    ))),
                },
            })
            .collect::<PyResult<Vec<String>>>()?;
        let cols: Vec<Expr> = self
            .plan
            .schema
            .iter()
            .filter(|(n, _)| !names.iter().any(|d| d.eq_ignore_ascii_case(n)))
            .map(|(n, _)| Expr::col(n))
            .collect();
        if cols.is_empty() {
            return Err(analysis(
                "drop() would leave no columns: streamlab's DataFrames keep at least one",
            ));
        }
        self.derive(self.plan.select(cols))
    }

    fn group_by(&self, b: Bound) -> PyResult {
        let keys = spread(b.rest().to_vec())
            .iter()
            .map(|v| to_col("groupBy()", v))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Value::object(GroupedData {
            df: DataFrame {
                plan: self.plan.clone(),
                shared: self.shared.clone(),
            },
            keys,
        }))
    }

    fn with_watermark(&self, b: Bound) -> PyResult {
        let Value::Str(col) = b.get("eventTime") else {
            return Err(Exc::type_error("eventTime should be provided as a string"));
        };
        let delay = interval("delayThreshold", &b.get("delayThreshold"))?;
        self.derive(self.plan.with_watermark(&col, delay))
    }

    fn drop_duplicates(&self, b: Bound) -> PyResult {
        let cols = match b.get("subset") {
            Value::None => None,
            v @ (Value::List(_) | Value::Tuple(_)) => Some(
                v.items()
                    .unwrap_or(crate::lang::value::Items::Shared(&[]))
                    .iter()
                    .map(|v| match v {
                        Value::Str(s) => Ok(s.to_string()),
                        _ => Err(Exc::type_error(
                            "dropDuplicates() takes a list of column names",
                        )),
                    })
                    .collect::<PyResult<Vec<_>>>()?,
            ),
            _ => {
                return Err(Exc::type_error(
                    "Parameter 'subset' must be a list of column names",
                ))
            }
        };
        self.derive(self.plan.drop_duplicates(cols))
    }

    fn print_schema(&self, _b: Bound) -> PyResult {
        let mut s = String::from("root\n");
        for (n, t) in &self.plan.schema {
            s.push_str(&format!(" |-- {n}: {} (nullable = true)\n", t.type_name()));
        }
        self.shared.host.print(&format!("{s}\n"), false);
        Ok(Value::None)
    }

    /// The rows of a static DataFrame, as `Row`s; a streaming one has none.
    fn rows(&self, what: &str) -> PyResult<Vec<Value>> {
        if !self.plan.is_static() {
            return Err(streaming_only(what));
        }
        Ok(static_frames::collect_rows(
            &self.plan,
            self.shared.shuffle_partitions(),
        ))
    }

    fn show(&self, b: Bound) -> PyResult {
        if !self.plan.is_static() {
            return Err(streaming_only("show"));
        }
        let n = match b.get("n") {
            Value::Int(n) => usize::try_from(n).unwrap_or(0),
            Value::Bool(_) | Value::None => DEFAULT_NUM_ROWS,
            other => {
                return Err(Exc::type_error(format!(
                    "[NOT_BOOL] Argument `n` should be a bool or an int, got {}.",
                    other.type_name()
                )))
            }
        };
        let truncate = match b.get("truncate") {
            Value::Bool(true) => DEFAULT_TRUNCATE,
            Value::Bool(false) => 0,
            Value::Int(t) => usize::try_from(t).unwrap_or(0),
            other => {
                return Err(Exc::type_error(format!(
                    "[NOT_BOOL] Argument `truncate` should be a bool or an int, got {}.",
                    other.type_name()
                )))
            }
        };
        if b.get("vertical").truthy() {
            return Err(Exc::new(
                ExcKind::NotImplementedError,
                "show(vertical=True) is not part of streamlab's subset: use show() for the table, or collect() for the rows",
            ));
        }
        let rows =
            crate::structured::batch::run_static(&self.plan, self.shared.shuffle_partitions());
        let shown: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(Cell::show).collect())
            .collect();
        let columns: Vec<String> = self.plan.schema.iter().map(|(c, _)| c.clone()).collect();
        let text = crate::structured::console::show_string(&columns, &shown, n, truncate);
        self.shared.host.print(&format!("{text}\n"), false);
        Ok(Value::None)
    }

    fn order_by(&self, b: Bound) -> PyResult {
        let asc: Vec<bool> = match b.given("ascending") {
            None => Vec::new(),
            Some(Value::Bool(a)) => vec![*a],
            Some(v @ (Value::List(_) | Value::Tuple(_))) => v
                .items()
                .map(|i| i.iter().map(Value::truthy).collect())
                .unwrap_or_default(),
            Some(other) => vec![other.truthy()],
        };
        let mut keys = Vec::new();
        for (i, v) in spread(b.rest().to_vec()).iter().enumerate() {
            let (e, default_asc) = match v.downcast::<Column>() {
                Some(c) => (c.expr.clone(), c.ascending.unwrap_or(true)),
                None => (to_col("orderBy()", v)?, true),
            };
            let a = match asc.len() {
                0 => default_asc,
                1 => asc[0],
                _ => asc.get(i).copied().unwrap_or(true),
            };
            keys.push((e, a));
        }
        self.derive(self.plan.sort(keys))
    }
}

/// The class `DataFrame` (streaming DataFrames only).
pub static DATAFRAME_CLASS: LazyLock<Class<DataFrame>> = LazyLock::new(|| {
    Class::new(
        "DataFrame",
        vec![
            m("select", "(*cols)", "The columns given (Columns or names; \"*\" for all).", DATAFRAME, DataFrame::select),
            m("selectExpr", "(*expr)", "Columns given as SQL expressions (\"n * 2 AS double\").", DATAFRAME, DataFrame::select_expr),
            m("where", "(condition)", "The rows for which the condition (a Column or a SQL string) holds.", DATAFRAME, DataFrame::filter),
            m("filter", "(condition)", "The rows for which the condition (a Column or a SQL string) holds (as where).", DATAFRAME, DataFrame::filter),
            m("withColumn", "(colName, col)", "The DataFrame with a column added or replaced.", DATAFRAME, DataFrame::with_column),
            m("withColumns", "(*colsMap)", "The DataFrame with the columns of a dict {name: Column} added or replaced, all computed from this DataFrame's columns.", DATAFRAME, DataFrame::with_columns),
            m("fillna", "(value, subset=None)", "Nulls replaced by value in the columns of its type (an int or float fills numeric columns, NaN too; a str string columns; a bool boolean columns), or by column with a dict.", DATAFRAME, |d, b| d.fill_na(b.get("value"), b.get("subset"))),
            m("dropna", "(how='any', thresh=None, subset=None)", "The rows with no null (how=\"any\"), not all null (\"all\"), or at least thresh non-null values among the subset's columns (NaN counts as null).", DATAFRAME, |d, b| d.drop_na(b.get("how"), b.get("thresh"), b.get("subset"))),
            m("replace", "(to_replace, value=None, subset=None)", "Values replaced: to_replace a value, a list (value a value or a list as long) or a dict {old: new}; only in the columns of the values' type (numbers, str or bool).", DATAFRAME, |d, b| {
                d.replace_values(b.get("to_replace"), b.given("value").cloned(), b.get("subset"))
            }),
            m("withColumnsRenamed", "(colsMap)", "The DataFrame with columns renamed by a dict {existing: new} (names not there are ignored).", DATAFRAME, DataFrame::with_columns_renamed),
            m("withColumnRenamed", "(existing, new)", "The DataFrame with a column renamed.", DATAFRAME, DataFrame::with_column_renamed),
            m("drop", "(*cols)", "The DataFrame without the columns named (names not there are ignored).", DATAFRAME, DataFrame::drop),
            m("groupBy", "(*cols)", "Group the rows by columns, for an aggregation (count(), agg(...)).", Returns::Class("GroupedData"), DataFrame::group_by),
            m("groupby", "(*cols)", "Group the rows by columns (as groupBy).", Returns::Class("GroupedData"), DataFrame::group_by),
            m("join", "(other, on=None, how=None)", "Join with a static DataFrame on columns of the same name (on=\"id\" or [\"a\", \"b\"]) or equal columns (a.x == b.y); how: \"inner\" (the default), \"left_outer\", \"right_outer\", \"left_semi\", \"left_anti\", \"cross\"; without on, every pair of rows.", DATAFRAME, DataFrame::join),
            m("crossJoin", "(other)", "Every row of this DataFrame with every row of a static one (join(other, how=\"cross\")).", DATAFRAME, |d, b| {
                d.join_parts(b.get("other"), Value::None, Value::str("cross"))
            }),
            m("agg", "(*exprs)", "Aggregate all rows into one (as groupBy().agg(...)).", DATAFRAME, |d, b| {
                let aggs = agg_columns(b.rest())?;
                d.derive(d.plan.aggregate(Vec::new(), aggs))
            }),
            m("withWatermark", "(eventTime, delayThreshold)", "Declare how late event-time data may arrive (\"10 minutes\"), so old state can be dropped.", DATAFRAME, DataFrame::with_watermark),
            m("dropDuplicates", "(subset=None)", "The rows not seen before (by the subset of columns, else whole rows).", DATAFRAME, DataFrame::drop_duplicates),
            m("drop_duplicates", "(subset=None)", "The rows not seen before (as dropDuplicates).", DATAFRAME, DataFrame::drop_duplicates),
            m("printSchema", "(level=None)", "Print the column names and types as a tree.", NOTHING, DataFrame::print_schema),
            m("orderBy", "(*cols, ascending=True)", "The rows sorted by the columns (col.desc() or ascending=False for descending); on a stream only after an aggregation in complete mode.", DATAFRAME, DataFrame::order_by),
            m("sort", "(*cols, ascending=True)", "The rows sorted by the columns (as orderBy).", DATAFRAME, DataFrame::order_by),
            m("limit", "(num)", "The first num rows.", DATAFRAME, |d, b| {
                let n = crate::lang::args::count_arg("num", &b.get("num"))?;
                d.derive(Ok(d.plan.limit(n)))
            }),
            m("distinct", "()", "The distinct rows.", DATAFRAME, |d, _| d.derive(d.plan.drop_duplicates(None))),
            m("persist", "(storageLevel=None)", "Keep the rows for reuse (static DataFrames; streamlab holds them anyway).", DATAFRAME, |d, _| d.same("persist")),
            m("cache", "()", "Keep the rows for reuse (as persist()).", DATAFRAME, |d, _| d.same("cache")),
            m("unpersist", "(blocking=False)", "Stop keeping the rows (as persist(), nothing to undo in streamlab).", DATAFRAME, |d, _| d.same("unpersist")),
            m("isEmpty", "()", "True if the DataFrame has no rows. Static DataFrames only.", Returns::Class("bool"), |d, _| Ok(Value::Bool(d.rows("isEmpty")?.is_empty()))),
            m("show", "(n=20, truncate=True, vertical=False)", "Print the first n rows as a table (truncate=False: whole cells). Static DataFrames only.", NOTHING, DataFrame::show),
            m("collect", "()", "All rows, as a list of Row. Static DataFrames only.", Returns::Class("list"), |d, _| Ok(Value::list(d.rows("collect")?))),
            m("count", "()", "The number of rows. Static DataFrames only.", Returns::Class("int"), |d, _| Ok(Value::Int(d.rows("count")?.len() as i64))),
            m("take", "(num)", "The first num rows, as a list of Row.", Returns::Class("list"), |d, b| {
                let n = crate::lang::args::count_arg("num", &b.get("num"))?;
                Ok(Value::list(d.rows("take")?.into_iter().take(n).collect()))
            }),
            m("head", "(n=None)", "The first row (None if there is none), or the first n as a list.", Returns::Unknown, |d, b| {
                let rows = d.rows("head")?;
                match b.get("n") {
                    Value::None => Ok(rows.into_iter().next().unwrap_or(Value::None)),
                    v => {
                        let n = crate::lang::args::count_arg("n", &v)?;
                        Ok(Value::list(rows.into_iter().take(n).collect()))
                    }
                }
            }),
            m("first", "()", "The first row, or None.", Returns::Unknown, |d, _| {
                Ok(d.rows("first")?.into_iter().next().unwrap_or(Value::None))
            }),
            m("createOrReplaceTempView", "(name)", "Register the DataFrame as a temporary view for spark.sql (replacing one of that name).", NOTHING, |d, b| {
                let Value::Str(n) = b.get("name") else {
                    return Err(Exc::type_error("the view's name should be a str"));
                };
                d.shared.memory_tables.lock().remove(&*n);
                d.shared.views.lock().insert(n.to_string(), d.plan.clone());
                Ok(Value::None)
            }),
            m("createTempView", "(name)", "Register the DataFrame as a temporary view for spark.sql (the name must be new).", NOTHING, |d, b| {
                let Value::Str(n) = b.get("name") else {
                    return Err(Exc::type_error("the view's name should be a str"));
                };
                let mut views = d.shared.views.lock();
                if views.contains_key(&*n) || d.shared.memory_tables.lock().contains_key(&*n) {
                    return Err(analysis(format!("[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `{n}` because it already exists.\nChoose a different name, drop or replace the existing view,  or add the IF NOT EXISTS clause to tolerate pre-existing views.")));
                }
                views.insert(n.to_string(), d.plan.clone());
                Ok(Value::None)
            }),
            m("toDF", "(*cols)", "The DataFrame with its columns renamed, in order.", DATAFRAME, |d, b| {
                let names = b.rest();
                if names.len() != d.plan.schema.len() {
                    return Err(Exc::new(ExcKind::IllegalArgumentException, format!(
                        "requirement failed: The number of columns doesn't match.\nOld column names ({}): {}\nNew column names ({}): {}",
                        d.plan.schema.len(),
                        d.plan.schema.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join(", "),
                        names.len(),
                        names.iter().map(|v| v.to_str()).collect::<Vec<_>>().join(", ")
                    )));
                }
                let cols = d
                    .plan
                    .schema
                    .iter()
                    .zip(names)
                    .map(|((old, _), new)| match new {
                        Value::Str(n) => Ok(Expr::Alias(Box::new(Expr::col(old)), n.to_string())),
                        other => Err(Exc::type_error(format!("toDF() takes column names (str), not {}", other.type_name()))),
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                d.derive(d.plan.select(cols))
            }),
        ],
        &[
            Attribute {
                name: "writeStream",
                doc: "The DataStreamWriter that starts a query writing this DataFrame to a sink.",
                returns: WRITER,
            },
            Attribute {
                name: "write",
                doc: "The DataFrameWriter that saves a static DataFrame as csv, json or text files.",
                returns: Returns::Class("DataFrameWriter"),
            },
            Attribute {
                name: "isStreaming",
                doc: "True for DataFrames from spark.readStream, False for those from createDataFrame or spark.sql over them.",
                returns: Returns::Class("bool"),
            },
            Attribute {
                name: "rdd",
                doc: "The rows as an RDD of Row (static DataFrames only).",
                returns: Returns::Class("RDD"),
            },
            Attribute {
                name: "dtypes",
                doc: "The columns' names and types, as a list of pairs.",
                returns: Returns::Class("list"),
            },
            Attribute {
                name: "columns",
                doc: "The column names, as a list.",
                returns: Returns::Class("list"),
            },
        ],
    )
});

/// `df.na`: `fill`, `drop` (as `fillna`, `dropna`).
pub struct NaFunctions {
    df: DataFrame,
}

impl Object for NaFunctions {
    fn type_name(&self) -> &str {
        "DataFrameNaFunctions"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.dataframe.DataFrameNaFunctions object>".into()
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        NA_CLASS.call(self, name, args, kwargs)
    }
    fn attr_names(&self) -> Vec<&'static str> {
        NA_CLASS.method_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The class `DataFrameNaFunctions` (`df.na`).
pub static NA_CLASS: LazyLock<Class<NaFunctions>> = LazyLock::new(|| {
    Class::new(
        "DataFrameNaFunctions",
        vec![
            m(
                "fill",
                "(value, subset=None)",
                "As DataFrame.fillna.",
                DATAFRAME,
                |n, b| n.df.fill_na(b.get("value"), b.get("subset")),
            ),
            m(
                "drop",
                "(how='any', thresh=None, subset=None)",
                "As DataFrame.dropna.",
                DATAFRAME,
                |n, b| n.df.drop_na(b.get("how"), b.get("thresh"), b.get("subset")),
            ),
            m(
                "replace",
                "(to_replace, value=None, subset=None)",
                "As DataFrame.replace.",
                DATAFRAME,
                |n, b| {
                    n.df.replace_values(
                        b.get("to_replace"),
                        b.given("value").cloned(),
                        b.get("subset"),
                    )
                },
            ),
        ],
        &[],
    )
});

/// `df.groupBy(...)`.
pub struct GroupedData {
    df: DataFrame,
    keys: Vec<Expr>,
}

impl Object for GroupedData {
    fn type_name(&self) -> &str {
        "GroupedData"
    }
    fn repr(&self) -> String {
        format!(
            "GroupedData[grouping expressions: [{}]]",
            self.keys
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "applyInPandas" | "applyInPandasWithState" | "cogroup" => Err(Exc::new(
                ExcKind::NotImplementedError,
                format!("{name}() runs pandas code, and streamlab has no pandas: aggregate with agg(count(...), sum(...), ...) here, or keep per-key state on a DStream with updateStateByKey"),
            )),
            _ => GROUPED_CLASS.call(self, name, args, kwargs),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        GROUPED_CLASS.method_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl GroupedData {
    fn aggregate(&self, aggs: Vec<Expr>) -> PyResult {
        self.df
            .derive(self.df.plan.aggregate(self.keys.clone(), aggs))
    }

    /// `sum("n")`, `avg("n")`, ...: the aggregate of each column named.
    fn numeric(&self, f: AggFn, name: &str, b: Bound) -> PyResult {
        let aggs = b
            .rest()
            .iter()
            .map(|v| match v {
                Value::Str(s) => Ok(Expr::Agg(f, Some(Box::new(Expr::col(s))))),
                _ => Err(Exc::type_error(format!(
                    "{name}() takes column names (str)"
                ))),
            })
            .collect::<PyResult<_>>()?;
        self.aggregate(aggs)
    }
}

/// The column pairs of a join condition `a.x == b.y & a.z == b.w`, if it
/// is only that.
fn equalities(e: &Expr, out: &mut Vec<(String, String)>) -> bool {
    match e {
        Expr::Cmp(CmpOp::Eq, a, b) => match (a.as_ref(), b.as_ref()) {
            (Expr::Col(x), Expr::Col(y)) => {
                out.push((x.clone(), y.clone()));
                true
            }
            _ => false,
        },
        Expr::Logic(true, a, b) => equalities(a, out) && equalities(b, out),
        _ => false,
    }
}

/// The aggregate columns of `agg(...)`.
fn agg_columns(args: &[Value]) -> PyResult<Vec<Expr>> {
    let args = spread(args.to_vec());
    if args.is_empty() {
        return Err(Exc::new(
            ExcKind::AssertionError,
            "exprs should not be empty",
        ));
    }
    args.iter()
        .map(|v| match v.downcast::<Column>() {
            Some(c) => Ok(c.expr.clone()),
            None => Err(Exc::type_error(
                "agg() takes Columns such as count(\"*\") or sum(\"n\")",
            )),
        })
        .collect()
}

/// The class `GroupedData` (`df.groupBy(...)`).
pub static GROUPED_CLASS: LazyLock<Class<GroupedData>> = LazyLock::new(|| {
    Class::new(
        "GroupedData",
        vec![
            m(
                "count",
                "()",
                "The number of rows of each group, as a column \"count\".",
                DATAFRAME,
                |g, _| {
                    g.aggregate(vec![Expr::Alias(
                        Box::new(Expr::Agg(AggFn::Count, None)),
                        "count".into(),
                    )])
                },
            ),
            m(
                "agg",
                "(*exprs)",
                "Aggregate each group with the columns given (count(\"*\"), sum(\"n\"), ...).",
                DATAFRAME,
                |g, b| g.aggregate(agg_columns(b.rest())?),
            ),
            m(
                "sum",
                "(*cols)",
                "The sum of each numeric column named, per group.",
                DATAFRAME,
                |g, b| g.numeric(AggFn::Sum, "sum", b),
            ),
            m(
                "avg",
                "(*cols)",
                "The mean of each numeric column named, per group.",
                DATAFRAME,
                |g, b| g.numeric(AggFn::Avg, "avg", b),
            ),
            m(
                "mean",
                "(*cols)",
                "The mean of each numeric column named, per group (as avg).",
                DATAFRAME,
                |g, b| g.numeric(AggFn::Avg, "mean", b),
            ),
            m(
                "min",
                "(*cols)",
                "The minimum of each column named, per group.",
                DATAFRAME,
                |g, b| g.numeric(AggFn::Min, "min", b),
            ),
            m(
                "max",
                "(*cols)",
                "The maximum of each column named, per group.",
                DATAFRAME,
                |g, b| g.numeric(AggFn::Max, "max", b),
            ),
        ],
        &[],
    )
});

// ---------------------------------------------------------------------------
// df.write (static DataFrames)
// ---------------------------------------------------------------------------

#[derive(Default, Clone)]
struct BatchWriterState {
    mode: Option<String>,
    format: Option<String>,
    options: Vec<(String, String)>,
}

/// `df.write` of a static DataFrame.
pub struct BatchWriter {
    plan: Arc<Plan>,
    shared: Arc<SqlShared>,
    state: Mutex<BatchWriterState>,
}

/// The text of one part file: `format` is "csv", "json" or "text"; a csv
/// file starts with the column names when `header` is set.
fn part_text(
    format: &str,
    names: &[String],
    rows: &[crate::structured::cell::Row],
    sep: char,
    header: bool,
) -> String {
    let mut text = String::new();
    if format == "csv" && header {
        text.push_str(&names.join(&sep.to_string()));
        text.push('\n');
    }
    for r in rows {
        text.push_str(&match format {
            "csv" => crate::structured::write::csv_line(r, sep),
            "json" => crate::structured::write::json_line(names, r),
            _ => crate::structured::write::text_line(r),
        });
        text.push('\n');
    }
    text
}

/// The extension of a part file of `format`, as Spark names them.
fn file_extension(format: &str) -> &'static str {
    match format {
        "csv" => "csv",
        "json" => "json",
        _ => "txt",
    }
}

/// `writeStream.format("csv" | "json" | "text")`: Spark's file sink, append
/// mode only. Each micro-batch writes one part file per partition that has
/// rows (partition 0 always, empty or not, as Spark's first write task does),
/// then the batch's entry `_spark_metadata/N` of the sink's log, which lists
/// the files it added; `spark.read` of the directory reads them all back.
struct FileSink {
    dir: std::path::PathBuf,
    checkpoint: std::path::PathBuf,
    format: String,
    names: Vec<String>,
    sep: char,
    header: bool,
}

impl FileSink {
    /// One entry of the sink's log for `file`, in Spark's fields.
    fn log_entry(file: &std::path::Path, size: usize) -> String {
        let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let modified = std::fs::metadata(file)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        format!(
            "{{\"path\":{},\"size\":{size},\"isDir\":false,\"modificationTime\":{modified},\"blockReplication\":1,\"blockSize\":33554432,\"action\":\"add\"}}",
            crate::structured::write::json_string(&format!("file://{}", abs.display()))
        )
    }
}

/// Spark's `spark.sql.streaming.fileSink.log.compactInterval` default.
const COMPACT_INTERVAL: u64 = 10;

impl ProgramSink for FileSink {
    fn kind(&self) -> &'static str {
        "file sink"
    }
    fn write(
        &self,
        batch: u64,
        _schema: &crate::structured::expr::Schema,
        parts: Vec<Vec<crate::structured::cell::Row>>,
    ) -> Result<SinkWrote, String> {
        let io = |what: &std::path::Path, e: std::io::Error| {
            format!("cannot write {}: {e}", what.display())
        };
        let log = self.dir.join("_spark_metadata");
        std::fs::create_dir_all(&log).map_err(|e| io(&log, e))?;
        let commits = self.checkpoint.join("commits");
        std::fs::create_dir_all(&commits).map_err(|e| io(&commits, e))?;
        let id = write_id();
        let ext = file_extension(&self.format);
        let mut log_text = String::from("v1");
        let (mut files, mut rows) = (0usize, 0usize);
        let mut written = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() && i != 0 {
                continue;
            }
            let text = part_text(&self.format, &self.names, part, self.sep, self.header);
            let file = self.dir.join(format!("part-{i:05}-{id}-c000.{ext}"));
            crate::structured::write::write_checked(&file, text.as_bytes())
                .map_err(|e| io(&file, e))?;
            log_text.push('\n');
            log_text.push_str(&FileSink::log_entry(&file, text.len()));
            files += 1;
            rows += part.len();
            written.push((
                file.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                part.len(),
            ));
        }
        // Every 10th batch (ids 9, 19, ...) Spark compacts the log: the
        // batch's entry is `N.compact`, with every file since batch 0.
        let entry = if batch.saturating_add(1).is_multiple_of(COMPACT_INTERVAL) {
            let mut all = String::from("v1");
            let earlier =
                (batch.saturating_sub(COMPACT_INTERVAL - 1)..batch).map(|b| b.to_string());
            let previous = batch
                .checked_sub(COMPACT_INTERVAL)
                .map(|b| format!("{b}.compact"));
            for name in previous.into_iter().chain(earlier) {
                if let Ok(text) = std::fs::read_to_string(log.join(name)) {
                    for line in text.lines().skip(1) {
                        all.push('\n');
                        all.push_str(line);
                    }
                }
            }
            for line in log_text.lines().skip(1) {
                all.push('\n');
                all.push_str(line);
            }
            log_text = all;
            log.join(format!("{batch}.compact"))
        } else {
            log.join(batch.to_string())
        };
        crate::structured::write::write_checked(&entry, log_text.as_bytes())
            .map_err(|e| io(&entry, e))?;
        let commit = commits.join(batch.to_string());
        crate::structured::write::write_checked(&commit, b"v1\n{\"nextBatchWatermarkMs\":0}")
            .map_err(|e| io(&commit, e))?;
        let (log_entries, log_total) = log_listing(&log);
        Ok(SinkWrote {
            note: format!(
                "file sink: batch {batch} wrote {rows} row{} in {files} file{} to {}",
                if rows == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" },
                self.dir.display()
            ),
            files: Some(crate::structured::report::FilesWritten {
                format: self.format.clone(),
                dir: self.dir.display().to_string(),
                files: written,
                log: log_entries,
                log_total,
            }),
        })
    }
}

/// The entries of a file sink's `_spark_metadata` log on disk: the newest
/// [`FilesWritten::LOG_SHOWN`](crate::structured::report::FilesWritten::LOG_SHOWN),
/// oldest first, with the files each lists, and how many there are.
fn log_listing(log: &std::path::Path) -> (Vec<crate::structured::report::LogEntry>, usize) {
    let mut names: Vec<(u64, String)> = std::fs::read_dir(log)
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let id = name.strip_suffix(".compact").unwrap_or(&name);
                    id.parse::<u64>().ok().map(|id| (id, name))
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let total = names.len();
    let skip = total.saturating_sub(crate::structured::report::FilesWritten::LOG_SHOWN);
    let entries = names
        .into_iter()
        .skip(skip)
        .map(|(_, name)| {
            // Each line after the version line `v1` lists one file.
            let files = std::fs::read_to_string(log.join(&name))
                .map_or(0, |t| t.lines().skip(1).filter(|l| !l.is_empty()).count());
            crate::structured::report::LogEntry { name, files }
        })
        .collect();
    (entries, total)
}

/// A name for the files of one write, shaped as Spark's job UUID.
fn write_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_usize(WRITES.fetch_add(1, Ordering::Relaxed));
    let a = h.finish();
    h.write_u64(a);
    let b = h.finish();
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

impl BatchWriter {
    /// Write the rows to `path` (a directory) as `format`, with Spark's save modes.
    fn save(
        &self,
        path: &str,
        format: &str,
        mode: Option<String>,
        kwargs: &[(Arc<str>, Value)],
    ) -> PyResult {
        let mut st = self.state.lock().clone();
        for (k, v) in kwargs {
            if !matches!(v, Value::None) {
                st.options.push((k.to_string(), option_string(v)));
            }
        }
        let option = |k: &str| {
            st.options
                .iter()
                .rev()
                .find(|(o, _)| o.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let mode = mode
            .or(st.mode.clone())
            .unwrap_or_else(|| "errorifexists".into());
        let format = format.to_ascii_lowercase();
        if !matches!(format.as_str(), "csv" | "json" | "text") {
            return Err(Exc::new(
                ExcKind::NotImplementedError,
                format!("streamlab writes csv, json and text files, not {format:?}: use df.write.csv(path), .json(path) or .text(path)"),
            ));
        }
        let schema = &self.plan.schema;
        if format == "text" && (schema.len() != 1 || schema[0].1 != DataType::String) {
            return Err(analysis(format!(
                "[_LEGACY_ERROR_TEMP_1141] Text data source supports only a single column, and you have {} columns.",
                schema.len()
            )));
        }
        let dir = std::path::Path::new(path);
        let exists = dir.exists();
        match mode.to_ascii_lowercase().as_str() {
            "error" | "errorifexists" | "default" if exists => {
                let shown = std::fs::canonicalize(dir)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| path.to_string());
                return Err(analysis(format!(
                    "[PATH_ALREADY_EXISTS] Path file:{shown} already exists. Set mode as \"overwrite\" to overwrite the existing path."
                )));
            }
            "ignore" if exists => return Ok(Value::None),
            "error" | "errorifexists" | "default" | "ignore" | "append" | "overwrite" => {}
            other => {
                return Err(Exc::new(
                    ExcKind::IllegalArgumentException,
                    format!("Unknown save mode: {other}. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'."),
                ))
            }
        }
        if self.shared.host.dry_run() {
            return Ok(Value::None);
        }
        let io =
            |e: std::io::Error| Exc::new(ExcKind::OSError, format!("cannot write {path}: {e}"));
        if mode.eq_ignore_ascii_case("overwrite") && exists {
            if dir.is_dir() {
                std::fs::remove_dir_all(dir).map_err(io)?;
            } else {
                std::fs::remove_file(dir).map_err(io)?;
            }
        }
        std::fs::create_dir_all(dir).map_err(io)?;
        let sep = option("sep")
            .or_else(|| option("delimiter"))
            .and_then(|s| s.chars().next())
            .unwrap_or(',');
        let header = option("header").is_some_and(|h| h.eq_ignore_ascii_case("true"));
        let names: Vec<String> = schema.iter().map(|(n, _)| n.clone()).collect();
        let parts = crate::structured::batch::run_static_partitions(
            &self.plan,
            self.shared.shuffle_partitions(),
        );
        let id = write_id();
        let ext = file_extension(&format);
        // Spark's write tasks make a file for partition 0 always (one empty
        // file when there is no partition), and for the others when they
        // have rows.
        let none: Vec<Vec<crate::structured::cell::Row>> = vec![Vec::new()];
        let parts = if parts.is_empty() { &none } else { &parts };
        for (i, rows) in parts.iter().enumerate() {
            if rows.is_empty() && i != 0 {
                continue;
            }
            let text = part_text(&format, &names, rows, sep, header);
            let file = dir.join(format!("part-{i:05}-{id}-c000.{ext}"));
            crate::structured::write::write_checked(&file, text.as_bytes()).map_err(io)?;
        }
        crate::structured::write::write_checked(&dir.join("_SUCCESS"), b"").map_err(io)?;
        Ok(Value::None)
    }

    fn format_or(&self, default: &str) -> String {
        self.state
            .lock()
            .format
            .clone()
            .unwrap_or_else(|| default.to_string())
    }
}

fn path_arg(v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::None => Err(Exc::new(
            ExcKind::IllegalArgumentException,
            "'path' is not specified",
        )),
        other => Err(Exc::type_error(format!(
            "path should be a str, not {}",
            other.type_name()
        ))),
    }
}

fn mode_arg(b: &Bound) -> Option<String> {
    match b.get("mode") {
        Value::Str(m) => Some(m.to_string()),
        _ => None,
    }
}

/// The class `DataFrameWriter` (`df.write`).
pub static BATCH_WRITER_CLASS: LazyLock<Class<This<BatchWriter>>> = LazyLock::new(|| {
    Class::new(
        "DataFrameWriter",
        vec![
            m("mode", "(saveMode)", "What to do when the path exists: \"error\" (the default), \"append\", \"overwrite\" or \"ignore\".", BATCH_WRITER, |w, b| {
                w.state.lock().mode = Some(option_string(&b.get("saveMode")));
                w.me()
            }),
            m("format", "(source)", "The file format: \"csv\", \"json\" or \"text\".", BATCH_WRITER, |w, b| {
                w.state.lock().format = Some(option_string(&b.get("source")));
                w.me()
            }),
            m("option", "(key, value)", "Set a writer option (\"header\", \"sep\").", BATCH_WRITER, |w, b| {
                let (k, v) = (option_string(&b.get("key")), option_string(&b.get("value")));
                w.state.lock().options.push((k, v));
                w.me()
            }),
            m("options", "(**options)", "Set several writer options, as keywords.", BATCH_WRITER, |w, b| {
                for (k, v) in b.kwargs() {
                    w.state.lock().options.push((k.to_string(), option_string(v)));
                }
                w.me()
            }),
            m("csv", "(path, mode=None, **options)", "Write the rows as csv files in the directory path (header=True for a header line).", NOTHING, |w, b| {
                w.save(&path_arg(&b.get("path"))?, "csv", mode_arg(&b), b.kwargs())
            }),
            m("json", "(path, mode=None, **options)", "Write the rows as json lines in files of the directory path.", NOTHING, |w, b| {
                w.save(&path_arg(&b.get("path"))?, "json", mode_arg(&b), b.kwargs())
            }),
            m("text", "(path, **options)", "Write a single string column as lines of text files in the directory path.", NOTHING, |w, b| {
                w.save(&path_arg(&b.get("path"))?, "text", None, b.kwargs())
            }),
            m("save", "(path=None, format=None, mode=None, **options)", "Write the rows in the format given (format(...), else parquet, which streamlab does not write).", NOTHING, |w, b| {
                let format = match b.get("format") {
                    Value::Str(f) => f.to_string(),
                    _ => w.format_or("parquet"),
                };
                w.save(&path_arg(&b.get("path"))?, &format, mode_arg(&b), b.kwargs())
            }),
        ],
        &[],
    )
});

impl Object for BatchWriter {
    fn type_name(&self) -> &str {
        "DataFrameWriter"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.readwriter.DataFrameWriter object>".into()
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "parquet" | "orc" | "saveAsTable" | "insertAsTable" | "insertInto" | "jdbc" | "partitionBy" | "bucketBy" | "sortBy" => Err(Exc::new(
                ExcKind::NotImplementedError,
                format!("df.write.{name}() is not part of streamlab's subset; write files with df.write.csv(path), .json(path) or .text(path)"),
            )),
            _ => BATCH_WRITER_CLASS.call(&This::new(this), name, args, kwargs),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        BATCH_WRITER_CLASS.method_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------------------
// writeStream and StreamingQuery
// ---------------------------------------------------------------------------

#[derive(Default, Clone)]
struct WriterState {
    mode: Option<OutputMode>,
    format: Option<String>,
    name: Option<String>,
    options: Vec<(String, String)>,
    trigger_ms: i64,
    catch_up: Option<CatchUp>,
    /// `foreachBatch(func)` / `foreach(f)`: the program's sink.
    program: Option<ProgramSinkRef>,
    /// `toTable(name)`: the table the file sink writes.
    table: Option<Arc<Table>>,
}

/// `df.writeStream`.
pub struct Writer {
    plan: Arc<Plan>,
    shared: Arc<SqlShared>,
    state: Mutex<WriterState>,
}

impl Writer {
    fn start(&self) -> PyResult {
        let st = self.state.lock().clone();
        let mode = st.mode.unwrap_or(OutputMode::Append);
        let format = st.format.clone().unwrap_or_default();
        let option = |k: &str| {
            st.options
                .iter()
                .rev()
                .find(|(o, _)| o.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let sink =
            match format.to_ascii_lowercase().as_str() {
                "console" => {
                    let num_rows = match option("numRows") {
                        None => DEFAULT_NUM_ROWS,
                        Some(n) => n.trim().parse().map_err(|_| {
                            Exc::new(
                                ExcKind::IllegalArgumentException,
                                format!("numRows must be a number, not {n:?}"),
                            )
                        })?,
                    };
                    let truncate = match option("truncate").map(|t| t.to_ascii_lowercase()) {
                        None => DEFAULT_TRUNCATE,
                        Some(t) if t == "true" => DEFAULT_TRUNCATE,
                        Some(t) if t == "false" => 0,
                        Some(t) => {
                            return Err(Exc::new(
                                ExcKind::IllegalArgumentException,
                                format!("truncate must be true or false, not {t:?}"),
                            ))
                        }
                    };
                    Sink::Console { num_rows, truncate }
                }
                "memory" => {
                    if st.name.is_none() {
                        return Err(analysis("queryName must be specified for memory sink."));
                    }
                    Sink::Memory(Arc::new(MemoryTable::new(self.plan.schema.clone())))
                }
                f @ ("csv" | "json" | "text" | "parquet")
                    if f != "parquet" || st.table.is_some() =>
                {
                    let table = st.table.clone();
                    let path = match &table {
                        Some(t) => Some(t.dir.to_string_lossy().into_owned()),
                        None => option("path"),
                    };
                    let Some(path) = path else {
                        return Err(Exc::new(
                            ExcKind::IllegalArgumentException,
                            "'path' is not specified.",
                        ));
                    };
                    if mode != OutputMode::Append {
                        return Err(analysis(format!(
                            "Data source {format} does not support {} output mode.",
                            match mode {
                                OutputMode::Complete => "Complete",
                                OutputMode::Update => "Update",
                                OutputMode::Append => "Append",
                            }
                        )));
                    }
                    // Spark makes the sink (and its log's directory) before it
                    // looks for the checkpoint.
                    if !self.shared.host.dry_run() {
                        let log = std::path::Path::new(&path).join("_spark_metadata");
                        std::fs::create_dir_all(&log).map_err(|e| {
                            Exc::new(ExcKind::OSError, format!("cannot create {}: {e}", log.display()))
                        })?;
                    }
                    let Some(checkpoint) = option("checkpointLocation")
                        .or_else(|| self.shared.default_checkpoint(st.name.as_deref()))
                    else {
                        return Err(analysis(
                            "checkpointLocation must be specified either through option(\"checkpointLocation\", ...) or SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...).",
                        ));
                    };
                    let schema = &self.plan.schema;
                    if f == "text" && (schema.len() != 1 || schema[0].1 != DataType::String) {
                        return Err(analysis(format!(
                            "[_LEGACY_ERROR_TEMP_1141] Text data source supports only a single column, and you have {} columns.",
                            schema.len()
                        )));
                    }
                    let sep = option("sep")
                        .or_else(|| option("delimiter"))
                        .and_then(|s| s.chars().next())
                        .unwrap_or(',');
                    Sink::Program(ProgramSinkRef(Arc::new(FileSink {
                        dir: path.into(),
                        checkpoint: checkpoint.into(),
                        format: table
                            .as_ref()
                            .map_or(f, |t| t.file_format())
                            .to_string(),
                        names: schema.iter().map(|(n, _)| n.clone()).collect(),
                        sep,
                        header: option("header").is_some_and(|h| h.eq_ignore_ascii_case("true")),
                    })))
                }
                "parquet" | "orc" => {
                    return Err(Exc::new(
                        ExcKind::NotImplementedError,
                        format!("streamlab's file sinks write csv, json and text, not {format}: use format(\"csv\"), format(\"json\") or format(\"text\")"),
                    ))
                }
                "foreachbatch" | "foreach" => match &st.program {
                    Some(p) => Sink::Program(p.clone()),
                    None => return Err(analysis(format!(
                        "format(\"{format}\") needs its function: call writeStream.{format}(...) instead"
                    ))),
                },
                "" => return Err(analysis(
                    "no sink format: streamlab writes to format(\"console\"), format(\"memory\"), format(\"csv\"/\"json\"/\"text\"), foreachBatch(func) or foreach(f)",
                )),
                other => {
                    return Err(analysis(format!(
                        "streamlab writes to the \"console\", \"memory\", \"csv\", \"json\" and \"text\" sinks, foreachBatch(func) and foreach(f), not \"{other}\""
                    )))
                }
            };
        check_output_mode(&self.plan, mode).map_err(|e| analysis(e.to_string()))?;
        if st.catch_up.is_some() && !matches!(self.plan.source_of(), Source::Files(_)) {
            return Err(analysis(
                "streamlab runs trigger(once=True) and trigger(availableNow=True) on csv and json file sources only: a socket or rate source never catches up",
            ));
        }
        if let (Sink::Memory(table), Some(name)) = (&sink, &st.name) {
            // The memory sink's table is a temporary view of that name.
            self.shared.views.lock().remove(name);
            self.shared
                .memory_tables
                .lock()
                .insert(name.clone(), table.clone());
        }
        let index = self.shared.next_query.fetch_add(1, Ordering::Relaxed);
        let spec = QuerySpec {
            index,
            name: st.name.clone(),
            plan: self.plan.clone(),
            mode,
            sink,
            trigger_ms: st.trigger_ms,
            catch_up: st.catch_up,
            shuffle_partitions: self.shared.shuffle_partitions(),
            max_watermark: self.shared.max_watermark.load(Ordering::Relaxed),
        };
        self.shared.host.start_query(spec)?;
        Ok(Value::object(StreamingQuery {
            index,
            name: st.name,
            shared: self.shared.clone(),
            stopped: Mutex::new(false),
        }))
    }
}

/// `writer.start(...)`: its arguments, then the query.
fn writer_start(w: &This<Writer>, b: Bound) -> PyResult {
    {
        let mut st = w.state.lock();
        if let Value::Str(f) = b.get("format") {
            st.format = Some(f.to_string());
        }
        if let Value::Str(m) = b.get("outputMode") {
            st.mode = Some(
                OutputMode::parse(&m)
                    .map_err(|e| Exc::new(ExcKind::IllegalArgumentException, e.to_string()))?,
            );
        }
        if let Value::Str(n) = b.get("queryName") {
            st.name = Some(n.to_string());
        }
        if let Value::Str(p) = b.get("path") {
            st.options.push(("path".into(), p.to_string()));
        }
        for (k, v) in b.kwargs() {
            st.options.push((k.to_string(), option_string(v)));
        }
    }
    w.start()
}

/// `writer.toTable(tableName, ...)`: create the managed table (Spark does so
/// before the query starts, and refuses a name whose directory exists and
/// holds files: streamlab never writes over it), then start the query with
/// a file sink into the table's directory.
fn writer_to_table(w: &This<Writer>, b: Bound) -> PyResult {
    let name = match b.get("tableName") {
        Value::Str(n) => n.to_string(),
        other => {
            return Err(Exc::type_error(format!(
                "tableName should be a str, not {}",
                other.type_name()
            )))
        }
    };
    if !b.get("partitionBy").is_none() {
        return Err(Exc::new(
            ExcKind::NotImplementedError,
            "toTable(partitionBy=...) is not part of streamlab's subset: its tables are not partitioned",
        ));
    }
    {
        let mut st = w.state.lock();
        if let Value::Str(f) = b.get("format") {
            st.format = Some(f.to_string());
        }
        if let Value::Str(m) = b.get("outputMode") {
            st.mode = Some(
                OutputMode::parse(&m)
                    .map_err(|e| Exc::new(ExcKind::IllegalArgumentException, e.to_string()))?,
            );
        }
        if let Value::Str(n) = b.get("queryName") {
            st.name = Some(n.to_string());
        }
        for (k, v) in b.kwargs() {
            st.options.push((k.to_string(), option_string(v)));
        }
    }
    let key = name.to_lowercase();
    let given = w
        .state
        .lock()
        .format
        .clone()
        .map(|f| f.to_ascii_lowercase());
    let existing = w.shared.tables.lock().get(&key).cloned();
    let table = match existing {
        Some(t) => {
            if let Some(f) = given.filter(|f| *f != t.provider) {
                return Err(analysis(format!(
                    "The input source({f}) is different from the table {name}'s data source provider({}).",
                    t.provider
                )));
            }
            t
        }
        None => {
            let provider = given.unwrap_or_else(|| "parquet".into());
            if !matches!(provider.as_str(), "parquet" | "csv" | "json" | "text") {
                return Err(Exc::new(
                    ExcKind::NotImplementedError,
                    format!("streamlab's tables are parquet (the default), csv, json or text, not {provider}"),
                ));
            }
            let warehouse = w
                .shared
                .warehouse
                .lock()
                .clone()
                .unwrap_or_else(|| "spark-warehouse".into());
            let dir = std::path::Path::new(&warehouse).join(&key);
            // A dry run (an export) does not look at what earlier runs left.
            let holds_files = !w.shared.host.dry_run()
                && std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
            if holds_files {
                let shown = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
                return Err(Exc::new(
                    ExcKind::SparkRuntimeException,
                    format!("[LOCATION_ALREADY_EXISTS] Cannot name the managed table as `spark_catalog`.`default`.`{key}`, as its associated location 'file:{}' already exists. Please pick a different table name, or remove the existing location first.", shown.display()),
                ));
            }
            let t = Arc::new(Table {
                dir,
                provider,
                schema: w.plan.schema.clone(),
            });
            w.shared.tables.lock().insert(key, t.clone());
            t
        }
    };
    {
        let mut st = w.state.lock();
        st.format = Some(table.provider.clone());
        st.table = Some(table);
    }
    w.start()
}

/// `writer.trigger(...)`.
fn writer_trigger(w: &This<Writer>, b: Bound) -> PyResult {
    let given = |n| b.given(n).is_some();
    match (
        b.given("processingTime"),
        given("once"),
        given("continuous"),
        given("availableNow"),
    ) {
        (Some(v), false, false, false) => {
            let ms = interval("processingTime", v)?;
            w.state.lock().trigger_ms = ms.max(0);
        }
        (None, true, false, false) => {
            match b.get("once") {
                Value::Bool(true) => w.state.lock().catch_up = Some(CatchUp::Once),
                other => {
                    return Err(Exc::value_error(format!(
                        "[VALUE_NOT_TRUE] Value for `once` must be True, got '{}'.",
                        other.to_str()
                    )))
                }
            }
        }
        (None, false, false, true) => {
            match b.get("availableNow") {
                Value::Bool(true) => w.state.lock().catch_up = Some(CatchUp::AvailableNow),
                other => {
                    return Err(Exc::value_error(format!(
                        "[VALUE_NOT_TRUE] Value for `availableNow` must be True, got '{}'.",
                        other.to_str()
                    )))
                }
            }
        }
        (None, false, true, false) => {
            return Err(Exc::value_error(
                "trigger(continuous=...) is not part of streamlab's subset: continuous processing is experimental in Spark; use trigger(processingTime=\"...\") for micro-batches",
            ))
        }
        _ => {
            return Err(Exc::value_error(
                "[ONLY_ALLOW_SINGLE_TRIGGER] Only a single trigger is allowed.",
            ))
        }
    }
    w.me()
}

/// The class `DataStreamWriter` (`df.writeStream`).
pub static WRITER_CLASS: LazyLock<Class<This<Writer>>> = LazyLock::new(|| {
    Class::new(
        "DataStreamWriter",
        vec![
            m("outputMode", "(outputMode)", "What each trigger writes: \"append\", \"update\" or \"complete\".", WRITER, |w, b| {
                let mode = OutputMode::parse(&option_string(&b.get("outputMode")))
                    .map_err(|e| Exc::new(ExcKind::IllegalArgumentException, e.to_string()))?;
                w.state.lock().mode = Some(mode);
                w.me()
            }),
            m("format", "(source)", "The sink: \"console\", \"memory\", or files: \"csv\", \"json\", \"text\" (with options path and checkpointLocation).", WRITER, |w, b| {
                w.state.lock().format = Some(option_string(&b.get("source")));
                w.me()
            }),
            m("queryName", "(queryName)", "Name the query (the memory sink's table name).", WRITER, |w, b| {
                w.state.lock().name = Some(option_string(&b.get("queryName")));
                w.me()
            }),
            m("option", "(key, value)", "Set a sink option (\"numRows\", \"truncate\", ...).", WRITER, |w, b| {
                let k = option_string(&b.get("key"));
                let v = option_string(&b.get("value"));
                w.state.lock().options.push((k, v));
                w.me()
            }),
            m("options", "(**options)", "Set several sink options, as keywords.", WRITER, |w, b| {
                for (k, v) in b.kwargs() {
                    w.state.lock().options.push((k.to_string(), option_string(v)));
                }
                w.me()
            }),
            m("trigger", "(*, processingTime=None, once=None, continuous=None, availableNow=None)", "When micro-batches run: trigger(processingTime=\"5 seconds\").", WRITER, writer_trigger),
            m("foreachBatch", "(func)", "Call func(batch_df, batch_id) with each micro-batch's output as a static DataFrame.", WRITER, |w, b| {
                let func = b.get("func");
                if !crate::lang::classes::callable(&func) {
                    return Err(Exc::type_error(format!(
                        "foreachBatch() takes a function of (batch_df, batch_id), not {}",
                        func.type_name()
                    )));
                }
                let sink = ForeachBatchSink { func, shared: w.shared.clone() };
                let mut st = w.state.lock();
                st.program = Some(ProgramSinkRef(Arc::new(sink)));
                st.format = Some("foreachBatch".into());
                drop(st);
                w.me()
            }),
            m("foreach", "(f)", "Call f(row) on every output row, or f.open(partition_id, epoch_id), f.process(row), f.close(error) per partition.", WRITER, |w, b| {
                let sink = ForeachSink::new(b.get("f"))?;
                let mut st = w.state.lock();
                st.program = Some(ProgramSinkRef(Arc::new(sink)));
                st.format = Some("foreach".into());
                drop(st);
                w.me()
            }),
            m("start", "(path=None, format=None, outputMode=None, partitionBy=None, queryName=None, **options)", "Start the query; returns its StreamingQuery.", Returns::Class("StreamingQuery"), writer_start),
            m("toTable", "(tableName, format=None, outputMode=None, partitionBy=None, queryName=None, **options)", "Start the query writing a managed table in spark-warehouse/NAME (spark.read.table(name) reads it back).", Returns::Class("StreamingQuery"), writer_to_table),
        ],
        &[],
    )
});

impl Object for Writer {
    fn type_name(&self) -> &str {
        "DataStreamWriter"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.streaming.readwriter.DataStreamWriter object>".into()
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "partitionBy" => Err(Exc::new(
                ExcKind::NotImplementedError,
                format!("writeStream.{name}() is not part of streamlab's subset; use format(\"console\"), format(\"memory\"), format(\"csv\"/\"json\"/\"text\") with a path, foreachBatch(func) or foreach(f)"),
            )),
            _ => WRITER_CLASS.call(&This::new(this), name, args, kwargs),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        WRITER_CLASS.method_names()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What `start()` returns.
pub struct StreamingQuery {
    pub index: usize,
    pub name: Option<String>,
    shared: Arc<SqlShared>,
    stopped: Mutex<bool>,
}

/// The class `StreamingQuery` (what `writeStream.start()` returns).
pub static QUERY_CLASS: LazyLock<Class<StreamingQuery>> = LazyLock::new(|| {
    Class::new(
        "StreamingQuery",
        vec![
            m(
                "awaitTermination",
                "(timeout=None)",
                "Wait for the query to end (or timeout seconds: then whether it ended).",
                Returns::Unknown,
                |q, b| {
                    let timeout = timeout_arg(&b.given("timeout").cloned())?;
                    let done = q.shared.host.await_queries(timeout)?;
                    Ok(if timeout.is_some() {
                        Value::Bool(done)
                    } else {
                        Value::None
                    })
                },
            ),
            m(
                "processAllAvailable",
                "()",
                "Wait until the query has processed all the data available.",
                NOTHING,
                |q, _| {
                    q.shared.host.await_queries(None)?;
                    Ok(Value::None)
                },
            ),
            m("stop", "()", "Stop the query.", NOTHING, |q, _| {
                *q.stopped.lock() = true;
                q.shared.host.stop_query(q.index);
                Ok(Value::None)
            }),
        ],
        &[
            Attribute {
                name: "name",
                doc: "The query's name (queryName), or None.",
                returns: Returns::Unknown,
            },
            Attribute {
                name: "isActive",
                doc: "Whether the query is running (not stopped).",
                returns: Returns::Class("bool"),
            },
            Attribute {
                name: "id",
                doc: "The query's id.",
                returns: Returns::Class("str"),
            },
            Attribute {
                name: "runId",
                doc: "The id of this run of the query.",
                returns: Returns::Class("str"),
            },
        ],
    )
});

#[cfg(test)]
impl StreamingQuery {
    /// A query of a session whose host runs nothing.
    pub fn for_tests() -> Value {
        Value::object(StreamingQuery {
            index: 0,
            name: None,
            shared: SqlShared::new(Arc::new(super::context::InertHost)),
            stopped: Mutex::new(false),
        })
    }
}

impl Object for StreamingQuery {
    fn type_name(&self) -> &str {
        "StreamingQuery"
    }
    fn repr(&self) -> String {
        "<pyspark.sql.streaming.query.StreamingQuery object>".into()
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "name" => Ok(self.name.as_deref().map_or(Value::None, Value::str)),
            "isActive" => Ok(Value::Bool(!*self.stopped.lock())),
            "id" | "runId" => Ok(Value::str(&format!("streamlab-query-{}", self.index))),
            _ => Err(QUERY_CLASS.info.no_attribute(name)),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        if QUERY_CLASS.find(name).is_some() {
            return QUERY_CLASS.call(self, name, args, kwargs);
        }
        let f = self.get_attr(this, name)?;
        crate::lang::compile::call_value(&f, args, kwargs)
    }
    fn attr_names(&self) -> Vec<&'static str> {
        QUERY_CLASS.info.names().collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod file_sink_tests {
    use super::*;

    fn sink(dir: &std::path::Path, format: &str, header: bool) -> FileSink {
        FileSink {
            dir: dir.join("data"),
            checkpoint: dir.join("ck"),
            format: format.into(),
            names: vec!["word".into(), "n".into()],
            sep: ',',
            header,
        }
    }

    fn files(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join("data"))
            .expect("the sink's directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("part-"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_batch_writes_a_file_per_partition_with_rows_and_its_log_entry() {
        let tmp = std::env::temp_dir().join(format!("streamlab-filesink-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let s = sink(&tmp, "csv", true);
        let row = |w: &str, n: i64| vec![Cell::Str(w.into()), Cell::Int(n)];
        // Batch 0 has no rows: partition 0 still writes its file (a header).
        s.write(0, &Vec::new(), vec![Vec::new(), Vec::new()])
            .expect("batch 0");
        let first = files(&tmp);
        assert_eq!(first.len(), 1);
        assert!(first[0].starts_with("part-00000-") && first[0].ends_with("-c000.csv"));
        let text = std::fs::read_to_string(tmp.join("data").join(&first[0])).expect("file");
        assert_eq!(text, "word,n\n");
        // Batch 1: partitions 0 and 2 have rows, partition 1 none.
        let wrote = s
            .write(
                1,
                &Vec::new(),
                vec![
                    vec![row("cat", 1)],
                    Vec::new(),
                    vec![row("a,b", 2), row("owl", 3)],
                ],
            )
            .expect("batch 1");
        assert!(wrote.note.contains("3 rows in 2 files"), "{}", wrote.note);
        let all = files(&tmp);
        // What the Query pane gets: the files on disk with their rows, and
        // the log's entries so far.
        let report = wrote.files.expect("the files written");
        let named: Vec<&str> = report.files.iter().map(|f| f.0.as_str()).collect();
        assert!(
            named.iter().all(|n| all.iter().any(|a| a == n)),
            "{named:?}"
        );
        assert_eq!(
            report
                .files
                .iter()
                .map(|f| (&f.0[..10], f.1))
                .collect::<Vec<_>>(),
            [("part-00000", 1), ("part-00002", 2)]
        );
        assert_eq!(report.log_total, 2);
        assert_eq!(
            report
                .log
                .iter()
                .map(|e| (e.name.as_str(), e.files))
                .collect::<Vec<_>>(),
            [("0", 1), ("1", 2)]
        );
        assert_eq!(all.len(), 3);
        assert!(!all.iter().any(|n| n.starts_with("part-00001-")));
        let log = std::fs::read_to_string(tmp.join("data/_spark_metadata/1")).expect("log");
        let lines: Vec<&str> = log.split('\n').collect();
        assert_eq!(lines[0], "v1");
        assert_eq!(lines.len(), 3);
        for l in &lines[1..] {
            let v: serde_json::Value = serde_json::from_str(l).expect("json entry");
            let path = v["path"].as_str().expect("path");
            let file = path.strip_prefix("file://").expect("a file URI");
            let size = std::fs::metadata(file).expect("listed file exists").len();
            assert_eq!(v["size"].as_u64(), Some(size));
            assert_eq!(v["action"], "add");
        }
        let back = crate::structured::files::list_files(&tmp.join("data").display().to_string())
            .expect("list");
        assert_eq!(back.len(), 3, "the log directory is not a data file");
        let text: String = back
            .iter()
            .map(|(p, _)| std::fs::read_to_string(p).expect("part"))
            .collect();
        assert!(
            text.contains("\"a,b\",2\n") && text.contains("cat,1\n") && text.contains("owl,3\n")
        );
        assert!(tmp.join("ck/commits/1").is_file());
        // Each file has its checksum beside it, as Spark's local file system writes it.
        for f in [
            tmp.join("ck/commits/1"),
            tmp.join("data/_spark_metadata/1"),
            tmp.join("data").join(&first[0]),
        ] {
            let crc = crate::structured::write::checksum_path(&f);
            let data = std::fs::read(&f).expect("file");
            assert_eq!(
                std::fs::read(&crc).expect("checksum file"),
                crate::structured::write::checksum_file(&data),
                "{}",
                crc.display()
            );
        }
        // Batches 2 to 9, empty: batch 9's entry is the compacted log.
        for b in 2..10 {
            s.write(b, &Vec::new(), vec![Vec::new(), Vec::new()])
                .expect("empty batch");
        }
        let log = tmp.join("data/_spark_metadata");
        assert!(log.join("8").is_file() && !log.join("9").exists());
        let compact = std::fs::read_to_string(log.join("9.compact")).expect("compacted log");
        // 1 + 2 files of batches 0 and 1, one file each for batches 2 to 9.
        assert_eq!(compact.lines().count(), 1 + 3 + 8, "{compact}");
        assert_eq!(
            compact
                .lines()
                .filter(|l| l.contains("part-00000-"))
                .count(),
            10
        );
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
