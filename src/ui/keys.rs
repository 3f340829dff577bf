//! Every key, defined once: [`BINDINGS`] is what [`lookup`] dispatches, and
//! the F1 help, the status-bar hints and README's key table are all made
//! from it, so they never drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::PaneId;

/// What a key does; [`super::app`] carries it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Help,
    NextPane,
    PrevPane,
    /// Alt-N: the N-th pane of [`PaneId::ALL`].
    Jump,
    Back,
    ClockToggle,
    ClockStep,
    ProducerToggle,
    ProducerSlower,
    ProducerFaster,
    Zoom,
    Hide,
    ShowAll,
    Quit,
    Interrupt,
    // The REPL.
    Run,
    Complete,
    HistoryPrev,
    HistoryNext,
    HistorySearch,
    LineStart,
    LineEnd,
    KillToEnd,
    KillToStart,
    KillWord,
    WordLeft,
    WordRight,
    QuitIfEmpty,
    ClearTranscript,
    LessonUp,
    LessonDown,
    // The producer.
    Send,
    // Scrolling panes (Output, Lesson).
    LineUp,
    LineDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    // Batches.
    BatchOlder,
    BatchNewer,
    Inspect,
    InspectBack,
    // State.
    Sort,
    // The help overlay.
    Search,
    SearchNext,
    Close,
    // The mouse ([`CLICKS`]).
    /// Focus the pane clicked.
    FocusClicked,
    /// Pick the batch clicked and open the batch inspector on it.
    InspectClicked,
}

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Pane(PaneId),
    /// While the F1 help is open.
    Help,
}

/// One key (or a few equivalent keys), what it does, where.
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the keys are written in help and README.
    pub label: &'static str,
    pub doc: &'static str,
    pub scope: Scope,
    pub act: Act,
    /// The status bar shows `label hint` when this is set.
    pub hint: Option<&'static str>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const fn b(
    keys: &'static [(KeyCode, KeyModifiers)],
    label: &'static str,
    doc: &'static str,
    scope: Scope,
    act: Act,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        label,
        doc,
        scope,
        act,
        hint,
    }
}

use KeyCode as K;
use Scope::{Everywhere as ALL, Help as HELP};
const REPL: Scope = Scope::Pane(PaneId::Repl);
const PRODUCER: Scope = Scope::Pane(PaneId::Producer);
const OUTPUT: Scope = Scope::Pane(PaneId::Output);
const STATE: Scope = Scope::Pane(PaneId::State);
const BATCHES: Scope = Scope::Pane(PaneId::Timeline);
const LESSON: Scope = Scope::Pane(PaneId::Lesson);

