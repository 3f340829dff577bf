//! The logical plan of a streaming DataFrame: a chain of operators from a
//! source, each with the schema it produces. Every DataFrame method builds a
//! new [`Plan`] node, resolving column names on the spot (so mistakes are
//! reported on the line that made them, as Spark's analysis does).
//!
//! A query runs the chain as three parts: stateless operators before the one
//! stateful operator (aggregation or deduplication), the stateful operator,
//! and stateless operators after it ([`Pipeline`]).

use std::sync::Arc;

use super::cell::DataType;
use super::expr::{AggFn, BindError, Expr, Schema};
use super::report::OutputMode;

/// Where rows come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `format("socket")`: a `value` column, and a `timestamp` column (the time
    /// the line was received) with `includeTimestamp`.
    Socket {
        host: String,
        port: u16,
        include_timestamp: bool,
        /// Spark's `numPartitions` option (default: the default parallelism, 2
        /// under `local[2]`): a trigger's rows are dealt round-robin to this
        /// many partitions, which sets the order of a stateless query's output.
        num_partitions: usize,
    },
    /// `readStream.text(dir)`: the lines of files that appear in `dir`.
    Text { dir: String },
    /// `format("rate")`: `timestamp` and `value` rows at a set speed.
    Rate(super::rate::Rate),
    /// `readStream.schema(...).csv(path)` / `json(path)`.
    Files(Arc<super::files::FileSource>),
    /// A DataFrame over data the program already has (`spark.createDataFrame`,
    /// `rdd.toDF()`): not a stream; it runs at once ([`super::batch`]).
    Static(Arc<StaticInput>),
}

/// The rows of a static DataFrame, partition by partition as the RDD or
/// list they came from had them (the partitions decide the order of an
/// aggregation's result, see [`super::batch`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StaticInput {
    pub schema: Schema,
    pub partitions: Vec<Vec<super::cell::Row>>,
    /// True when Spark knows the data's size (files read with `spark.read`):
    /// a join then broadcasts it. A DataFrame made from Python data
    /// (`createDataFrame`) has no size, so Spark sort-merges it.
    pub sized: bool,
    /// Where the program got it, as the Query pane names a join's static
    /// side: the file or directory read, `table NAME`, `createDataFrame`.
    pub origin: String,
}

#[derive(Debug, Clone)]
pub enum Op {
    Source(Source),
    /// `select`, `withColumn`, `selectExpr`: bound expressions, at most one explode.
    Project(Vec<Expr>),
    /// `where` / `filter`: keeps rows where the condition is true.
    Filter(Expr),
    /// `withWatermark(col, delay)`: column index and delay.
    Watermark {
        column: usize,
        delay_ms: i64,
    },
    /// `groupBy(keys).agg(aggs)`: keys may hold one `window(...)`.
    Aggregate {
        keys: Vec<Expr>,
        aggs: Vec<Expr>,
    },
    /// `dropDuplicates(cols)`: the key column indexes.
    Dedup(Vec<usize>),
    /// `orderBy` / `sort` / `ORDER BY`: bound keys, each ascending or not.
    Sort(Vec<(Expr, bool)>),
    /// `limit(n)` / `LIMIT n`.
    Limit(usize),
    /// `df.join(static_df, on, how)` with a static DataFrame: each row of
    /// this plan's rows meets the static rows of the same key.
    JoinStatic(Arc<StaticJoin>),
    /// `df.join(other_stream, on, how)`: both sides streams; the right
    /// side's plan is inside.
    JoinStream(Arc<super::join::StreamJoin>),
}

/// The join types streamlab runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    /// The left side's rows that have a match (`left_semi`), its columns only.
    LeftSemi,
    /// The left side's rows that have none (`left_anti`), its columns only.
    LeftAnti,
    /// `crossJoin()` / `how="cross"`: an inner join, on keys or on none.
    Cross,
}

impl JoinKind {
    /// `how=` as PySpark spells it.
    pub fn parse(how: &str) -> Option<JoinKind> {
        Some(match how.to_ascii_lowercase().as_str() {
            "inner" => JoinKind::Inner,
            "left" | "leftouter" | "left_outer" => JoinKind::LeftOuter,
            "right" | "rightouter" | "right_outer" => JoinKind::RightOuter,
            "outer" | "full" | "fullouter" | "full_outer" => JoinKind::FullOuter,
            "leftsemi" | "left_semi" | "semi" => JoinKind::LeftSemi,
            "leftanti" | "left_anti" | "anti" => JoinKind::LeftAnti,
            "cross" => JoinKind::Cross,
            _ => return None,
        })
    }

    /// Spark's name, as its messages print it.
    pub fn spark_name(self) -> &'static str {
        match self {
            JoinKind::Inner => "Inner",
            JoinKind::LeftOuter => "LeftOuter",
            JoinKind::RightOuter => "RightOuter",
            JoinKind::FullOuter => "FullOuter",
            JoinKind::LeftSemi => "LeftSemi",
            JoinKind::LeftAnti => "LeftAnti",
            JoinKind::Cross => "Cross",
        }
    }

    /// Semi and anti joins give the left side's columns only.
    pub fn existence(self) -> bool {
        matches!(self, JoinKind::LeftSemi | JoinKind::LeftAnti)
    }
}

/// A join of the plan's rows (the stream, or the driving static side) with
/// a static DataFrame's rows on same-named key columns (`on="id"`).
#[derive(Debug)]
pub struct StaticJoin {
    pub kind: JoinKind,
    /// The static side as the Query pane shows it.
    pub shown: StaticShown,
    /// True when this plan's rows are the join's left side.
    pub plan_left: bool,
    /// The key columns in this plan's rows.
    pub keys: Vec<usize>,
    /// This plan's columns that follow the keys (all of them without `using`).
    pub rest: Vec<usize>,
    /// The static side's rows by key, in their order: their non-key columns
    /// (all of them without `using`).
    pub table: std::collections::HashMap<Vec<super::cell::Cell>, Vec<super::cell::Row>>,
    /// The width of those static rows (nulls for an unmatched row).
    pub other_width: usize,
    /// Whether an unmatched row of the plan's side is kept (with nulls).
    pub keep_unmatched_plan_rows: bool,
    /// `on="key"` (a USING join: the keys once, first); false for a
    /// condition (`a.x == b.y`): every column of both sides.
    pub using: bool,
    /// `Some(n)` when Spark sort-merges (the static side has no known size):
    /// the output comes by shuffle partition of the key (of `n`), then key
    /// order. `None`: a broadcast join, rows in their own order.
    pub sort_merge: Option<i32>,
    /// The key columns' types (for the shuffle partition).
    pub key_types: Vec<super::cell::DataType>,
}

