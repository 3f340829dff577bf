//! The demo script format: one step per line, parsed with nom.
//!
//! ```text
//! # Word count in three lines            (a comment)
//! size 100x30                            (terminal size for the recording)
//! dataset big1                           (what the producer streams)
//! delay 1s                               (the producer's pace)
//! typing 20                              (typing speed, characters per second)
//! caption "Read the socket"              (shown in the status bar; `caption off` hides it)
//! type 'lines = ssc.socketTextStream("localhost", 9999)'
//! enter                                  (press Enter)
//! key F2                                 (press a key; `key Down 3` presses it 3 times)
//! produce "hello hello world"            (type a line into the producer pane and send it)
//! wait 3 batches                         (or `wait 1 batch`, `wait 2s`, `wait 500ms`)
//! pause / resume / step 2                (the batch clock, as F2 and F3 do)
//! focus timeline / zoom state / unzoom   (arrange panes)
//! lesson 1                               (open a lesson in the Lesson pane)
//! ```
//!
//! Text is quoted with `"` or `'`; inside it `\n` presses Enter, `\t` Tab,
//! and `\\`, `\"`, `\'` are the characters themselves. The REPL indents the
//! line after a `def ...:` by itself, so a script types the body without
//! leading spaces, like a person would.
//!
//! ```
//! use streamlab::demo::script::{parse_script, Step, Wait};
//!
//! let s = parse_script("type 'x = 1\\n'\nwait 2 batches\n").unwrap();
//! assert_eq!(s.steps[0].step, Step::Type("x = 1\n".into()));
//! assert_eq!(s.steps[1].step, Step::Wait(Wait::Batches(2)));
//! ```

use std::time::Duration;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, digit1, none_of, space0, space1};
use nom::combinator::{all_consuming, map, map_res, opt, value};
use nom::multi::many0;
use nom::sequence::{delimited, preceded, separated_pair};
use nom::{IResult, Parser};

use crate::formats::command::Pane;
use crate::formats::duration::parse_duration;
use crate::lang::diag::did_you_mean;

/// What a `wait` waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wait {
    Batches(u32),
    Time(Duration),
}

/// One step of a script.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Type text into the focused pane at the typing speed.
    Type(String),
    /// Press a key `n` times (the key as written: `Enter`, `F3`, `Ctrl-C`, `a`).
    Key(String, u32),
    /// Type a line into the producer pane and send it.
    Produce(String),
    Wait(Wait),
    Pause,
    Resume,
    Step(u32),
    Caption(Option<String>),
    Focus(Pane),
    Zoom(Pane),
    Unzoom,
    Lesson(u32),
    /// Characters per second.
    Typing(f64),
}

/// A step and the line it came from (for messages).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub line: usize,
    pub step: Step,
}

/// A parsed script: its settings and steps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    pub size: Option<(u16, u16)>,
    pub dataset: Option<String>,
    pub delay: Option<Duration>,
    pub steps: Vec<Line>,
}

/// Every step's name, for "did you mean".
pub const STEP_NAMES: &[&str] = &[
    "size", "dataset", "delay", "typing", "caption", "type", "enter", "key", "produce", "wait",
    "pause", "resume", "step", "focus", "zoom", "unzoom", "lesson",
];

/// A script error: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct ScriptError {
    pub line: usize,
    pub problem: ScriptProblem,
}

/// What is wrong with a script line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptProblem {
    #[error("empty step")]
    EmptyStep,
    /// The argument does not have the step's form: what it should look like.
    #[error("{0}")]
    Expected(&'static str),
    #[error("the smallest size is 40x12")]
    TooSmall,
    #[error("{0}")]
    Delay(crate::formats::duration::DurationError),
    #[error("typing speed must be between 0 and 1000 characters per second")]
    TypingSpeed,
    /// A step that takes no argument was given one.
    #[error("{0} takes no argument")]
    NoArgument(String),
    #[error("unknown key '{0}' (keys: F1..F12, Ctrl-x, Alt-x, one character, {keys})", keys = KEY_NAMES.join(", "))]
    UnknownKey(String),
    /// A pane name that is none, and the pane it is closest to.
    #[error("unknown pane '{name}'{}", or_list(*.closest, &pane_names(), "panes"))]
    UnknownPane {
        name: String,
        closest: Option<&'static str>,
    },
    /// A step name that is none, and the step it is closest to.
    #[error("unknown step '{name}'{}", or_list(*.closest, STEP_NAMES, "steps"))]
    UnknownStep {
        name: String,
        closest: Option<&'static str>,
    },
}

fn pane_names() -> Vec<&'static str> {
    Pane::ALL.iter().map(|p| p.name()).collect()
}

