//! Running one streaming query, trigger by trigger: stateless operators in
//! parallel, then the keyed aggregate (or deduplication) state, the
//! watermark, and what the output mode sends to the sink.
//!
//! Spark's rules followed here:
//! - the watermark is `max event time seen - delay`, computed at the **end** of a
//!   trigger and used by the **next** one; it never goes back (Spark starts it
//!   at 0, so it only moves once an event time minus the delay is after 1970);
//! - with a watermark, rows falling only in windows whose end is `<=` the
//!   watermark (or, for a plain timestamp key or deduplication, whose time is
//!   `<=` it) are dropped and counted; a window whose end is `<=` the watermark
//!   is final: append mode emits it then, append and update modes evict it;
//!   complete mode keeps every group forever;
//! - when a trigger moved the watermark and the query has state that the
//!   watermark evicts, Spark runs a **no-data batch** right away
//!   ([`QueryExec::needs_no_data_batch`]).
//!
//! Groups are kept in the order they were first seen and emitted in Spark's
//! order: by state partition, then as each partition's state store gives
//! them ([`super::order`]).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use indexmap::{IndexMap, IndexSet};
use rayon::prelude::*;

use super::cell::{Cell, Row};
use super::console::console_batch;
use super::expr::{windows_of, AggFn, Expr};
use super::order::StateOrder;
use super::plan::{Op, Pipeline, Plan, Source};
use super::report::{
    EventTime, JoinView, OutputMode, RecordFate, ResultRow, RowChange, SinkReport, SourceKind,
    StaticSide, Table, TriggerReport,
};

/// Where a query's output goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Sink {
    /// `format("console")`: Spark's console text; `truncate` 0 means no truncation.
    Console { num_rows: usize, truncate: usize },
    /// `format("memory")`: rows go to the table named by `queryName`, which
    /// `spark.sql("select * from name")` reads.
    Memory(Arc<MemoryTable>),
    /// `foreachBatch(func)` / `foreach(f)`: the program's own code gets the rows.
    Program(ProgramSinkRef),
}

/// The table a memory sink writes: in complete mode each micro-batch
/// replaces its rows, in the other modes it appends them (as Spark's
/// `MemorySink`). Bounded: the newest [`MEMORY_CAP`] rows are kept.
#[derive(Debug, Default)]
pub struct MemoryTable {
    pub schema: super::expr::Schema,
    pub rows: parking_lot::Mutex<Vec<Row>>,
}

impl MemoryTable {
    pub fn new(schema: super::expr::Schema) -> MemoryTable {
        MemoryTable {
            schema,
            rows: parking_lot::Mutex::new(Vec::new()),
        }
    }

    fn write(&self, mode: OutputMode, rows: impl Iterator<Item = Row>) {
        let mut held = self.rows.lock();
        if mode == OutputMode::Complete {
            held.clear();
        }
        held.extend(rows);
        if held.len() > MEMORY_CAP {
            let extra = held.len() - MEMORY_CAP;
            held.drain(..extra);
        }
    }
}

/// A sink whose code is the program's: `foreachBatch(func)` or `foreach(f)`.
pub trait ProgramSink: Send + Sync {
    /// `"foreachBatch"` or `"foreach"`.
    fn kind(&self) -> &'static str;
    /// Hand over one micro-batch's output rows (of `schema`), partition by
    /// partition. Returns what it did, for the UI, or why it failed: a
    /// failure stops the query, as an exception in Spark's sink does.
    fn write(
        &self,
        batch: u64,
        schema: &super::expr::Schema,
        parts: Vec<Vec<Row>>,
    ) -> Result<SinkWrote, String>;
}

/// What a [`ProgramSink`] did with a micro-batch.
#[derive(Debug, Clone, Default)]
pub struct SinkWrote {
    /// One line saying so.
    pub note: String,
    /// The files a file sink wrote.
    pub files: Option<super::report::FilesWritten>,
}

impl From<String> for SinkWrote {
    fn from(note: String) -> SinkWrote {
        SinkWrote { note, files: None }
    }
}

/// A shared [`ProgramSink`]; two are equal when they are the same sink.
#[derive(Clone)]
pub struct ProgramSinkRef(pub Arc<dyn ProgramSink>);

impl std::fmt::Debug for ProgramSinkRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProgramSink({})", self.0.kind())
    }
}

impl PartialEq for ProgramSinkRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl PartialEq for MemoryTable {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Everything `writeStream...start()` fixed about a query.
#[derive(Debug, Clone)]
pub struct QuerySpec {
    /// Index in the program, in `start()` order.
    pub index: usize,
    pub name: Option<String>,
    pub plan: Arc<Plan>,
    pub mode: OutputMode,
    pub sink: Sink,
    /// `trigger(processingTime=...)`, ms; 0 (the default) starts the next
    /// micro-batch as soon as new data is there.
    pub trigger_ms: i64,
    /// `trigger(once=True)` / `trigger(availableNow=True)`: process what the
    /// source has at start, then stop.
    pub catch_up: Option<CatchUp>,
    /// `spark.sql.shuffle.partitions` when the query started: the number of
    /// state partitions, which orders aggregated rows.
    pub shuffle_partitions: i32,
    /// `spark.sql.streaming.multipleWatermarkPolicy=max` when the query
    /// started: a stream-stream join's global watermark is the larger of
    /// its sides' (default: the smaller).
    pub max_watermark: bool,
}

/// The triggers that process what is there at start and then stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchUp {
    /// `once=True`: all of it in one micro-batch.
    Once,
    /// `availableNow=True`: in micro-batches as the source's limits allow
    /// (`maxFilesPerTrigger`).
    AvailableNow,
}

/// Rows processed per rayon task in the stateless part.
const CHUNK: usize = 2048;

/// One aggregate's running value.
#[derive(Debug, Clone)]
pub(crate) enum Acc {
    Count(i64),
    SumInt(Option<i64>),
    SumDouble(Option<f64>),
    Avg(f64, i64),
    Min(Option<Cell>),
    Max(Option<Cell>),
    /// `first`: set by the first row, null or not.
    First(Option<Cell>),
    Last(Option<Cell>),
    CollectList(Vec<Cell>),
    /// `collect_set` and `countDistinct`: the distinct values, in the order seen.
    Distinct(IndexSet<Cell>, bool),
}

impl Acc {
    fn new(e: &Expr, int_sum: bool) -> Acc {
        match e.unaliased() {
            Expr::Agg(AggFn::Count, _) => Acc::Count(0),
            Expr::Agg(AggFn::Sum, _) if int_sum => Acc::SumInt(None),
            Expr::Agg(AggFn::Sum, _) => Acc::SumDouble(None),
            Expr::Agg(AggFn::Avg, _) => Acc::Avg(0.0, 0),
            Expr::Agg(AggFn::Min, _) => Acc::Min(None),
            Expr::Agg(AggFn::First, _) => Acc::First(None),
            Expr::Agg(AggFn::Last, _) => Acc::Last(None),
            Expr::Agg(AggFn::CollectList, _) => Acc::CollectList(Vec::new()),
            Expr::Agg(AggFn::CollectSet, _) => Acc::Distinct(IndexSet::new(), false),
            Expr::Agg(AggFn::CountDistinct, _) => Acc::Distinct(IndexSet::new(), true),
            _ => Acc::Max(None),
        }
    }

