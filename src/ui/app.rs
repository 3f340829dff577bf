//! The application state of the terminal UI, and the only place it changes.
//!
//! [`App`] holds what the panes draw; [`update`] applies one [`Msg`] (a key,
//! an engine or producer event, the result of a REPL entry) and returns the
//! [`Effect`]s the event loop must carry out (run an entry, pause the clock,
//! send a line to the producer). `App` never touches the session or the
//! producer itself, so every state can be built in a test and rendered.
//!
//! Every history is a [`Ring`] with a fixed cap, so memory stays bounded over
//! hours: the oldest entries are dropped (the caps are below).

use std::collections::{BTreeMap, VecDeque};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::editor::Editor;
use crate::engine::events::{BatchInfo, EngineEvent, StateDiff};
use crate::engine::graph::NodeId;
use crate::lang::value::Value;
use crate::producer::ProducerEvent;
use crate::session::live::Entered;

/// Batches kept for the timeline and the statistics.
pub const BATCH_CAP: usize = 1000;
/// Lines of pprint output kept.
pub const OUTPUT_CAP: usize = 10_000;
/// Lines of REPL transcript kept.
pub const TRANSCRIPT_CAP: usize = 2_000;
/// Lines the producer pane remembers.
pub const PRODUCER_CAP: usize = 200;
/// REPL history entries kept (and persisted).
/// Input rows the Query pane keeps (the unbounded table's newest rows).
pub const QUERY_INPUT_CAP: usize = 500;
/// Event-time records the Query pane keeps for its axis.
pub const QUERY_RECORD_CAP: usize = 300;

/// A bounded history: pushing past the cap drops the oldest item.
#[derive(Debug, Clone)]
pub struct Ring<T> {
    items: VecDeque<T>,
    cap: usize,
    /// Items dropped so far (shown where it matters: "… 12 older lines").
    pub dropped: u64,
}

impl<T> Ring<T> {
    pub fn new(cap: usize) -> Self {
        Ring {
            items: VecDeque::new(),
            cap: cap.max(1),
            dropped: 0,
        }
    }
    pub fn push(&mut self, item: T) {
        if self.items.len() == self.cap {
            self.items.pop_front();
            self.dropped += 1;
        }
        self.items.push_back(item);
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.items.iter()
    }
    pub fn last(&self) -> Option<&T> {
        self.items.back()
    }
    pub fn last_mut(&mut self) -> Option<&mut T> {
        self.items.back_mut()
    }
    pub fn clear(&mut self) {
        self.items.clear();
    }
}

/// The panes, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaneId {
    Repl,
    Producer,
    Timeline,
    Output,
    State,
    Pipeline,
    Stats,
    /// The lesson's text, in lesson mode only.
    Lesson,
    /// A Structured Streaming query: input table, result table, event time.
    Query,
}

impl PaneId {
    pub const ALL: [PaneId; 9] = [
        PaneId::Repl,
        PaneId::Producer,
        PaneId::Timeline,
        PaneId::Output,
        PaneId::State,
        PaneId::Pipeline,
        PaneId::Stats,
        PaneId::Lesson,
        PaneId::Query,
    ];
    pub fn title(self) -> &'static str {
        match self {
            PaneId::Repl => "REPL",
            PaneId::Producer => "Producer",
            PaneId::Timeline => "Batches",
            PaneId::Output => "Output",
            PaneId::State => "State",
            PaneId::Pipeline => "Pipeline",
            PaneId::Stats => "Stats",
            PaneId::Lesson => "Lesson",
            PaneId::Query => "Query",
        }
    }
    /// The pane a command names.
    pub fn of(p: crate::formats::command::Pane) -> PaneId {
        use crate::formats::command::Pane as P;
        match p {
            P::Producer => PaneId::Producer,
            P::Repl => PaneId::Repl,
            P::Timeline => PaneId::Timeline,
            P::Output => PaneId::Output,
            P::State => PaneId::State,
            P::Pipeline => PaneId::Pipeline,
            P::Stats => PaneId::Stats,
            P::Lesson => PaneId::Lesson,
            P::Query => PaneId::Query,
        }
    }
    /// The pane named in a `:zoom`/`:hide` command.
    pub fn from_name(s: &str) -> Option<PaneId> {
        PaneId::ALL.into_iter().find(|p| {
            p.title().eq_ignore_ascii_case(s)
                || (s.eq_ignore_ascii_case("timeline") && *p == PaneId::Timeline)
        })
    }
}

/// One line of the REPL transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum TranscriptLine {
    /// What the learner typed (`>>> ` or `... ` prefix added when drawn).
    Input { text: String, first: bool },
    /// The repr of an expression's value, or a command's answer.
    Echo(String),
    /// An error report line.
    Error(String),
    /// A note from streamlab (started, restarted, ...).
    Note(String),
}

/// What the producer pane shows.
#[derive(Debug, Clone)]
pub struct ProducerView {
    pub listening: Option<String>,
    pub clients: Vec<String>,
    /// (sequence number, line) of the last lines sent.
    pub sent: Ring<(u64, String)>,
    pub total_sent: u64,
    pub paused: bool,
    /// "1 line every 1s" or "500 lines/s".
    pub pace: String,
    pub notes: Ring<String>,
    /// The line being typed into the producer pane.
    pub input: String,
}

impl Default for ProducerView {
    fn default() -> Self {
        ProducerView {
            listening: None,
            clients: Vec::new(),
            sent: Ring::new(PRODUCER_CAP),
            total_sent: 0,
            paused: false,
            pace: String::new(),
            notes: Ring::new(20),
            input: String::new(),
        }
    }
}

/// How the state table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateSort {
    ByKey,
    ByValue,
}

/// The full state of one `updateStateByKey` stream, kept from its diffs.
#[derive(Debug, Clone, Default)]
pub struct StateTable {
    pub label: String,
    /// key repr -> (key, value).
    pub rows: BTreeMap<String, (Value, Value)>,
    pub last: Option<StateDiff>,
    /// The keys (reprs) in display order, sorted once per batch or sort
    /// change, so a frame only draws the rows that fit.
    pub order: Vec<String>,
    /// This batch's added keys and updated keys with their old values (reprs).
    pub added: std::collections::HashSet<String>,
    pub updated: std::collections::HashMap<String, String>,
    /// Each key's recent values, for its sparkline.
    pub history: crate::ui::state_view::StateHistory,
}