impl StaticJoin {
    /// Join all of a batch's rows: with a sort-merge join, in the order of
    /// their key's shuffle partition, then of the key (stable).
    pub fn apply_all(&self, rows: Vec<super::cell::Row>) -> Vec<super::cell::Row> {
        use super::cell::Cell;
        let mut rows = rows;
        if let Some(n) = self.sort_merge {
            let key_of = |r: &super::cell::Row| -> Vec<Cell> {
                self.keys
                    .iter()
                    .map(|k| r.get(*k).cloned().unwrap_or(Cell::Null))
                    .collect()
            };
            let mut tagged: Vec<(i32, Vec<Cell>, super::cell::Row)> = rows
                .into_iter()
                .map(|r| {
                    let k = key_of(&r);
                    let p = super::batch::shuffle_partition(&k, &self.key_types, n);
                    (p, k, r)
                })
                .collect();
            tagged.sort_by(|a, b| {
                a.0.cmp(&b.0).then_with(|| {
                    for (x, y) in a.1.iter().zip(&b.1) {
                        let o = match (x.is_null(), y.is_null()) {
                            (true, true) => std::cmp::Ordering::Equal,
                            (true, false) => std::cmp::Ordering::Less,
                            (false, true) => std::cmp::Ordering::Greater,
                            _ => x.compare(y).unwrap_or(std::cmp::Ordering::Equal),
                        };
                        if o != std::cmp::Ordering::Equal {
                            return o;
                        }
                    }
                    std::cmp::Ordering::Equal
                })
            });
            rows = tagged.into_iter().map(|t| t.2).collect();
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            self.apply(r, &mut out);
        }
        out
    }

    /// The rows one input row joins into: key columns, then the left side's
    /// others, then the right side's.
    pub fn apply(&self, row: &super::cell::Row, out: &mut Vec<super::cell::Row>) {
        use super::cell::Cell;
        let key: Vec<Cell> = self
            .keys
            .iter()
            .map(|k| row.get(*k).cloned().unwrap_or(Cell::Null))
            .collect();
        let mine: Vec<Cell> = self
            .rest
            .iter()
            .map(|k| row.get(*k).cloned().unwrap_or(Cell::Null))
            .collect();
        let build = |other: &[Cell]| {
            let mut r = if self.using { key.clone() } else { Vec::new() };
            if self.plan_left {
                r.extend(mine.iter().cloned());
                r.extend(other.iter().cloned());
            } else {
                r.extend(other.iter().cloned());
                r.extend(mine.iter().cloned());
            }
            r
        };
        let matches = if key.iter().any(Cell::is_null) {
            None
        } else {
            self.table.get(&key)
        };
        match self.kind {
            JoinKind::LeftSemi | JoinKind::LeftAnti => {
                let found = matches.is_some_and(|m| !m.is_empty());
                if found == (self.kind == JoinKind::LeftSemi) {
                    out.push(build(&[]));
                }
                return;
            }
            _ => {}
        }
        match matches {
            Some(rows) => out.extend(rows.iter().map(|o| build(o))),
            None if self.keep_unmatched_plan_rows => {
                out.push(build(&vec![Cell::Null; self.other_width]))
            }
            None => {}
        }
    }
}

/// What the Query pane shows of a join's static side, fixed when the
/// join is planned.
#[derive(Debug, Clone, Default)]
pub struct StaticShown {
    pub columns: Vec<String>,
    /// Its first rows (at most [`super::report::JoinView::CAP`]), as display strings.
    pub first: Vec<Vec<String>>,
    /// All its rows.
    pub rows: usize,
    /// Where the program got it ([`StaticInput::origin`]).
    pub origin: String,
    /// The keys: a name, or `stream = static` when the names differ.
    pub on: Vec<String>,
}

impl StaticJoin {
    /// Whether a row of the plan's side has a static row of its key (a
    /// null key never has).
    pub fn has_match(&self, row: &super::cell::Row) -> bool {
        let key: Vec<super::cell::Cell> = self
            .keys
            .iter()
            .map(|k| row.get(*k).cloned().unwrap_or(super::cell::Cell::Null))
            .collect();
        !key.iter().any(super::cell::Cell::is_null)
            && self.table.get(&key).is_some_and(|m| !m.is_empty())
    }
}

/// One node of a plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub op: Op,
    pub input: Option<Arc<Plan>>,
    pub schema: Schema,
    /// The event-time column after this node and its watermark delay, if a
    /// `withWatermark` upstream still reaches it.
    pub watermark: Option<(usize, i64)>,
}

/// Why a plan is refused, reported as Spark's `AnalysisException`; the
/// messages are Spark's, or say what streamlab's subset does instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// An expression does not resolve against the input's schema.
    #[error(transparent)]
    Bind(#[from] BindError),
    #[error("streamlab runs aggregations on streams through groupBy(...): write df.groupBy().agg(...) for a total over all rows")]
    AggregateInSelect,
    #[error("window(...) is a grouping expression here: use it in groupBy(window(...), ...)")]
    WindowInSelect,
    #[error("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one generator allowed per select clause but found 2: explode(...), explode(...).")]
    MultiGenerator,
    #[error("[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in expressions: explode(...) must be the whole column, optionally with .alias(...).")]
    NestedGenerator,
    /// `explode(column)` of a column that is not an array.
    #[error("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"explode({column})\" due to data type mismatch: the parameter requires an array, but it is of type \"{}\"; make one with split(...)", .found.sql_name().to_uppercase())]
    ExplodeNotArray { column: String, found: DataType },
    #[error("a filter condition cannot hold an aggregate, explode or window")]
    FilterNotPerRow,
    #[error("[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{condition}\" due to data type mismatch: Filter expression \"{condition}\" of type \"{}\" is not a boolean.", .found.sql_name().to_uppercase())]
    FilterNotBoolean { condition: String, found: DataType },
    #[error("cannot find the column {0}")]
    NoColumn(String),
    #[error("Event time must be defined on a window or a timestamp, but {column} is of type {}", .found.sql_name())]
    EventTimeNotTimestamp { column: String, found: DataType },
    #[error("delay threshold ({0} ms) should not be negative.")]
    NegativeDelay(i64),
    #[error(
        "Multiple streaming aggregations are not supported with streaming DataFrames/Datasets;"
    )]
    MultipleAggregations,
    #[error("Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.")]
    MultipleWindows,
    #[error("aggregate functions are not allowed in GROUP BY")]
    AggregateInGroupBy,
    #[error("window(...) must be a grouping column by itself")]
    WindowInExpression,
    /// An `agg(...)` argument that is not an aggregate function.
    #[error(
        "agg(...) takes aggregate functions such as count, sum, avg, min, max; {0} is not one"
    )]
    NotAnAggregate(String),
    #[error("It is not allowed to use an aggregate function in the argument of another aggregate function.")]
    NestedAggregate,
    /// `sum`/`avg` of a column that is not numeric.
    #[error("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{aggregate}\" due to data type mismatch: the parameter requires a numeric type, but it is of type \"{}\".", .found.sql_name().to_uppercase())]
    NotNumeric { aggregate: String, found: DataType },
    /// `dropDuplicates` of a name that is no column: the name and the columns.
    #[error("[UNRESOLVED_COLUMN.WITH_SUGGESTION] Cannot resolve column name \"{name}\" among ({})", .columns.join(", "))]
    DedupUnresolved { name: String, columns: Vec<String> },
    #[error("Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets;")]
    CompleteWithoutAggregation,
    #[error("Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark;")]
    AppendWithoutWatermark,
    #[error("streamlab runs one stateful operation per query: an aggregation or a dropDuplicates, not both")]
    SeveralStateful,
    #[error("a sort key cannot hold an aggregate, explode or window")]
    SortNotPerRow,
    #[error("Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode;")]
    StreamingSort,
    #[error("Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.;")]
    DistinctAggregation,
    #[error("Limits are not supported on streaming DataFrames/Datasets in Update output mode;")]
    StreamingLimitUpdate,
    #[error(
        "Update output mode not supported for session window on streaming DataFrames/DataSets;"
    )]
    SessionWindowUpdate,
    #[error("Global aggregation with session window in streaming query is not supported.")]
    GlobalSessionWindow,
    #[error("[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `{name}` cannot be resolved on the {side} side of the join. The {side}-side columns: [{}].", .columns.join(", "))]
    JoinColumn {
        name: String,
        side: String,
        columns: Vec<String>,
    },
    /// A stream-static or stream-stream join Spark refuses on a stream.
    #[error("{0}")]
    StreamJoin(String),
    #[error("streamlab runs a stream-stream join with at most one aggregation or dropDuplicates of its rows after it: no aggregation, dropDuplicates or other join before it, no second join after it")]
    StreamJoinStateful,
    #[error("streamlab runs session windows (session_window) on streaming DataFrames only: on a static DataFrame group by window(time, size) for fixed windows")]
    SessionWindowNotRun,
}