    fn add(&mut self, v: Cell) {
        match self {
            Acc::First(f) => {
                if f.is_none() {
                    *f = Some(v);
                }
                return;
            }
            Acc::Last(l) => {
                *l = Some(v);
                return;
            }
            _ => {}
        }
        if v.is_null() {
            return;
        }
        match self {
            Acc::Count(n) => *n += 1,
            Acc::SumInt(s) => {
                if let Cell::Int(i) = v {
                    *s = Some(s.unwrap_or(0).wrapping_add(i));
                }
            }
            Acc::SumDouble(s) => {
                if let Some(d) = v.as_f64() {
                    *s = Some(s.unwrap_or(0.0) + d);
                }
            }
            Acc::Avg(sum, n) => {
                if let Some(d) = v.as_f64() {
                    *sum += d;
                    *n += 1;
                }
            }
            Acc::Min(m) => {
                if m.as_ref()
                    .is_none_or(|cur| v.compare(cur) == Some(std::cmp::Ordering::Less))
                {
                    *m = Some(v);
                }
            }
            Acc::Max(m) => {
                if m.as_ref()
                    .is_none_or(|cur| v.compare(cur) == Some(std::cmp::Ordering::Greater))
                {
                    *m = Some(v);
                }
            }
            Acc::CollectList(items) => items.push(v),
            Acc::Distinct(items, _) => {
                items.insert(v);
            }
            Acc::First(_) | Acc::Last(_) => {}
        }
    }

    pub(crate) fn value(&self) -> Cell {
        match self {
            Acc::Count(n) => Cell::Int(*n),
            Acc::SumInt(s) => s.map_or(Cell::Null, Cell::Int),
            Acc::SumDouble(s) => s.map_or(Cell::Null, Cell::Double),
            Acc::Avg(_, 0) => Cell::Null,
            Acc::Avg(s, n) => Cell::Double(s / *n as f64),
            Acc::Min(m) | Acc::Max(m) | Acc::First(m) | Acc::Last(m) => {
                m.clone().unwrap_or(Cell::Null)
            }
            Acc::CollectList(items) => Cell::Array(Arc::new(items.clone())),
            Acc::Distinct(items, true) => Cell::Int(items.len() as i64),
            Acc::Distinct(items, false) => Cell::Array(Arc::new(items.iter().cloned().collect())),
        }
    }
}

/// The aggregates of a `groupBy(...).agg(...)` over rows of `schema`: what
/// a new group starts with and how a row adds to it (shared by streaming
/// queries and static DataFrames).
pub(crate) struct Accumulators {
    aggs: Vec<Expr>,
    int_sums: Vec<bool>,
}

/// [`Accumulators`] for `aggs` over rows of `schema`.
pub(crate) fn group_accumulators(aggs: &[Expr], schema: &super::expr::Schema) -> Accumulators {
    let int_sums = aggs
        .iter()
        .map(|a| match a.unaliased() {
            Expr::Agg(AggFn::Sum, Some(e)) => matches!(
                e.data_type(schema),
                super::cell::DataType::Int | super::cell::DataType::Long
            ),
            _ => false,
        })
        .collect();
    Accumulators {
        aggs: aggs.to_vec(),
        int_sums,
    }
}

impl Accumulators {
    pub(crate) fn fresh(&self) -> Vec<Acc> {
        self.aggs
            .iter()
            .zip(&self.int_sums)
            .map(|(a, i)| Acc::new(a, *i))
            .collect()
    }

    pub(crate) fn add(&self, accs: &mut [Acc], row: &Row) {
        for (acc, a) in accs.iter_mut().zip(&self.aggs) {
            acc.add(a.eval(row, 0));
        }
    }
}

/// What a trigger hands to the sink and the report.
struct Delivery {
    batch: u64,
    started: Instant,
    now_ms: i64,
    no_data: bool,
    input: Table,
    result_columns: Vec<String>,
    result: Vec<ResultRow>,
    emitted: Vec<(usize, Row)>,
    event_time: Option<EventTime>,
    /// The number of input partitions (a stateless query's output partitions).
    input_parts: usize,
    /// What a join did, for the Query pane.
    join: Option<Box<JoinView>>,
}

/// The state a query keeps between triggers.
enum State {
    None,
    /// Group key -> one accumulator per aggregate.
    Agg(IndexMap<Vec<Cell>, Vec<Acc>>),
    /// Deduplication key -> the row's event time (for eviction).
    Dedup(IndexMap<Vec<Cell>, Option<i64>>),
    /// `groupBy(session_window(...), ...)`: per group (the key with the
    /// session's cell left null), each kept row's event time and aggregate
    /// inputs, in arrival order; the sessions are merged from them.
    Sessions(IndexMap<Vec<Cell>, Vec<(i64, Vec<Cell>)>>),
    /// A stream-stream join: both sides' rows.
    Join(Box<super::join::JoinState>),
}

/// What a stream-stream join query keeps beside its state.
struct JoinSides {
    /// The right side's operators after its source, and its source.
    right_ops: Vec<Op>,
    right_source: Source,
    right_source_schema: super::expr::Schema,
    /// Each side's watermark delay (None: no `withWatermark` on that side).
    delays: [Option<i64>; 2],
    /// Each side's own watermark: its largest event time minus the delay.
    side_watermarks: [Option<i64>; 2],
    /// The watermark the previous trigger used: later rows at or before it
    /// are dropped as late.
    late: Option<i64>,
    /// An aggregation of the joined rows: the query's part after the join,
    /// run over the join's output with the join's output watermark; it owns
    /// the sink.
    after: Option<Box<QueryExec>>,
}

/// A running query.
pub struct QueryExec {
    pub spec: QuerySpec,
    pipeline: Pipeline,
    state: State,
    /// The watermark the next trigger uses.
    watermark: Option<i64>,
    /// The watermark the last trigger used.
    used_watermark: Option<i64>,
    next_batch: u64,
    input_total: u64,
    dropped_total: u64,
    /// Rows a memory sink received, oldest first (bounded: the newest 10 000).
    pub memory: Vec<Vec<String>>,
    /// The state stores' order of the groups (aggregation and deduplication).
    order: Option<StateOrder>,
    /// Why the program's sink failed, which ended the query.
    failed: Option<String>,
    /// A stream-stream join's sides.
    join: Option<JoinSides>,
}

/// Rows a memory sink keeps.
const MEMORY_CAP: usize = 10_000;