/// Every key, in the order help shows them. Within a scope the first match wins.
pub const BINDINGS: &[Binding] = &[
    b(&[(K::F(1), NONE)], "F1", "help: every key and command", ALL, Act::Help, Some("help")),
    b(&[(K::Tab, NONE)], "Tab", "next pane", ALL, Act::NextPane, Some("pane")),
    b(&[(K::BackTab, NONE), (K::BackTab, SHIFT)], "Shift-Tab", "previous pane", ALL, Act::PrevPane, None),
    b(
        &[
            (K::Char('1'), ALT), (K::Char('2'), ALT), (K::Char('3'), ALT),
            (K::Char('4'), ALT), (K::Char('5'), ALT), (K::Char('6'), ALT),
            (K::Char('7'), ALT), (K::Char('8'), ALT), (K::Char('9'), ALT),
        ],
        "Alt-1..9",
        "jump to a pane: 1 REPL, 2 Producer, 3 Batches, 4 Output, 5 State, 6 Pipeline, 7 Stats, 8 Lesson, 9 Query",
        ALL,
        Act::Jump,
        None,
    ),
    b(&[(K::Esc, NONE)], "Esc", "back to the REPL, unzoom", ALL, Act::Back, None),
    b(&[(K::F(2), NONE)], "F2", "pause / resume the batch clock", ALL, Act::ClockToggle, Some("pause")),
    b(&[(K::F(3), NONE)], "F3", "run exactly one batch while paused", ALL, Act::ClockStep, Some("step")),
    b(&[(K::F(4), NONE)], "F4", "pause / resume the producer", ALL, Act::ProducerToggle, None),
    b(&[(K::F(8), NONE)], "F8", "producer slower", ALL, Act::ProducerSlower, None),
    b(&[(K::F(9), NONE)], "F9", "producer faster", ALL, Act::ProducerFaster, None),
    b(&[(K::F(5), NONE)], "F5", "zoom the focused pane", ALL, Act::Zoom, None),
    b(&[(K::F(6), NONE)], "F6", "hide the focused pane (typing goes back to the REPL)", ALL, Act::Hide, None),
    b(&[(K::F(7), NONE)], "F7", "show every pane", ALL, Act::ShowAll, None),
    b(&[(K::Char('q'), CTRL)], "Ctrl-Q", "quit", ALL, Act::Quit, Some("quit")),
    b(&[(K::Char('c'), CTRL)], "Ctrl-C", "clear the input (quit on an empty prompt)", ALL, Act::Interrupt, None),
    // The REPL.
    b(&[(K::Enter, NONE)], "Enter", "run the entry (an unfinished def or bracket continues)", REPL, Act::Run, Some("run")),
    b(&[(K::Tab, NONE)], "Tab", "complete a name or method (on an empty prompt: next pane)", REPL, Act::Complete, None),
    b(&[(K::Up, NONE)], "Up", "previous entry of the history (or line of the entry)", REPL, Act::HistoryPrev, Some("history")),
    b(&[(K::Down, NONE)], "Down", "next entry of the history (or line of the entry)", REPL, Act::HistoryNext, None),
    b(&[(K::Char('r'), CTRL)], "Ctrl-R", "search the history (again: older; Enter runs the match, Esc gives up)", REPL, Act::HistorySearch, Some("search")),
    b(&[(K::Char('a'), CTRL), (K::Home, NONE)], "Ctrl-A / Home", "start of the line", REPL, Act::LineStart, None),
    b(&[(K::Char('e'), CTRL), (K::End, NONE)], "Ctrl-E / End", "end of the line", REPL, Act::LineEnd, None),
    b(&[(K::Char('k'), CTRL)], "Ctrl-K", "delete to the end of the line", REPL, Act::KillToEnd, None),
    b(&[(K::Char('u'), CTRL)], "Ctrl-U", "delete to the start of the line", REPL, Act::KillToStart, None),
    b(&[(K::Char('w'), CTRL), (K::Backspace, ALT)], "Ctrl-W", "delete the word before the cursor", REPL, Act::KillWord, None),
    b(&[(K::Char('b'), ALT), (K::Left, CTRL)], "Alt-B / Ctrl-Left", "a word left", REPL, Act::WordLeft, None),
    b(&[(K::Char('f'), ALT), (K::Right, CTRL)], "Alt-F / Ctrl-Right", "a word right", REPL, Act::WordRight, None),
    b(&[(K::Char('d'), CTRL)], "Ctrl-D", "quit (on an empty prompt)", REPL, Act::QuitIfEmpty, None),
    b(&[(K::Char('l'), CTRL)], "Ctrl-L", "clear the transcript", REPL, Act::ClearTranscript, None),
    b(&[(K::PageUp, NONE)], "PgUp", "scroll the lesson up (in a lesson)", REPL, Act::LessonUp, None),
    b(&[(K::PageDown, NONE)], "PgDn", "scroll the lesson down (in a lesson)", REPL, Act::LessonDown, None),
    // The producer.
    b(&[(K::Enter, NONE)], "Enter", "send the typed line to every connected client", PRODUCER, Act::Send, Some("send")),
    // Output.
    b(&[(K::Up, NONE)], "Up", "scroll up a line", OUTPUT, Act::LineUp, None),
    b(&[(K::Down, NONE)], "Down", "scroll down a line", OUTPUT, Act::LineDown, None),
    b(&[(K::PageUp, NONE)], "PgUp", "scroll up a page", OUTPUT, Act::PageUp, Some("scroll")),
    b(&[(K::PageDown, NONE)], "PgDn", "scroll down a page", OUTPUT, Act::PageDown, None),
    b(&[(K::Home, NONE), (K::Char('g'), NONE)], "Home / g", "oldest", OUTPUT, Act::Top, None),
    b(&[(K::End, NONE), (K::Char('G'), NONE), (K::Char('G'), SHIFT)], "End / G", "newest", OUTPUT, Act::Bottom, None),
    // Batches.
    b(&[(K::Left, NONE)], "Left", "pick an older batch (the view scrolls back through history)", BATCHES, Act::BatchOlder, Some("older")),
    b(&[(K::Right, NONE)], "Right", "pick a newer batch (past the newest: follow new batches again)", BATCHES, Act::BatchNewer, None),
    b(&[(K::Enter, NONE)], "Enter", "inspect the picked batch: every stream's records, its timings", BATCHES, Act::Inspect, Some("inspect")),
    b(&[(K::Esc, NONE)], "Esc", "close the inspector; again: follow the newest batch; again: back to the REPL", BATCHES, Act::InspectBack, None),
    b(&[(K::Up, NONE)], "Up", "scroll the batch inspector up a line", BATCHES, Act::LineUp, None),
    b(&[(K::Down, NONE)], "Down", "scroll the batch inspector down a line", BATCHES, Act::LineDown, None),
    b(&[(K::PageUp, NONE)], "PgUp", "scroll the batch inspector up a page", BATCHES, Act::PageUp, None),
    b(&[(K::PageDown, NONE)], "PgDn", "scroll the batch inspector down a page", BATCHES, Act::PageDown, None),
    // State.
    b(&[(K::Char('s'), NONE)], "s", "sort by key / by value", STATE, Act::Sort, Some("sort")),
    // Lesson.
    b(&[(K::Up, NONE)], "Up", "scroll up a line", LESSON, Act::LineUp, None),
    b(&[(K::Down, NONE)], "Down", "scroll down a line", LESSON, Act::LineDown, None),
    b(&[(K::PageUp, NONE)], "PgUp", "scroll up a page", LESSON, Act::PageUp, Some("scroll")),
    b(&[(K::PageDown, NONE)], "PgDn", "scroll down a page", LESSON, Act::PageDown, None),
    b(&[(K::Home, NONE)], "Home", "the lesson's start", LESSON, Act::Top, None),
    // The help overlay.
    b(&[(K::Up, NONE)], "Up", "scroll up a line", HELP, Act::LineUp, None),
    b(&[(K::Down, NONE)], "Down", "scroll down a line", HELP, Act::LineDown, None),
    b(&[(K::PageUp, NONE)], "PgUp", "scroll up a page", HELP, Act::PageUp, None),
    b(&[(K::PageDown, NONE), (K::Char(' '), NONE)], "PgDn / Space", "scroll down a page", HELP, Act::PageDown, None),
    b(&[(K::Home, NONE)], "Home", "top", HELP, Act::Top, None),
    b(&[(K::End, NONE)], "End", "bottom", HELP, Act::Bottom, None),
    b(&[(K::Char('/'), NONE)], "/", "search (Enter finds, n finds the next)", HELP, Act::Search, None),
    b(&[(K::Char('n'), NONE)], "n", "next match of the search", HELP, Act::SearchNext, None),
    b(&[(K::Esc, NONE), (K::Char('q'), NONE), (K::F(1), NONE), (K::Enter, NONE)], "Esc / q", "close the help", HELP, Act::Close, None),
    b(&[(K::Char('q'), CTRL)], "Ctrl-Q", "quit", HELP, Act::Quit, None),
];

