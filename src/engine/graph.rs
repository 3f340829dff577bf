//! The DStream graph: what the learner built, as data.
//!
//! Each [`Node`] is one DStream: an operation, its parents and its slide
//! duration. Operations that PySpark builds out of others (`countByWindow`,
//! `reduceByKeyAndWindow` without an inverse, `groupByKeyAndWindow`, ...) are
//! expanded into these primitive nodes when the learner calls them, exactly as
//! PySpark expands them, so the engine only implements the primitives and the
//! results match Spark batch for batch. Output operations (`pprint`,
//! `foreachRDD`, `saveAsTextFiles`) are registered in program order.

use std::path::PathBuf;

use super::rdd::{JoinKind, RddRef};
use crate::lang::ast::Span;
use crate::lang::value::Value;

pub type NodeId = usize;

/// Where a DStream's data comes from.
#[derive(Clone)]
pub enum Source {
    /// `ssc.queueStream(rdds, oneAtATime, default)`: items are taken lazily,
    /// when a batch first asks for this stream's RDD (as Spark does).
    Queue {
        items: Vec<RddRef>,
        one_at_a_time: bool,
        default: Option<RddRef>,
        /// How PySpark serializes this stream's RDDs (see [`PySerializer`]).
        serializer: PySerializer,
    },
    /// `ssc.socketTextStream(host, port)`: lines from a TCP server, through a receiver.
    Socket { host: String, port: u16 },
    /// `ssc.textFileStream(dir)`: lines of files that appear in a directory.
    TextFile { dir: PathBuf },
}

/// How PySpark serializes a DStream's RDDs between the JVM and Python. PySpark's
/// `StreamingContext.union` refuses streams whose serializers differ, so streamlab tracks
/// them to refuse the same programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PySerializer {
    /// Pickled in batches of this many records: an RDD made by `sc.parallelize(list)`, whose
    /// batch size is `len(list) // parallelism`, at least 1 and at most 1024.
    Batched(usize),
    /// The SparkContext's own serializer: the result of every operation that runs a Python
    /// function on the records.
    Context,
    /// Text lines (socket and file streams).
    Utf8,
    /// Not known (a queue of RDDs built elsewhere): never the cause of a refusal.
    Unknown,
}

impl PySerializer {
    /// The serializer of `sc.parallelize(items)` with `parallelism` slices.
    pub fn parallelized(items: usize, parallelism: usize) -> PySerializer {
        PySerializer::Batched((items / parallelism.max(1)).clamp(1, 1024))
    }
}

/// The operation of one DStream node.
#[derive(Clone)]
pub enum Op {
    Source(Source),
    Map(Value),
    FlatMap(Value),
    Filter(Value),
    MapValues(Value),
    FlatMapValues(Value),
    Glom,
    /// `mapPartitions(f)`: f gets each partition's records, returns an iterable.
    MapPartitions(Value),
    /// `mapPartitionsWithIndex(f)`: f gets each partition's index and records.
    MapPartitionsWithIndex(Value),
    ReduceByKey {
        func: Value,
        partitions: usize,
    },
    GroupByKey {
        partitions: usize,
    },
    CountByValue {
        partitions: usize,
    },
    Count,
    Reduce(Value),
    Repartition(usize),
    PartitionBy(usize),
    /// All parents, partitions concatenated in parent order.
    Union,
    Join {
        kind: JoinKind,
        partitions: usize,
    },
    Cogroup {
        partitions: usize,
    },
    /// `transform(func)`; `with_time` when func takes `(time, rdd)`.
    Transform {
        func: Value,
        with_time: bool,
    },
    /// `transformWith(func, other)`.
    TransformWith {
        func: Value,
        with_time: bool,
    },
    /// The union of the parent's RDDs in `(t - window, t]`.
    Window {
        window_ms: i64,
    },
    /// `reduceByKeyAndWindow` with an inverse function (PySpark's incremental path).
    /// The parent is the per-batch `reduceByKey(func)`.
    ReducedWindow {
        func: Value,
        inv: Value,
        window_ms: i64,
        partitions: usize,
        filter: Option<Value>,
    },
    /// `updateStateByKey(func, numPartitions, initialRDD)`.
    UpdateState {
        func: Value,
        partitions: usize,
        initial: Option<RddRef>,
    },
}

