//! Live sources: what fills socket and file streams between batches.
//!
//! A [`Receiver`] collects records in the background (a TCP client, a
//! directory watcher, or a replayed file) and hands the engine what arrived
//! for each batch time. Queue streams need no receiver: the engine takes
//! their items directly.

pub mod feed;
pub mod replay;
pub mod socket;
pub mod textfile;

use crate::engine::rdd::Rdd;

/// A source that delivers a batch's records when the batch is cut.
pub trait Receiver: Send {
    /// Everything received for the batch at `time_ms` (an RDD with one
    /// partition per block, and no partitions when nothing arrived).
    fn allocate(&mut self, time_ms: i64) -> Rdd;
    /// False once the source can deliver nothing more (a replayed file that
    /// is used up); live sockets and directories never finish.
    fn finished(&self) -> bool {
        false
    }
    /// Where the source is, for checkpoints (replays: lines consumed). None for
    /// sources that cannot resume (live sockets: what was sent while the
    /// program was down is gone, as with Spark's receivers).
    fn position(&self) -> Option<u64> {
        None
    }
    /// Continue from a checkpointed position.
    fn seek(&mut self, position: u64) {
        let _ = position;
    }
    /// Plain-words status changes since the last call (connected, retrying...).
    fn drain_status(&mut self) -> Vec<String> {
        Vec::new()
    }
}
