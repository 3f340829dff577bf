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
use super::expr::{AggFn, Expr, Schema};
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

/// An analysis error, reported as Spark's `AnalysisException`.
pub type Analysis<T> = Result<T, String>;

impl Plan {
    pub fn source(src: Source) -> Plan {
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
                return Err(
                    "streamlab runs aggregations on streams through groupBy(...): write df.groupBy().agg(...) for a total over all rows"
                        .into(),
                );
            }
            if e.has_window() {
                return Err("window(...) is a grouping expression here: use it in groupBy(window(...), ...)".into());
            }
            bound.push(e.bind(&self.schema)?);
        }
        let explodes = bound.iter().filter(|e| e.has_explode()).count();
        if explodes > 1 {
            return Err("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one generator allowed per select clause but found 2: explode(...), explode(...).".into());
        }
        if bound
            .iter()
            .any(|e| e.has_explode() && !matches!(e.unaliased(), Expr::Explode(_)))
        {
            return Err("[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in expressions: explode(...) must be the whole column, optionally with .alias(...).".into());
        }
        for e in &bound {
            if let Expr::Explode(inner) = e.unaliased() {
                if inner.data_type(&self.schema) != DataType::StringArray {
                    return Err(format!(
                        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"explode({})\" due to data type mismatch: the parameter requires an array, but it is of type \"{}\"; make one with split(...)",
                        inner.name(),
                        inner.data_type(&self.schema).sql_name().to_uppercase()
                    ));
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
            return Err(
                "a filter condition cannot hold an aggregate, explode or window".to_string(),
            );
        }
        let bound = cond.bind(&self.schema)?;
        let t = bound.data_type(&self.schema);
        if t != DataType::Boolean && t != DataType::Null {
            return Err(format!(
                "[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{}\" due to data type mismatch: Filter expression \"{}\" of type \"{}\" is not a boolean.",
                cond.name(),
                cond.name(),
                t.sql_name().to_uppercase()
            ));
        }
        Ok(self.child(Op::Filter(bound), self.schema.clone(), self.watermark))
    }

    /// `withWatermark(column, delay)`.
    pub fn with_watermark(self: &Arc<Self>, column: &str, delay_ms: i64) -> Analysis<Plan> {
        let Expr::Ref(i, _) = Expr::col(column).bind(&self.schema)? else {
            return Err(format!("cannot find the column {column}"));
        };
        if self.schema[i].1 != DataType::Timestamp {
            return Err(format!(
                "Event time must be defined on a window or a timestamp, but {column} is of type {}",
                self.schema[i].1.sql_name()
            ));
        }
        if delay_ms < 0 {
            return Err(format!(
                "delay threshold ({delay_ms} ms) should not be negative."
            ));
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
            return Err(
                "Multiple streaming aggregations are not supported with streaming DataFrames/Datasets;"
                    .into(),
            );
        }
        if keys.iter().filter(|k| k.has_window()).count() > 1 {
            return Err("Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.".into());
        }
        let mut bk = Vec::new();
        for k in keys {
            if k.has_agg() {
                return Err("aggregate functions are not allowed in GROUP BY".into());
            }
            if k.has_window() && !matches!(k.unaliased(), Expr::Window { .. }) {
                return Err("window(...) must be a grouping column by itself".into());
            }
            bk.push(k.bind(&self.schema)?);
        }
        let mut ba = Vec::new();
        for a in aggs {
            if !matches!(a.unaliased(), Expr::Agg(..)) {
                return Err(format!(
                    "agg(...) takes aggregate functions such as count, sum, avg, min, max; {} is not one",
                    a.name()
                ));
            }
            if let Expr::Agg(f, Some(arg)) = a.unaliased() {
                if arg.has_agg() {
                    return Err("It is not allowed to use an aggregate function in the argument of another aggregate function.".into());
                }
                if matches!(f, AggFn::Sum | AggFn::Avg) {
                    let t = arg.data_type(&self.schema);
                    if !(t.is_numeric() || t == DataType::String || t == DataType::Null) {
                        return Err(format!(
                            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{}\" due to data type mismatch: the parameter requires a numeric type, but it is of type \"{}\".",
                            a.name(),
                            t.sql_name().to_uppercase()
                        ));
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
        let watermark = self.watermark.and_then(|(col, delay)| {
            bk.iter()
                .position(|k| match k.unaliased() {
                    Expr::Ref(i, _) => *i == col,
                    Expr::Window { time, .. } => {
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
                            let all: Vec<String> =
                                self.schema.iter().map(|c| c.0.clone()).collect();
                            return Err(format!(
                                "[UNRESOLVED_COLUMN.WITH_SUGGESTION] Cannot resolve column name \"{n}\" among ({})",
                                all.join(", ")
                            ));
                        }
                    }
                }
                v
            }
        };
        Ok(self.child(Op::Dedup(idx), self.schema.clone(), self.watermark))
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

    /// True if a `withWatermark` is anywhere upstream.
    pub fn has_watermark(&self) -> bool {
        self.chain()
            .iter()
            .any(|p| matches!(p.op, Op::Watermark { .. }))
    }
}

/// Spark's output-mode rules (its `UnsupportedOperationChecker`), checked at
/// `start()`; the messages are Spark's.
pub fn check_output_mode(plan: &Plan, mode: OutputMode) -> Analysis<()> {
    let chain = plan.chain();
    let agg = chain.iter().find(|p| matches!(p.op, Op::Aggregate { .. }));
    match (mode, agg) {
        (OutputMode::Complete, None) => Err(
            "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets;"
                .into(),
        ),
        (OutputMode::Append, Some(a)) if a.watermark.is_none() => Err(
            "Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark;"
                .into(),
        ),
        _ => {
            let dedup_after_agg = chain.iter().skip_while(|p| !matches!(p.op, Op::Aggregate { .. })).any(|p| matches!(p.op, Op::Dedup(_)));
            if dedup_after_agg || chain.iter().filter(|p| matches!(p.op, Op::Dedup(_))).count() > 1
                || (agg.is_some() && chain.iter().any(|p| matches!(p.op, Op::Dedup(_))))
            {
                return Err("streamlab runs one stateful operation per query: an aggregation or a dropDuplicates, not both".into());
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
        let split = chain
            .iter()
            .position(|p| matches!(p.op, Op::Aggregate { .. } | Op::Dedup(_)));
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