impl QueryExec {
    pub fn new(spec: QuerySpec) -> QueryExec {
        let pipeline = Pipeline::new(&spec.plan);
        let sessions = matches!(&pipeline.stateful,
            Some(Op::Aggregate { keys, .. }) if keys.iter().any(Expr::has_session_window));
        let state = match &pipeline.stateful {
            Some(Op::JoinStream(j)) => State::Join(Box::new(super::join::JoinState::new(
                j.clone(),
                spec.shuffle_partitions,
            ))),
            Some(Op::Aggregate { .. }) if sessions => State::Sessions(IndexMap::new()),
            Some(Op::Aggregate { .. }) => State::Agg(IndexMap::new()),
            Some(Op::Dedup(_)) => State::Dedup(IndexMap::new()),
            _ => State::None,
        };
        let key_types: Option<Vec<super::cell::DataType>> = match &pipeline.stateful {
            Some(Op::Aggregate { keys, .. }) => Some(
                keys.iter()
                    .map(|k| k.data_type(&pipeline.pre_schema))
                    .collect(),
            ),
            Some(Op::Dedup(cols)) => Some(
                cols.iter()
                    .map(|c| {
                        pipeline
                            .pre_schema
                            .get(*c)
                            .map_or(super::cell::DataType::String, |f| f.1)
                    })
                    .collect(),
            ),
            _ => None,
        };
        // Spark's partial aggregates use their fast map when every key and
        // every aggregate's buffer is of a primitive type or a string.
        let fast = match &pipeline.stateful {
            Some(Op::Aggregate { aggs, .. }) => aggs.iter().all(|a| match a.unaliased() {
                Expr::Agg(AggFn::Min | AggFn::Max, Some(e)) => {
                    super::order::fast_map_supported(&[e.data_type(&pipeline.pre_schema)])
                }
                _ => true,
            }),
            _ => false,
        };
        // Session windows: the order of the rows Spark's session state
        // stores give is not reproduced.
        let key_types = key_types.filter(|_| !sessions);
        let order = key_types.map(|t| {
            let fast = fast && super::order::fast_map_supported(&t);
            StateOrder::new(spec.shuffle_partitions, t, fast)
        });
        let join = match &pipeline.stateful {
            Some(Op::JoinStream(j)) => {
                let chain = j.right.chain();
                fn delay_of<'a>(mut ops: impl Iterator<Item = &'a Op>) -> Option<i64> {
                    ops.find_map(|op| match op {
                        Op::Watermark { delay_ms, .. } => Some(*delay_ms),
                        _ => None,
                    })
                }
                Some(JoinSides {
                    right_ops: chain.iter().skip(1).map(|p| p.op.clone()).collect(),
                    right_source: j.right.source_of().clone(),
                    right_source_schema: chain[0].schema.clone(),
                    delays: [
                        delay_of(pipeline.pre.iter()),
                        delay_of(chain.iter().map(|p| &p.op)),
                    ],
                    side_watermarks: [None, None],
                    late: None,
                    after: spec.plan.after_stream_join().map(|plan| {
                        Box::new(QueryExec::new(QuerySpec {
                            plan: Arc::new(plan),
                            ..spec.clone()
                        }))
                    }),
                })
            }
            _ => None,
        };
        QueryExec {
            join,
            spec,
            pipeline,
            state,
            watermark: None,
            used_watermark: None,
            next_batch: 0,
            input_total: 0,
            dropped_total: 0,
            memory: Vec::new(),
            order,
            failed: None,
        }
    }

    /// The id the next trigger will have.
    pub fn next_batch(&self) -> u64 {
        self.next_batch
    }

    /// Why the query ended with an error (its `foreachBatch` or `foreach`
    /// code raised one), if it did: no trigger runs after that.
    pub fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// The watermark the next trigger will use.
    pub fn watermark(&self) -> Option<i64> {
        self.watermark
    }

    /// True when Spark would now run a batch without new data: the last
    /// trigger moved the watermark and the state has something the watermark
    /// decides (windows to emit or evict, duplicates to forget).
    pub fn needs_no_data_batch(&self) -> bool {
        if !self.pipeline.has_watermark || self.next_batch == 0 {
            return false;
        }
        let moved = self.watermark.unwrap_or(0) > self.used_watermark.unwrap_or(0);
        moved
            && match &self.pipeline.stateful {
                Some(Op::JoinStream(j)) => {
                    j.evicts() || self.join.as_ref().is_some_and(|s| s.after.is_some())
                }
                Some(Op::Aggregate { .. }) => self.spec.mode != OutputMode::Complete,
                Some(Op::Dedup(_)) => true,
                _ => false,
            }
    }

    /// Run one trigger over the lines the source delivered (each with the time
    /// it arrived, for `includeTimestamp`); `now_ms` is the trigger's time.
    pub fn trigger(&mut self, lines: Vec<(String, i64)>, now_ms: i64) -> TriggerReport {
        let (shown, parts) = lines_to_parts(
            &self.pipeline.source,
            self.pipeline.source_schema.len(),
            lines,
        );
        self.run_trigger(shown, parts, now_ms)
    }

    /// True for a stream-stream join, which [`QueryExec::trigger_join`] runs.
    pub fn is_stream_join(&self) -> bool {
        self.join.is_some()
    }

    /// The sources of a stream-stream join's two sides.
    pub fn join_sources(&self) -> Option<(Source, Source)> {
        self.join
            .as_ref()
            .map(|j| (self.pipeline.source.clone(), j.right_source.clone()))
    }

    /// The rows a line source delivered for a side (`right`) of a join.
    pub fn side_parts(&self, right: bool, lines: Vec<(String, i64)>) -> Vec<Vec<Row>> {
        match (&self.join, right) {
            (Some(j), true) => {
                lines_to_parts(&j.right_source, j.right_source_schema.len(), lines).1
            }
            _ => {
                lines_to_parts(
                    &self.pipeline.source,
                    self.pipeline.source_schema.len(),
                    lines,
                )
                .1
            }
        }
    }

    /// Run one trigger of a stream-stream join over both sides' new rows
    /// (in their sources' schemas, partition by partition).
    pub fn trigger_join(
        &mut self,
        left: Vec<Vec<Row>>,
        right: Vec<Vec<Row>>,
        now_ms: i64,
    ) -> TriggerReport {
        let started = Instant::now();
        let batch = self.next_batch;
        self.next_batch += 1;
        let input_len: usize = left.iter().chain(&right).map(Vec::len).sum();
        let no_data = input_len == 0 && batch > 0;
        self.input_total += input_len as u64;
        let input_table = Table {
            columns: names(&self.pipeline.source_schema),
            rows: left
                .iter()
                .chain(&right)
                .flatten()
                .map(|r| show_row(r))
                .collect(),
        };
        let watermark = self.watermark;
        self.used_watermark = watermark;
        let Some(sides) = self.join.as_mut() else {
            return self.run_trigger(Vec::new(), Vec::new(), now_ms);
        };
        // Each side's stateless operators, input partition by partition.
        let mut maxes = [None, None];
        let mut side_rows: [Vec<(usize, Row)>; 2] = [Vec::new(), Vec::new()];
        for (s, (parts, ops)) in [(left, &self.pipeline.pre), (right, &sides.right_ops)]
            .into_iter()
            .enumerate()
        {
            for (p, part) in parts.into_iter().enumerate() {
                let (rows, max) = run_stateless(ops, part, now_ms);
                maxes[s] = maxes[s].max(max);
                side_rows[s].extend(rows.into_iter().map(|r| (p, r)));
            }
        }
        let [left_rows, right_rows] = side_rows;
        let side_table = |schema: &super::expr::Schema, rows: &[(usize, Row)]| Table {
            columns: names(schema),
            rows: rows
                .iter()
                .take(JoinView::CAP)
                .map(|r| show_row(&r.1))
                .collect(),
        };
        let right_schema = match &self.pipeline.stateful {
            Some(Op::JoinStream(j)) => j.right.schema.clone(),
            _ => Vec::new(),
        };
        let mut view = JoinView {
            left: side_table(&self.pipeline.pre_schema, &left_rows),
            right: side_table(&right_schema, &right_rows),
            ..JoinView::default()
        };
        let late = sides.late;
        let State::Join(state) = &mut self.state else {
            return self.run_trigger(Vec::new(), Vec::new(), now_ms);
        };
        let out = state.run(left_rows, right_rows, (late, watermark), now_ms);
        let (left_state, right_state) = state.state_rows();
        let newest = |rows: Vec<Row>| -> Vec<Vec<String>> {
            let skip = rows.len().saturating_sub(JoinView::CAP);
            rows.iter().skip(skip).map(|r| show_row(r)).collect()
        };
        view.held = state.held();
        view.left_state = Table {
            columns: view.left.columns.clone(),
            rows: newest(left_state),
        };
        view.right_state = Table {
            columns: view.right.columns.clone(),
            rows: newest(right_state),
        };
        view.joined = Table {
            columns: names(&self.pipeline.state_schema),
            rows: out
                .rows
                .iter()
                .take(JoinView::CAP)
                .map(|r| show_row(&r.1))
                .collect(),
        };
        // The watermark for the next trigger: each side's, then the
        // smallest (a side that has seen nothing counts as 0).
        for ((delay, max), side) in sides
            .delays
            .iter()
            .zip(maxes)
            .zip(sides.side_watermarks.iter_mut())
        {
            if let (Some(delay), Some(max)) = (delay, max) {
                let w = max.saturating_sub(*delay);
                if side.is_none_or(|old| w > old) {
                    *side = Some(w);
                }
            }
        }
        let each = (0..2)
            .filter(|s| sides.delays[*s].is_some())
            .map(|s| sides.side_watermarks[s].unwrap_or(0));
        let global = if self.spec.max_watermark {
            each.max()
        } else {
            each.min()
        };
        if let Some(g) = global {
            if g > self.watermark.unwrap_or(0) {
                self.watermark = Some(g);
            }
        }
        sides.late = watermark;
        let event_time = self.pipeline.has_watermark.then(|| EventTime {
            watermark_before_ms: watermark,
            watermark_after_ms: self.watermark,
            dropped_late: out.late.0 + out.late.1,
            ..EventTime::default()
        });
        if let Some(et) = &event_time {
            self.dropped_total += et.dropped_late as u64;
        }
        let event_time = event_time.map(|mut et| {
            et.dropped_late_total = self.dropped_total;
            et
        });
        if let Some(after) = sides.after.as_mut() {
            // The joined rows, state partition by state partition, are the
            // aggregation's input partitions.
            let n = usize::try_from(self.spec.shuffle_partitions)
                .unwrap_or(1)
                .max(1);
            let mut parts: Vec<Vec<Row>> = vec![Vec::new(); n];
            for (p, r) in out.rows {
                parts[p.min(n - 1)].push(r);
            }
            let join = match &self.pipeline.stateful {
                Some(Op::JoinStream(j)) => Some(j.clone()),
                _ => None,
            };
            after.watermark = watermark.zip(join).map(|(w, j)| j.output_watermark(w));
            let mut report = after.trigger_partitions(parts, now_ms);
            report.join = Some(Box::new(view));
            self.failed = after.failed.clone();
            report.input = input_table;
            report.input_total = self.input_total;
            report.no_data = no_data;
            if let (Some(et), Some(join_et)) = (report.event_time.as_mut(), event_time) {
                et.watermark_before_ms = join_et.watermark_before_ms;
                et.watermark_after_ms = join_et.watermark_after_ms;
            }
            return report;
        }
        let emitted = post_by_partition(&self.pipeline.post, out.rows, now_ms);
        let result = emitted
            .iter()
            .map(|r| ResultRow {
                cells: show_row(&r.1),
                change: RowChange::Added,
            })
            .collect();
        let result_columns = names(&self.pipeline.result_schema);
        self.deliver(Delivery {
            batch,
            started,
            now_ms,
            no_data,
            input: input_table,
            result_columns,
            result,
            emitted,
            event_time,
            input_parts: 1,
            join: Some(Box::new(view)),
        })
    }

    /// A stream-stream join's state rows per side (None for other queries).
    pub fn join_state(&self) -> Option<(Vec<Row>, Vec<Row>)> {
        match &self.state {
            State::Join(s) => Some(s.state_rows()),
            _ => None,
        }
    }

    /// Run one trigger over rows already in the source's schema, partition
    /// by partition (the `rate` source's rows); a stateless query's output
    /// comes out partition after partition.
    pub fn trigger_partitions(&mut self, parts: Vec<Vec<Row>>, now_ms: i64) -> TriggerReport {
        let shown = parts.iter().flatten().map(|r| show_row(r)).collect();
        self.run_trigger(shown, parts, now_ms)
    }

    fn run_trigger(
        &mut self,
        shown_input: Vec<Vec<String>>,
        parts: Vec<Vec<Row>>,
        now_ms: i64,
    ) -> TriggerReport {
        let started = Instant::now();
        let batch = self.next_batch;
        self.next_batch += 1;
        let input_len: usize = parts.iter().map(Vec::len).sum();
        let no_data = input_len == 0 && batch > 0;
        self.input_total += input_len as u64;
        let input_table = Table {
            columns: names(&self.pipeline.source_schema),
            rows: shown_input,
        };
        let watermark = self.watermark;
        self.used_watermark = watermark;
        if let Some(order) = self.order.as_mut() {
            order.begin_batch(batch);
        }

        // 1. Stateless operators, in parallel over chunks, order kept; each
        // input partition's rows end at its entry of `part_ends`.
        let mut rows: Vec<Row> = Vec::with_capacity(input_len);
        let mut max_event = None;
        let mut part_ends = Vec::with_capacity(parts.len());
        // A sort-merge join shuffles the whole batch: one partition of it.
        let parts = if self.pipeline.pre.iter().any(sees_all_rows) {
            vec![parts.into_iter().flatten().collect()]
        } else {
            parts
        };
        // A stream-static join's rows in and out, for the Query pane.
        let mut join_tap = JoinTap::new(&self.pipeline.pre, &self.spec.plan);
        for part in parts {
            let (out, max) = match join_tap.as_mut() {
                Some(tap) => tap.run(&self.pipeline.pre, part, now_ms),
                None => run_stateless(&self.pipeline.pre, part, now_ms),
            };
            rows.extend(out);
            max_event = max_event.max(max);
            part_ends.push(rows.len());
        }

        // 2. The stateful operator.
        let mut event_time = (self.pipeline.has_watermark
            || self.pipeline.stateful.as_ref().is_some_and(|op| {
                matches!(op, Op::Aggregate { keys, .. } if keys.iter().any(|k| k.has_window()))
            }))
        .then(|| EventTime {
            watermark_before_ms: watermark,
            ..EventTime::default()
        });
        let result_columns = names(&self.pipeline.result_schema);
        let (result, emitted) = match self.pipeline.stateful.clone() {
            None => {
                // Each input partition stays a partition of the output.
                let mut tagged = Vec::with_capacity(rows.len());
                let mut it = rows.into_iter();
                let mut start = 0;
                for (p, end) in part_ends.iter().enumerate() {
                    let part: Vec<Row> = it.by_ref().take(end - start).collect();
                    start = *end;
                    tagged.extend(part.into_iter().map(|r| (p, r)));
                }
                let out = post_by_partition(&self.pipeline.post, tagged, now_ms);
                let shown: Vec<Vec<String>> = out.iter().map(|r| show_row(&r.1)).collect();
                let result = shown
                    .iter()
                    .map(|c| ResultRow {
                        cells: c.clone(),
                        change: RowChange::Added,
                    })
                    .collect();
                if let Some(et) = event_time.as_mut() {
                    if let Some((col, _)) = self.pipeline.watermark_in {
                        let rows: Vec<Row> = out.iter().map(|r| r.1.clone()).collect();
                        et.records = out_records(&shown, &rows, col);
                    }
                }
                (result, out)
            }
            Some(Op::Aggregate { keys, aggs }) if matches!(self.state, State::Sessions(_)) => {
                self.aggregate_sessions(&keys, &aggs, rows, watermark, now_ms, event_time.as_mut())
            }
            Some(Op::Aggregate { keys, aggs }) => self.aggregate(
                &keys,
                &aggs,
                (rows, &part_ends),
                watermark,
                now_ms,
                event_time.as_mut(),
            ),
            Some(Op::Dedup(cols)) => {
                self.dedup(&cols, rows, watermark, now_ms, event_time.as_mut())
            }
            Some(_) => (Vec::new(), Vec::new()),
        };

        // 3. The watermark for the next trigger.
        if let (Some((_, delay)), Some(max)) = (self.pipeline.watermark_in_delay(), max_event) {
            let candidate = max.saturating_sub(delay);
            if candidate > self.watermark.unwrap_or(0) {
                self.watermark = Some(candidate);
            }
        }
        if let Some(et) = event_time.as_mut() {
            et.watermark_after_ms = self.watermark;
            et.dropped_late = et.records.iter().filter(|r| r.dropped).count();
            self.dropped_total += et.dropped_late as u64;
            et.dropped_late_total = self.dropped_total;
            if let State::Agg(groups) = &self.state {
                let mut w: Vec<(i64, i64)> = groups
                    .keys()
                    .flat_map(|k| {
                        k.iter().filter_map(|c| match c {
                            Cell::Window(s, e) => Some((*s, *e)),
                            _ => None,
                        })
                    })
                    .collect();
                w.sort_unstable();
                w.dedup();
                et.windows = w;
            }
        }

        // 4. The sink.
        self.deliver(Delivery {
            batch,
            started,
            now_ms,
            no_data,
            input: input_table,
            result_columns,
            result,
            emitted,
            event_time,
            input_parts: part_ends.len(),
            join: join_tap.map(|t| Box::new(t.view)),
        })
    }

    /// Send a trigger's output to the sink and report the trigger.
    fn deliver(&mut self, d: Delivery) -> TriggerReport {
        let Delivery {
            batch,
            started,
            now_ms,
            no_data,
            input: input_table,
            result_columns,
            result,
            emitted,
            event_time,
            input_parts,
            join,
        } = d;
        let emitted_rows: Vec<Vec<String>> = emitted.iter().map(|r| show_row(&r.1)).collect();
        let mut sink_note = None;
        let mut sink_report = None;
        let console = match &self.spec.sink {
            Sink::Console { num_rows, truncate } => {
                console_batch(batch, &result_columns, &emitted_rows, *num_rows, *truncate)
            }
            Sink::Memory(table) => {
                table.write(self.spec.mode, emitted.into_iter().map(|r| r.1));
                sink_report = Some(SinkReport::Memory {
                    table: self.spec.name.clone().unwrap_or_default(),
                    rows: emitted_rows.len(),
                    held: table.rows.lock().len(),
                });
                self.memory.extend(emitted_rows.iter().cloned());
                if self.memory.len() > MEMORY_CAP {
                    let extra = self.memory.len() - MEMORY_CAP;
                    self.memory.drain(..extra);
                }
                String::new()
            }
            Sink::Program(sink) => {
                // Spark runs one task per partition: the state partitions
                // after an aggregation, else the source's.
                let n = if self.pipeline.is_stateful() {
                    usize::try_from(self.spec.shuffle_partitions).unwrap_or(1)
                } else if let Source::Socket { num_partitions, .. } = self.pipeline.source {
                    // A trigger of 0 or 1 lines is one partition here, but
                    // Spark's socket source always deals `numPartitions`.
                    input_parts.max(num_partitions)
                } else {
                    input_parts
                }
                .max(1);
                let mut parts: Vec<Vec<Row>> = vec![Vec::new(); n];
                for (p, r) in emitted {
                    parts[p.min(n - 1)].push(r);
                }
                let rows = emitted_rows.len();
                let called = Instant::now();
                let wrote = sink.0.write(batch, &self.pipeline.result_schema, parts);
                let micros = u64::try_from(called.elapsed().as_micros()).unwrap_or(u64::MAX);
                sink_report = Some(program_sink_report(
                    sink.0.kind(),
                    (batch, rows, micros),
                    &wrote,
                ));
                match wrote {
                    Ok(w) => sink_note = Some(w.note),
                    Err(e) => {
                        sink_note = Some(format!("{} failed: {e}", sink.0.kind()));
                        self.failed = Some(e);
                    }
                }
                String::new()
            }
        };
        TriggerReport {
            query: self.spec.index,
            name: self.spec.name.clone(),
            batch,
            time_ms: now_ms,
            mode: self.spec.mode,
            no_data,
            input: input_table,
            input_total: self.input_total,
            result_columns: result_columns.clone(),
            result,
            emitted: Table {
                columns: result_columns,
                rows: emitted_rows,
            },
            sink: sink_report,
            source: source_kind(&self.pipeline.source),
            console,
            sink_note,
            event_time,
            join,
            processing_ms: started.elapsed().as_millis() as u64,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn aggregate(
        &mut self,
        keys: &[Expr],
        aggs: &[Expr],
        (rows, part_ends): (Vec<Row>, &[usize]),
        watermark: Option<i64>,
        now_ms: i64,
        mut event_time: Option<&mut EventTime>,
    ) -> (Vec<ResultRow>, Vec<(usize, Row)>) {
        let pipeline = &self.pipeline;
        let wm_key = pipeline.watermark_key;
        let wm_in = pipeline.watermark_in.map(|w| w.0);
        let State::Agg(groups) = &mut self.state else {
            return (Vec::new(), Vec::new());
        };
        let int_sums = int_sums(aggs, &pipeline.pre_schema);
        let window_time = keys.iter().find_map(|k| match k.unaliased() {
            Expr::Window { time, .. } => Some(time.as_ref().clone()),
            _ => None,
        });
        // Keys and aggregate inputs of every row, computed in parallel.
        let evaluated: Vec<(Vec<Vec<Cell>>, Vec<Cell>)> = par_map(&rows, |row| {
            let mut key_sets: Vec<Vec<Cell>> = vec![Vec::with_capacity(keys.len())];
            for k in keys {
                match k.unaliased() {
                    Expr::Window {
                        time,
                        size_ms,
                        slide_ms,
                        start_ms,
                    } => {
                        let Cell::Timestamp(t) = time.eval(row, now_ms) else {
                            // Rows with a null time fall in no window (Spark filters them).
                            key_sets.clear();
                            break;
                        };
                        let ws = windows_of(t, *size_ms, *slide_ms, *start_ms);
                        key_sets = key_sets
                            .into_iter()
                            .flat_map(|ks| {
                                ws.iter().map(move |(s, e)| {
                                    let mut k = ks.clone();
                                    k.push(Cell::Window(*s, *e));
                                    k
                                })
                            })
                            .collect();
                    }
                    other => {
                        // Grouping treats -0.0 as 0.0, as Spark normalizes it
                        // (-0.0 + 0.0 is 0.0).
                        let v = match other.eval(row, now_ms) {
                            Cell::Double(d) => Cell::Double(d + 0.0),
                            v => v,
                        };
                        for ks in &mut key_sets {
                            ks.push(v.clone());
                        }
                    }
                }
            }
            let vals = aggs.iter().map(|a| a.eval(row, now_ms)).collect();
            (key_sets, vals)
        });
        // Complete mode keeps every group and counts late rows too (Spark
        // neither drops nor evicts there).
        let complete = self.spec.mode == OutputMode::Complete;
        let before: HashSet<Vec<Cell>> = groups.keys().cloned().collect();
        let mut touched: IndexMap<Vec<Cell>, ()> = IndexMap::new();
        // A global aggregation (`groupBy()`) always has its one group, even
        // before any row arrived: Spark prints `count 0` in batch 0.
        if keys.is_empty() && !groups.contains_key(&Vec::new()) {
            groups.insert(
                Vec::new(),
                aggs.iter()
                    .zip(&int_sums)
                    .map(|(a, i)| Acc::new(a, *i))
                    .collect(),
            );
            touched.insert(Vec::new(), ());
        }
        // Each input partition's keys in the order first seen there (late
        // ones too: Spark drops them only at the state store).
        let mut per_input: Vec<IndexMap<Vec<Cell>, ()>> = vec![IndexMap::new(); part_ends.len()];
        let mut input_part = 0;
        for (i, (row, (key_sets, vals))) in rows.iter().zip(evaluated).enumerate() {
            while input_part + 1 < part_ends.len() && i >= part_ends[input_part] {
                input_part += 1;
            }
            let mut counted = Vec::new();
            let mut dropped_any = false;
            for key in key_sets {
                if let Some(seen) = per_input.get_mut(input_part) {
                    if !seen.contains_key(&key) {
                        seen.insert(key.clone(), ());
                    }
                }
                if let (Some(w), Some(k), false) = (watermark, wm_key, complete) {
                    if evict_time(&key[k]).is_some_and(|t| t <= w) {
                        dropped_any = true;
                        continue;
                    }
                }
                if let Some(Cell::Window(s, e)) = key.iter().find(|c| matches!(c, Cell::Window(..)))
                {
                    counted.push((*s, *e));
                }
                let accs = groups.entry(key.clone()).or_insert_with(|| {
                    aggs.iter()
                        .zip(&int_sums)
                        .map(|(a, i)| Acc::new(a, *i))
                        .collect()
                });
                for (acc, v) in accs.iter_mut().zip(&vals) {
                    acc.add(v.clone());
                }
                touched.insert(key, ());
            }
            if let Some(et) = event_time.as_deref_mut() {
                let time_col = wm_in.map(|c| row.get(c).cloned().unwrap_or(Cell::Null));
                let time = time_col.or_else(|| window_time.as_ref().map(|t| t.eval(row, now_ms)));
                let event_ms = match time {
                    Some(Cell::Timestamp(t)) => Some(t),
                    _ => None,
                };
                et.records.push(RecordFate {
                    cells: show_row(row),
                    event_ms,
                    late: matches!((event_ms, watermark), (Some(t), Some(w)) if t < w),
                    dropped: dropped_any && counted.is_empty(),
                    windows: counted,
                });
            }
        }
        let group_row = |key: &Vec<Cell>, accs: &Vec<Acc>| -> Row {
            let mut r = key.clone();
            r.extend(accs.iter().map(Acc::value));
            r
        };
        // The order the touched groups reach the state stores.
        let arrival: Vec<Vec<Cell>> = match self.order.as_ref() {
            Some(order) => {
                let mut per_input: Vec<Vec<Vec<Cell>>> = per_input
                    .into_iter()
                    .map(|m| m.into_keys().collect())
                    .collect();
                // A global aggregation's one group, present without rows.
                if keys.is_empty() && per_input.iter().all(Vec::is_empty) {
                    per_input = vec![vec![Vec::new()]];
                }
                order
                    .arrival(per_input)
                    .into_iter()
                    .filter(|k| touched.contains_key(k))
                    .collect()
            }
            None => touched.keys().cloned().collect(),
        };
        if let Some(order) = self.order.as_mut() {
            order.put_all(arrival.iter());
        }
        // Eviction: groups the watermark has finalized, in the order the
        // state store gives them.
        let mut evicted: Vec<(Vec<Cell>, Row)> = Vec::new();
        if let (Some(w), Some(k), true) =
            (watermark, wm_key, self.spec.mode != OutputMode::Complete)
        {
            let is_gone = |key: &Vec<Cell>| evict_time(&key[k]).is_some_and(|t| t <= w);
            let gone: Vec<Vec<Cell>> = match self.order.as_ref() {
                Some(order) => order.all().into_iter().filter(|key| is_gone(key)).collect(),
                None => groups.keys().filter(|key| is_gone(key)).cloned().collect(),
            };
            for key in gone {
                if let Some(order) = self.order.as_mut() {
                    order.remove(&key);
                }
                if let Some(accs) = groups.shift_remove(&key) {
                    let r = group_row(&key, &accs);
                    evicted.push((key, r));
                }
            }
        }
        let post = &pipeline.post;
        let finish = |rows: Vec<Row>| -> Vec<Vec<String>> {
            run_stateless(post, rows, now_ms)
                .0
                .iter()
                .map(|r| show_row(r))
                .collect()
        };
        let emitted_keys: Vec<Vec<Cell>> = match (self.spec.mode, self.order.as_ref()) {
            (OutputMode::Complete, Some(order)) => order.all(),
            (OutputMode::Complete, None) => groups.keys().cloned().collect(),
            (OutputMode::Update, _) => arrival,
            (OutputMode::Append, _) => Vec::new(),
        };
        let order = self.order.as_ref();
        let part_of = |k: &Vec<Cell>| order.map_or(0, |o| o.partition(k));
        let emitted_rows: Vec<(usize, Row)> = match self.spec.mode {
            OutputMode::Append => evicted
                .iter()
                .map(|(k, r)| (part_of(k), r.clone()))
                .collect(),
            _ => emitted_keys
                .iter()
                .filter_map(|k| groups.get(k).map(|a| (part_of(k), group_row(k, a))))
                .collect(),
        };
        let mut result = Vec::new();
        for (k, a) in groups.iter() {
            let change = if !before.contains(k) {
                RowChange::Added
            } else if touched.contains_key(k) {
                RowChange::Updated
            } else {
                RowChange::Same
            };
            for cells in finish(vec![group_row(k, a)]) {
                result.push(ResultRow { cells, change });
            }
        }
        for (_, r) in evicted {
            for cells in finish(vec![r]) {
                result.push(ResultRow {
                    cells,
                    change: RowChange::Removed,
                });
            }
        }
        (result, post_by_partition(post, emitted_rows, now_ms))
    }

    /// A session window aggregation: each new row (unless late: its own
    /// session `[t, t + gap)` ends at or before the watermark; complete
    /// mode keeps every row) joins its group's rows; a group's rows,
    /// ordered by time, make sessions that extend while the next row starts
    /// no later than the current session ends (`t <= end`: a row exactly at
    /// the end joins it, as recorded on Spark), as Spark merges them. Append mode emits
    /// (and forgets) the sessions that end at or before the watermark,
    /// complete mode every session each trigger.
    fn aggregate_sessions(
        &mut self,
        keys: &[Expr],
        aggs: &[Expr],
        rows: Vec<Row>,
        watermark: Option<i64>,
        now_ms: i64,
        mut event_time: Option<&mut EventTime>,
    ) -> (Vec<ResultRow>, Vec<(usize, Row)>) {
        let pipeline = &self.pipeline;
        let complete = self.spec.mode == OutputMode::Complete;
        let State::Sessions(groups) = &mut self.state else {
            return (Vec::new(), Vec::new());
        };
        let Some((pos, time, gap)) =
            keys.iter()
                .enumerate()
                .find_map(|(i, k)| match k.unaliased() {
                    Expr::SessionWindow { time, gap_ms } => {
                        Some((i, time.as_ref().clone(), *gap_ms))
                    }
                    _ => None,
                })
        else {
            return (Vec::new(), Vec::new());
        };
        let int_sums = int_sums(aggs, &pipeline.pre_schema);
        let before: HashSet<Vec<Cell>> = groups.keys().cloned().collect();
        let mut touched: HashSet<Vec<Cell>> = HashSet::new();
        for row in &rows {
            let Cell::Timestamp(t) = time.eval(row, now_ms) else {
                // A row with a null time is in no session (Spark filters it).
                continue;
            };
            let key: Vec<Cell> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    if i == pos {
                        return Cell::Null;
                    }
                    match k.eval(row, now_ms) {
                        Cell::Double(d) => Cell::Double(d + 0.0),
                        v => v,
                    }
                })
                .collect();
            let end = t.saturating_add(gap);
            let late = !complete && watermark.is_some_and(|w| end <= w);
            if let Some(et) = event_time.as_deref_mut() {
                et.records.push(RecordFate {
                    cells: show_row(row),
                    event_ms: Some(t),
                    late: watermark.is_some_and(|w| t < w),
                    dropped: late,
                    windows: if late { Vec::new() } else { vec![(t, end)] },
                });
            }
            if late {
                continue;
            }
            let vals = aggs.iter().map(|a| a.eval(row, now_ms)).collect();
            groups.entry(key.clone()).or_default().push((t, vals));
            touched.insert(key);
        }
        // Each group's sessions: (start, end, the rows' indexes in time order).
        let sessions_of = |rows: &[(i64, Vec<Cell>)]| -> Vec<(i64, i64, Vec<usize>)> {
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by_key(|i| rows[*i].0);
            let mut out: Vec<(i64, i64, Vec<usize>)> = Vec::new();
            for i in order {
                let t = rows[i].0;
                match out.last_mut() {
                    Some(s) if t <= s.1 => {
                        s.1 = s.1.max(t.saturating_add(gap));
                        s.2.push(i);
                    }
                    _ => out.push((t, t.saturating_add(gap), vec![i])),
                }
            }
            out
        };
        let session_row = |key: &[Cell],
                           (start, end, members): &(i64, i64, Vec<usize>),
                           rows: &[(i64, Vec<Cell>)]|
         -> Row {
            let mut accs: Vec<Acc> = aggs
                .iter()
                .zip(&int_sums)
                .map(|(a, i)| Acc::new(a, *i))
                .collect();
            for m in members {
                for (acc, v) in accs.iter_mut().zip(&rows[*m].1) {
                    acc.add(v.clone());
                }
            }
            let mut r = key.to_vec();
            r[pos] = Cell::Window(*start, *end);
            r.extend(accs.iter().map(Acc::value));
            r
        };
        let mut current: Vec<(Row, RowChange)> = Vec::new();
        let mut evicted: Vec<Row> = Vec::new();
        let mut windows: Vec<(i64, i64)> = Vec::new();
        let mut emptied = Vec::new();
        for (key, rows) in groups.iter_mut() {
            let sessions = sessions_of(rows);
            let mut gone: Vec<usize> = Vec::new();
            for s in &sessions {
                let r = session_row(key, s, rows);
                let finished = !complete && watermark.is_some_and(|w| s.1 <= w);
                if finished {
                    evicted.push(r);
                    gone.extend(&s.2);
                } else {
                    windows.push((s.0, s.1));
                    let change = if !before.contains(key) {
                        RowChange::Added
                    } else if touched.contains(key) {
                        RowChange::Updated
                    } else {
                        RowChange::Same
                    };
                    current.push((r, change));
                }
            }
            if !gone.is_empty() {
                let gone: HashSet<usize> = gone.into_iter().collect();
                let mut i = 0;
                rows.retain(|_| {
                    let keep = !gone.contains(&i);
                    i += 1;
                    keep
                });
                if rows.is_empty() {
                    emptied.push(key.clone());
                }
            }
        }
        for key in emptied {
            groups.shift_remove(&key);
        }
        if let Some(et) = event_time {
            windows.sort_unstable();
            windows.dedup();
            et.windows = windows;
        }
        let post = &pipeline.post;
        let finish = |rows: Vec<Row>| -> Vec<Vec<String>> {
            run_stateless(post, rows, now_ms)
                .0
                .iter()
                .map(|r| show_row(r))
                .collect()
        };
        let emitted: Vec<(usize, Row)> = if complete {
            current.iter().map(|(r, _)| (0, r.clone())).collect()
        } else {
            evicted.iter().map(|r| (0, r.clone())).collect()
        };
        let mut result = Vec::new();
        for (r, change) in current {
            for cells in finish(vec![r]) {
                result.push(ResultRow { cells, change });
            }
        }
        for r in evicted {
            for cells in finish(vec![r]) {
                result.push(ResultRow {
                    cells,
                    change: RowChange::Removed,
                });
            }
        }
        (result, post_by_partition(post, emitted, now_ms))
    }

    fn dedup(
        &mut self,
        cols: &[usize],
        rows: Vec<Row>,
        watermark: Option<i64>,
        now_ms: i64,
        mut event_time: Option<&mut EventTime>,
    ) -> (Vec<ResultRow>, Vec<(usize, Row)>) {
        let wm_in = self.pipeline.watermark_in.map(|w| w.0);
        let key_has_time = wm_in.is_some_and(|c| cols.contains(&c));
        let State::Dedup(seen) = &mut self.state else {
            return (Vec::new(), Vec::new());
        };
        let mut out = Vec::new();
        for row in rows {
            let event_ms = match wm_in.and_then(|c| row.get(c)) {
                Some(Cell::Timestamp(t)) => Some(*t),
                _ => None,
            };
            let too_late = matches!((event_ms, watermark), (Some(t), Some(w)) if t <= w);
            if let Some(et) = event_time.as_deref_mut() {
                et.records.push(RecordFate {
                    cells: show_row(&row),
                    event_ms,
                    late: matches!((event_ms, watermark), (Some(t), Some(w)) if t < w),
                    dropped: too_late,
                    windows: Vec::new(),
                });
            }
            if too_late {
                continue;
            }
            let key: Vec<Cell> = cols
                .iter()
                .map(|c| row.get(*c).cloned().unwrap_or(Cell::Null))
                .collect();
            if seen.contains_key(&key) {
                continue;
            }
            let part = self.order.as_ref().map_or(0, |o| o.partition(&key));
            seen.insert(key, event_ms);
            out.push((part, row));
        }
        if let (Some(w), true) = (watermark, key_has_time) {
            seen.retain(|_, t| t.is_none_or(|t| t > w));
        }
        let out = post_by_partition(&self.pipeline.post, out, now_ms);
        let result = out
            .iter()
            .map(|r| ResultRow {
                cells: show_row(&r.1),
                change: RowChange::Added,
            })
            .collect();
        (result, out)
    }
}

