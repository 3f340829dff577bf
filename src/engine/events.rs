//! What the engine reports, batch by batch, through one channel.
//!
//! The headless printers (`streamlab run`), and later the terminal UI, the
//! lesson checker and the recorder, all consume these same events.

use super::graph::NodeId;
use crate::lang::value::{Exc, Value};
pub use crate::structured::report::TriggerReport;

/// One engine event.
#[derive(Debug, Clone)]
pub enum EngineEvent {
    /// The context started; batch `k` (from 1) runs at `zero_ms + k * batch_ms`.
    Started { zero_ms: i64, batch_ms: i64 },
    /// An output operation produced an RDD in a batch (empty RDDs included;
    /// nothing is sent at times where the stream has no RDD).
    Output(OutputEvent),
    /// A batch finished (successfully or not).
    BatchCompleted(BatchInfo),
    /// A receiver changed state (connected, retrying, ...), in plain words.
    Receiver { node: NodeId, message: String },
    /// Something the learner should know that is not a batch result
    /// (resumed from a checkpoint, a damaged checkpoint skipped, ...).
    Notice(String),
    /// A Structured Streaming query ran a trigger (micro-batch): its input,
    /// result table, output and event-time details (see [`TriggerReport`]).
    Trigger(Box<TriggerReport>),
    /// The program printed (`print(...)`, `sys.stdout.write(...)`): the text
    /// exactly as Python writes it (`end` included), in the order it happened
    /// relative to the batches' output.
    Print { text: String, stderr: bool },
    /// The engine stopped; no more events follow.
    Stopped,
}

#[derive(Debug, Clone)]
pub struct OutputEvent {
    /// Batch index, counted from 0.
    pub batch: u64,
    pub time_ms: i64,
    /// Index of the output operation in program order.
    pub output: usize,
    /// For pprint outputs, how many records to print.
    pub pprint_num: Option<usize>,
    /// All records of the RDD, in partition order; or the error that failed the job.
    pub result: Result<Vec<Value>, Exc>,
}

/// How many of a batch's first records each node keeps for the UI.
pub const SAMPLE_RECORDS: usize = 6;

/// Per-batch statistics, with the figures Spark's Streaming tab shows.
#[derive(Debug, Clone)]
pub struct BatchInfo {
    pub batch: u64,
    pub time_ms: i64,
    /// Records that receivers (socket, files, replay) delivered for this batch.
    pub input_records: usize,
    /// Records each computed DStream node produced in this batch.
    pub node_records: Vec<(NodeId, usize)>,
    /// The first records (at most [`SAMPLE_RECORDS`], as `repr` shows them)
    /// of each DStream node computed in this batch, for the Batches pane.
    pub samples: Vec<(NodeId, Vec<String>)>,
    /// Wall time from the batch being due until its jobs started, in ms.
    pub scheduling_delay_ms: u64,
    /// Wall time the batch's jobs took, in ms.
    pub processing_ms: u64,
    /// Output operations that failed, with their errors.
    pub errors: Vec<(usize, Exc)>,
    /// Every live windowed stream: what its window covers at this batch.
    pub windows: Vec<WindowSpan>,
    /// Every live `updateStateByKey` stream that ran this batch: what changed.
    pub states: Vec<StateDiff>,
}

/// Where a windowed stream's window is at a batch time (for the timeline).
#[derive(Debug, Clone, PartialEq)]
pub struct WindowSpan {
    pub node: NodeId,
    /// The call that made the stream (`window`, `countByWindow`, `reduceByKeyAndWindow`).
    pub label: String,
    pub window_ms: i64,
    pub slide_ms: i64,
    /// First and last batch times the window covers (clipped to the run's
    /// start); `None` while nothing is covered yet.
    pub covers: Option<(i64, i64)>,
    /// True when the stream produced an RDD at this batch (a slide boundary).
    pub emitted: bool,
    /// For `reduceByKeyAndWindow` with an inverse function: the parent batch
    /// times that left the window and that entered it since the last slide.
    pub left: Vec<i64>,
    pub entered: Vec<i64>,
    /// For inverse-reduced windows: true when the previous window was updated
    /// with invFunc and func (Spark's incremental path), false when recomputed.
    pub incremental: Option<bool>,
}

/// How a stateful stream's state changed in one batch.
#[derive(Debug, Clone, Default)]
pub struct StateDiff {
    pub node: NodeId,
    /// The call that made the stream (`updateStateByKey`).
    pub label: String,
    /// (key, new state) for keys that appeared.
    pub added: Vec<(Value, Value)>,
    /// (key, old state, new state) for keys whose state changed.
    pub updated: Vec<(Value, Value, Value)>,
    /// (key, last state) for keys the update function removed (returned None).
    pub removed: Vec<(Value, Value)>,
    /// Keys held after the batch.
    pub size: usize,
}
