//! What one trigger of one streaming query did, for the panes that explain it.
//!
//! The engine produces a [`TriggerReport`] per query per micro-batch and sends
//! it as [`crate::engine::events::EngineEvent::Trigger`]. Everything in it is
//! plain data already formatted the way Spark shows it (cells as `show()`
//! strings), so a view only lays it out:
//!
//! - the unbounded **input table**: the rows this trigger appended
//!   ([`TriggerReport::input`]) and how many rows were appended in total;
//! - the **result table** after the trigger ([`TriggerReport::result`]), each
//!   row marked [`RowChange`] relative to the previous trigger;
//! - what the **output mode** wrote to the sink ([`TriggerReport::emitted`]) and
//!   the console sink's exact text ([`TriggerReport::console`]);
//! - for event-time queries: the windows held, every record's event time and
//!   fate ([`RecordFate`]), and the watermark before and after the trigger.
//!
//! Times are epoch milliseconds; display strings use UTC, like the console sink.

use serde::Serialize;

/// The three output modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputMode {
    /// Only rows that will never change again, each once.
    Append,
    /// Only rows that changed in this trigger.
    Update,
    /// The whole result table, every trigger.
    Complete,
}

/// An output mode name Spark does not accept; the message is Spark's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("Unknown output mode {0}. Accepted output modes are 'append', 'complete', 'update'")]
pub struct UnknownOutputMode(pub String);

impl OutputMode {
    /// Spark's accepted names, case-insensitive.
    pub fn parse(name: &str) -> Result<OutputMode, UnknownOutputMode> {
        match name.to_ascii_lowercase().as_str() {
            "append" => Ok(OutputMode::Append),
            "update" => Ok(OutputMode::Update),
            "complete" => Ok(OutputMode::Complete),
            _ => Err(UnknownOutputMode(name.to_string())),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            OutputMode::Append => "append",
            OutputMode::Update => "update",
            OutputMode::Complete => "complete",
        }
    }
}

/// How a result-table row compares with the previous trigger's result table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowChange {
    /// New in this trigger.
    Added,
    /// Present before, with a value changed in this trigger.
    Updated,
    /// Dropped from the result table in this trigger (a window evicted once the
    /// watermark passed its end). Its cells are the last values it had.
    Removed,
    /// Unchanged.
    Same,
}

/// A table of display strings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One row of the result table and its change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultRow {
    pub cells: Vec<String>,
    pub change: RowChange,
}

/// One record reaching an event-time stateful operator in this trigger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordFate {
    /// The record's cells at that point of the query, as display strings.
    pub cells: Vec<String>,
    /// Its event time (the watermarked column), if not null.
    pub event_ms: Option<i64>,
    /// Older than the watermark in force during this trigger.
    pub late: bool,
    /// Dropped: it falls in no window (or key) still open under the watermark,
    /// so no aggregate counted it. A late record is not always dropped (it may
    /// still be in a window whose end is after the watermark).
    pub dropped: bool,
    /// The windows it was counted in (start_ms, end_ms), for windowed queries.
    pub windows: Vec<(i64, i64)>,
}

/// Event-time details of a trigger (present when the query uses a watermark
/// or event-time windows).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EventTime {
    /// Windows held in the aggregation state after the trigger, (start_ms, end_ms), sorted.
    pub windows: Vec<(i64, i64)>,
    /// Every record of the trigger that reached the aggregation or
    /// deduplication, in arrival order.
    pub records: Vec<RecordFate>,
    /// The watermark this trigger used (None: no event seen yet, Spark's 0).
    pub watermark_before_ms: Option<i64>,
    /// The watermark the next trigger will use (max event time seen minus the delay).
    pub watermark_after_ms: Option<i64>,
    /// Records dropped as too late in this trigger.
    pub dropped_late: usize,
    /// Records dropped as too late since the query started.
    pub dropped_late_total: u64,
}

/// Where a query's rows come from, for the Query pane's "what to do next"
/// lines.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SourceKind {
    /// `format("socket")`: lines sent to `host:port`.
    Socket { host: String, port: u16 },
    /// A file source (`readStream.text/csv/json(path)`): files appearing there.
    Files { path: String },
    /// `format("rate")`: rows every second.
    Rate { rows_per_second: i64 },
    /// Anything else.
    #[default]
    Other,
}

/// One call of a `foreachBatch` function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchCall {
    /// The batch id the function was called with.
    pub batch: u64,
    /// Rows in the DataFrame handed to it.
    pub rows: usize,
    /// How long the call took, in microseconds.
    pub micros: u64,
    /// The exception it raised (`Kind: message`), which ended the query.
    pub error: Option<String>,
}

/// One entry of a file sink's `_spark_metadata` log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    /// Its file name: the batch id, or `N.compact`.
    pub name: String,
    /// The part files it lists.
    pub files: usize,
}