/// The report of a program sink's write: `(batch, rows, micros)` of the
/// call and what it returned.
fn program_sink_report(
    kind: &str,
    (batch, rows, micros): (u64, usize, u64),
    wrote: &Result<SinkWrote, String>,
) -> SinkReport {
    let error = wrote.as_ref().err().cloned();
    match kind {
        "foreachBatch" => SinkReport::ForeachBatch(super::report::BatchCall {
            batch,
            rows,
            micros,
            error,
        }),
        // A file sink (csv, json, text, toTable) says what it wrote.
        "file sink" => SinkReport::Files {
            written: wrote
                .as_ref()
                .ok()
                .and_then(|w| w.files.clone())
                .unwrap_or_default(),
            error,
        },
        _ => SinkReport::Foreach {
            rows,
            note: wrote.as_ref().map(|w| w.note.clone()).unwrap_or_default(),
            micros,
            error,
        },
    }
}

/// Where a pipeline's rows come from, as the report says it.
fn source_kind(source: &Source) -> SourceKind {
    match source {
        Source::Socket { host, port, .. } => SourceKind::Socket {
            host: host.clone(),
            port: *port,
        },
        Source::Text { dir } => SourceKind::Files { path: dir.clone() },
        Source::Files(f) => SourceKind::Files {
            path: f.path.clone(),
        },
        Source::Rate(r) => SourceKind::Rate {
            rows_per_second: r.rows_per_second,
        },
        Source::Static(_) => SourceKind::Other,
    }
}