impl Op {
    /// The name the learner knows the operation by (for the pipeline view).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Source(Source::Queue { .. }) => "queueStream",
            Op::Source(Source::Socket { .. }) => "socketTextStream",
            Op::Source(Source::TextFile { .. }) => "textFileStream",
            Op::Map(_) => "map",
            Op::FlatMap(_) => "flatMap",
            Op::Filter(_) => "filter",
            Op::MapValues(_) => "mapValues",
            Op::FlatMapValues(_) => "flatMapValues",
            Op::Glom => "glom",
            Op::MapPartitions(_) => "mapPartitions",
            Op::MapPartitionsWithIndex(_) => "mapPartitionsWithIndex",
            Op::ReduceByKey { .. } => "reduceByKey",
            Op::GroupByKey { .. } => "groupByKey",
            Op::CountByValue { .. } => "countByValue",
            Op::Count => "count",
            Op::Reduce(_) => "reduce",
            Op::Repartition(_) => "repartition",
            Op::PartitionBy(_) => "partitionBy",
            Op::Union => "union",
            Op::Join { kind, .. } => match kind {
                JoinKind::Inner => "join",
                JoinKind::LeftOuter => "leftOuterJoin",
                JoinKind::RightOuter => "rightOuterJoin",
                JoinKind::FullOuter => "fullOuterJoin",
            },
            Op::Cogroup { .. } => "cogroup",
            Op::Transform { .. } => "transform",
            Op::TransformWith { .. } => "transformWith",
            Op::Window { .. } => "window",
            Op::ReducedWindow { .. } => "reduceByKeyAndWindow",
            Op::UpdateState { .. } => "updateStateByKey",
        }
    }

    /// True when the operation moves records between partitions by key
    /// (a stage boundary in Spark's terms).
    pub fn is_shuffle(&self) -> bool {
        matches!(
            self,
            Op::ReduceByKey { .. }
                | Op::GroupByKey { .. }
                | Op::CountByValue { .. }
                | Op::Reduce(_)
                | Op::Repartition(_)
                | Op::PartitionBy(_)
                | Op::Join { .. }
                | Op::Cogroup { .. }
                | Op::ReducedWindow { .. }
                | Op::UpdateState { .. }
        )
    }
}

#[derive(Clone)]
pub struct Node {
    pub op: Op,
    pub parents: Vec<NodeId>,
    /// How often this DStream produces an RDD, in ms.
    pub slide_ms: i64,
    /// The user-facing call that created it (`reduceByKeyAndWindow`), which may
    /// differ from `op.name()` for expanded operations.
    pub label: String,
    /// Where in the program it was created.
    pub span: Option<Span>,
}

/// What an output operation does with each RDD.
#[derive(Clone)]
pub enum OutputKind {
    Pprint {
        num: usize,
    },
    ForeachRdd {
        func: Value,
        with_time: bool,
    },
    SaveAsTextFiles {
        prefix: String,
        suffix: Option<String>,
    },
}

#[derive(Clone)]
pub struct OutputOp {
    pub node: NodeId,
    pub kind: OutputKind,
    pub span: Option<Span>,
}

/// The whole graph of one StreamingContext.
#[derive(Clone)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub outputs: Vec<OutputOp>,
    pub batch_ms: i64,
    /// `N` of `local[N]`: default partitions of a shuffle, and worker threads.
    pub parallelism: usize,
    pub checkpoint_dir: Option<PathBuf>,
    /// `spark.streaming.receiver.maxRate` (records per second per receiver).
    pub receiver_max_rate: Option<f64>,
    /// The SparkContext of the StreamingContext, as the program sees it: the
    /// `rdd.context` of the RDDs a batch hands to `foreachRDD` and
    /// `transform`. Set by the session (the engine knows it only as a value).
    pub context: Option<Value>,
}

impl Graph {
    pub fn new(batch_ms: i64, parallelism: usize) -> Graph {
        Graph {
            nodes: Vec::new(),
            outputs: Vec::new(),
            batch_ms,
            parallelism,
            checkpoint_dir: None,
            receiver_max_rate: None,
            context: None,
        }
    }