/// What a file sink (`format("csv"|"json"|"text")`) wrote in one trigger.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FilesWritten {
    /// `csv`, `json` or `text`.
    pub format: String,
    /// The output directory, as the program named it.
    pub dir: String,
    /// This batch's part files (names in the directory) and their rows.
    pub files: Vec<(String, usize)>,
    /// The newest entries of the `_spark_metadata` log, oldest first
    /// (at most [`FilesWritten::LOG_SHOWN`]).
    pub log: Vec<LogEntry>,
    /// Entries in the log so far.
    pub log_total: usize,
}

impl FilesWritten {
    /// Log entries a report carries.
    pub const LOG_SHOWN: usize = 6;
}

/// What the sink did with one trigger's output (the console sink's text is
/// [`TriggerReport::console`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "sink", rename_all = "snake_case")]
pub enum SinkReport {
    /// `format("memory")`: the table `spark.sql("select * from NAME")` reads.
    Memory {
        table: String,
        /// Rows it received in this trigger.
        rows: usize,
        /// Rows the table holds afterwards.
        held: usize,
    },
    /// `foreachBatch(func)`: this trigger's call.
    ForeachBatch(BatchCall),
    /// `foreach(f)`: rows handed to the function (or writer) in this trigger.
    Foreach {
        rows: usize,
        /// What the sink said it did (`open`/`process`/`close` calls).
        note: String,
        micros: u64,
        error: Option<String>,
    },
    /// A file sink: the files of this trigger (or why writing failed).
    Files {
        written: FilesWritten,
        error: Option<String>,
    },
}

/// The static side of a stream-static join.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StaticSide {
    /// True when the static DataFrame is the join's left side.
    pub left: bool,
    /// Its rows (the side's table holds the first [`JoinView::CAP`]).
    pub rows: usize,
    /// How Spark joins it: `broadcast` (its size is known: read from files)
    /// or `sort-merge` (made from Python data).
    pub strategy: String,
    /// Where the program got it: the file or directory read, `table NAME`,
    /// `createDataFrame`.
    pub origin: String,
}

/// A join's trigger, for the Query pane: each side's rows as they reach the
/// join, the rows the join produced, and (for a stream-stream join) the
/// state each side holds afterwards (the newest [`JoinView::CAP`] rows of
/// each). For a stream-static join the static side's table holds the static
/// DataFrame's first rows and [`JoinView::static_side`] says which side it
/// is; the state tables stay empty.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct JoinView {
    pub left: Table,
    pub right: Table,
    pub joined: Table,
    pub left_state: Table,
    pub right_state: Table,
    /// Rows each side holds in state (all of them, not only those shown).
    pub held: (usize, usize),
    /// The join type as Spark names it (`Inner`, `LeftOuter`, ...).
    pub how: String,
    /// The key columns (`on`), as `stream = static` pairs when they differ.
    pub on: Vec<String>,
    /// Rows of the stream side that reached the join in this trigger.
    pub stream_rows: usize,
    /// Of those, the rows no static row matched.
    pub unmatched: usize,
    /// Rows the join produced in this trigger (`joined` holds the first
    /// [`JoinView::CAP`]).
    pub joined_rows: usize,
    /// Set for a stream-static join.
    pub static_side: Option<StaticSide>,
}

impl JoinView {
    /// Rows kept per table.
    pub const CAP: usize = 200;
}

/// What one trigger of one query did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriggerReport {
    /// The query's index in the program, from 0, in `start()` order.
    pub query: usize,
    /// The `queryName(...)`, if one was given.
    pub name: Option<String>,
    /// Spark's batch id (from 0; no-data batches count).
    pub batch: u64,
    /// The trigger's time (virtual on replays), epoch ms.
    pub time_ms: i64,
    pub mode: OutputMode,
    /// True for a batch Spark runs without new input, only because the
    /// watermark moved (to emit or evict windows).
    pub no_data: bool,
    /// The rows the source appended to the input table in this trigger.
    pub input: Table,
    /// Rows appended to the input table since the query started.
    pub input_total: u64,
    /// The result table's columns.
    pub result_columns: Vec<String>,
    /// The result table after the trigger. For queries without aggregation or
    /// deduplication state the result table is unbounded; it is shown as the
    /// rows this trigger added (all [`RowChange::Added`]).
    pub result: Vec<ResultRow>,
    /// What the sink received in this trigger (the output mode's choice).
    pub emitted: Table,
    /// What the sink did with it (None for the console sink).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sink: Option<SinkReport>,
    /// Where the query's rows come from.
    pub source: SourceKind,
    /// The console sink's text for this trigger (empty for other sinks).
    pub console: String,
    /// What a `foreachBatch` or `foreach` sink did with the batch (or why
    /// it failed); None for the other sinks.
    pub sink_note: Option<String>,
    pub event_time: Option<EventTime>,
    /// A join's inputs, output and state (the first join of the query).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Box<JoinView>>,
    /// Milliseconds the trigger took.
    pub processing_ms: u64,
}