/// The first stream-static join among a query's stateless operators before
/// its stateful one, watched as a trigger runs: the stream's rows that
/// reach it, how many found no match, and the rows it produced.
struct JoinTap {
    /// The join's index among the operators.
    at: usize,
    view: JoinView,
}

impl JoinTap {
    fn new(ops: &[Op], plan: &Plan) -> Option<JoinTap> {
        let at = ops.iter().position(|op| matches!(op, Op::JoinStatic(_)))?;
        let Op::JoinStatic(j) = &ops[at] else {
            return None;
        };
        // The same join's node in the plan: its input's columns and its own.
        let node = plan
            .chain()
            .into_iter()
            .find(|p| matches!(&p.op, Op::JoinStatic(x) if Arc::ptr_eq(x, j)))?;
        let stream_columns = node
            .input
            .as_ref()
            .map(|i| names(&i.schema))
            .unwrap_or_default();
        let statics = Table {
            columns: j.shown.columns.clone(),
            rows: j.shown.first.clone(),
        };
        let stream = Table {
            columns: stream_columns,
            rows: Vec::new(),
        };
        let mut view = JoinView {
            joined: Table {
                columns: names(&node.schema),
                rows: Vec::new(),
            },
            how: j.kind.spark_name().to_string(),
            on: j.shown.on.clone(),
            static_side: Some(StaticSide {
                left: !j.plan_left,
                rows: j.shown.rows,
                origin: j.shown.origin.clone(),
                strategy: match j.sort_merge {
                    None => "broadcast".into(),
                    Some(_) => "sort-merge".into(),
                },
            }),
            ..JoinView::default()
        };
        if j.plan_left {
            (view.left, view.right) = (stream, statics);
        } else {
            (view.left, view.right) = (statics, stream);
        }
        Some(JoinTap { at, view })
    }

