//! The `:commands` of the terminal UI and the plain REPL (`streamlab repl`).
//!
//! A command is a colon, a name and at most one argument: `:step 3`,
//! `:interval 2s`, `:zoom timeline`, `:load wordcount.py`. Every command is
//! listed once in [`COMMANDS`] (name, usage, doc); `:help`, completion and the
//! "did you mean ...?" of unknown commands all come from that table.
//!
//! ```
//! use std::time::Duration;
//! use streamlab::formats::command::{parse_command, Command, Pane};
//!
//! assert_eq!(parse_command(":step 3"), Ok(Command::Step(3)));
//! assert_eq!(parse_command(":interval 2s"), Ok(Command::Interval(Duration::from_secs(2))));
//! assert_eq!(parse_command(":zoom timeline"), Ok(Command::Zoom(Pane::Timeline)));
//! assert_eq!(
//!     parse_command(":quti").unwrap_err().to_string(),
//!     "unknown command ':quti'. Did you mean ':quit'?"
//! );
//! ```

use std::path::PathBuf;
use std::time::Duration;

use nom::bytes::complete::take_while1;
use nom::character::complete::{char, space0};
use nom::combinator::rest;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::duration::parse_duration;
use crate::lang::diag::did_you_mean;

/// Every command: name (without the colon), usage, one-line doc.
///
/// `:q` is an alias of `:quit` and is not listed. `:wait N` is meant for piped
/// input and demo scripts (wait until N more batches have completed), not for
/// typing, but it is listed so that `:help wait` explains it.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "help",
        ":help [TOPIC]",
        "Show the commands, or help on a command or a DStream method.",
    ),
    ("quit", ":quit", "Leave streamlab (also :q or Ctrl-D)."),
    (
        "restart",
        ":restart",
        "Stop the stream, rebuild the graph from your definitions and start it again.",
    ),
    (
        "reset",
        ":reset",
        "Forget every definition (sc and ssc are defined afresh).",
    ),
    (
        "load",
        ":load FILE",
        "Run a PySpark program file in this session.",
    ),
    (
        "save",
        ":save [FILE]",
        "Save your definitions as a PySpark program (default session.py).",
    ),
    (
        "export",
        ":export [FILE]",
        "Export the session as a program that runs on a real Spark.",
    ),
    (
        "pause",
        ":pause",
        "Pause the batch clock (the stream keeps its state).",
    ),
    ("resume", ":resume", "Resume the batch clock."),
    (
        "step",
        ":step [N]",
        "While paused: run N more batches (default 1).",
    ),
    (
        "wait",
        ":wait [N]",
        "Wait until N more batches have completed (default 1); for scripts and demos.",
    ),
    (
        "interval",
        ":interval DURATION",
        "Set the batch interval for the next (re)start, like :interval 2s.",
    ),
    (
        "zoom",
        ":zoom PANE",
        "Show one pane over the whole screen (again to zoom out).",
    ),
    ("hide", ":hide PANE", "Hide a pane."),
    ("show", ":show PANE", "Show a hidden pane."),
    ("focus", ":focus PANE", "Move the keyboard focus to a pane."),
    (
        "layout",
        ":layout [NAME]",
        "Show a preset set of panes (without NAME: list them), like :layout windows.",
    ),
    (
        "screenshot",
        ":screenshot [FILE]",
        "Write the screen to a file: text, or a picture for .svg, .gif or .png.",
    ),
    (
        "sort",
        ":sort key|value",
        "Sort the output and state panes by key or by value.",
    ),
    (
        "rate",
        ":rate N",
        "Make the producer send N lines per second.",
    ),
    (
        "delay",
        ":delay DURATION",
        "Make the producer wait DURATION between lines, like :delay 500ms.",
    ),
    (
        "check",
        ":check",
        "In a lesson: check your pipeline against the current step.",
    ),
    ("hint", ":hint", "In a lesson: the next hint for this step."),
    (
        "solution",
        ":solution",
        "In a lesson: show this step's solution.",
    ),
    (
        "next",
        ":next",
        "In a lesson: go to the next step (after its check passes).",
    ),
    ("task", ":task", "In a lesson: show the current step again."),
    (
        "lessons",
        ":lessons",
        "List the lessons (the open one marked).",
    ),
    (
        "entries",
        ":entries",
        "List the entries the session keeps (what :restart replays and :save writes).",
    ),
    (
        "forget",
        ":forget N",
        "Drop entry N (see :entries) and replay the rest, as :restart does.",
    ),
    (
        "error",
        ":error",
        "Show the last batch failure whole: message, line, function, record.",
    ),
];