/// ". Did you mean 'X'?" when a name is close, else " (WHAT: the names)".
fn or_list(closest: Option<&str>, names: &[&str], what: &str) -> String {
    match closest {
        Some(s) => format!(". Did you mean '{s}'?"),
        None => format!(" ({what}: {})", names.join(", ")),
    }
}

/// Keys a script may press, as written after `key`.
pub const KEY_NAMES: &[&str] = &[
    "Enter",
    "Tab",
    "BackTab",
    "Esc",
    "Backspace",
    "Delete",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PgUp",
    "PgDn",
    "Space",
];

/// Is `name` a key a script can press (`F1`..`F12`, `Ctrl-x`, `Alt-x`, one character, or [`KEY_NAMES`])?
pub fn is_key_name(name: &str) -> bool {
    let f = name
        .strip_prefix('F')
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| (1..=12).contains(&n));
    let modified = ["Ctrl-", "Alt-"].iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|rest| rest.chars().count() == 1 || KEY_NAMES.contains(&rest))
    });
    f || modified || name.chars().count() == 1 || KEY_NAMES.contains(&name)
}

fn quoted(i: &str) -> IResult<&str, String> {
    fn body(q: char) -> impl FnMut(&str) -> IResult<&str, String> {
        move |i| {
            let piece = alt((
                preceded(
                    char('\\'),
                    alt((
                        value('\n', char('n')),
                        value('\t', char('t')),
                        value('\\', char('\\')),
                        value('"', char('"')),
                        value('\'', char('\'')),
                    )),
                ),
                none_of(if q == '"' { "\"\\" } else { "'\\" }),
            ));
            map(many0(piece), |cs| cs.into_iter().collect()).parse(i)
        }
    }
    alt((
        delimited(char('"'), body('"'), char('"')),
        delimited(char('\''), body('\''), char('\'')),
    ))
    .parse(i)
}

fn number(i: &str) -> IResult<&str, u32> {
    map_res(digit1, str::parse).parse(i)
}

fn word(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| !c.is_whitespace())(i)
}

fn wait(i: &str) -> IResult<&str, Wait> {
    alt((
        map(
            (number, space1, alt((tag("batches"), tag("batch")))),
            |(n, _, _)| Wait::Batches(n),
        ),
        map_res(take_while1(|_| true), |d: &str| {
            parse_duration(d).map(Wait::Time)
        }),
    ))
    .parse(i)
}

fn size(i: &str) -> IResult<&str, (u16, u16)> {
    separated_pair(
        map_res(digit1, str::parse),
        alt((char('x'), char('X'))),
        map_res(digit1, str::parse),
    )
    .parse(i)
}

/// Parse the argument of step `name`; the error message says what is expected.
fn argument(name: &str, rest: &str, script: &mut Script) -> Result<Option<Step>, ScriptProblem> {
    fn all<'a, O>(
        rest: &'a str,
        p: impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
        expected: &'static str,
    ) -> Result<O, ScriptProblem> {
        all_consuming(delimited(space0, p, space0))
            .parse(rest)
            .map(|(_, o)| o)
            .map_err(|_| ScriptProblem::Expected(expected))
    }
    let pane = |rest: &str| -> Result<Pane, ScriptProblem> {
        let n = rest.trim();
        Pane::from_name(n).ok_or_else(|| ScriptProblem::UnknownPane {
            name: n.to_string(),
            closest: did_you_mean(n, pane_names().into_iter()),
        })
    };
    let step = match name {
        "size" => {
            let s = all(rest, size, "size needs WIDTHxHEIGHT, like size 100x30")?;
            if s.0 < 40 || s.1 < 12 {
                return Err(ScriptProblem::TooSmall);
            }
            script.size = Some(s);
            return Ok(None);
        }
        "dataset" => {
            let d = all(
                rest,
                word,
                "dataset needs a name (big1, weblogs, sensors, posts, events)",
            )?;
            script.dataset = Some(d.to_string());
            return Ok(None);
        }
        "delay" => {
            let d = parse_duration(rest.trim()).map_err(ScriptProblem::Delay)?;
            script.delay = Some(d);
            return Ok(None);
        }
        "typing" => {
            let cps: f64 = rest.trim().parse().map_err(|_| {
                ScriptProblem::Expected("typing needs characters per second, like typing 20")
            })?;
            if !(cps > 0.0 && cps <= 1000.0) {
                return Err(ScriptProblem::TypingSpeed);
            }
            Step::Typing(cps)
        }
        "caption" if rest.trim() == "off" => Step::Caption(None),
        "caption" => Step::Caption(Some(all(
            rest,
            quoted,
            "caption needs quoted text, like caption \"Counting words\" (or caption off)",
        )?)),
        "type" => Step::Type(all(
            rest,
            quoted,
            "type needs quoted text, like type 'x = 1' (\\n presses Enter)",
        )?),
        "produce" => Step::Produce(all(
            rest,
            quoted,
            "produce needs a quoted line, like produce \"hello world\"",
        )?),
        "enter" | "pause" | "resume" | "unzoom" if !rest.trim().is_empty() => {
            return Err(ScriptProblem::NoArgument(name.to_string()));
        }
        "enter" => Step::Key("Enter".into(), 1),
        "pause" => Step::Pause,
        "resume" => Step::Resume,
        "unzoom" => Step::Unzoom,
        "key" => {
            let (k, n) = all(
                rest,
                (word, opt(preceded(space1, number))),
                "key needs a key name and an optional count, like key F3 or key Down 3",
            )?;
            if !is_key_name(k) {
                return Err(ScriptProblem::UnknownKey(k.to_string()));
            }
            Step::Key(k.to_string(), n.unwrap_or(1).max(1))
        }
        "wait" => Step::Wait(all(
            rest,
            wait,
            "wait needs a count of batches or a duration, like wait 3 batches or wait 2s",
        )?),
        "step" => Step::Step(if rest.trim().is_empty() {
            1
        } else {
            all(rest, number, "step takes a number of batches, like step 2")?.max(1)
        }),
        "focus" => Step::Focus(pane(rest)?),
        "zoom" => Step::Zoom(pane(rest)?),
        "lesson" => Step::Lesson(all(rest, number, "lesson needs a number, like lesson 1")?),
        other => {
            return Err(ScriptProblem::UnknownStep {
                name: other.to_string(),
                closest: did_you_mean(other, STEP_NAMES.iter().copied()),
            })
        }
    };
    Ok(Some(step))
}