/// The result of an analysis step.
pub type Analysis<T> = Result<T, AnalysisError>;

impl Plan {
    pub fn source(src: Source) -> Plan {
        if let Source::Static(input) = &src {
            return Plan {
                schema: input.schema.clone(),
                op: Op::Source(src),
                input: None,
                watermark: None,
            };
        }
        if let Source::Files(f) = &src {
            return Plan {
                schema: f.schema.clone(),
                op: Op::Source(src),
                input: None,
                watermark: None,
            };
        }
        if let Source::Rate(_) = &src {
            return Plan {
                schema: vec![
                    ("timestamp".to_string(), DataType::Timestamp),
                    ("value".to_string(), DataType::Long),
                ],
                op: Op::Source(src),
                input: None,
                watermark: None,
            };
        }
        let mut schema = vec![("value".to_string(), DataType::String)];
        if let Source::Socket {
            include_timestamp: true,
            ..
        } = &src
        {
            schema.push(("timestamp".to_string(), DataType::Timestamp));
        }
        Plan {
            op: Op::Source(src),
            input: None,
            schema,
            watermark: None,
        }
    }

    fn child(self: &Arc<Self>, op: Op, schema: Schema, watermark: Option<(usize, i64)>) -> Plan {
        Plan {
            op,
            input: Some(self.clone()),
            schema,
            watermark,
        }
    }

    /// True if this node or one upstream is an aggregation.
    pub fn has_aggregation(&self) -> bool {
        matches!(self.op, Op::Aggregate { .. })
            || self.input.as_ref().is_some_and(|p| p.has_aggregation())
    }

    fn has_stateful(&self) -> bool {
        matches!(self.op, Op::Aggregate { .. } | Op::Dedup(_))
            || self.input.as_ref().is_some_and(|p| p.has_stateful())
    }

    /// `select(...)`.
    pub fn select(self: &Arc<Self>, exprs: Vec<Expr>) -> Analysis<Plan> {
        let mut bound = Vec::new();
        for e in exprs {
            if let Expr::Star = e {
                for (i, (n, _)) in self.schema.iter().enumerate() {
                    bound.push(Expr::Ref(i, n.clone()));
                }
                continue;
            }
            if e.has_agg() {
                return Err(AnalysisError::AggregateInSelect);
            }
            if e.has_window() {
                return Err(AnalysisError::WindowInSelect);
            }
            bound.push(e.bind(&self.schema)?);
        }
        let explodes = bound.iter().filter(|e| e.has_explode()).count();
        if explodes > 1 {
            return Err(AnalysisError::MultiGenerator);
        }
        if bound
            .iter()
            .any(|e| e.has_explode() && !matches!(e.unaliased(), Expr::Explode(_)))
        {
            return Err(AnalysisError::NestedGenerator);
        }
        for e in &bound {
            if let Expr::Explode(inner) = e.unaliased() {
                if !inner.data_type(&self.schema).is_array() {
                    return Err(AnalysisError::ExplodeNotArray {
                        column: inner.name(),
                        found: inner.data_type(&self.schema),
                    });
                }
            }
        }
        let schema: Schema = bound
            .iter()
            .map(|e| (e.output_name(), e.data_type(&self.schema)))
            .collect();
        // The watermark survives a select that passes its column through.
        let watermark = self.watermark.and_then(|(col, delay)| {
            bound
                .iter()
                .position(|e| matches!(e.unaliased(), Expr::Ref(i, _) if *i == col))
                .map(|p| (p, delay))
        });
        Ok(self.child(Op::Project(bound), schema, watermark))
    }

    /// `withColumn(name, expr)`: replaces a column of that name, or appends one.
    pub fn with_column(self: &Arc<Self>, name: &str, e: Expr) -> Analysis<Plan> {
        let mut exprs: Vec<Expr> = Vec::new();
        let mut replaced = false;
        for (n, _) in &self.schema {
            if n == name {
                exprs.push(Expr::Alias(Box::new(e.clone()), name.to_string()));
                replaced = true;
            } else {
                exprs.push(Expr::col(n));
            }
        }
        if !replaced {
            exprs.push(Expr::Alias(Box::new(e), name.to_string()));
        }
        self.select(exprs)
    }

    /// `where(cond)` / `filter(cond)`.
    pub fn filter(self: &Arc<Self>, cond: Expr) -> Analysis<Plan> {
        if cond.has_agg() || cond.has_explode() || cond.has_window() {
            return Err(AnalysisError::FilterNotPerRow);
        }
        let bound = match cond.bind(&self.schema) {
            Ok(b) => b,
            Err(e) => {
                return self
                    .filter_through_projection(&cond)
                    .unwrap_or(Err(e.into()))
            }
        };
        let t = bound.data_type(&self.schema);
        if t != DataType::Boolean && t != DataType::Null {
            return Err(AnalysisError::FilterNotBoolean {
                condition: cond.name(),
                found: t,
            });
        }
        // A filter on the rows of a stream-stream join that reads one side's
        // columns only runs on that side before the join, as Spark's
        // optimizer moves it (not into the side an outer join fills with nulls).
        if let (Op::JoinStream(j), Some(left)) = (&self.op, &self.input) {
            if let Some(p) = self.filter_into_join_side(j, left, &bound, &cond) {
                return p;
            }
        }
        // Spark's optimizer pushes a filter below `withWatermark` when it
        // does not read the event-time column: the rows it drops then do
        // not move the watermark.
        if let (Op::Watermark { column, delay_ms }, Some(input)) = (&self.op, &self.input) {
            let mut cols = Vec::new();
            bound.columns(&mut cols);
            if !cols.contains(column) {
                let below = Arc::new(input.filter(cond)?);
                return Ok(below.child(
                    Op::Watermark {
                        column: *column,
                        delay_ms: *delay_ms,
                    },
                    self.schema.clone(),
                    self.watermark,
                ));
            }
        }
        Ok(self.child(Op::Filter(bound), self.schema.clone(), self.watermark))
    }