impl StateTable {
    /// Sort the keys for display: by value (largest first) or by key.
    pub fn sort_rows(&mut self, sort: StateSort) {
        use crate::lang::ops::py_cmp;
        let mut keys: Vec<(&String, &(Value, Value))> = self.rows.iter().collect();
        match sort {
            StateSort::ByKey => {
                keys.sort_by(|a, b| py_cmp(&a.1 .0, &b.1 .0).unwrap_or_else(|_| a.0.cmp(b.0)))
            }
            StateSort::ByValue => keys.sort_by(|a, b| {
                py_cmp(&b.1 .1, &a.1 .1)
                    .unwrap_or_else(|_| b.1 .1.repr().cmp(&a.1 .1.repr()))
                    .then_with(|| a.0.cmp(b.0))
            }),
        }
        self.order = keys.into_iter().map(|(k, _)| k.clone()).collect();
    }
}

/// The DStream graph as the pipeline pane draws it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphView {
    /// (id, label, operation, parents, shuffle?) in creation order.
    pub nodes: Vec<GraphNode>,
    /// Output operations: (node, description such as `pprint`).
    pub outputs: Vec<(NodeId, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    pub id: NodeId,
    pub label: String,
    pub op: String,
    pub parents: Vec<NodeId>,
    pub shuffle: bool,
    pub window: Option<(i64, i64)>,
}

/// The batch clock as the status bar shows it.
#[derive(Debug, Clone, Default)]
pub struct ClockView {
    pub started: bool,
    pub paused: bool,
    pub batch_ms: i64,
    pub zero_ms: i64,
}

/// Everything the panes draw.
pub struct App {
    pub focus: PaneId,
    pub zoom: Option<PaneId>,
    pub hidden: Vec<PaneId>,
    /// Panes the learner asked for with `:show` (state, pipeline and stats
    /// are otherwise left out in a lesson).
    pub shown: Vec<PaneId>,
    pub show_help: bool,
    /// The first row of the help overlay on screen (a row of
    /// [`keys::help_rows`](super::keys::help_rows)).
    pub help_scroll: u16,
    /// The help's `/` search being typed; the last one; a search that found nothing.
    pub help_search: Option<String>,
    pub help_query: Option<String>,
    pub help_miss: Option<String>,
    /// Ctrl-R in the REPL: what is searched, and the history entry found
    /// (the history's length when none).
    pub history_search: Option<(String, usize)>,
    pub quit: bool,
    /// A one-line message in the status bar.
    pub status: Option<String>,
    /// A receiver's news shown as the status (cleared when the stream stops).
    pub receiver_status: Option<String>,
    /// A demo's caption: shown in the status bar until replaced or removed.
    pub caption: Option<String>,
    /// Structured Streaming queries, by their index in the session.
    pub queries: BTreeMap<usize, QueryView>,
    /// The query the Query pane shows (the one that triggered last).
    pub query_shown: usize,
    pub editor: Editor,
    pub transcript: Ring<TranscriptLine>,
    pub history: Vec<String>,
    history_pos: Option<usize>,
    /// Completion candidates shown under the REPL input.
    pub completions: Vec<String>,
    pub producer: ProducerView,
    pub batches: Ring<BatchInfo>,
    pub output: Ring<String>,
    /// The last Output line is a `print(..., end="")` still open: the next
    /// print continues it.
    pub print_open: bool,
    /// Lines scrolled up from the bottom of the output.
    pub output_scroll: usize,
    pub states: BTreeMap<NodeId, StateTable>,
    pub state_sort: StateSort,
    pub graph: Option<GraphView>,
    pub clock: ClockView,
    /// Engine errors in the last batches (for the status bar).
    pub failed_batches: u64,
    /// The output and message of the last batch failure Output showed whole:
    /// the same failure again gets one line, so the message stays in view.
    last_failure: Option<(usize, String)>,
    /// What batch failures are reported against (the session's entries).
    pub ledger: Option<std::sync::Arc<parking_lot::Mutex<crate::session::live::Ledger>>>,
    /// The session was rebuilt: events of the engine it halted, still
    /// queued, are not this session's (until its engine says Started).
    pub engine_replaced: bool,
    /// In a lesson: "Lesson 1, step 1/2" for the status bar.
    pub lesson: Option<String>,
    /// In a lesson: the current step's text, the last check's verdict, and
    /// how far the lesson pane is scrolled.
    pub lesson_text: Option<String>,
    pub lesson_verdict: Option<(bool, String)>,
    pub lesson_scroll: u16,
    /// The batch picked in the Batches pane with Left/Right (its batch
    /// number); `None` follows the newest batch.
    pub batch_pick: Option<u64>,
    /// The batch inspector is open on the picked batch; `true` when opening
    /// it zoomed the Batches pane (closing it unzooms).
    pub inspecting: Option<bool>,
    /// Rows the batch inspector is scrolled down.
    pub inspect_scroll: u16,
    /// Draw without colour (`NO_COLOR`): see [`super::theme`].
    pub no_color: bool,
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Run a REPL entry; the loop answers with [`Msg::Entered`].
    Submit(String),
    /// Run a `:command` typed in the REPL.
    Command(String),
    /// Send a typed line to the producer's clients.
    ProducerSend(String),
    ProducerPause,
    ProducerResume,
    /// Halve or double the producer's pace.
    ProducerFaster,
    ProducerSlower,
    /// Set the producer's pace (`:rate`, `:delay`).
    ProducerPace(crate::producer::Pace),
    ClockPause,
    ClockResume,
    ClockStep,
    /// Complete the word at the REPL cursor.
    Complete,
    /// Write the screen to a file (`:screenshot`).
    Screenshot(std::path::PathBuf),
    Quit,
}

/// What the Query pane shows of one Structured Streaming query.
#[derive(Debug, Clone)]
pub struct QueryView {
    pub name: Option<String>,
    pub mode: &'static str,
    /// The last trigger's batch id and time.
    pub batch: u64,
    pub time_ms: i64,
    pub no_data: bool,
    pub input_columns: Vec<String>,
    /// The unbounded input table's newest rows, with the batch that added them.
    pub input: Ring<(u64, Vec<String>)>,
    pub input_total: u64,
    pub result_columns: Vec<String>,
    /// The result table after the last trigger, each row with its change.
    pub result: Vec<crate::structured::report::ResultRow>,
    /// Rows of the result the sink received in the last trigger.
    pub emitted: std::collections::HashSet<Vec<String>>,
    /// Event time: the windows held, the newest records (with their batch),
    /// the watermark, dropped counts.
    pub windows: Vec<(i64, i64)>,
    pub records: Ring<(u64, crate::structured::report::RecordFate)>,
    pub watermark_ms: Option<i64>,
    pub event_time: bool,
    pub dropped_late: usize,
    pub dropped_late_total: u64,
    pub triggers: u64,
    /// What the last trigger's `foreachBatch` / `foreach` sink did.
    pub sink_note: Option<String>,
    /// What the sink did in the last trigger (None: the console sink).
    pub sink: Option<crate::structured::report::SinkReport>,
    /// A `foreachBatch` function's newest calls, oldest first.
    pub calls: Ring<crate::structured::report::BatchCall>,
    /// Where the query's rows come from.
    pub source: crate::structured::report::SourceKind,
    /// A join's last trigger: both inputs, the joined rows, the state held
    /// per side (stream-stream).
    pub join: Option<Box<crate::structured::report::JoinView>>,
}