/// The panes of the terminal UI, as `:zoom`, `:hide`, `:show` and `:focus` name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Producer,
    Repl,
    Timeline,
    Output,
    State,
    Pipeline,
    Stats,
    Lesson,
    Query,
}

impl Pane {
    pub const ALL: [Pane; 9] = [
        Pane::Producer,
        Pane::Repl,
        Pane::Timeline,
        Pane::Output,
        Pane::State,
        Pane::Pipeline,
        Pane::Stats,
        Pane::Lesson,
        Pane::Query,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pane::Producer => "producer",
            Pane::Repl => "repl",
            Pane::Timeline => "timeline",
            Pane::Output => "output",
            Pane::State => "state",
            Pane::Pipeline => "pipeline",
            Pane::Stats => "stats",
            Pane::Lesson => "lesson",
            Pane::Query => "query",
        }
    }

    pub fn from_name(name: &str) -> Option<Pane> {
        Pane::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The `:layout` presets: name, what it is for, the panes it shows (the
/// REPL always stays; the Lesson and Query panes come with a lesson and a
/// query whatever the layout). `:layout`, its completion and its help all
/// read this table.
pub const LAYOUTS: &[(&str, &str, &[Pane])] = &[
    (
        "all",
        "every pane (F7 does the same)",
        &[
            Pane::Producer,
            Pane::Timeline,
            Pane::Output,
            Pane::State,
            Pane::Pipeline,
            Pane::Stats,
        ],
    ),
    (
        "learn",
        "the first program's panes: producer, batches, output",
        &[Pane::Producer, Pane::Timeline, Pane::Output],
    ),
    (
        "windows",
        "batches with their window lanes, output and the pipeline",
        &[Pane::Timeline, Pane::Output, Pane::Pipeline],
    ),
    (
        "state",
        "batches, output and the state table of updateStateByKey",
        &[Pane::Timeline, Pane::Output, Pane::State],
    ),
    (
        "present",
        "fewer, larger panes for a projector: batches and output",
        &[Pane::Timeline, Pane::Output],
    ),
];

/// The presets of [`LAYOUTS`], one a line (`  windows  batches with ...`).
pub fn layouts_list() -> String {
    LAYOUTS
        .iter()
        .map(|(name, doc, _)| format!("  {name:<8} {doc}\n"))
        .collect()
}

/// What `:sort` orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Key,
    Value,
}

/// A parsed command.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Quit,
    Help(Option<String>),
    Restart,
    Reset,
    Load(PathBuf),
    Save(Option<PathBuf>),
    Export(Option<PathBuf>),
    Pause,
    Resume,
    /// Run this many batches (at least 1).
    Step(u64),
    /// Wait until this many more batches have completed (at least 1).
    Wait(u64),
    /// The batch interval, at least 1 ms.
    Interval(Duration),
    Zoom(Pane),
    Hide(Pane),
    Show(Pane),
    Focus(Pane),
    Sort(SortKey),
    /// Lines per second, positive.
    Rate(f64),
    Delay(Duration),
    /// Lessons: check the current step, next hint, solution, next step, show the task.
    Check,
    Hint,
    Solution,
    Next,
    Task,
    /// List the lessons.
    Lessons,
    /// List the session's entries.
    Entries,
    /// Show a layout of [`LAYOUTS`] (its index), or list them.
    Layout(Option<usize>),
    /// Write the screen to a file (default `screenshot.txt`).
    Screenshot(Option<PathBuf>),
    /// Drop the entry of this number (from 1) and replay the others.
    Forget(usize),
    /// Show the last batch failure whole.
    Error,
}

/// Why a line is not a command, in the words shown to the learner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("commands start with ':', like :help")]
    NoColon,
    #[error("unknown command ':{name}'. Did you mean ':{suggestion}'?")]
    UnknownLike {
        name: String,
        suggestion: &'static str,
    },
    #[error("unknown command ':{name}'. Type :help to see the commands")]
    Unknown { name: String },
    #[error("':{command}' needs {what}: {usage}")]
    MissingArgument {
        command: &'static str,
        what: &'static str,
        usage: &'static str,
    },
    #[error("':{command}' takes no argument: {usage}")]
    UnexpectedArgument {
        command: &'static str,
        usage: &'static str,
    },
    #[error("':{command}': {message}")]
    BadArgument {
        command: &'static str,
        message: String,
    },
}

/// `:name` and the trimmed rest of the line.
fn name_and_rest(i: &str) -> IResult<&str, (&str, &str)> {
    (
        preceded(
            (space0, char(':')),
            take_while1(|c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '?'),
        ),
        preceded(space0, rest),
    )
        .parse(i)
}

