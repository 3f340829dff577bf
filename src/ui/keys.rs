//! Every key, defined once: the help overlay and the status bar are built
//! from this table, so they never drift from what the keys do.

use super::app::PaneId;

/// (keys, what they do, where they work: None = everywhere).
pub const KEYS: &[(&str, &str, Option<PaneId>)] = &[
    ("F1", "help: every key and command", None),
    (
        "Tab / Shift-Tab",
        "next / previous pane (Tab completes in the REPL)",
        None,
    ),
    ("Esc", "back to the REPL, unzoom", None),
    ("F2", "pause / resume the batch clock", None),
    ("F3", "run exactly one batch while paused", None),
    ("F4", "pause / resume the producer", None),
    ("F8 / F9", "producer slower / faster", None),
    ("F5", "zoom the focused pane", None),
    ("F6 / F7", "hide the focused pane / show all panes", None),
    ("Ctrl-Q", "quit", None),
    (
        "Enter",
        "run the entry (continues unfinished def/brackets)",
        Some(PaneId::Repl),
    ),
    ("Up / Down", "history", Some(PaneId::Repl)),
    (
        "Ctrl-C",
        "clear the input (quit when empty)",
        Some(PaneId::Repl),
    ),
    ("Ctrl-L", "clear the transcript", Some(PaneId::Repl)),
    (
        "Enter",
        "send the typed line to every connected client",
        Some(PaneId::Producer),
    ),
    ("Up / Down / PgUp / PgDn", "scroll", Some(PaneId::Output)),
    ("End / Home", "newest / oldest", Some(PaneId::Output)),
    ("s", "sort by key / by value", Some(PaneId::State)),
    (
        "PgUp / PgDn",
        "scroll the lesson (also from the REPL)",
        Some(PaneId::Lesson),
    ),
];

/// The REPL's `:commands`.
pub const COMMANDS: &[(&str, &str)] = &[
    (":pause / :resume", "pause or resume the batch clock"),
    (":step [N]", "run N batches while paused"),
    (":interval 2s", "batch interval of the next (re)start"),
    (
        ":restart",
        "rebuild the graph from your definitions and start again",
    ),
    (":reset", "forget every definition"),
    (
        ":load FILE / :save FILE",
        "run a program file / save the session as one",
    ),
    (
        ":export FILE",
        "write the session as a runnable PySpark program",
    ),
    (":zoom PANE / :hide PANE / :show PANE", "arrange panes"),
    (":rate N / :delay 500ms", "producer pace"),
    (
        ":check / :hint / :solution / :next",
        "in a lesson: check your code, get a hint, see the answer, skip ahead",
    ),
    (":quit", "leave streamlab"),
];

/// Short hints for the status bar: the focused pane's keys, then global ones.
pub fn hints(focus: PaneId) -> String {
    let mut out: Vec<String> = KEYS
        .iter()
        .filter(|k| k.2 == Some(focus))
        .map(|k| format!("{} {}", k.0, first_word(k.1)))
        .collect();
    out.extend(["F1 help", "F2 pause", "F3 step", "Tab pane", "Ctrl-Q quit"].map(String::from));
    out.join("  ")
}

fn first_word(s: &str) -> &str {
    s.split([' ', ':', '(']).next().unwrap_or(s)
}