/// `foreachBatch` calls the Query pane remembers.
pub const QUERY_CALLS_CAP: usize = 20;

impl QueryView {
    pub(crate) fn new() -> QueryView {
        QueryView {
            name: None,
            mode: "append",
            batch: 0,
            time_ms: 0,
            no_data: false,
            input_columns: Vec::new(),
            input: Ring::new(QUERY_INPUT_CAP),
            input_total: 0,
            result_columns: Vec::new(),
            result: Vec::new(),
            emitted: Default::default(),
            windows: Vec::new(),
            records: Ring::new(QUERY_RECORD_CAP),
            watermark_ms: None,
            event_time: false,
            dropped_late: 0,
            dropped_late_total: 0,
            triggers: 0,
            sink_note: None,
            sink: None,
            calls: Ring::new(QUERY_CALLS_CAP),
            source: Default::default(),
            join: None,
        }
    }

    fn apply(&mut self, r: crate::structured::report::TriggerReport) {
        self.name = r.name;
        self.mode = r.mode.name();
        self.batch = r.batch;
        self.time_ms = r.time_ms;
        self.no_data = r.no_data;
        self.triggers += 1;
        if !r.input.columns.is_empty() {
            self.input_columns = r.input.columns;
        }
        for row in r.input.rows {
            self.input.push((r.batch, row));
        }
        self.input_total = r.input_total;
        self.result_columns = r.result_columns;
        self.result = r.result;
        self.emitted = r.emitted.rows.into_iter().collect();
        self.sink_note = r.sink_note;
        if let Some(crate::structured::report::SinkReport::ForeachBatch(call)) = &r.sink {
            self.calls.push(call.clone());
        }
        self.sink = r.sink;
        self.source = r.source;
        self.join = r.join;
        if let Some(et) = r.event_time {
            self.event_time = true;
            self.windows = et.windows;
            for rec in et.records {
                self.records.push((r.batch, rec));
            }
            self.watermark_ms = et.watermark_after_ms;
            self.dropped_late = et.dropped_late;
            self.dropped_late_total = et.dropped_late_total;
        }
    }
}

/// Everything that can change the state.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// A left click at screen cell (`x`, `y`) of a terminal of size `screen`.
    Click {
        x: u16,
        y: u16,
        screen: ratatui::layout::Rect,
    },
    Paste(String),
    Engine(EngineEvent),
    Producer(ProducerEvent),
    /// The result of a REPL entry.
    Entered {
        input: String,
        result: Entered,
        /// The entry started a StreamingContext (from the session's facts).
        started: bool,
        /// The entry stopped one.
        stopped: bool,
        /// The graph of the context it started.
        graph: Option<GraphView>,
    },
    /// Run a `:command` (typed, or played by a demo): the shell answers.
    Command(String),
    /// The shell's answer to a `:command`, with the session's graph when the
    /// command changed it.
    Replied {
        reply: crate::shell::Reply,
        graph: Option<GraphView>,
    },
    /// The history read at start.
    History(Vec<String>),
    /// The producer's pace, in words.
    Pace(String),
    /// Leave the UI.
    Quit,
    /// The graph of the context that just started.
    Graph(GraphView),
    /// Completion candidates: the word start and the candidates.
    Completions {
        start: usize,
        candidates: Vec<String>,
    },
    /// A message for the status bar.
    Status(String),
    /// A line for the REPL transcript (command answers).
    Note(String),
    /// In a lesson: show this step text (and the last verdict, if any).
    Lesson {
        text: String,
        verdict: Option<(bool, String)>,
    },
    /// Move the focus to a pane (`:focus`, demos).
    Focus(PaneId),
    /// Zoom a pane, or unzoom (`:zoom`, F5, Esc, demos).
    Zoom(Option<PaneId>),
    /// Show a caption in the status bar, or remove it (demos).
    Caption(Option<String>),
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

/// The most lines of one entry the transcript shows.
pub const ECHO_LINES: usize = 40;
/// The most characters of one entry line the transcript shows.
pub const ECHO_LINE_MAX: usize = 400;

impl App {
    /// An App for a session: its ledger (where batch failures are located)
    /// and whether colour is off.
    pub fn for_session(
        ledger: std::sync::Arc<parking_lot::Mutex<crate::session::live::Ledger>>,
        no_color: bool,
    ) -> App {
        App {
            ledger: Some(ledger),
            no_color,
            ..App::new()
        }
    }

    pub fn new() -> App {
        App {
            focus: PaneId::Repl,
            zoom: None,
            hidden: Vec::new(),
            shown: Vec::new(),
            show_help: false,
            help_scroll: 0,
            help_search: None,
            help_query: None,
            help_miss: None,
            history_search: None,
            quit: false,
            status: None,
            receiver_status: None,
            caption: None,
            queries: BTreeMap::new(),
            query_shown: 0,
            editor: Editor::default(),
            transcript: Ring::new(TRANSCRIPT_CAP),
            history: Vec::new(),
            history_pos: None,
            completions: Vec::new(),
            producer: ProducerView::default(),
            batches: Ring::new(BATCH_CAP),
            output: Ring::new(OUTPUT_CAP),
            print_open: false,
            output_scroll: 0,
            states: BTreeMap::new(),
            state_sort: StateSort::ByValue,
            graph: None,
            clock: ClockView {
                batch_ms: 1000,
                ..ClockView::default()
            },
            failed_batches: 0,
            last_failure: None,
            ledger: None,
            engine_replaced: false,
            lesson: None,
            lesson_text: None,
            lesson_verdict: None,
            lesson_scroll: 0,
            batch_pick: None,
            inspecting: None,
            inspect_scroll: 0,
            no_color: false,
        }
    }

    /// The index in [`App::batches`] of the picked batch (the oldest kept if
    /// the picked one was dropped), or `None` when following the newest.
    pub fn picked(&self) -> Option<usize> {
        let pick = self.batch_pick?;
        if self.batches.is_empty() {
            return None;
        }
        Some(
            self.batches
                .iter()
                .position(|b| b.batch >= pick)
                .unwrap_or(self.batches.len() - 1),
        )
    }

    /// The batch the inspector shows: the picked one, else the newest.
    pub fn inspected(&self) -> Option<&BatchInfo> {
        match self.picked() {
            Some(i) => self.batches.iter().nth(i),
            None => self.batches.last(),
        }
    }