/// A left click, defined once like the keys: where it works, what it does.
pub struct Click {
    /// How it is written in help and README.
    pub label: &'static str,
    pub doc: &'static str,
    pub scope: Scope,
    pub act: Act,
}

/// Every click, in the order help shows them. The clicked pane's own click
/// comes first, then the one that works everywhere.
pub const CLICKS: &[Click] = &[
    Click {
        label: "Click",
        doc: "on a batch: inspect it (as Left/Right and Enter do)",
        scope: BATCHES,
        act: Act::InspectClicked,
    },
    Click {
        label: "Click",
        doc: "focus the pane clicked",
        scope: ALL,
        act: Act::FocusClicked,
    },
];

/// What a left click on `pane` does: its own click first, then the one that
/// works everywhere.
pub fn click_lookup(pane: PaneId) -> Vec<Act> {
    let of = |scope: Scope| {
        CLICKS
            .iter()
            .filter(move |c| c.scope == scope)
            .map(|c| c.act)
    };
    of(Scope::Pane(pane)).chain(of(Scope::Everywhere)).collect()
}

fn matches(b: &Binding, k: &KeyEvent) -> bool {
    b.keys.iter().any(|(code, mods)| {
        *code == k.code && {
            // Shift comes with capitals and BackTab by itself.
            let m = k.modifiers - KeyModifiers::SHIFT;
            let want = *mods - KeyModifiers::SHIFT;
            m == want
        }
    })
}