fn usage(name: &str) -> &'static str {
    COMMANDS
        .iter()
        .find(|c| c.0 == name)
        .map(|c| c.1)
        .unwrap_or("")
}

/// Parse one command line (leading and trailing spaces allowed).
pub fn parse_command(s: &str) -> Result<Command, CommandError> {
    let Ok((_, (name, arg))) = name_and_rest(s) else {
        let t = s.trim();
        return match t.strip_prefix(':') {
            // A lone ':' or ': foo'.
            Some(after) => Err(CommandError::Unknown {
                name: after.trim().to_string(),
            }),
            None => Err(CommandError::NoColon),
        };
    };
    let arg = arg.trim();
    let arg = (!arg.is_empty()).then_some(arg);
    let name = if name == "q" { "quit" } else { name };
    let Some(&(command, usage, _)) = COMMANDS.iter().find(|c| c.0 == name) else {
        let names = COMMANDS.iter().map(|c| c.0);
        return Err(match did_you_mean(name, names) {
            Some(suggestion) => CommandError::UnknownLike {
                name: name.to_string(),
                suggestion,
            },
            None => CommandError::Unknown {
                name: name.to_string(),
            },
        });
    };
    let none = |c: Command| match arg {
        None => Ok(c),
        Some(_) => Err(CommandError::UnexpectedArgument { command, usage }),
    };
    let needs = |what: &'static str| CommandError::MissingArgument {
        command,
        what,
        usage,
    };
    let bad = |message: String| CommandError::BadArgument { command, message };
    let pane = |arg: Option<&str>| -> Result<Pane, CommandError> {
        let a = arg.ok_or_else(|| needs("a pane"))?;
        Pane::from_name(a).ok_or_else(|| {
            let names = Pane::ALL.map(Pane::name);
            let mut m = format!("there is no pane '{a}'");
            if let Some(s) = did_you_mean(a, names.iter().copied()) {
                m.push_str(&format!(". Did you mean '{s}'?"));
            }
            m.push_str(&format!(" (panes: {})", names.join(", ")));
            bad(m)
        })
    };
    let count = |arg: Option<&str>| -> Result<u64, CommandError> {
        match arg {
            None => Ok(1),
            Some(a) => match a.parse::<u64>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(bad(format!(
                    "expected a number of batches, 1 or more, not '{a}': {usage}"
                ))),
            },
        }
    };
    let duration = |arg: Option<&str>| -> Result<Duration, CommandError> {
        let a = arg.ok_or_else(|| needs("a duration"))?;
        parse_duration(a).map_err(|e| bad(e.to_string()))
    };
    match command {
        "quit" => none(Command::Quit),
        "help" => Ok(Command::Help(
            arg.map(|a| a.trim_start_matches(':').to_string()),
        )),
        "restart" => none(Command::Restart),
        "reset" => none(Command::Reset),
        "load" => Ok(Command::Load(PathBuf::from(
            arg.ok_or_else(|| needs("a file name"))?,
        ))),
        "save" => Ok(Command::Save(arg.map(PathBuf::from))),
        "export" => Ok(Command::Export(arg.map(PathBuf::from))),
        "pause" => none(Command::Pause),
        "resume" => none(Command::Resume),
        "step" => Ok(Command::Step(count(arg)?)),
        "wait" => Ok(Command::Wait(count(arg)?)),
        "interval" => {
            let d = duration(arg)?;
            if d < Duration::from_millis(1) {
                return Err(bad("the batch interval must be at least 1ms".into()));
            }
            Ok(Command::Interval(d))
        }
        "check" => none(Command::Check),
        "hint" => none(Command::Hint),
        "solution" => none(Command::Solution),
        "next" => none(Command::Next),
        "task" => none(Command::Task),
        "lessons" => none(Command::Lessons),
        "entries" => none(Command::Entries),
        "error" => none(Command::Error),
        "forget" => {
            let a = arg.ok_or_else(|| needs("an entry number"))?;
            match a.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(Command::Forget(n)),
                _ => Err(bad(format!(
                    "expected an entry number, 1 or more, as :entries shows them, not '{a}': {usage}"
                ))),
            }
        }
        "zoom" => Ok(Command::Zoom(pane(arg)?)),
        "hide" => Ok(Command::Hide(pane(arg)?)),
        "show" => Ok(Command::Show(pane(arg)?)),
        "focus" => Ok(Command::Focus(pane(arg)?)),
        "sort" => match arg {
            None => Err(needs("key or value")),
            Some("key") => Ok(Command::Sort(SortKey::Key)),
            Some("value") => Ok(Command::Sort(SortKey::Value)),
            Some(a) => Err(bad(format!("sort by key or by value, not '{a}': {usage}"))),
        },
        "rate" => {
            let a = arg.ok_or_else(|| needs("a number of lines per second"))?;
            match a.parse::<f64>() {
                Ok(r) if r.is_finite() && r > 0.0 => Ok(Command::Rate(r)),
                _ => Err(bad(format!(
                    "expected a positive number of lines per second, like 10 or 0.5, not '{a}'"
                ))),
            }
        }
        "delay" => Ok(Command::Delay(duration(arg)?)),
        "layout" => match arg {
            None => Ok(Command::Layout(None)),
            Some(a) => match LAYOUTS.iter().position(|l| l.0 == a) {
                Some(i) => Ok(Command::Layout(Some(i))),
                None => {
                    let names: Vec<&str> = LAYOUTS.iter().map(|l| l.0).collect();
                    let mut m = format!("there is no layout '{a}'");
                    if let Some(s) = did_you_mean(a, names.iter().copied()) {
                        m.push_str(&format!(". Did you mean '{s}'?"));
                    }
                    m.push_str(&format!(" (layouts: {})", names.join(", ")));
                    Err(bad(m))
                }
            },
        },
        "screenshot" => Ok(Command::Screenshot(arg.map(PathBuf::from))),
        _ => unreachable!(
            "every command of COMMANDS is matched: {}",
            self::usage(command)
        ),
    }
}