    /// Change how state tables are ordered (re-sorts them once).
    pub fn set_state_sort(&mut self, sort: StateSort) {
        self.state_sort = sort;
        for t in self.states.values_mut() {
            t.sort_rows(sort);
        }
    }

    /// Panes that are shown (not hidden).
    pub fn visible(&self) -> Vec<PaneId> {
        // The lesson pane exists only in a lesson, where it takes the place
        // of state, pipeline and stats (`:show` brings those back).
        // The query pane exists once a Structured Streaming query started;
        // without a DStream context it takes the DStream panes' place.
        let lesson = self.lesson_text.is_some();
        let query = !self.queries.is_empty();
        let dstreams = self.graph.is_some() || self.clock.started;
        PaneId::ALL
            .into_iter()
            .filter(|p| !self.hidden.contains(p))
            .filter(|p| match p {
                PaneId::Lesson => lesson,
                PaneId::Query => query,
                PaneId::State | PaneId::Pipeline | PaneId::Stats => {
                    (!lesson && (dstreams || !query)) || self.shown.contains(p)
                }
                PaneId::Timeline => dstreams || !query || self.shown.contains(p),
                _ => true,
            })
            .collect()
    }

    /// Panes Tab and Shift-Tab go through: the visible ones, and in a
    /// lesson also State, Pipeline and Stats (the lesson pane takes their
    /// place, but lessons point at them), unless the learner hid them.
    fn reachable(&self) -> Vec<PaneId> {
        let vis = self.visible();
        let lesson = self.lesson_text.is_some();
        PaneId::ALL
            .into_iter()
            .filter(|p| {
                vis.contains(p)
                    || (lesson
                        && matches!(p, PaneId::State | PaneId::Pipeline | PaneId::Stats)
                        && !self.hidden.contains(p))
            })
            .collect()
    }

    fn cycle_focus(&mut self, forward: bool) {
        let all = self.reachable();
        if all.is_empty() {
            return;
        }
        let i = all.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = all.len();
        self.focus = all[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        // A pane reached this way is drawn, as `:show` would draw it.
        if !self.visible().contains(&self.focus) {
            self.shown.push(self.focus);
        }
    }

    /// Show an entry in the transcript as typed, but never megabytes of it:
    /// at most [`ECHO_LINES`] lines, each shortened like a value in a message.
    fn echo_entry(&mut self, entry: &str) {
        use crate::lang::repr::{shorten, thousands};
        let total = entry.lines().count();
        for (i, line) in entry.lines().take(ECHO_LINES).enumerate() {
            self.transcript.push(TranscriptLine::Input {
                text: shorten(line, ECHO_LINE_MAX),
                first: i == 0,
            });
        }
        if total > ECHO_LINES {
            self.transcript.push(TranscriptLine::Input {
                text: format!(
                    "... ({} more lines)",
                    thousands((total - ECHO_LINES) as u64)
                ),
                first: false,
            });
        }
    }

    /// What the program printed goes to Output, line by line, as a console
    /// shows it (stdout and stderr alike).
    pub fn print(&mut self, text: &str) {
        let mut pieces = text.split('\n');
        if let Some(first) = pieces.next() {
            match (self.print_open, self.output.last_mut()) {
                (true, Some(last)) => last.push_str(first),
                _ => self.output.push(first.to_string()),
            }
        }
        for piece in pieces {
            self.output.push(piece.to_string());
        }
        // A text ending in a newline leaves an empty piece: that line is open.
        self.print_open = true;
        if text.ends_with('\n') {
            // Drop the empty line the final newline started; the next print opens a new one.
            let _ = self.output.items.pop_back();
            self.print_open = false;
        }
    }

    fn note(&mut self, text: impl Into<String>) {
        self.transcript.push(TranscriptLine::Note(text.into()));
    }

    fn push_history(&mut self, entry: &str) {
        if self.history.last().map(String::as_str) != Some(entry) {
            self.history.push(entry.to_string());
            if self.history.len() > crate::paths::HISTORY_CAP {
                self.history.remove(0);
            }
        }
        self.history_pos = None;
    }
}

/// Apply one message. The only function that changes [`App`].
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) => key(app, k),
        Msg::Click { x, y, screen } => {
            click(app, x, y, screen);
            Vec::new()
        }
        Msg::Paste(text) => {
            match app.focus {
                PaneId::Producer => {
                    // Each pasted line is sent as typed.
                    let mut effects = Vec::new();
                    let mut lines = text.lines().peekable();
                    while let Some(l) = lines.next() {
                        if lines.peek().is_some() {
                            effects.push(Effect::ProducerSend(format!(
                                "{}{l}",
                                std::mem::take(&mut app.producer.input)
                            )));
                        } else {
                            app.producer.input.push_str(l);
                        }
                    }
                    return effects;
                }
                _ => {
                    app.focus = PaneId::Repl;
                    app.editor.insert_str(&text);
                }
            }
            Vec::new()
        }
        Msg::Engine(ev) => {
            engine_event(app, ev);
            Vec::new()
        }
        Msg::Producer(ev) => {
            producer_event(app, ev);
            Vec::new()
        }
        Msg::Entered {
            input: _,
            result,
            started,
            stopped,
            graph,
        } => {
            if let Some(g) = graph {
                app.graph = Some(g);
            }
            match result {
                Entered::Ok { echo } => {
                    if let Some(e) = echo {
                        for line in e.lines() {
                            app.transcript.push(TranscriptLine::Echo(line.to_string()));
                        }
                    }
                    if started {
                        app.clock.started = true;
                        if app.clock.paused {
                            app.note("the stream started with the clock paused: F3 runs one batch, F2 lets batches come");
                        } else {
                            app.note("the stream is running: batches appear in Batches and Output (F2 pauses the clock)");
                        }
                    }
                    if stopped && !started {
                        app.note("the stream stopped; Spark cannot start a stopped context again: :restart rebuilds it from your entries (without the stop()) and starts it");
                    }
                }
                Entered::Incomplete => app.transcript.push(TranscriptLine::Error(
                    "unfinished entry: close its brackets, or end the block with an empty line"
                        .into(),
                )),
                Entered::Error { text, .. } => {
                    for line in text.lines() {
                        app.transcript.push(TranscriptLine::Error(line.to_string()));
                    }
                }
            }
            Vec::new()
        }
        Msg::Graph(g) => {
            app.graph = Some(g);
            Vec::new()
        }
        Msg::Command(c) => {
            app.echo_entry(&c);
            app.push_history(&c);
            vec![Effect::Command(c.trim().to_string())]
        }
        Msg::Replied { reply, graph } => replied(app, reply, graph),
        Msg::History(h) => {
            app.history = h;
            Vec::new()
        }
        Msg::Pace(p) => {
            app.producer.pace = p;
            Vec::new()
        }
        Msg::Quit => {
            app.quit = true;
            Vec::new()
        }
        Msg::Completions { start, candidates } => {
            match candidates.len() {
                0 => app.completions.clear(),
                1 => {
                    app.editor.replace_word(start, &candidates[0]);
                    app.completions.clear();
                }
                _ => {
                    let common = common_prefix(&candidates);
                    if common.len() > app.editor.cursor_offset().saturating_sub(start) {
                        app.editor.replace_word(start, &common);
                    }
                    app.completions = candidates;
                }
            }
            Vec::new()
        }
        Msg::Status(s) => {
            app.status = Some(s);
            Vec::new()
        }
        Msg::Note(s) => {
            for line in s.lines() {
                app.note(line);
            }
            Vec::new()
        }
        Msg::Lesson { text, verdict } => {
            if app.lesson_text.as_deref() != Some(text.as_str()) {
                app.lesson_scroll = 0;
            }
            app.lesson_text = Some(text);
            app.lesson_verdict = verdict;
            Vec::new()
        }
        Msg::Focus(p) => {
            app.hidden.retain(|x| *x != p);
            app.focus = p;
            Vec::new()
        }
        Msg::Zoom(p) => {
            app.zoom = p;
            if let Some(p) = p {
                app.focus = p;
            }
            Vec::new()
        }
        Msg::Caption(c) => {
            app.caption = c;
            Vec::new()
        }
    }
}

