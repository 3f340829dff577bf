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
    /// The first row of the help overlay on screen.
    pub help_scroll: u16,
    pub quit: bool,
    /// A one-line message in the status bar.
    pub status: Option<String>,
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
    /// In a lesson: "Lesson 1, step 1/2" for the status bar.
    pub lesson: Option<String>,
    /// In a lesson: the current step's text, the last check's verdict, and
    /// how far the lesson pane is scrolled.
    pub lesson_text: Option<String>,
    pub lesson_verdict: Option<(bool, String)>,
    pub lesson_scroll: u16,
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
    ClockPause,
    ClockResume,
    ClockStep,
    /// Complete the word at the REPL cursor.
    Complete,
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
}

impl QueryView {
    fn new() -> QueryView {
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
    Paste(String),
    Engine(EngineEvent),
    Producer(ProducerEvent),
    /// The result of a REPL entry.
    Entered {
        input: String,
        result: Entered,
        /// The entry started a StreamingContext (from the session's facts).
        started: bool,
    },
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
    pub fn new() -> App {
        App {
            focus: PaneId::Repl,
            zoom: None,
            hidden: Vec::new(),
            shown: Vec::new(),
            show_help: false,
            help_scroll: 0,
            quit: false,
            status: None,
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
            lesson: None,
            lesson_text: None,
            lesson_verdict: None,
            lesson_scroll: 0,
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
        } => {
            match result {
                Entered::Ok { echo } => {
                    if let Some(e) = echo {
                        for line in e.lines() {
                            app.transcript.push(TranscriptLine::Echo(line.to_string()));
                        }
                    }
                    if started {
                        app.clock.started = true;
                        app.note("the stream is running: batches appear in Batches and Output (F2 pauses the clock)");
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
    match ev {
        EngineEvent::Started { zero_ms, batch_ms } => {
            app.clock.started = true;
            app.clock.zero_ms = zero_ms;
            app.clock.batch_ms = batch_ms;
            app.batches.clear();
            app.states.clear();
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
                let text = crate::lang::diag::Diagnostic::from_exc(&e).render("<repl>", "");
                app.output
                    .push(format!("batch {} failed for output {}:", o.batch, o.output));
                for line in text.lines() {
                    app.output.push(line.to_string());
                }
                app.output.push(String::new());
                app.status = Some(format!(
                    "batch {} failed: {}: {}",
                    o.batch,
                    e.type_name(),
                    e.msg
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
            app.producer.notes.push(format!("receiver: {message}"));
        }
        EngineEvent::Notice(n) => app.note(n),
        EngineEvent::Print { text, .. } => app.print(&text),
        EngineEvent::Stopped => {
            app.clock.started = false;
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

/// Keys: global ones first, then those of the focused pane.
fn key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if k.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if app.show_help {
        // The overlay scrolls (it is taller than a small terminal); Esc,
        // q, F1 or Enter close it; other keys wait, and its border says so.
        match k.code {
            KeyCode::Up => app.help_scroll = app.help_scroll.saturating_sub(1),
            KeyCode::Down => app.help_scroll = app.help_scroll.saturating_add(1),
            KeyCode::PageUp => app.help_scroll = app.help_scroll.saturating_sub(10),
            KeyCode::PageDown | KeyCode::Char(' ') => {
                app.help_scroll = app.help_scroll.saturating_add(10)
            }
            KeyCode::Home => app.help_scroll = 0,
            KeyCode::End => app.help_scroll = u16::MAX,
            KeyCode::Char('q') if ctrl => return vec![Effect::Quit],
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::F(1) | KeyCode::Enter => {
                app.show_help = false
            }
            KeyCode::Char('c') if ctrl => app.show_help = false,
            _ => {}
        }
        return Vec::new();
    }
    match k.code {
        KeyCode::Char('q') if ctrl => return vec![Effect::Quit],
        KeyCode::Char('c') if ctrl => {
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
        KeyCode::F(1) => {
            app.show_help = true;
            app.help_scroll = 0;
            return Vec::new();
        }
        KeyCode::F(2) => {
            if !app.clock.started {
                app.status = Some("the clock starts with ssc.start()".into());
                return Vec::new();
            }
            app.clock.paused = !app.clock.paused;
            app.status = Some(
                if app.clock.paused {
                    "clock paused: F3 runs one batch"
                } else {
                    "clock running"
                }
                .into(),
            );
            return vec![if app.clock.paused {
                Effect::ClockPause
            } else {
                Effect::ClockResume
            }];
        }
        KeyCode::F(3) => {
            if !app.clock.paused {
                app.status = Some("step works while the clock is paused (F2)".into());
                return Vec::new();
            }
            return vec![Effect::ClockStep];
        }
        KeyCode::F(4) => {
            app.producer.paused = !app.producer.paused;
            return vec![if app.producer.paused {
                Effect::ProducerPause
            } else {
                Effect::ProducerResume
            }];
        }
        KeyCode::F(5) => {
            app.zoom = if app.zoom == Some(app.focus) {
                None
            } else {
                Some(app.focus)
            };
            return Vec::new();
        }
        KeyCode::F(6) => {
            if app.focus == PaneId::Repl {
                app.status = Some(
                    "the REPL stays: it is where you type. F6 hides the pane Tab moves to".into(),
                );
            } else {
                let p = app.focus;
                app.hidden.push(p);
                app.shown.retain(|s| *s != p);
                // Typing goes back to the REPL, never into the producer.
                app.focus = PaneId::Repl;
                app.status = Some(format!("{} hidden: F7 shows every pane", p.title()));
            }
            return Vec::new();
        }
        KeyCode::F(7) => {
            app.hidden.clear();
            app.zoom = None;
            app.status = Some("every pane shown".into());
            return Vec::new();
        }
        KeyCode::F(8) => return vec![Effect::ProducerSlower],
        KeyCode::F(9) => return vec![Effect::ProducerFaster],
        KeyCode::BackTab => {
            app.cycle_focus(false);
            return Vec::new();
        }
        KeyCode::Esc => {
            app.completions.clear();
            app.focus = PaneId::Repl;
            app.zoom = None;
            return Vec::new();
        }
        _ => {}
    }
    match app.focus {
        PaneId::Repl => repl_key(app, k),
        PaneId::Producer => producer_key(app, k),
        PaneId::Output => {
            scroll_key(app, k);
            Vec::new()
        }
        PaneId::Lesson => {
            match k.code {
                KeyCode::Up => app.lesson_scroll = app.lesson_scroll.saturating_sub(1),
                KeyCode::Down => app.lesson_scroll = app.lesson_scroll.saturating_add(1),
                KeyCode::PageUp => app.lesson_scroll = app.lesson_scroll.saturating_sub(10),
                KeyCode::PageDown => app.lesson_scroll = app.lesson_scroll.saturating_add(10),
                KeyCode::Home => app.lesson_scroll = 0,
                KeyCode::Tab => app.cycle_focus(true),
                KeyCode::Char('?') => app.show_help = true,
                _ => {}
            }
            Vec::new()
        }
        PaneId::State => {
            match k.code {
                KeyCode::Char('s') => app.set_state_sort(match app.state_sort {
                    StateSort::ByKey => StateSort::ByValue,
                    StateSort::ByValue => StateSort::ByKey,
                }),
                KeyCode::Tab => app.cycle_focus(true),
                KeyCode::Char('?') => app.show_help = true,
                _ => {}
            }
            Vec::new()
        }
        _ => {
            match k.code {
                KeyCode::Tab => app.cycle_focus(true),
                KeyCode::Char('?') => app.show_help = true,
                _ => {}
            }
            Vec::new()
        }
    }
}

fn scroll_key(app: &mut App, k: KeyEvent) {
    let max = app.output.len();
    match k.code {
        KeyCode::Up => app.output_scroll = (app.output_scroll + 1).min(max),
        KeyCode::Down => app.output_scroll = app.output_scroll.saturating_sub(1),
        KeyCode::PageUp => app.output_scroll = (app.output_scroll + 10).min(max),
        KeyCode::PageDown => app.output_scroll = app.output_scroll.saturating_sub(10),
        KeyCode::End | KeyCode::Char('G') => app.output_scroll = 0,
        KeyCode::Home | KeyCode::Char('g') => app.output_scroll = max,
        KeyCode::Tab => app.cycle_focus(true),
        KeyCode::Char('?') => app.show_help = true,
        _ => {}
    }
}

fn producer_key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    match k.code {
        KeyCode::Enter => {
            let line = std::mem::take(&mut app.producer.input);
            return vec![Effect::ProducerSend(line)];
        }
        KeyCode::Backspace => {
            app.producer.input.pop();
        }
        KeyCode::Tab => app.cycle_focus(true),
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
            app.producer.input.push(c)
        }
        _ => {}
    }
    Vec::new()
}

fn repl_key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Enter => {
            let text = app.editor.text();
            app.completions.clear();
            if text.trim().starts_with(':') && !text.contains('\n') {
                app.editor.clear();
                app.echo_entry(&text);
                app.push_history(&text);
                return vec![Effect::Command(text.trim().to_string())];
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
        KeyCode::Tab => {
            if app.editor.is_empty() {
                app.cycle_focus(true);
                Vec::new()
            } else {
                vec![Effect::Complete]
            }
        }
        KeyCode::Char('d') if ctrl && app.editor.is_empty() => vec![Effect::Quit],
        // In a lesson, PgUp/PgDn scroll the lesson while typing.
        KeyCode::PageUp if app.lesson_text.is_some() => {
            app.lesson_scroll = app.lesson_scroll.saturating_sub(8);
            Vec::new()
        }
        KeyCode::PageDown if app.lesson_text.is_some() => {
            app.lesson_scroll = app.lesson_scroll.saturating_add(8);
            Vec::new()
        }
        KeyCode::Char('l') if ctrl => {
            app.transcript.clear();
            Vec::new()
        }
        KeyCode::Up if app.editor.on_first_line() => {
            history_move(app, -1);
            Vec::new()
        }
        KeyCode::Down if app.editor.on_last_line() => {
            history_move(app, 1);
            Vec::new()
        }
        _ => {
            app.completions.clear();
            app.editor.key(k);
            Vec::new()
        }
    }
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