    /// Run `ops` over one partition's rows as [`run_stateless`] does, in
    /// three steps: the operators before the join, the join, the rest.
    fn run(&mut self, ops: &[Op], rows: Vec<Row>, now_ms: i64) -> (Vec<Row>, Option<i64>) {
        let (before, m1) = run_stateless(&ops[..self.at], rows, now_ms);
        let Op::JoinStatic(j) = &ops[self.at] else {
            return run_stateless(&ops[self.at..], before, now_ms);
        };
        let v = &mut self.view;
        let stream = if j.plan_left {
            &mut v.left
        } else {
            &mut v.right
        };
        let room = JoinView::CAP.saturating_sub(stream.rows.len());
        stream
            .rows
            .extend(before.iter().take(room).map(|r| show_row(r)));
        v.stream_rows += before.len();
        v.unmatched += before.iter().filter(|r| !j.has_match(r)).count();
        let (joined, m2) = run_stateless(&ops[self.at..=self.at], before, now_ms);
        let room = JoinView::CAP.saturating_sub(v.joined.rows.len());
        v.joined
            .rows
            .extend(joined.iter().take(room).map(|r| show_row(r)));
        v.joined_rows += joined.len();
        let (out, m3) = run_stateless(&ops[self.at + 1..], joined, now_ms);
        (out, m1.max(m2).max(m3))
    }
}