/// What `k` does with `focus` focused (the help overlay open or not): the
/// focused pane's bindings first, then those that work everywhere.
pub fn lookup(focus: PaneId, help_open: bool, k: &KeyEvent) -> Option<Act> {
    let find = |scope: Scope| {
        BINDINGS
            .iter()
            .find(|b| b.scope == scope && matches(b, k))
            .map(|b| b.act)
    };
    if help_open {
        return find(Scope::Help);
    }
    find(Scope::Pane(focus)).or_else(|| find(Scope::Everywhere))
}

/// The REPL's `:commands`, as help shows them (from the command table).
pub fn commands() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::formats::command::COMMANDS
        .iter()
        .map(|(_, usage, doc)| (*usage, *doc))
}

fn scope_name(s: Scope) -> Option<&'static str> {
    match s {
        Scope::Everywhere => None,
        Scope::Pane(p) => Some(p.title()),
        Scope::Help => Some("Help"),
    }
}

/// The help overlay's text: a heading, then (keys, what they do) rows.
pub fn help_rows() -> Vec<(Option<String>, String)> {
    let mut rows = vec![(None, "Keys".to_string())];
    let mut scope = Scope::Everywhere;
    for b in BINDINGS {
        if b.scope != scope {
            scope = b.scope;
            rows.push((None, format!("Keys in {}", scope_name(scope).unwrap_or(""))));
        }
        rows.push((Some(b.label.to_string()), b.doc.to_string()));
    }
    rows.push((None, "Mouse".to_string()));
    for c in CLICKS {
        let doc = match scope_name(c.scope) {
            Some(pane) => format!("in {pane}: {}", c.doc),
            None => c.doc.to_string(),
        };
        rows.push((Some(c.label.to_string()), doc));
    }
    rows.push((
        None,
        "Commands (type them in the REPL; :help TOPIC explains one)".into(),
    ));
    for (usage, doc) in commands() {
        rows.push((Some(usage.to_string()), doc.to_string()));
    }
    rows.push((None, "Esc or q closes this help".into()));
    rows
}

/// Short hints for the status bar: the focused pane's keys, then global ones.
pub fn hints(focus: PaneId) -> String {
    let mut pane: Vec<String> = Vec::new();
    let mut global: Vec<String> = Vec::new();
    for b in BINDINGS {
        let Some(h) = b.hint else { continue };
        let label = b.label.split(" / ").next().unwrap_or(b.label);
        match b.scope {
            Scope::Pane(p) if p == focus => pane.push(format!("{label} {h}")),
            Scope::Everywhere => global.push(format!("{label} {h}")),
            _ => {}
        }
    }
    pane.extend(global);
    pane.join("  ")
}

/// README's key table (a test checks README has exactly this).
pub fn markdown() -> String {
    let mut out = String::from("| key | where | does |\n|---|---|---|\n");
    for b in BINDINGS {
        let keys: Vec<String> = b.label.split(" / ").map(|k| format!("`{k}`")).collect();
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            keys.join(" / "),
            scope_name(b.scope).unwrap_or("everywhere"),
            b.doc
        ));
    }
    for c in CLICKS {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            c.label,
            scope_name(c.scope).unwrap_or("everywhere"),
            c.doc
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_digits_name_the_panes_in_their_order() {
        let jump = BINDINGS.iter().find(|b| b.act == Act::Jump).expect("Alt-N");
        let listed: Vec<String> = PaneId::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{} {}", i + 1, p.title()))
            .collect();
        assert!(jump.doc.ends_with(&listed.join(", ")), "{}", jump.doc);
        assert_eq!(jump.keys.len(), PaneId::ALL.len());
    }

    #[test]
    fn the_focused_pane_wins_and_help_has_its_own_keys() {
        let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
        assert_eq!(lookup(PaneId::Repl, false, &tab), Some(Act::Complete));
        assert_eq!(lookup(PaneId::Output, false, &tab), Some(Act::NextPane));
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(PaneId::Repl, true, &q), Some(Act::Close));
        assert_eq!(lookup(PaneId::Repl, false, &q), None);
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(PaneId::Output, false, &g), Some(Act::Bottom));
    }
}