    /// [`Plan::filter`] of a stream-stream join's output moved into one side
    /// (the left one when `cond` reads only columns from it and the join
    /// type lets Spark push there, likewise the right one); None otherwise.
    fn filter_into_join_side(
        self: &Arc<Self>,
        j: &Arc<super::join::StreamJoin>,
        left: &Arc<Plan>,
        bound: &Expr,
        cond: &Expr,
    ) -> Option<Analysis<Plan>> {
        use super::join::{OutCol, StreamJoinKind};
        let mut cols = Vec::new();
        bound.columns(&mut cols);
        if cols.is_empty() {
            return None;
        }
        let sources: Vec<Option<usize>> = cols
            .iter()
            .map(|c| match j.output.get(*c) {
                Some(OutCol::At(i)) => Some(*i),
                _ => None,
            })
            .collect();
        let all_left = sources.iter().all(|s| s.is_some_and(|i| i < j.left_width));
        let all_right = sources.iter().all(|s| s.is_some_and(|i| i >= j.left_width));
        let (to_left, to_right) = match j.kind {
            StreamJoinKind::Inner | StreamJoinKind::LeftSemi => (true, true),
            StreamJoinKind::LeftOuter | StreamJoinKind::LeftAnti => (true, false),
            StreamJoinKind::RightOuter => (false, true),
            StreamJoinKind::FullOuter => (false, false),
        };
        if all_left && to_left {
            let side = match left.filter(cond.clone()) {
                Ok(p) => Arc::new(p),
                Err(_) => return None,
            };
            return Some(Ok(side.child(
                Op::JoinStream(j.clone()),
                self.schema.clone(),
                self.watermark,
            )));
        }
        if all_right && to_right {
            let side = match j.right.filter(cond.clone()) {
                Ok(p) => Arc::new(p),
                Err(_) => return None,
            };
            let mut moved = (**j).clone();
            moved.right = side;
            return Some(Ok(left.child(
                Op::JoinStream(Arc::new(moved)),
                self.schema.clone(),
                self.watermark,
            )));
        }
        None
    }

    /// A filter on columns a `select` just dropped, as Spark's analyzer
    /// resolves it (`select("device").where("signal > 10")`): the select
    /// keeps the missing columns of its input, the filter runs, and a second
    /// select drops them again. None when this node is no select or its input
    /// lacks the columns too.
    fn filter_through_projection(self: &Arc<Self>, cond: &Expr) -> Option<Analysis<Plan>> {
        let (Op::Project(exprs), Some(input)) = (&self.op, &self.input) else {
            return None;
        };
        if exprs.iter().any(Expr::has_explode) {
            return None;
        }
        let names = std::cell::RefCell::new(Vec::new());
        cond.any(&|e| {
            if let Expr::Col(n) = e {
                names.borrow_mut().push(n.clone());
            }
            false
        });
        let names = names.into_inner();
        let mut wider = exprs.clone();
        let mut schema = self.schema.clone();
        for n in names {
            if Expr::col(&n).bind(&self.schema).is_ok() || schema.iter().any(|(m, _)| *m == n) {
                continue;
            }
            let Ok(Expr::Ref(i, name)) = Expr::col(&n).bind(&input.schema) else {
                return None;
            };
            wider.push(Expr::Ref(i, name.clone()));
            schema.push((name, input.schema[i].1));
        }
        let watermark = self.watermark;
        let widened = Arc::new(input.child(Op::Project(wider), schema, watermark));
        let filtered = match widened.filter(cond.clone()) {
            Ok(p) => Arc::new(p),
            Err(e) => return Some(Err(e)),
        };
        let back: Vec<Expr> = self
            .schema
            .iter()
            .enumerate()
            .map(|(i, (n, _))| Expr::Ref(i, n.clone()))
            .collect();
        Some(Ok(filtered.child(
            Op::Project(back),
            self.schema.clone(),
            watermark,
        )))
    }

    /// `withWatermark(column, delay)`.
    pub fn with_watermark(self: &Arc<Self>, column: &str, delay_ms: i64) -> Analysis<Plan> {
        let Expr::Ref(i, _) = Expr::col(column).bind(&self.schema)? else {
            return Err(AnalysisError::NoColumn(column.to_string()));
        };
        if self.schema[i].1 != DataType::Timestamp {
            return Err(AnalysisError::EventTimeNotTimestamp {
                column: column.to_string(),
                found: self.schema[i].1,
            });
        }
        if delay_ms < 0 {
            return Err(AnalysisError::NegativeDelay(delay_ms));
        }
        Ok(self.child(
            Op::Watermark {
                column: i,
                delay_ms,
            },
            self.schema.clone(),
            Some((i, delay_ms)),
        ))
    }

    /// `groupBy(keys).agg(aggs)` (`count()` is `agg(count("*").alias("count"))`).
    pub fn aggregate(self: &Arc<Self>, keys: Vec<Expr>, aggs: Vec<Expr>) -> Analysis<Plan> {
        if self.has_aggregation() {
            return Err(AnalysisError::MultipleAggregations);
        }
        // An expression over aggregates (`round(avg(t), 2)`): the aggregates
        // are computed as hidden columns, the expression by a projection
        // above, under the expression's name, as Spark plans it.
        if aggs
            .iter()
            .any(|a| !matches!(a.unaliased(), Expr::Agg(..)) && a.has_agg())
        {
            let mut hidden = Vec::new();
            let outer: Vec<Expr> = aggs
                .iter()
                .map(|a| {
                    Expr::Alias(
                        Box::new(lift_aggs(a.unaliased(), &mut hidden)),
                        a.output_name(),
                    )
                })
                .collect();
            let nkeys = keys.len();
            let inner = Arc::new(self.aggregate(keys, hidden)?);
            let mut cols: Vec<Expr> = inner.schema[..nkeys]
                .iter()
                .enumerate()
                .map(|(i, (n, _))| Expr::Ref(i, n.clone()))
                .collect();
            cols.extend(outer);
            return inner.select(cols);
        }
        if keys.iter().filter(|k| k.has_window()).count() > 1 {
            return Err(AnalysisError::MultipleWindows);
        }
        let mut bk = Vec::new();
        for k in keys {
            if k.has_agg() {
                return Err(AnalysisError::AggregateInGroupBy);
            }
            if k.has_window()
                && !matches!(
                    k.unaliased(),
                    Expr::Window { .. } | Expr::SessionWindow { .. }
                )
            {
                return Err(AnalysisError::WindowInExpression);
            }
            if k.has_session_window() && self.is_static() {
                return Err(AnalysisError::SessionWindowNotRun);
            }
            bk.push(k.bind(&self.schema)?);
        }
        let mut ba = Vec::new();
        for a in aggs {
            if !matches!(a.unaliased(), Expr::Agg(..)) {
                return Err(AnalysisError::NotAnAggregate(a.name()));
            }
            if let Expr::Agg(f, Some(arg)) = a.unaliased() {
                if arg.has_agg() {
                    return Err(AnalysisError::NestedAggregate);
                }
                if matches!(f, AggFn::Sum | AggFn::Avg) {
                    let t = arg.data_type(&self.schema);
                    if !(t.is_numeric() || t == DataType::String || t == DataType::Null) {
                        return Err(AnalysisError::NotNumeric {
                            aggregate: a.name(),
                            found: t,
                        });
                    }
                }
            }
            ba.push(a.bind(&self.schema)?);
        }
        let mut schema: Schema = bk
            .iter()
            .map(|e| (e.name(), e.data_type(&self.schema)))
            .collect();
        schema.extend(ba.iter().map(|e| (e.name(), e.data_type(&self.schema))));
        let watermark = self
            .event_time_columns()
            .into_iter()
            .find_map(|(col, delay)| {
                bk.iter()
                    .position(|k| match k.unaliased() {
                        Expr::Ref(i, _) => *i == col,
                        Expr::Window { time, .. } | Expr::SessionWindow { time, .. } => {
                            matches!(time.as_ref(), Expr::Ref(i, _) if *i == col)
                        }
                        _ => false,
                    })
                    .map(|p| (p, delay))
            });
        Ok(self.child(Op::Aggregate { keys: bk, aggs: ba }, schema, watermark))
    }