/// The rows of a line source (socket, text files) for one trigger, and
/// how the input pane shows them: a socket deals a trigger's rows
/// round-robin to its partitions, whose order a stateless query keeps.
pub fn lines_to_parts(
    source: &Source,
    schema_len: usize,
    lines: Vec<(String, i64)>,
) -> (Vec<Vec<String>>, Vec<Vec<Row>>) {
    let with_ts = schema_len > 1;
    let input: Vec<Row> = lines
        .into_iter()
        .map(|(l, t)| {
            let mut r = vec![Cell::str(&l)];
            if with_ts {
                r.push(Cell::Timestamp(t));
            }
            r
        })
        .collect();
    let shown = input.iter().map(|r| show_row(r)).collect();
    let parts = match source {
        Source::Socket { num_partitions, .. } if *num_partitions > 1 && input.len() > 1 => {
            let mut parts: Vec<Vec<Row>> = vec![Vec::new(); *num_partitions];
            for (i, r) in input.into_iter().enumerate() {
                parts[i % num_partitions].push(r);
            }
            parts
        }
        _ => vec![input],
    };
    (shown, parts)
}

/// Whether an operator needs all of a batch's rows at once.
fn sees_all_rows(op: &Op) -> bool {
    match op {
        Op::Sort(_) | Op::Limit(_) => true,
        Op::JoinStatic(j) => j.sort_merge.is_some(),
        _ => false,
    }
}