/// Parse a whole script; the first error stops it, with its line number.
pub fn parse_script(text: &str) -> Result<Script, ScriptError> {
    let mut script = Script::default();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let (rest, name) = word(t).map_err(|_| ScriptError {
            line,
            problem: ScriptProblem::EmptyStep,
        })?;
        match argument(name, rest, &mut script) {
            Ok(Some(step)) => script.steps.push(Line { line, step }),
            Ok(None) => {}
            Err(problem) => return Err(ScriptError { line, problem }),
        }
    }
    Ok(script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_parses() {
        let s = parse_script(
            "# demo\nsize 100x30\ndataset big1\ndelay 500ms\ntyping 30\ncaption \"Hi \\\"you\\\"\"\ncaption off\n\
             type 'lines = ssc.socketTextStream(\"localhost\", 9999)\\n'\nenter\nkey F3\nkey Down 3\n\
             produce \"a b\"\nwait 1 batch\nwait 2s\npause\nresume\nstep\nstep 4\nfocus timeline\nzoom state\nunzoom\nlesson 2\n",
        )
        .unwrap();
        assert_eq!(s.size, Some((100, 30)));
        assert_eq!(s.dataset.as_deref(), Some("big1"));
        assert_eq!(s.delay, Some(Duration::from_millis(500)));
        let steps: Vec<Step> = s.steps.into_iter().map(|l| l.step).collect();
        assert_eq!(
            steps,
            vec![
                Step::Typing(30.0),
                Step::Caption(Some("Hi \"you\"".into())),
                Step::Caption(None),
                Step::Type("lines = ssc.socketTextStream(\"localhost\", 9999)\n".into()),
                Step::Key("Enter".into(), 1),
                Step::Key("F3".into(), 1),
                Step::Key("Down".into(), 3),
                Step::Produce("a b".into()),
                Step::Wait(Wait::Batches(1)),
                Step::Wait(Wait::Time(Duration::from_secs(2))),
                Step::Pause,
                Step::Resume,
                Step::Step(1),
                Step::Step(4),
                Step::Focus(Pane::Timeline),
                Step::Zoom(Pane::State),
                Step::Unzoom,
                Step::Lesson(2),
            ]
        );
    }

    #[test]
    fn errors_name_the_line_and_what_is_expected() {
        let e = parse_script("type 'x'\nwiat 2s\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2: unknown step 'wiat'. Did you mean 'wait'?"
        );
        let e = parse_script("wait 3").unwrap_err();
        assert!(e.problem.to_string().contains("wait needs a count"), "{e}");
        let e = parse_script("type x = 1").unwrap_err();
        assert!(e.problem.to_string().contains("quoted text"), "{e}");
        let e = parse_script("focus timelin").unwrap_err();
        assert!(
            e.problem.to_string().contains("Did you mean 'timeline'"),
            "{e}"
        );
        let e = parse_script("key F13").unwrap_err();
        assert_eq!(e.problem, ScriptProblem::UnknownKey("F13".into()));
        assert!(e.to_string().contains("unknown key 'F13'"), "{e}");
        let e = parse_script("type 'unterminated").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