    /// `dropDuplicates(cols)`, all columns when `cols` is None.
    pub fn drop_duplicates(self: &Arc<Self>, cols: Option<Vec<String>>) -> Analysis<Plan> {
        let idx: Vec<usize> = match cols {
            None => (0..self.schema.len()).collect(),
            Some(names) => {
                let mut v = Vec::new();
                for n in names {
                    match self.schema.iter().position(|(m, _)| *m == n) {
                        Some(i) => v.push(i),
                        None => {
                            return Err(AnalysisError::DedupUnresolved {
                                name: n,
                                columns: self.schema.iter().map(|c| c.0.clone()).collect(),
                            });
                        }
                    }
                }
                v
            }
        };
        Ok(self.child(Op::Dedup(idx), self.schema.clone(), self.watermark))
    }

    /// `orderBy(keys)`: each key with whether it sorts ascending.
    pub fn sort(self: &Arc<Self>, keys: Vec<(Expr, bool)>) -> Analysis<Plan> {
        let mut bound = Vec::new();
        for (k, asc) in keys {
            if k.has_agg() || k.has_explode() || k.has_window() {
                return Err(AnalysisError::SortNotPerRow);
            }
            bound.push((k.bind(&self.schema)?, asc));
        }
        Ok(self.child(Op::Sort(bound), self.schema.clone(), self.watermark))
    }

    /// `limit(n)`.
    pub fn limit(self: &Arc<Self>, n: usize) -> Plan {
        self.child(Op::Limit(n), self.schema.clone(), self.watermark)
    }

    /// `self.join(other, on=names, how=kind)` where `other` is static:
    /// `plan_left` says whether this plan is the join's left side. The
    /// result's columns are the keys, the left side's others, the right
    /// side's others (Spark's `USING` join).
    pub fn join_static(
        self: &Arc<Self>,
        other_schema: &Schema,
        other_rows: Vec<super::cell::Row>,
        on: &[String],
        (kind, plan_left): (JoinKind, bool),
        sort_merge: Option<i32>,
    ) -> Analysis<Plan> {
        let pairs: Vec<(String, String)> = on.iter().map(|n| (n.clone(), n.clone())).collect();
        self.join_static_on(
            other_schema,
            other_rows,
            &pairs,
            (kind, plan_left),
            sort_merge,
            true,
        )
    }

    /// [`Plan::join_static`] on pairs of (this plan's column, the static
    /// side's column); `using`: the keys once, first (else every column of
    /// both sides, as a join on a condition gives them).
    pub fn join_static_on(
        self: &Arc<Self>,
        other_schema: &Schema,
        other_rows: Vec<super::cell::Row>,
        on: &[(String, String)],
        (kind, plan_left): (JoinKind, bool),
        sort_merge: Option<i32>,
        using: bool,
    ) -> Analysis<Plan> {
        let find = |schema: &Schema, side: &str, name: &str| {
            schema
                .iter()
                .position(|c| c.0 == name)
                .ok_or_else(|| AnalysisError::JoinColumn {
                    name: name.to_string(),
                    side: side.to_string(),
                    columns: schema.iter().map(|c| c.0.clone()).collect(),
                })
        };
        let (mine_side, other_side) = if plan_left {
            ("left", "right")
        } else {
            ("right", "left")
        };
        let mut keys = Vec::new();
        let mut other_keys = Vec::new();
        for (mine, theirs) in on {
            keys.push(find(&self.schema, mine_side, mine)?);
            other_keys.push(find(other_schema, other_side, theirs)?);
        }
        let rest: Vec<usize> = (0..self.schema.len())
            .filter(|i| !using || !keys.contains(i))
            .collect();
        let other_rest: Vec<usize> = (0..other_schema.len())
            .filter(|i| !using || !other_keys.contains(i))
            .collect();
        let shown = StaticShown {
            columns: other_schema.iter().map(|c| c.0.clone()).collect(),
            first: other_rows
                .iter()
                .take(super::report::JoinView::CAP)
                .map(|r| r.iter().map(super::cell::Cell::show).collect())
                .collect(),
            rows: other_rows.len(),
            // Set by the caller, which knows the static DataFrame.
            origin: String::new(),
            on: on
                .iter()
                .map(|(a, b)| {
                    if a == b {
                        a.clone()
                    } else {
                        format!("{a} = {b}")
                    }
                })
                .collect(),
        };
        let mut table: std::collections::HashMap<Vec<super::cell::Cell>, Vec<super::cell::Row>> =
            std::collections::HashMap::new();
        for r in other_rows {
            let key: Vec<super::cell::Cell> = other_keys
                .iter()
                .map(|k| r.get(*k).cloned().unwrap_or(super::cell::Cell::Null))
                .collect();
            let vals = other_rest
                .iter()
                .map(|k| r.get(*k).cloned().unwrap_or(super::cell::Cell::Null))
                .collect();
            table.entry(key).or_default().push(vals);
        }
        // The key columns take the type of the side whose keys they show.
        let mut schema: Schema = if using {
            keys.iter().map(|k| self.schema[*k].clone()).collect()
        } else {
            Vec::new()
        };
        let mine: Schema = rest.iter().map(|k| self.schema[*k].clone()).collect();
        // A semi or anti join keeps one side's columns only.
        let theirs: Schema = if kind.existence() {
            Vec::new()
        } else {
            other_rest
                .iter()
                .map(|k| other_schema[*k].clone())
                .collect()
        };
        let other_width = theirs.len();
        let mine_at = if plan_left {
            schema.len()
        } else {
            schema.len() + theirs.len()
        };
        if plan_left {
            schema.extend(mine);
            schema.extend(theirs);
        } else {
            schema.extend(theirs);
            schema.extend(mine);
        }
        // The event-time column moves with the plan's columns.
        let watermark = self.watermark.and_then(|(col, delay)| {
            let at = keys
                .iter()
                .position(|k| *k == col)
                .filter(|_| using)
                .or_else(|| rest.iter().position(|k| *k == col).map(|p| mine_at + p))?;
            Some((at, delay))
        });
        let keep = match kind {
            JoinKind::Inner | JoinKind::Cross | JoinKind::LeftSemi | JoinKind::LeftAnti => false,
            JoinKind::LeftOuter => plan_left,
            JoinKind::RightOuter => !plan_left,
            JoinKind::FullOuter => true,
        };
        let key_types = keys.iter().map(|k| self.schema[*k].1).collect();
        let join = StaticJoin {
            kind,
            shown,
            plan_left,
            sort_merge,
            key_types,
            keys,
            rest,
            table,
            other_width,
            keep_unmatched_plan_rows: keep,
            using,
        };
        Ok(self.child(Op::JoinStatic(Arc::new(join)), schema, watermark))
    }

