//! streamlab: learn Spark Streaming by doing.
//!
//! Source code layout, one concept per module:
//! - [`lang`]: the Python-subset language: grammar, syntax tree, values, compiler, diagnostics;
//! - [`engine`]: the DStream graph and the micro-batch engine with Spark's semantics;
//! - [`structured`]: Structured Streaming queries: result tables, output modes, event-time windows, watermarks;
//! - [`sources`]: receivers for live sources (sockets, directories) and replays;
//! - [`producer`]: the built-in TCP producer (`streamlab produce`) and the shipped datasets;
//! - [`formats`]: small typed formats parsed with nom (durations, `:commands`, Spark's interval strings);
//! - [`session`]: names, contexts and DStream objects; running a program's statements;
//! - [`export`]: the way out to real Spark: a complete PySpark program, and running it
//!   on the PySpark found on the machine under a harness that reports its batches;
//! - [`lessons`]: the guided lessons (data in `lessons/`), their checks and progress;
//! - [`shell`]: the learner's session and every `:command`, one for the UI,
//!   `streamlab repl` and demos;
//! - [`ui`]: the terminal UI (`streamlab` with no arguments);
//! - [`demo`]: scripted demos that play in the UI and record themselves (asciicast);
//! - [`cli`]: the command line (`streamlab run`) and its printers;
//! - [`paths`]: where streamlab keeps its files (history, lesson progress).

#![forbid(unsafe_code)]

pub mod cli;
pub mod demo;
pub mod engine;
pub mod export;
pub mod formats;
pub mod lang;
pub mod lessons;
pub mod paths;
pub mod producer;
pub mod session;
pub mod shell;
pub mod sources;
pub mod structured;
pub mod ui;
