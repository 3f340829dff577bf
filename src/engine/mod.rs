//! The micro-batch engine: a DStream graph, a clock, and batches computed with
//! Spark's semantics. It knows nothing about terminals: it takes a graph and
//! emits [`events::EngineEvent`]s.
//!
//! - [`graph`]: DStream nodes and output operations, as data;
//! - [`rdd`]: a batch's data and every transformation on it (shuffles by key hash);
//! - [`batch`]: computing a batch, memoising each stream's RDD, forgetting old ones;
//! - [`window`], [`state`]: the inverse-reduce window path and `updateStateByKey`;
//! - [`driver`]: the real and virtual clocks that decide when batches run;
//! - [`rdd_object`]: RDDs as program values (inside `transform`, from `parallelize`);
//! - [`checkpoint`]: atomic, versioned checkpoints and recovery after a crash;
//! - [`save`]: writing batches for `saveAsTextFiles`;
//! - [`words`]: the map side's table of distinct words for the word-count path.

pub mod batch;
pub mod checkpoint;
pub mod driver;
pub mod events;
pub mod graph;
pub mod rdd;
pub mod rdd_object;
pub mod save;
pub mod state;
pub mod stats;
pub mod window;
pub mod words;