    /// `self.join(right, on, how)` where both are streams: `using` names
    /// the keys of `on="id"`, else `condition` is the join expression.
    pub fn join_stream(
        self: &Arc<Self>,
        right: &Arc<Plan>,
        using: Option<&[String]>,
        condition: Option<&Expr>,
        kind: super::join::StreamJoinKind,
    ) -> Analysis<Plan> {
        let (mut join, schema, watermark, pushed) =
            super::join::build(self, right, using, condition, kind)?;
        // The conditions Spark's optimizer pushes into each side (below its
        // watermark where they do not read the event time).
        let mut left = self.clone();
        for c in pushed.0 {
            left = Arc::new(left.filter(c)?);
        }
        let mut right = right.clone();
        for c in pushed.1 {
            right = Arc::new(right.filter(c)?);
        }
        join.right = right;
        Ok(left.child(Op::JoinStream(Arc::new(join)), schema, watermark))
    }

    /// Every column with a watermark (`withWatermark`) and its delay: one,
    /// except after a stream-stream join, whose output keeps both sides'
    /// event-time columns.
    pub fn event_time_columns(&self) -> Vec<(usize, i64)> {
        let from_input = || {
            self.input
                .as_ref()
                .map(|p| p.event_time_columns())
                .unwrap_or_default()
        };
        match &self.op {
            Op::JoinStream(j) => {
                let mut out = Vec::new();
                let left = self.input.as_ref().and_then(|p| p.watermark);
                let sides = [left, j.right.watermark.map(|(c, d)| (j.left_width + c, d))];
                for (c, d) in sides.into_iter().flatten() {
                    for (p, o) in j.output.iter().enumerate() {
                        if matches!(o, super::join::OutCol::At(i) if *i == c) {
                            out.push((p, d));
                        }
                    }
                }
                out
            }
            Op::Project(exprs) => from_input()
                .into_iter()
                .flat_map(|(c, d)| {
                    exprs
                        .iter()
                        .enumerate()
                        .filter(move |(_, e)| matches!(e.unaliased(), Expr::Ref(i, _) if *i == c))
                        .map(move |(p, _)| (p, d))
                })
                .collect(),
            Op::Filter(_) | Op::Sort(_) | Op::Limit(_) => from_input(),
            _ => self.watermark.into_iter().collect(),
        }
    }

    /// The part of the chain after a stream-stream join, when it holds a
    /// stateful operator (an aggregation of the joined rows): the same
    /// nodes over a source of the join's output.
    pub fn after_stream_join(&self) -> Option<Plan> {
        let chain = self.chain();
        let at = chain
            .iter()
            .position(|p| matches!(p.op, Op::JoinStream(_)))?;
        if !chain[at + 1..]
            .iter()
            .any(|p| matches!(p.op, Op::Aggregate { .. } | Op::Dedup(_)))
        {
            return None;
        }
        let join = chain[at];
        let mut plan = Plan {
            op: Op::Source(Source::Static(Arc::new(StaticInput {
                schema: join.schema.clone(),
                partitions: Vec::new(),
                sized: false,
                origin: String::new(),
            }))),
            input: None,
            schema: join.schema.clone(),
            watermark: join.watermark,
        };
        for node in &chain[at + 1..] {
            plan = Plan {
                op: node.op.clone(),
                input: Some(Arc::new(plan)),
                schema: node.schema.clone(),
                watermark: node.watermark,
            };
        }
        Some(plan)
    }

    /// The stream-stream join in this plan's chain, if any.
    pub fn stream_join(&self) -> Option<&Arc<super::join::StreamJoin>> {
        self.chain().into_iter().find_map(|p| match &p.op {
            Op::JoinStream(j) => Some(j),
            _ => None,
        })
    }

    /// True for a DataFrame over data the program has, not a stream.
    pub fn is_static(&self) -> bool {
        matches!(self.source_of(), Source::Static(_))
    }

    /// The chain from the source to this node.
    pub fn chain(&self) -> Vec<&Plan> {
        let mut v = vec![self];
        let mut cur = self;
        while let Some(p) = &cur.input {
            v.push(p);
            cur = p;
        }
        v.reverse();
        v
    }

    /// The source at the start of the chain.
    pub fn source_of(&self) -> &Source {
        match &self.chain()[0].op {
            Op::Source(s) => s,
            // A chain always starts at a source: `Plan::source` is the only root.
            _ => unreachable!("a plan chain starts at its source"),
        }
    }

    /// True if a `withWatermark` is anywhere upstream (on either side of a
    /// stream-stream join).
    pub fn has_watermark(&self) -> bool {
        self.chain().iter().any(|p| match &p.op {
            Op::Watermark { .. } => true,
            Op::JoinStream(j) => j.right.has_watermark(),
            _ => false,
        })
    }
}

/// Spark's output-mode rules (its `UnsupportedOperationChecker`), checked at
/// `start()`; the messages are Spark's.
pub fn check_output_mode(plan: &Plan, mode: OutputMode) -> Analysis<()> {
    let chain = plan.chain();
    for p in &chain {
        if let Op::JoinStatic(j) = &p.op {
            // The stream is the plan's side: which outer joins keep it whole.
            let refused = match (j.kind, j.plan_left) {
                (JoinKind::FullOuter, true) => Some("FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported"),
                (JoinKind::FullOuter, false) => Some("FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported"),
                (JoinKind::LeftOuter, false) => Some("LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported"),
                (JoinKind::RightOuter, true) => Some("RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported"),
                (JoinKind::LeftSemi, false) => Some("LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported"),
                (JoinKind::LeftAnti, false) => Some("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported"),
                _ => None,
            };
            if let Some(msg) = refused {
                return Err(AnalysisError::StreamJoin(format!("{msg};")));
            }
        }
    }
    let agg = chain.iter().find(|p| matches!(p.op, Op::Aggregate { .. }));
    let distinct = chain.iter().any(|p| {
        matches!(&p.op, Op::Aggregate { aggs, .. }
            if aggs.iter().any(|a| a.any(&|e| matches!(e, Expr::Agg(AggFn::CountDistinct, _)))))
    });
    if distinct {
        return Err(AnalysisError::DistinctAggregation);
    }
    let sorted = chain.iter().any(|p| matches!(p.op, Op::Sort(_)));
    if sorted && !(mode == OutputMode::Complete && agg.is_some()) {
        return Err(AnalysisError::StreamingSort);
    }
    if mode == OutputMode::Update && chain.iter().any(|p| matches!(p.op, Op::Limit(_))) {
        return Err(AnalysisError::StreamingLimitUpdate);
    }
    let sessions = chain.iter().any(|p| {
        matches!(&p.op, Op::Aggregate { keys, .. } if keys.iter().any(Expr::has_session_window))
    });
    if sessions && mode == OutputMode::Update {
        return Err(AnalysisError::SessionWindowUpdate);
    }
    // Spark plans a session window per group: with no other grouping key its
    // query fails as it plans the first batch (streamlab refuses at start).
    let global_session = chain.iter().any(|p| {
        matches!(&p.op, Op::Aggregate { keys, .. }
            if keys.iter().any(Expr::has_session_window) && keys.iter().all(Expr::has_session_window))
    });
    if global_session {
        return Err(AnalysisError::GlobalSessionWindow);
    }
    check_mode_and_state(&chain, mode, agg)?;
    check_stream_joins(&chain, mode)
}