/// True when the line is a command rather than Python (starts with `:`).
pub fn is_command(line: &str) -> bool {
    line.trim_start().starts_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Command {
        parse_command(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> String {
        match parse_command(s) {
            Ok(c) => panic!("{s}: parsed as {c:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn commands_without_arguments() {
        assert_eq!(ok(":quit"), Command::Quit);
        assert_eq!(ok(":q"), Command::Quit);
        assert_eq!(ok("  :q  "), Command::Quit);
        assert_eq!(ok(":restart"), Command::Restart);
        assert_eq!(ok(":reset"), Command::Reset);
        assert_eq!(ok(":pause"), Command::Pause);
        assert_eq!(ok(":resume"), Command::Resume);
        assert_eq!(err(":pause now"), "':pause' takes no argument: :pause");
        assert_eq!(err(":q!"), "':quit' takes no argument: :quit");
    }

    #[test]
    fn help_with_and_without_topic() {
        assert_eq!(ok(":help"), Command::Help(None));
        assert_eq!(ok(":help map"), Command::Help(Some("map".into())));
        assert_eq!(ok(":help :step"), Command::Help(Some("step".into())));
    }

    #[test]
    fn files() {
        assert_eq!(ok(":load wc.py"), Command::Load("wc.py".into()));
        assert_eq!(ok(":load my file.py"), Command::Load("my file.py".into()));
        assert_eq!(err(":load"), "':load' needs a file name: :load FILE");
        assert_eq!(err(":load   "), "':load' needs a file name: :load FILE");
        assert_eq!(ok(":save"), Command::Save(None));
        assert_eq!(ok(":save out.py"), Command::Save(Some("out.py".into())));
        assert_eq!(ok(":export"), Command::Export(None));
        assert_eq!(
            ok(":export spark.py"),
            Command::Export(Some("spark.py".into()))
        );
    }

    #[test]
    fn steps_and_waits() {
        assert_eq!(ok(":step"), Command::Step(1));
        assert_eq!(ok(":step 5"), Command::Step(5));
        assert_eq!(ok(":wait"), Command::Wait(1));
        assert_eq!(ok(":wait 3"), Command::Wait(3));
        assert_eq!(
            err(":step 0"),
            "':step': expected a number of batches, 1 or more, not '0': :step [N]"
        );
        assert_eq!(
            err(":step two"),
            "':step': expected a number of batches, 1 or more, not 'two': :step [N]"
        );
        assert_eq!(
            err(":wait -1"),
            "':wait': expected a number of batches, 1 or more, not '-1': :wait [N]"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(
            ok(":interval 2s"),
            Command::Interval(Duration::from_secs(2))
        );
        assert_eq!(
            ok(":interval 500ms"),
            Command::Interval(Duration::from_millis(500))
        );
        assert_eq!(
            err(":interval"),
            "':interval' needs a duration: :interval DURATION"
        );
        assert_eq!(
            err(":interval 2"),
            "':interval': invalid duration '2': a unit is missing; write 2ms or 2s"
        );
        assert_eq!(
            err(":interval 0s"),
            "':interval': the batch interval must be at least 1ms"
        );
        assert_eq!(
            ok(":delay 250ms"),
            Command::Delay(Duration::from_millis(250))
        );
        assert_eq!(ok(":delay 0ms"), Command::Delay(Duration::ZERO));
        assert_eq!(err(":delay"), "':delay' needs a duration: :delay DURATION");
        assert!(err(":delay soon").contains("like 500ms, 2s, 1.5s or 1m"));
    }

    #[test]
    fn panes() {
        for p in Pane::ALL {
            assert_eq!(ok(&format!(":zoom {}", p.name())), Command::Zoom(p));
            assert_eq!(ok(&format!(":hide {}", p.name())), Command::Hide(p));
            assert_eq!(ok(&format!(":show {}", p.name())), Command::Show(p));
            assert_eq!(ok(&format!(":focus {}", p.name())), Command::Focus(p));
        }
        assert_eq!(err(":zoom"), "':zoom' needs a pane: :zoom PANE");
        assert_eq!(
            err(":zoom outptu"),
            "':zoom': there is no pane 'outptu'. Did you mean 'output'? (panes: producer, repl, timeline, output, state, pipeline, stats, lesson, query)"
        );
        assert_eq!(
            err(":hide everything"),
            "':hide': there is no pane 'everything' (panes: producer, repl, timeline, output, state, pipeline, stats, lesson, query)"
        );
    }

    #[test]
    fn sort_and_rate() {
        assert_eq!(ok(":sort key"), Command::Sort(SortKey::Key));
        assert_eq!(ok(":sort value"), Command::Sort(SortKey::Value));
        assert_eq!(err(":sort"), "':sort' needs key or value: :sort key|value");
        assert_eq!(
            err(":sort count"),
            "':sort': sort by key or by value, not 'count': :sort key|value"
        );
        assert_eq!(ok(":rate 10"), Command::Rate(10.0));
        assert_eq!(ok(":rate 0.5"), Command::Rate(0.5));
        assert_eq!(
            err(":rate"),
            "':rate' needs a number of lines per second: :rate N"
        );
        for bad in ["0", "-2", "fast", "inf", "NaN"] {
            assert_eq!(
                err(&format!(":rate {bad}")),
                format!("':rate': expected a positive number of lines per second, like 10 or 0.5, not '{bad}'")
            );
        }
    }

    #[test]
    fn unknown_commands() {
        assert_eq!(
            err(":quti"),
            "unknown command ':quti'. Did you mean ':quit'?"
        );
        assert_eq!(
            err(":stpe"),
            "unknown command ':stpe'. Did you mean ':step'?"
        );
        assert_eq!(
            err(":resatrt"),
            "unknown command ':resatrt'. Did you mean ':restart'?"
        );
        assert_eq!(
            err(":frobnicate"),
            "unknown command ':frobnicate'. Type :help to see the commands"
        );
        assert_eq!(
            err(":"),
            "unknown command ':'. Type :help to see the commands"
        );
        assert_eq!(err("quit"), "commands start with ':', like :help");
    }

    #[test]
    fn every_listed_command_parses_from_its_usage() {
        for (name, usage, doc) in COMMANDS {
            assert!(usage.starts_with(&format!(":{name}")), "{usage}");
            assert!(doc.ends_with('.'), "{doc}");
            // Fill the usage's placeholders with something valid.
            let line = usage
                .replace("[TOPIC]", "map")
                .replace("[NAME]", "windows")
                .replace("[FILE]", "x.py")
                .replace("FILE", "x.py")
                .replace("[N]", "2")
                .replace(" N", " 2")
                .replace("DURATION", "1s")
                .replace("PANE", "stats")
                .replace("key|value", "key");
            parse_command(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        }
        assert!(is_command("  :help") && !is_command("x = ':help'"));
    }

    #[test]
    fn issue_18_layout_and_screenshot_parse() {
        assert_eq!(ok(":layout"), Command::Layout(None));
        let windows = LAYOUTS.iter().position(|l| l.0 == "windows");
        assert_eq!(ok(":layout windows"), Command::Layout(windows));
        assert_eq!(
            err(":layout nope"),
            "':layout': there is no layout 'nope' (layouts: all, learn, windows, state, present)"
        );
        assert_eq!(ok(":screenshot"), Command::Screenshot(None));
        assert_eq!(
            ok(":screenshot shots/a.svg"),
            Command::Screenshot(Some("shots/a.svg".into()))
        );
        // Every preset keeps the REPL out of its list: the REPL always stays.
        assert!(LAYOUTS.iter().all(|l| !l.2.contains(&Pane::Repl)));
    }
}