/// Run the stateless operators after the stateful one over rows tagged with
/// their partition, keeping the tags (a sort or a limit gathers every row
/// into partition 0, as Spark's single-partition sort does).
fn post_by_partition(post: &[Op], rows: Vec<(usize, Row)>, now_ms: i64) -> Vec<(usize, Row)> {
    if post.is_empty() {
        return rows;
    }
    if post.iter().any(sees_all_rows) {
        let all = rows.into_iter().map(|r| r.1).collect();
        return run_stateless(post, all, now_ms)
            .0
            .into_iter()
            .map(|r| (0, r))
            .collect();
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut run: Vec<Row> = Vec::new();
    let mut current = None;
    let flush = |run: &mut Vec<Row>, part: Option<usize>, out: &mut Vec<(usize, Row)>| {
        if let Some(p) = part {
            let done = run_stateless(post, std::mem::take(run), now_ms).0;
            out.extend(done.into_iter().map(|r| (p, r)));
        }
    };
    for (p, r) in rows {
        if current != Some(p) {
            flush(&mut run, current, &mut out);
            current = Some(p);
        }
        run.push(r);
    }
    flush(&mut run, current, &mut out);
    out
}

impl Pipeline {
    /// The watermark delay, when a `withWatermark` feeds the stateful part.
    fn watermark_in_delay(&self) -> Option<(usize, i64)> {
        self.watermark_in.or_else(|| {
            self.pre.iter().find_map(|op| match op {
                Op::Watermark { column, delay_ms } => Some((*column, *delay_ms)),
                _ => None,
            })
        })
    }
}

/// The time a group key's watermarked cell is compared with: a window's end,
/// or a timestamp.
fn evict_time(c: &Cell) -> Option<i64> {
    match c {
        Cell::Window(_, end) => Some(*end),
        Cell::Timestamp(t) => Some(*t),
        _ => None,
    }
}

fn names(schema: &[(String, super::cell::DataType)]) -> Vec<String> {
    schema.iter().map(|c| c.0.clone()).collect()
}

fn show_row(r: &[Cell]) -> Vec<String> {
    r.iter().map(Cell::show).collect()
}

fn out_records(shown: &[Vec<String>], rows: &[Row], col: usize) -> Vec<RecordFate> {
    shown
        .iter()
        .zip(rows)
        .map(|(cells, r)| RecordFate {
            cells: cells.clone(),
            event_ms: match r.get(col) {
                Some(Cell::Timestamp(t)) => Some(*t),
                _ => None,
            },
            late: false,
            dropped: false,
            windows: Vec::new(),
        })
        .collect()
}

/// `f` over every row, on rayon's threads for large batches, order kept.
fn par_map<T: Send>(rows: &[Row], f: impl Fn(&Row) -> T + Sync + Send) -> Vec<T> {
    if rows.len() < CHUNK {
        rows.iter().map(f).collect()
    } else {
        rows.par_iter().with_min_len(CHUNK / 4).map(f).collect()
    }
}

/// Run stateless operators over rows; also returns the largest event time
/// seen by a `withWatermark` among them.
pub(crate) fn run_stateless(ops: &[Op], rows: Vec<Row>, now_ms: i64) -> (Vec<Row>, Option<i64>) {
    if ops.is_empty() {
        return (rows, None);
    }
    // A sort, a limit or a sort-merge join sees all rows at once.
    if rows.len() < CHUNK || ops.iter().any(sees_all_rows) {
        return run_chunk(ops, rows, now_ms);
    }
    let chunks: Vec<Vec<Row>> = {
        let mut v = Vec::new();
        let mut it = rows.into_iter().peekable();
        while it.peek().is_some() {
            v.push(it.by_ref().take(CHUNK).collect());
        }
        v
    };
    let done: Vec<(Vec<Row>, Option<i64>)> = chunks
        .into_par_iter()
        .map(|c| run_chunk(ops, c, now_ms))
        .collect();
    let mut max = None;
    let mut out = Vec::new();
    for (rows, m) in done {
        out.extend(rows);
        max = max.max(m);
    }
    (out, max)
}

fn run_chunk(ops: &[Op], mut rows: Vec<Row>, now_ms: i64) -> (Vec<Row>, Option<i64>) {
    let mut max: Option<i64> = None;
    for op in ops {
        rows = match op {
            Op::Project(exprs) => {
                let mut out = Vec::with_capacity(rows.len());
                for row in &rows {
                    let cells: Vec<Cell> = exprs
                        .iter()
                        .map(|e| match e.unaliased() {
                            Expr::Explode(_) => Cell::Null,
                            other => other.eval(row, now_ms),
                        })
                        .collect();
                    match exprs
                        .iter()
                        .position(|e| matches!(e.unaliased(), Expr::Explode(_)))
                    {
                        None => out.push(cells),
                        Some(p) => {
                            if let Cell::Array(items) = exprs[p].eval(row, now_ms) {
                                for item in items.iter() {
                                    let mut r = cells.clone();
                                    r[p] = item.clone();
                                    out.push(r);
                                }
                            }
                        }
                    }
                }
                out
            }
            Op::Filter(cond) => rows
                .into_iter()
                .filter(|r| matches!(cond.eval(r, now_ms), Cell::Bool(true)))
                .collect(),
            Op::Watermark { column, .. } => {
                for r in &rows {
                    if let Some(Cell::Timestamp(t)) = r.get(*column) {
                        max = max.max(Some(*t));
                    }
                }
                rows
            }
            Op::Sort(keys) => {
                let mut rows = rows;
                rows.sort_by(|a, b| super::batch::compare_rows(keys, a, b));
                rows
            }
            Op::Limit(n) => {
                let mut rows = rows;
                rows.truncate(*n);
                rows
            }
            Op::JoinStatic(j) => j.apply_all(rows),
            Op::Source(_) | Op::Aggregate { .. } | Op::Dedup(_) | Op::JoinStream(_) => rows,
        };
    }
    (rows, max)
}

/// For each aggregate, whether it is a `sum` of an integer column (whose
/// result stays an integer, as Spark's does).
fn int_sums(aggs: &[Expr], schema: &super::expr::Schema) -> Vec<bool> {
    aggs.iter()
        .map(|a| match a.unaliased() {
            Expr::Agg(AggFn::Sum, Some(e)) => matches!(
                e.data_type(schema),
                super::cell::DataType::Int | super::cell::DataType::Long
            ),
            _ => false,
        })
        .collect()
}
