//! What the engine reports, batch by batch, through one channel.
//!
//! The headless printers (`streamlab run`), and later the terminal UI, the
//! lesson checker and the recorder, all consume these same events.

use super::graph::NodeId;
use crate::lang::value::{Exc, Value};

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

/// Per-batch statistics, with the figures Spark's Streaming tab shows.
#[derive(Debug, Clone)]
pub struct BatchInfo {
    pub batch: u64,
    pub time_ms: i64,
    /// Records that receivers (socket, files, replay) delivered for this batch.
    pub input_records: usize,
    /// Records each computed DStream node produced in this batch.
    pub node_records: Vec<(NodeId, usize)>,
    /// Wall time from the batch being due until its jobs started, in ms.
    pub scheduling_delay_ms: u64,
    /// Wall time the batch's jobs took, in ms.
    pub processing_ms: u64,
    /// Output operations that failed, with their errors.
    pub errors: Vec<(usize, Exc)>,
}
