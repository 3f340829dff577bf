//! Structured Streaming: the unbounded input table, the result table, output
//! modes, event-time windows and watermarks, with Spark 3.5's semantics. Like
//! [`crate::engine`], it knows nothing about terminals: a query runs trigger
//! by trigger and reports each one as a [`report::TriggerReport`].
//!
//! - [`cell`]: cell values and types, printed as Spark's `show()` prints them;
//! - [`expr`]: column expressions (`col`, `split`, `window`, `count`, ...), their
//!   Spark names, binding to a schema, evaluation, window assignment;
//! - [`functions`]: the scalar functions of several arguments (`concat`,
//!   `substring`, `date_format`, `get_json_object`, ...);
//! - [`join`]: stream-stream joins: both sides' state, eviction by watermark;
//! - [`order`]: the order a streaming aggregation's rows reach the sink in,
//!   as Spark's state partitions and state stores give them;
//! - [`plan`]: the logical plan a DataFrame builds, and Spark's output-mode rules;
//! - [`exec`]: one query's execution: stateless operators in parallel, the keyed
//!   aggregate or deduplication state, the watermark, eviction, the sink;
//! - [`console`]: the console sink's exact text (`showString`);
//! - [`files`]: the csv and json file sources, read with a schema;
//! - [`rate`]: the `rate` source's rows, as Spark computes them;
//! - [`driver`]: when triggers run: replays on a virtual clock, live sources;
//! - [`report`]: what each trigger did, for printers and the UI;
//! - [`sql`]: the simple SQL expressions `selectExpr` and `where("...")` accept,
//!   and the SELECT queries `spark.sql` runs on temporary views;
//! - [`batch`]: running a plan over a static DataFrame at once, rows in Spark's order;
//! - [`write`]: the lines of the csv, json and text files `df.write` makes.

pub mod batch;
pub mod cell;
pub mod console;
pub mod driver;
pub mod exec;
pub mod expr;
pub mod files;
pub mod functions;
pub mod join;
pub mod order;
pub mod plan;
pub mod rate;
pub mod report;
pub mod sql;
pub mod write;