/// Apply the shell's answer to a `:command`.
fn replied(app: &mut App, reply: crate::shell::Reply, graph: Option<GraphView>) -> Vec<Effect> {
    use crate::formats::command::SortKey;
    use crate::shell::Action;
    let mut effects = Vec::new();
    for line in reply.text.lines() {
        app.transcript.push(if reply.ok {
            TranscriptLine::Note(line.to_string())
        } else {
            TranscriptLine::Error(line.to_string())
        });
    }
    for a in reply.actions {
        match a {
            Action::Quit => app.quit = true,
            Action::HelpOverlay => {
                app.show_help = true;
                app.help_scroll = 0;
            }
            Action::Rebuilt { reset } => {
                app.graph = if reset { None } else { graph.clone() };
                if reset {
                    app.clock.started = false;
                }
                // Failures of the graph just replaced are not this one's,
                // nor are its events still queued.
                app.failed_batches = 0;
                app.last_failure = None;
                app.status = None;
                app.engine_replaced = true;
            }
            Action::GraphChanged => {
                if graph.is_some() {
                    app.graph = graph.clone();
                }
            }
            Action::Clock { paused } => app.clock.paused = paused,
            Action::BatchMs(ms) => {
                if !app.clock.started {
                    app.clock.batch_ms = ms;
                }
            }
            Action::Zoom(p) => {
                let p = PaneId::of(p);
                app.zoom = Some(p);
                app.focus = p;
            }
            Action::Hide(p) => hide(app, PaneId::of(p)),
            Action::Show(p) => {
                let p = PaneId::of(p);
                app.hidden.retain(|x| *x != p);
                app.shown.push(p);
            }
            Action::Focus(p) => {
                let p = PaneId::of(p);
                app.hidden.retain(|x| *x != p);
                app.focus = p;
                if !app.visible().contains(&p) {
                    app.shown.push(p);
                }
            }
            Action::Layout(panes) => layout(app, &panes),
            Action::Screenshot(path) => effects.push(Effect::Screenshot(path)),
            Action::Sort(k) => app.set_state_sort(match k {
                SortKey::Key => StateSort::ByKey,
                SortKey::Value => StateSort::ByValue,
            }),
            Action::Pace(p) => effects.push(Effect::ProducerPace(p)),
            Action::Wait(_) => {}
            Action::Lesson {
                text,
                verdict,
                status,
                batch_ms,
            } => {
                if app.lesson_text.as_deref() != Some(text.as_str()) {
                    app.lesson_scroll = 0;
                }
                app.lesson_text = Some(text);
                app.lesson_verdict = verdict;
                app.lesson = Some(status);
                if !app.clock.started {
                    app.clock.batch_ms = batch_ms;
                }
            }
        }
    }
    effects
}

/// A `:layout` preset: exactly these panes (and the REPL) are shown, the
/// Lesson and Query panes as their context has them; nothing zoomed.
fn layout(app: &mut App, panes: &[crate::formats::command::Pane]) {
    let keep: Vec<PaneId> = panes.iter().map(|p| PaneId::of(*p)).collect();
    app.hidden = PaneId::ALL
        .into_iter()
        .filter(|p| !keep.contains(p))
        .filter(|p| !matches!(p, PaneId::Repl | PaneId::Lesson | PaneId::Query))
        .collect();
    app.shown = keep;
    app.zoom = None;
    app.inspecting = None;
    if app.hidden.contains(&app.focus) {
        app.focus = PaneId::Repl;
    }
}

/// Hide a pane; typing goes back to the REPL, never into the producer.
fn hide(app: &mut App, p: PaneId) {
    if p == PaneId::Repl {
        app.status =
            Some("the REPL stays: it is where you type. F6 hides the pane Tab moves to".into());
        return;
    }
    app.hidden.push(p);
    app.shown.retain(|s| *s != p);
    if app.zoom == Some(p) {
        app.zoom = None;
    }
    if app.focus == p || app.focus == PaneId::Producer {
        app.focus = PaneId::Repl;
    }
    app.status = Some(format!("{} hidden: F7 shows every pane", p.title()));
}