    pub fn add(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The serializer PySpark gives node `id`'s RDDs: a source's own, a window's and a
    /// union's from their (first) parent, the context's for everything else.
    pub fn py_serializer(&self, id: NodeId) -> PySerializer {
        match &self.nodes[id].op {
            Op::Source(Source::Queue { serializer, .. }) => *serializer,
            Op::Source(Source::Socket { .. } | Source::TextFile { .. }) => PySerializer::Utf8,
            Op::Window { .. } | Op::Union => self.nodes[id]
                .parents
                .first()
                .map_or(PySerializer::Unknown, |&p| self.py_serializer(p)),
            _ => PySerializer::Context,
        }
    }

    /// True when some node needs a checkpoint directory (state, inverse windows).
    pub fn needs_checkpoint(&self) -> bool {
        self.live_nodes().iter().any(|&id| {
            matches!(
                self.nodes[id].op,
                Op::ReducedWindow { .. } | Op::UpdateState { .. }
            )
        })
    }

    /// Nodes that feed some output operation (the only ones ever computed).
    pub fn live_nodes(&self) -> Vec<NodeId> {
        let mut live = vec![false; self.nodes.len()];
        let mut stack: Vec<NodeId> = self.outputs.iter().map(|o| o.node).collect();
        while let Some(id) = stack.pop() {
            if !live[id] {
                live[id] = true;
                stack.extend(self.nodes[id].parents.iter().copied());
            }
        }
        (0..self.nodes.len()).filter(|&i| live[i]).collect()
    }

    /// For each node, how long its generated RDDs must be kept: its own slide,
    /// plus what windowed and stateful children look back over.
    pub fn remember_ms(&self) -> Vec<i64> {
        let mut keep: Vec<i64> = self.nodes.iter().map(|n| n.slide_ms).collect();
        // Children always come after their parents, so walk backwards.
        for id in (0..self.nodes.len()).rev() {
            let n = &self.nodes[id];
            let need = match &n.op {
                Op::Window { window_ms } => window_ms + keep[id],
                Op::ReducedWindow { window_ms, .. } => window_ms + n.slide_ms + keep[id],
                _ => keep[id],
            };
            if matches!(n.op, Op::ReducedWindow { .. } | Op::UpdateState { .. }) {
                keep[id] = keep[id].max(2 * n.slide_ms);
            }
            for &p in &n.parents {
                keep[p] = keep[p].max(need);
            }
        }
        keep
    }

    /// A fingerprint of the graph's shape and functions, so a checkpoint is
    /// only resumed by the program that wrote it.
    pub fn fingerprint(&self) -> u64 {
        let mut text = format!("batch={};", self.batch_ms);
        let func = |v: &Value| match v {
            Value::Func(f) => f.source().unwrap_or(f.name()).to_string(),
            other => other.type_name().to_string(),
        };
        for n in &self.nodes {
            text.push_str(&format!("{}{:?}/{}:", n.op.name(), n.parents, n.slide_ms));
            match &n.op {
                Op::Map(f)
                | Op::FlatMap(f)
                | Op::Filter(f)
                | Op::MapValues(f)
                | Op::FlatMapValues(f)
                | Op::MapPartitions(f)
                | Op::MapPartitionsWithIndex(f)
                | Op::Reduce(f) => text.push_str(&func(f)),
                Op::ReduceByKey { func: f, .. }
                | Op::Transform { func: f, .. }
                | Op::TransformWith { func: f, .. } => text.push_str(&func(f)),
                Op::Window { window_ms } => text.push_str(&window_ms.to_string()),
                Op::ReducedWindow {
                    func: f,
                    inv,
                    window_ms,
                    ..
                } => text.push_str(&format!("{}|{}|{window_ms}", func(f), func(inv))),
                Op::UpdateState { func: f, .. } => text.push_str(&func(f)),
                _ => {}
            }
            text.push(';');
        }
        for o in &self.outputs {
            text.push_str(&format!("out{};", o.node));
        }
        // FNV-1a: stable across runs and platforms.
        text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// True when a queueStream feeds an output (such programs cannot be recovered, as in Spark).
    pub fn has_queue_source(&self) -> bool {
        self.live_nodes()
            .iter()
            .any(|&id| matches!(self.nodes[id].op, Op::Source(Source::Queue { .. })))
    }

    /// Times (`t > zero`, on this node's grid) at which `id` produces an RDD.
    pub fn is_valid_time(&self, id: NodeId, zero_ms: i64, t: i64) -> bool {
        t > zero_ms && (t - zero_ms) % self.nodes[id].slide_ms == 0
    }
}