/// Spark's rules for stream-stream joins: append mode only; an outer or
/// semi join needs a watermark in the keys, or a watermark on the other side
/// and a condition bounding the outer side's event time; no anti join.
fn check_stream_joins(chain: &[&Plan], mode: OutputMode) -> Analysis<()> {
    use super::join::StreamJoinKind;
    for (i, p) in chain.iter().enumerate() {
        let Op::JoinStream(j) = &p.op else {
            continue;
        };
        if mode != OutputMode::Append {
            let m = match mode {
                OutputMode::Update => "Update",
                OutputMode::Complete => "Complete",
                OutputMode::Append => "Append",
            };
            return Err(AnalysisError::StreamJoin(format!("Join between two streaming DataFrames/Datasets is not supported in {m} output mode, only in Append output mode;")));
        }
        if j.kind == StreamJoinKind::LeftAnti {
            return Err(AnalysisError::StreamJoin(
                "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported;"
                    .into(),
            ));
        }
        if !j.outer_allowed() {
            return Err(AnalysisError::StreamJoin(format!("Stream-stream {} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition;", j.kind.spark_name())));
        }
        let stateful = |p: &&Plan| {
            matches!(
                p.op,
                Op::Aggregate { .. } | Op::Dedup(_) | Op::JoinStream(_)
            )
        };
        // An aggregation or deduplication of the joined rows runs (Spark 3.5
        // chains stateful operators in append mode); other combinations are
        // not in the subset.
        if chain[..i].iter().any(stateful)
            || j.right.chain().iter().any(stateful)
            || chain[i + 1..]
                .iter()
                .any(|p| matches!(p.op, Op::JoinStream(_)))
        {
            return Err(AnalysisError::StreamJoinStateful);
        }
    }
    Ok(())
}

/// Output modes against aggregations, and one stateful operator per query.
fn check_mode_and_state(chain: &[&Plan], mode: OutputMode, agg: Option<&&Plan>) -> Analysis<()> {
    match (mode, agg) {
        (OutputMode::Complete, None) => Err(AnalysisError::CompleteWithoutAggregation),
        (OutputMode::Append, Some(a)) if a.watermark.is_none() => {
            Err(AnalysisError::AppendWithoutWatermark)
        }
        _ => {
            let dedup_after_agg = chain
                .iter()
                .skip_while(|p| !matches!(p.op, Op::Aggregate { .. }))
                .any(|p| matches!(p.op, Op::Dedup(_)));
            if dedup_after_agg
                || chain
                    .iter()
                    .filter(|p| matches!(p.op, Op::Dedup(_)))
                    .count()
                    > 1
                || (agg.is_some() && chain.iter().any(|p| matches!(p.op, Op::Dedup(_))))
            {
                return Err(AnalysisError::SeveralStateful);
            }
            Ok(())
        }
    }
}

/// The plan flattened for execution.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub source: Source,
    pub source_schema: Schema,
    /// Stateless operators before the stateful one (or all of them).
    pub pre: Vec<Op>,
    /// Schema entering the stateful operator (or the result schema).
    pub pre_schema: Schema,
    pub stateful: Option<Op>,
    /// The watermarked column entering the stateful operator, and the delay.
    pub watermark_in: Option<(usize, i64)>,
    /// The watermarked column of the stateful operator's output (an aggregation
    /// key or a dedup column): what eviction compares with the watermark.
    pub watermark_key: Option<usize>,
    /// Schema after the stateful operator.
    pub state_schema: Schema,
    pub post: Vec<Op>,
    pub result_schema: Schema,
    pub has_watermark: bool,
}

impl Pipeline {
    pub fn new(plan: &Plan) -> Pipeline {
        let chain = plan.chain();
        let source = plan.source_of().clone();
        let source_schema = chain[0].schema.clone();
        let split = chain.iter().position(|p| {
            matches!(
                p.op,
                Op::Aggregate { .. } | Op::Dedup(_) | Op::JoinStream(_)
            )
        });
        let (mut pre, mut post) = (Vec::new(), Vec::new());
        let mut stateful = None;
        let (mut pre_schema, mut state_schema) = (source_schema.clone(), source_schema.clone());
        let (mut watermark_in, mut watermark_key) = (None, None);
        for (i, p) in chain.iter().enumerate().skip(1) {
            match split {
                Some(s) if i == s => {
                    pre_schema = chain[i - 1].schema.clone();
                    watermark_in = chain[i - 1].watermark;
                    watermark_key = p.watermark.map(|w| w.0);
                    state_schema = p.schema.clone();
                    stateful = Some(p.op.clone());
                }
                Some(s) if i > s => post.push(p.op.clone()),
                _ => pre.push(p.op.clone()),
            }
        }
        if split.is_none() {
            pre_schema = plan.schema.clone();
            state_schema = plan.schema.clone();
            watermark_in = plan.watermark;
        }
        Pipeline {
            source,
            source_schema,
            pre,
            pre_schema,
            stateful,
            watermark_in,
            watermark_key,
            state_schema,
            post,
            result_schema: plan.schema.clone(),
            has_watermark: plan.has_watermark(),
        }
    }

    /// True if the query keeps state between triggers.
    pub fn is_stateful(&self) -> bool {
        self.stateful.is_some()
    }
}

impl Plan {
    /// True if an aggregation or deduplication is in the chain.
    pub fn is_stateful(&self) -> bool {
        self.has_stateful()
    }
}