fn common_prefix(c: &[String]) -> String {
    let Some(first) = c.first() else {
        return String::new();
    };
    let mut n = first.len();
    for s in &c[1..] {
        n = n.min(
            first
                .bytes()
                .zip(s.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    while !first.is_char_boundary(n) {
        n -= 1;
    }
    first[..n].to_string()
}

fn engine_event(app: &mut App, ev: EngineEvent) {
    if !matches!(ev, EngineEvent::Print { .. }) {
        // Other output starts its own line after an open `print(..., end="")`.
        app.print_open = false;
    }
    if app.engine_replaced
        && matches!(
            ev,
            EngineEvent::Output(_) | EngineEvent::BatchCompleted(_) | EngineEvent::Receiver { .. }
        )
    {
        return;
    }
    match ev {
        EngineEvent::Started { zero_ms, batch_ms } => {
            app.engine_replaced = false;
            app.clock.started = true;
            app.clock.zero_ms = zero_ms;
            app.clock.batch_ms = batch_ms;
            app.batches.clear();
            app.states.clear();
            // A new run numbers its batches from 0 again: no pick carries over.
            app.batch_pick = None;
            if app.inspecting.take() == Some(true) && app.zoom == Some(PaneId::Timeline) {
                app.zoom = None;
            }
        }
        EngineEvent::Output(o) => match o.result {
            Ok(records) => {
                if let Some(num) = o.pprint_num {
                    let block = crate::cli::printer::pprint_block(o.time_ms, &records, num);
                    for line in block.lines() {
                        app.output.push(line.to_string());
                    }
                }
            }
            Err(e) => {
                let text = match &app.ledger {
                    Some(l) => l.lock().batch_failed(o.batch, o.output, &e),
                    None => crate::lang::diag::Diagnostic::from_exc(&e).render("<repl>", ""),
                };
                // The report's own first line (with its "Did you mean").
                let message = text
                    .lines()
                    .find_map(|l| l.strip_prefix("error: "))
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{}: {}", e.type_name(), e.msg));
                let again = Some((o.output, message.clone()));
                if app.last_failure == again {
                    app.output
                        .push(format!("batch {} failed the same way: {message}", o.batch));
                } else {
                    app.output
                        .push(format!("batch {} failed for output {}:", o.batch, o.output));
                    for line in text.lines() {
                        app.output.push(line.to_string());
                    }
                    app.output.push(String::new());
                    app.last_failure = again;
                }
                // The message first: the status line is one row.
                app.status = Some(format!(
                    "batch {} failed: {message} (:error shows it whole)",
                    o.batch
                ));
            }
        },
        EngineEvent::BatchCompleted(b) => {
            if !b.errors.is_empty() {
                app.failed_batches += 1;
            }
            for d in &b.states {
                let table = app.states.entry(d.node).or_default();
                table.label = d.label.clone();
                for (k, v) in d
                    .added
                    .iter()
                    .map(|(k, v)| (k, v))
                    .chain(d.updated.iter().map(|(k, _, v)| (k, v)))
                {
                    table.rows.insert(k.repr(), (k.clone(), v.clone()));
                }
                for (k, _) in &d.removed {
                    table.rows.remove(&k.repr());
                }
                table.added = d.added.iter().map(|(k, _)| k.repr()).collect();
                table.updated = d
                    .updated
                    .iter()
                    .map(|(k, old, _)| (k.repr(), old.repr()))
                    .collect();
                table.history.record(d);
                table.last = Some(d.clone());
                table.sort_rows(app.state_sort);
            }
            app.batches.push(b);
        }
        EngineEvent::Receiver { message, .. } => {
            app.status = Some(message.clone());
            app.receiver_status = Some(message.clone());
            app.producer.notes.push(format!("receiver: {message}"));
        }
        EngineEvent::Notice(n) => app.note(n),
        EngineEvent::Print { text, .. } => app.print(&text),
        EngineEvent::Stopped => {
            app.clock.started = false;
            // "Connected to ..." is not true of a stopped stream.
            if app.receiver_status.is_some() && app.status == app.receiver_status.take() {
                app.status = None;
            }
        }
        EngineEvent::Trigger(r) => {
            // The console sink's text goes to Output, as Spark prints it.
            for line in r.console.lines() {
                app.output.push(line.to_string());
            }
            let first = app.queries.is_empty();
            // A query's batch 0 is its start: the pane shows the newest
            // query, from a clean view (a restarted session reuses indexes).
            if r.batch == 0 || first {
                app.query_shown = r.query;
                app.queries.insert(r.query, QueryView::new());
            }
            app.queries
                .entry(r.query)
                .or_insert_with(QueryView::new)
                .apply(*r);
            if first {
                app.note("the query is running: its input and result tables are in the Query pane");
            }
        }
    }
}

fn producer_event(app: &mut App, ev: ProducerEvent) {
    super::producer_view::apply(&mut app.producer, ev);
}

/// Keys: what [`keys::lookup`](super::keys::lookup) says they do, typing otherwise.
fn key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    use super::keys::{lookup, Act};
    if k.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if app.show_help && app.help_search.is_some() {
        help_search_key(app, k);
        return Vec::new();
    }
    if app.history_search.is_some() && app.focus == PaneId::Repl && !app.show_help {
        if let Some(effects) = history_search_key(app, k) {
            return effects;
        }
    }
    let Some(act) = lookup(app.focus, app.show_help, &k) else {
        return unbound(app, k);
    };
    if app.show_help {
        match act {
            Act::LineUp => app.help_scroll = app.help_scroll.saturating_sub(1),
            Act::LineDown => app.help_scroll = app.help_scroll.saturating_add(1),
            Act::PageUp => app.help_scroll = app.help_scroll.saturating_sub(10),
            Act::PageDown => app.help_scroll = app.help_scroll.saturating_add(10),
            Act::Top => app.help_scroll = 0,
            Act::Bottom => app.help_scroll = u16::MAX,
            Act::Search => app.help_search = Some(String::new()),
            Act::SearchNext => help_find(app, true),
            Act::Close => app.show_help = false,
            Act::Quit => return vec![Effect::Quit],
            _ => {}
        }
        return Vec::new();
    }
    match act {
        Act::Help => {
            app.show_help = true;
            app.help_scroll = 0;
        }
        Act::NextPane => app.cycle_focus(true),
        Act::PrevPane => app.cycle_focus(false),
        Act::Jump => {
            if let KeyCode::Char(c) = k.code {
                let n = c.to_digit(10).unwrap_or(0) as usize;
                if let Some(p) = n.checked_sub(1).and_then(|i| PaneId::ALL.get(i)) {
                    jump(app, *p);
                }
            }
        }
        Act::Back => {
            app.completions.clear();
            app.focus = PaneId::Repl;
            app.zoom = None;
        }
        Act::ClockToggle => {
            // As :pause and :resume: before ssc.start() too, so the stream
            // starts paused (and says so when it starts).
            app.clock.paused = !app.clock.paused;
            app.status = Some(
                match (app.clock.paused, app.clock.started) {
                    (true, true) => "clock paused: F3 runs one batch",
                    (true, false) => "clock paused: the stream starts paused",
                    (false, _) => "clock running",
                }
                .into(),
            );
            return vec![if app.clock.paused {
                Effect::ClockPause
            } else {
                Effect::ClockResume
            }];
        }
        Act::ClockStep => {
            if !app.clock.paused {
                app.status = Some("step works while the clock is paused (F2)".into());
                return Vec::new();
            }
            return vec![Effect::ClockStep];
        }
        Act::ProducerToggle => {
            app.producer.paused = !app.producer.paused;
            return vec![if app.producer.paused {
                Effect::ProducerPause
            } else {
                Effect::ProducerResume
            }];
        }
        Act::ProducerSlower => return vec![Effect::ProducerSlower],
        Act::ProducerFaster => return vec![Effect::ProducerFaster],
        Act::Zoom => {
            app.zoom = if app.zoom == Some(app.focus) {
                None
            } else {
                Some(app.focus)
            };
        }
        Act::Hide => hide(app, app.focus),
        Act::ShowAll => {
            app.hidden.clear();
            app.zoom = None;
            app.status = Some("every pane shown".into());
        }
        Act::Quit => return vec![Effect::Quit],
        Act::Interrupt => {
            // Ctrl-C clears the input; on an empty REPL input it quits.
            if app.focus == PaneId::Producer && !app.producer.input.is_empty() {
                app.producer.input.clear();
                return Vec::new();
            }
            if app.focus == PaneId::Repl && !app.editor.is_empty() {
                app.editor.clear();
                app.completions.clear();
                app.note("(input cleared; Ctrl-C again on an empty prompt quits)");
                return Vec::new();
            }
            return vec![Effect::Quit];
        }
        Act::Run => return run_entry(app),
        Act::Complete => {
            if app.editor.is_empty() {
                app.cycle_focus(true);
            } else {
                return vec![Effect::Complete];
            }
        }
        Act::HistoryPrev if app.editor.on_first_line() => history_move(app, -1),
        Act::HistoryNext if app.editor.on_last_line() => history_move(app, 1),
        Act::HistoryPrev | Act::HistoryNext => app.editor.key(k),
        Act::HistorySearch => {
            app.history_search = Some((String::new(), app.history.len()));
        }
        Act::LineStart => app.editor.line_start(),
        Act::LineEnd => app.editor.line_end(),
        Act::KillToEnd => app.editor.kill_to_end(),
        Act::KillToStart => app.editor.kill_to_start(),
        Act::KillWord => app.editor.kill_word(),
        Act::WordLeft => app.editor.word_left(),
        Act::WordRight => app.editor.word_right(),
        Act::QuitIfEmpty => {
            if app.editor.is_empty() {
                return vec![Effect::Quit];
            }
            app.status = Some("Ctrl-D quits on an empty prompt (Ctrl-C clears it)".into());
        }
        Act::ClearTranscript => app.transcript.clear(),
        Act::LessonUp | Act::LessonDown => {
            if app.lesson_text.is_none() {
                app.status = Some(
                    "PgUp/PgDn scroll the lesson in a lesson; to scroll Output, Alt-4 jumps there"
                        .into(),
                );
            } else if act == Act::LessonUp {
                app.lesson_scroll = app.lesson_scroll.saturating_sub(8);
            } else {
                app.lesson_scroll = app.lesson_scroll.saturating_add(8);
            }
        }
        Act::Send => {
            let line = std::mem::take(&mut app.producer.input);
            return vec![Effect::ProducerSend(line)];
        }
        Act::LineUp | Act::LineDown | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
            scroll(app, act)
        }
        Act::BatchOlder | Act::BatchNewer | Act::Inspect | Act::InspectBack => batch_key(app, act),
        Act::Sort => app.set_state_sort(match app.state_sort {
            StateSort::ByKey => StateSort::ByValue,
            StateSort::ByValue => StateSort::ByKey,
        }),
        Act::Search | Act::SearchNext | Act::Close => {}
        // Clicks, not keys ([`click`]).
        Act::FocusClicked | Act::InspectClicked => {}
    }
    Vec::new()
}

/// A left click at screen cell (`x`, `y`) of a `screen`-sized terminal:
/// the clicked pane's click ([`super::keys::CLICKS`]) runs, else the one
/// that works everywhere.
fn click(app: &mut App, x: u16, y: u16, screen: ratatui::layout::Rect) {
    use super::keys::{click_lookup, Act};
    let Some((pane, rect)) = super::panes::pane_at(app, screen, x, y) else {
        return;
    };
    for act in click_lookup(pane) {
        match act {
            Act::InspectClicked => {
                let Some(batch) = super::panes::timeline::batch_at(app, rect, x, y) else {
                    continue;
                };
                app.focus = PaneId::Timeline;
                app.batch_pick = Some(batch);
                batch_key(app, Act::Inspect);
                return;
            }
            Act::FocusClicked => {
                if app.focus != pane {
                    app.completions.clear();
                    app.focus = pane;
                }
                return;
            }
            _ => {}
        }
    }
}

/// The Batches pane's keys: pick an older or newer batch, open the batch
/// inspector on it, and step back out (inspector, then pick, then REPL).
fn batch_key(app: &mut App, act: super::keys::Act) {
    use super::keys::Act;
    let newest = app.batches.last().map(|b| b.batch);
    // Another batch (or a new inspector) starts at its top.
    app.inspect_scroll = 0;
    match act {
        Act::BatchOlder => {
            let Some(newest) = newest else {
                app.status = Some("no batch yet: batches come after ssc.start()".into());
                return;
            };
            let at = app.picked().unwrap_or(app.batches.len());
            let older = at.saturating_sub(1);
            app.batch_pick = app
                .batches
                .iter()
                .nth(older)
                .map(|b| b.batch)
                .or(Some(newest));
        }
        Act::BatchNewer => {
            if let Some(i) = app.picked() {
                // Past the newest, the pane follows new batches again
                // (unless the inspector is open: it stays on the newest).
                app.batch_pick = match app.batches.iter().nth(i + 1) {
                    Some(b) => Some(b.batch),
                    None if app.inspecting.is_some() => newest,
                    None => None,
                };
            }
        }
        Act::Inspect => {
            if app.batches.is_empty() {
                app.status = Some("no batch to inspect yet: batches come after ssc.start()".into());
                return;
            }
            if app.batch_pick.is_none() {
                app.batch_pick = newest;
            }
            if app.inspecting.is_none() {
                let zoomed_here = app.zoom != Some(PaneId::Timeline);
                app.zoom = Some(PaneId::Timeline);
                app.inspecting = Some(zoomed_here);
            }
        }
        Act::InspectBack => {
            if let Some(zoomed_here) = app.inspecting.take() {
                if zoomed_here {
                    app.zoom = None;
                }
            } else if app.batch_pick.is_some() {
                app.batch_pick = None;
            } else {
                app.completions.clear();
                app.focus = PaneId::Repl;
                app.zoom = None;
            }
        }
        _ => {}
    }
}

/// Move the focus to a pane, drawing it if it was left out.
fn jump(app: &mut App, p: PaneId) {
    let reachable = app.reachable();
    if !reachable.contains(&p) && !app.hidden.contains(&p) {
        app.status = Some(match p {
            PaneId::Lesson => "the Lesson pane is there in a lesson: :lessons lists them".into(),
            PaneId::Query => {
                "the Query pane appears once a Structured Streaming query starts".into()
            }
            _ => format!("the {} pane is not shown now", p.title()),
        });
        return;
    }
    app.hidden.retain(|x| *x != p);
    app.focus = p;
    if !app.visible().contains(&p) {
        app.shown.push(p);
    }
    if app.zoom.is_some() {
        app.zoom = Some(p);
    }
}

/// A key no binding takes: typing in the REPL and the producer; elsewhere
/// the status line says why nothing happened.
fn unbound(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match app.focus {
        PaneId::Repl => {
            app.completions.clear();
            app.editor.key(k);
        }
        PaneId::Producer => match k.code {
            KeyCode::Backspace => {
                app.producer.input.pop();
            }
            KeyCode::Char(c) if !ctrl => app.producer.input.push(c),
            _ => {}
        },
        p => {
            if let KeyCode::Char(c) = k.code {
                if !ctrl {
                    app.status = Some(format!(
                        "'{c}' does nothing in {}: you type in the REPL (Esc goes there); F1 lists the keys",
                        p.title()
                    ));
                }
            }
        }
    }
    Vec::new()
}

/// Scrolling keys of the Output and Lesson panes.
fn scroll(app: &mut App, act: super::keys::Act) {
    use super::keys::Act;
    if app.focus == PaneId::Timeline {
        if app.inspecting.is_none() {
            app.status = Some("Up/Down scroll the batch inspector: Enter opens it".into());
            return;
        }
        let s = &mut app.inspect_scroll;
        *s = match act {
            Act::LineUp => s.saturating_sub(1),
            Act::LineDown => s.saturating_add(1),
            Act::PageUp => s.saturating_sub(10),
            Act::PageDown => s.saturating_add(10),
            _ => 0,
        };
        return;
    }
    if app.focus == PaneId::Lesson {
        let s = &mut app.lesson_scroll;
        *s = match act {
            Act::LineUp => s.saturating_sub(1),
            Act::LineDown => s.saturating_add(1),
            Act::PageUp => s.saturating_sub(10),
            Act::PageDown => s.saturating_add(10),
            _ => 0,
        };
        return;
    }
    let max = app.output.len();
    let s = app.output_scroll;
    app.output_scroll = match act {
        Act::LineUp => (s + 1).min(max),
        Act::LineDown => s.saturating_sub(1),
        Act::PageUp => (s + 10).min(max),
        Act::PageDown => s.saturating_sub(10),
        Act::Bottom => 0,
        _ => max,
    };
}

/// Enter in the REPL: a command, a finished entry, or a new line of an
/// unfinished one.
fn run_entry(app: &mut App) -> Vec<Effect> {
    let text = app.editor.text();
    app.completions.clear();
    if text.trim().starts_with(':') && !text.contains('\n') {
        app.editor.clear();
        return update(app, Msg::Command(text));
    }
    // A blank line ends an indented block; otherwise submit only complete input.
    let ends_block = app.editor.current_line_is_blank() && app.editor.line_count() > 1;
    if crate::lang::parse::is_incomplete(&text) && !ends_block {
        app.editor.newline_with_indent();
        return Vec::new();
    }
    let entry = text.trim_end().to_string();
    app.editor.clear();
    if entry.trim().is_empty() {
        return Vec::new();
    }
    app.echo_entry(&entry);
    app.push_history(&entry);
    // The trailing newline closes an indented block (a `def` body),
    // as the empty line typed after it did.
    vec![Effect::Submit(format!("{entry}\n"))]
}

/// Keys while the help's `/` search is typed.
fn help_search_key(app: &mut App, k: KeyEvent) {
    let Some(q) = app.help_search.as_mut() else {
        return;
    };
    match k.code {
        KeyCode::Esc => app.help_search = None,
        KeyCode::Enter => {
            app.help_query = app.help_search.take().filter(|q| !q.is_empty());
            help_find(app, false);
        }
        KeyCode::Backspace => {
            q.pop();
        }
        KeyCode::Char(c) => q.push(c),
        _ => {}
    }
}

/// Scroll the help to the first row matching the last search (after the
/// row on top with `next`).
fn help_find(app: &mut App, next: bool) {
    let Some(q) = app.help_query.clone() else {
        return;
    };
    let q = q.to_lowercase();
    let rows = super::keys::help_rows();
    let from = (app.help_scroll as usize).min(rows.len()) + usize::from(next);
    let hit = (from..rows.len()).chain(0..from.min(rows.len())).find(|i| {
        let (k, d) = &rows[*i];
        format!("{} {d}", k.as_deref().unwrap_or(""))
            .to_lowercase()
            .contains(&q)
    });
    match hit {
        Some(i) => {
            app.help_scroll = i as u16;
            app.help_miss = None;
        }
        None => app.help_miss = Some(q),
    }
}

/// Keys while Ctrl-R searches the history: typing narrows, Ctrl-R finds an
/// older match, Enter or a movement key takes the match, Esc gives up.
/// None: the key ends the search and then does what it does.
fn history_search_key(app: &mut App, k: KeyEvent) -> Option<Vec<Effect>> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let (mut q, at) = app.history_search.clone()?;
    let find = |q: &str, before: usize| -> Option<usize> {
        app.history[..before.min(app.history.len())]
            .iter()
            .rposition(|h| h.contains(q))
    };
    match k.code {
        KeyCode::Char('r') if ctrl => {
            let older = find(&q, at).unwrap_or(at);
            app.history_search = Some((q, older));
        }
        KeyCode::Char('c') | KeyCode::Char('g') if ctrl => app.history_search = None,
        KeyCode::Esc => app.history_search = None,
        KeyCode::Backspace => {
            q.pop();
            let hit = find(&q, app.history.len()).unwrap_or(app.history.len());
            app.history_search = Some((q, hit));
        }
        KeyCode::Char(c) if !ctrl => {
            q.push(c);
            let hit = find(&q, at + 1).unwrap_or(app.history.len());
            app.history_search = Some((q, hit));
        }
        _ => {
            // Take the match into the editor: Enter runs it, as in
            // readline; another key edits it.
            app.history_search = None;
            if let Some(h) = app.history.get(at) {
                app.editor.set_text(&h.clone());
            }
            return if k.code == KeyCode::Enter {
                Some(run_entry(app))
            } else {
                None
            };
        }
    }
    Some(Vec::new())
}

fn history_move(app: &mut App, delta: i64) {
    if app.history.is_empty() {
        return;
    }
    let n = app.history.len() as i64;
    let pos = match app.history_pos {
        None if delta < 0 => n - 1,
        None => return,
        Some(p) => p as i64 + delta,
    };
    if pos >= n {
        app.history_pos = None;
        app.editor.clear();
        return;
    }
    let pos = pos.clamp(0, n - 1) as usize;
    app.history_pos = Some(pos);
    app.editor.set_text(&app.history[pos].clone());
}