/// `e` with each aggregate in it replaced by a hidden column of the
/// aggregation below (named `__aggN`, shown under the aggregate's name).
fn lift_aggs(e: &Expr, hidden: &mut Vec<Expr>) -> Expr {
    let mut lift = |x: &Expr| Box::new(lift_aggs(x, hidden));
    match e {
        Expr::Agg(..) => {
            let col = format!("__agg{}", hidden.len());
            hidden.push(Expr::Alias(Box::new(e.clone()), col.clone()));
            Expr::Alias(Box::new(Expr::Col(col)), e.name())
        }
        Expr::Alias(x, n) => Expr::Alias(lift(x), n.clone()),
        Expr::Cast(x, t) => Expr::Cast(lift(x), *t),
        Expr::Arith(op, x, y) => {
            let x = lift(x);
            Expr::Arith(*op, x, Box::new(lift_aggs(y, hidden)))
        }
        Expr::Cmp(op, x, y) => {
            let x = lift(x);
            Expr::Cmp(*op, x, Box::new(lift_aggs(y, hidden)))
        }
        Expr::Logic(and, x, y) => {
            let x = lift(x);
            Expr::Logic(*and, x, Box::new(lift_aggs(y, hidden)))
        }
        Expr::Neg(x) => Expr::Neg(lift(x)),
        Expr::Not(x) => Expr::Not(lift(x)),
        Expr::IsNull(x, not) => Expr::IsNull(lift(x), *not),
        Expr::GetItem(x, i) => Expr::GetItem(lift(x), *i),
        Expr::Func(f, args) => Expr::Func(
            f.clone(),
            args.iter().map(|a| lift_aggs(a, hidden)).collect(),
        ),
        Expr::Case(branches, otherwise) => Expr::Case(
            branches
                .iter()
                .map(|(c, v)| (lift_aggs(c, hidden), lift_aggs(v, hidden)))
                .collect(),
            otherwise.as_ref().map(|o| Box::new(lift_aggs(o, hidden))),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structured::cell::{Cell, Row};

    fn stream() -> Arc<Plan> {
        Arc::new(Plan::source(Source::Socket {
            host: "localhost".into(),
            port: 9999,
            include_timestamp: false,
            num_partitions: 2,
        }))
    }

    fn words(ws: &[Option<&str>]) -> Vec<Row> {
        ws.iter()
            .map(|w| vec![w.map_or(Cell::Null, Cell::str)])
            .collect()
    }

    fn sounds() -> (Schema, Vec<Row>) {
        let schema = vec![
            ("value".to_string(), DataType::String),
            ("sound".to_string(), DataType::String),
        ];
        let rows = vec![
            vec![Cell::str("cat"), Cell::str("meow")],
            vec![Cell::str("cat"), Cell::str("purr")],
            vec![Cell::str("dog"), Cell::str("woof")],
        ];
        (schema, rows)
    }

    #[test]
    fn a_broadcast_join_keeps_the_stream_order_and_a_left_join_keeps_every_row() {
        let (schema, rows) = sounds();
        let p = stream()
            .join_static(
                &schema,
                rows,
                &["value".into()],
                (JoinKind::LeftOuter, true),
                None,
            )
            .unwrap();
        assert_eq!(p.schema.len(), 2);
        let Op::JoinStatic(j) = &p.op else {
            panic!("a join node")
        };
        let out = j.apply_all(words(&[Some("dog"), None, Some("cat"), Some("owl")]));
        let shown: Vec<String> = out
            .iter()
            .map(|r| r.iter().map(Cell::show).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            shown,
            ["dog woof", "NULL NULL", "cat meow", "cat purr", "owl NULL"]
        );
        assert_eq!(check_output_mode(&p, OutputMode::Append), Ok(()));
    }

    #[test]
    fn a_sort_merge_join_orders_rows_by_key_within_a_partition_and_spark_refuses_outer_sides() {
        let (schema, rows) = sounds();
        let p = stream()
            .join_static(
                &schema,
                rows.clone(),
                &["value".into()],
                (JoinKind::Inner, true),
                Some(1),
            )
            .unwrap();
        let Op::JoinStatic(j) = &p.op else {
            panic!("a join node")
        };
        // One shuffle partition: the rows come in key order, ties in arrival order.
        let out = j.apply_all(words(&[Some("dog"), Some("cat"), Some("dog")]));
        let keys: Vec<String> = out.iter().map(|r| r[0].show() + &r[1].show()).collect();
        assert_eq!(keys, ["catmeow", "catpurr", "dogwoof", "dogwoof"]);
        let right = stream()
            .join_static(
                &schema,
                rows.clone(),
                &["value".into()],
                (JoinKind::RightOuter, true),
                None,
            )
            .unwrap();
        assert!(matches!(
            check_output_mode(&right, OutputMode::Append),
            Err(AnalysisError::StreamJoin(m)) if m.starts_with("RightOuter join with a streaming DataFrame/Dataset on the left")
        ));
        // Messages recorded on PySpark 3.5.9 (static side on the left).
        for (kind, want) in [
            (JoinKind::LeftOuter, "LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported;"),
            (JoinKind::FullOuter, "FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported;"),
        ] {
            let p = stream()
                .join_static(&schema, rows.clone(), &["value".into()], (kind, false), None)
                .unwrap();
            assert_eq!(
                check_output_mode(&p, OutputMode::Append),
                Err(AnalysisError::StreamJoin(want.into()))
            );
        }
        let missing = stream().join_static(
            &schema,
            rows,
            &["word".into()],
            (JoinKind::Inner, true),
            None,
        );
        assert!(matches!(missing, Err(AnalysisError::JoinColumn { .. })));
    }

    #[test]
    fn semi_and_anti_joins_keep_the_stream_side_columns_and_refuse_a_stream_on_the_right() {
        let (schema, rows) = sounds();
        let shown = |kind| {
            let p = stream()
                .join_static(&schema, rows.clone(), &["value".into()], (kind, true), None)
                .unwrap();
            assert_eq!(p.schema.len(), 1, "only the stream's column");
            assert_eq!(check_output_mode(&p, OutputMode::Append), Ok(()));
            let Op::JoinStatic(j) = &p.op else {
                panic!("a join node")
            };
            j.apply_all(words(&[Some("dog"), None, Some("cat"), Some("owl")]))
                .iter()
                .map(|r| r[0].show())
                .collect::<Vec<_>>()
        };
        // A key with two static rows is kept once; a null key never matches.
        assert_eq!(shown(JoinKind::LeftSemi), ["dog", "cat"]);
        assert_eq!(shown(JoinKind::LeftAnti), ["NULL", "owl"]);
        for (kind, want) in [
            (JoinKind::LeftSemi, "LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported;"),
            (JoinKind::LeftAnti, "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported;"),
        ] {
            let p = stream()
                .join_static(&schema, rows.clone(), &["value".into()], (kind, false), None)
                .unwrap();
            assert_eq!(
                check_output_mode(&p, OutputMode::Append),
                Err(AnalysisError::StreamJoin(want.into()))
            );
        }
    }

    #[test]
    fn a_cross_join_without_keys_pairs_every_row_with_every_static_row() {
        let (schema, rows) = sounds();
        let p = stream()
            .join_static_on(&schema, rows, &[], (JoinKind::Cross, true), None, false)
            .unwrap();
        assert_eq!(p.schema.len(), 3);
        let Op::JoinStatic(j) = &p.op else {
            panic!("a join node")
        };
        let out = j.apply_all(words(&[Some("a"), None]));
        let shown: Vec<String> = out
            .iter()
            .map(|r| r.iter().map(Cell::show).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            shown,
            [
                "a cat meow",
                "a cat purr",
                "a dog woof",
                "NULL cat meow",
                "NULL cat purr",
                "NULL dog woof"
            ]
        );
    }

    #[test]
    fn session_windows_run_in_append_and_complete_mode_with_a_group_key_only() {
        let ts = stream()
            .select(vec![
                Expr::Alias(
                    Box::new(Expr::Cast(
                        Box::new(Expr::col("value")),
                        DataType::Timestamp,
                    )),
                    "t".into(),
                ),
                Expr::Alias(Box::new(Expr::col("value")), "user".into()),
            ])
            .map(Arc::new)
            .unwrap()
            .with_watermark("t", 0)
            .map(Arc::new)
            .unwrap();
        let session = Expr::SessionWindow {
            time: Box::new(Expr::col("t")),
            gap_ms: 60_000,
        };
        let count = || vec![Expr::Agg(AggFn::Count, None)];
        let keyed = ts
            .aggregate(vec![Expr::col("user"), session.clone()], count())
            .unwrap();
        assert_eq!(check_output_mode(&keyed, OutputMode::Append), Ok(()));
        assert_eq!(check_output_mode(&keyed, OutputMode::Complete), Ok(()));
        assert_eq!(
            check_output_mode(&keyed, OutputMode::Update),
            Err(AnalysisError::SessionWindowUpdate)
        );
        let global = ts.aggregate(vec![session], count()).unwrap();
        assert_eq!(
            check_output_mode(&global, OutputMode::Append),
            Err(AnalysisError::GlobalSessionWindow)
        );
    }
}
