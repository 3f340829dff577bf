//! Checks that judge behaviour, not text: the learner's program and the
//! step's solution run on the same fixed input on the virtual clock, and what
//! they produce is compared batch by batch. A difference is explained in the
//! learner's terms ("batch 3: expected ('cat', 2), your stream has ('cat', 1)
//! and ('Cat', 1): did you lower-case the words?").
//!
//! A step whose solution starts a Structured Streaming query is checked by
//! [`structured`]: both programs' queries run on the same replay, one trigger
//! per batch of input, and what each sink received is compared batch by batch.

mod slips;
mod structured;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use parking_lot::Mutex;

use super::{CheckSpec, Compare, Input, Lesson};
use crate::engine::driver::{self, RunOptions, StartError};
use crate::engine::events::EngineEvent;
use crate::engine::graph::{OutputKind, OutputOp};
use crate::lang::diag::Diagnostic;
use crate::lang::value::{Exc, PyResult};
use crate::session::context::{Host, StreamingInner};
use crate::session::dstream::DStream;
use crate::session::Session;
use crate::sources::replay::{Replay, ReplayText};
use crate::structured::driver::QueryError;
use crate::structured::exec::QuerySpec;

/// The verdict of one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// 1-based.
    pub step: usize,
    pub title: String,
    pub passed: bool,
    pub message: String,
}

/// Why a program's output could not be had for the comparison: it does not
/// load, has nothing to compare, or fails while it runs (in the learner's
/// terms; a failing solution is a bug in the lesson).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("lesson {lesson} names an unknown dataset {dataset:?}")]
    UnknownDataset { lesson: usize, dataset: String },
    /// The REPL's `sc`, `ssc` and `spark` could not be defined.
    #[error("{0}")]
    Contexts(Exc),
    /// The program does not run: its diagnostic, shown on its text.
    #[error("{}", .diagnostic.render("your program", .text))]
    Program {
        diagnostic: Box<Diagnostic>,
        text: String,
    },
    #[error("your program has no StreamingContext")]
    NoStreamingContext,
    #[error("your program has no stream named `{0}`: the task asks for `{0} = ...`")]
    NoStream(String),
    #[error("`{name}` is a {type_name}, not a DStream")]
    NotADStream { name: String, type_name: String },
    #[error("your program has no output operation: add .pprint() to the stream you want to see")]
    NoOutput,
    #[error(transparent)]
    Start(#[from] StartError),
    /// Batch `batch` (1-based) failed: the diagnostic, shown on the program's text.
    #[error("batch {batch} failed: {}", .diagnostic.render("your program", .text).trim_end())]
    Batch {
        batch: u64,
        diagnostic: Box<Diagnostic>,
        text: String,
    },
    #[error("a Structured Streaming step needs 'input:' in its check")]
    NoInput,
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// Records per (output, batch), each list sorted.
type Outputs = BTreeMap<(usize, u64), Vec<String>>;

/// The lines a check replays, and how many go in each batch.
fn input_text(lesson: &Lesson, input: &Input) -> Result<(Vec<String>, usize), CheckError> {
    match input {
        Input::Dataset {
            from,
            to,
            per_batch,
        } => {
            let ds = crate::producer::Dataset::from_name(&lesson.dataset).ok_or_else(|| {
                CheckError::UnknownDataset {
                    lesson: lesson.number,
                    dataset: lesson.dataset.clone(),
                }
            })?;
            let lines = ds.lines();
            let (a, b) = ((*from).max(1) - 1, (*to).min(lines.len()));
            Ok((
                lines[a.min(b)..b].iter().map(|l| l.to_string()).collect(),
                *per_batch,
            ))
        }
        Input::Lines { lines, per_batch } => Ok((lines.clone(), *per_batch)),
    }
}

fn input_lines(lesson: &Lesson, input: &Input) -> Result<(ReplayText, usize), CheckError> {
    let (lines, per_batch) = input_text(lesson, input)?;
    Ok((ReplayText::from_lines(&lines), per_batch))
}

/// A host that runs nothing and keeps the Structured Streaming queries a
/// program starts: the check runs DStream graphs and queries itself, on its
/// replay.
#[derive(Default)]
struct Collector {
    queries: Mutex<Vec<QuerySpec>>,
}

impl Host for Collector {
    fn start(&self, _ctx: &Arc<StreamingInner>) -> PyResult<()> {
        Ok(())
    }
    fn await_termination(
        &self,
        _ctx: &Arc<StreamingInner>,
        _timeout: Option<f64>,
    ) -> PyResult<bool> {
        Ok(true)
    }
    fn stop(&self, _ctx: &Arc<StreamingInner>) {}
    fn start_query(&self, spec: QuerySpec) -> PyResult<()> {
        self.queries.lock().push(spec);
        Ok(())
    }
    fn stop_query(&self, index: usize) {
        self.queries.lock().retain(|q| q.index != index);
    }
}

/// A program run up to the point where it would start streaming: the names
/// it bound, its text as run, and the queries it started (in `start()` order).
struct Loaded {
    session: Session,
    text: String,
    queries: Vec<QuerySpec>,
}

impl Loaded {
    /// The program's StreamingContext (the REPL's `ssc` or its own, whatever
    /// its name), from the session's facts.
    fn streaming_context(&self) -> Result<Arc<StreamingInner>, CheckError> {
        self.session
            .facts()
            .main_context()
            .ok_or(CheckError::NoStreamingContext)
    }
}

/// Run `program` (REPL code or a full program) in a session with the REPL's
/// `sc`, `ssc` and `spark`, without running any stream.
fn load(lesson: &Lesson, program: &str) -> Result<Loaded, CheckError> {
    let host = Arc::new(Collector::default());
    let session = Session::new(host.clone());
    session
        .define_shell_contexts("local[2]", lesson.batch.as_millis() as i64)
        .map_err(CheckError::Contexts)?;
    let (text, _) = crate::cli::repl::keep_repl_contexts(program);
    // The check runs the graph itself: starting, waiting and stopping
    // statements are recorded, not run (so definitions typed after
    // `ssc.start()` count too).
    session.set_lenient(true);
    session
        .run_program(&text)
        .map_err(|e| CheckError::Program {
            diagnostic: Box::new(e.diagnostic()),
            text: text.clone(),
        })?;
    let mut queries = std::mem::take(&mut *host.queries.lock());
    queries.sort_by_key(|q| q.index);
    Ok(Loaded {
        session,
        text,
        queries,
    })
}

/// Run a loaded program's DStream graph as the step's check runs it.
fn run(lesson: &Lesson, loaded: &Loaded, spec: &CheckSpec) -> Result<Outputs, CheckError> {
    let (compare, input, batches) = (&spec.compare, &spec.input, spec.batches);
    let (session, text) = (&loaded.session, &loaded.text);
    let inner = loaded.streaming_context()?;
    let mut graph = inner.graph.lock().clone();
    if let Compare::Stream(name) = compare {
        let v = session
            .globals
            .get(name)
            .ok_or_else(|| CheckError::NoStream(name.clone()))?;
        let d = v
            .downcast::<DStream>()
            .ok_or_else(|| CheckError::NotADStream {
                name: name.clone(),
                type_name: v.type_name().to_string(),
            })?;
        graph.outputs = vec![OutputOp {
            node: d.id,
            kind: OutputKind::Pprint { num: usize::MAX },
            span: None,
        }];
    }
    if graph.outputs.is_empty() {
        return Err(CheckError::NoOutput);
    }
    graph.checkpoint_dir = None;
    let replay = match input {
        Some(i) => {
            let (lines, per) = input_lines(lesson, i)?;
            Some((Replay::Text(Arc::new(lines)), per))
        }
        None => None,
    };
    let opts = RunOptions {
        max_batches: Some(batches),
        replay,
        start_ms: Some(1_735_689_600_000),
        ..RunOptions::default()
    };
    let mut out = Outputs::new();
    let mut failure = None;
    let stop = AtomicBool::new(false);
    driver::run(Arc::new(graph), &opts, &stop, &mut |ev| {
        if let EngineEvent::Output(o) = ev {
            match o.result {
                Ok(records) => {
                    let mut r: Vec<String> = records.iter().map(|v| v.repr()).collect();
                    // In an ordered check, how many records pprint shows
                    // counts too (a top 3 is not a top 4).
                    match o.pprint_num {
                        Some(n) if spec.ordered && r.len() > n => {
                            r.push(format!("(pprint({n}) shows the first {n})"))
                        }
                        _ => {}
                    }
                    if !spec.ordered {
                        r.sort();
                    }
                    out.insert((o.output, o.batch), r);
                }
                Err(e) => {
                    failure.get_or_insert_with(|| CheckError::Batch {
                        batch: o.batch + 1,
                        diagnostic: Box::new(Diagnostic::from_exc(&e)),
                        text: text.clone(),
                    });
                }
            }
        }
    })?;
    match failure {
        Some(f) => Err(f),
        None => Ok(out),
    }
}

/// The first item of a `(key, value)` record's repr, if it is a pair: the
/// text up to the first top-level `, ` (quotes and brackets respected).
fn key_of(r: &str) -> Option<&str> {
    let inner = r.strip_prefix('(')?;
    let (mut depth, mut quote) = (0i32, None::<char>);
    let mut prev = ' ';
    for (i, c) in inner.char_indices() {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => return Some(inner[..i].trim_matches(['\'', '"'])),
                _ => {}
            },
        }
        prev = c;
    }
    None
}

fn list(rs: &[String]) -> String {
    let shown: Vec<&str> = rs.iter().take(3).map(String::as_str).collect();
    let more = if rs.len() > 3 {
        format!(" and {} more", rs.len() - 3)
    } else {
        String::new()
    };
    match shown.len() {
        0 => "nothing".into(),
        1 => format!("{}{more}", shown[0]),
        _ => format!(
            "{} and {}{more}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
    }
}

/// Why two batches differ, in words, with a hint when a common mistake fits.
fn explain(batch: u64, expected: &[String], got: &[String]) -> String {
    let missing: Vec<String> = diff(expected, got);
    let extra: Vec<String> = diff(got, expected);
    let mut msg = format!(
        "batch {}: expected {}, your stream has {}",
        batch + 1,
        list(&missing),
        list(&extra)
    );
    if missing.is_empty() {
        msg = format!(
            "batch {}: your stream has {} too many: {}",
            batch + 1,
            extra.len(),
            list(&extra)
        );
    }
    let extra_keys: Vec<&str> = extra.iter().filter_map(|r| key_of(r)).collect();
    let missing_keys: Vec<&str> = missing.iter().filter_map(|r| key_of(r)).collect();
    let hint = if !extra.is_empty() && extra.iter().all(|r| r.ends_with(", 0)")) {
        Some("keys with a zero count are still there: a filterFunc removes them (in updateStateByKey, return None to forget a key)")
    } else if extra_keys
        .iter()
        .any(|k| *k != k.to_lowercase() && missing_keys.contains(&k.to_lowercase().as_str()))
    {
        Some("did you lower-case the words?")
    } else if extra_keys.iter().any(|k| {
        let stripped = k.trim_matches(|c: char| c.is_ascii_punctuation());
        stripped != *k
            && missing_keys
                .iter()
                .any(|m| *m == stripped || m.eq_ignore_ascii_case(stripped))
    }) {
        Some("did you strip punctuation?")
    } else if extra
        .iter()
        .any(|r| negated(r).is_some_and(|n| missing.contains(&n)))
    {
        Some("a count went negative: the inverse function takes what left the window away from the window's value, lambda a, b: a - b (a is the window's value, b what left), not b - a")
    } else if extra
        .iter()
        .any(|r| unquote_numbers(r).is_some_and(|u| missing.contains(&u)))
    {
        Some("the values are strings, not numbers: a number in quotes such as '54.6' is text; convert it with float(...) (or int(...))")
    } else if !missing_keys.is_empty() && {
        let mut a: Vec<&str> = missing_keys.clone();
        let mut b: Vec<&str> = extra_keys.clone();
        a.sort();
        b.sort();
        a == b
    } {
        Some("the counts are off: the same keys, different values")
    } else {
        None
    };
    if let Some(h) = hint {
        msg.push_str(": ");
        msg.push_str(h);
    }
    msg
}

/// `(key, -n)` as `(key, n)`: a pair whose number is negative, negated.
fn negated(r: &str) -> Option<String> {
    let key = key_of(r)?;
    let (head, value) = r.strip_suffix(')')?.rsplit_once(", ")?;
    let n = value.strip_prefix('-')?;
    n.parse::<f64>().ok()?;
    (!key.is_empty()).then(|| format!("{head}, {n})"))
}

/// A record's repr with each quoted number unquoted (`('h1', '54.6')` →
/// `('h1', 54.6)`); None when it quotes no number.
fn unquote_numbers(r: &str) -> Option<String> {
    let mut out = String::new();
    let mut changed = false;
    let mut rest = r;
    while let Some(open) = rest.find('\'') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('\'') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let inner = &after[..close];
        if !inner.is_empty() && inner.trim() == inner && inner.parse::<f64>().is_ok() {
            out.push_str(inner);
            changed = true;
        } else {
            out.push('\'');
            out.push_str(inner);
            out.push('\'');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Items of `a` not in `b`, as multisets.
fn diff(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut out = Vec::new();
    for x in a {
        match rest.iter().position(|y| *y == x) {
            Some(i) => {
                rest.swap_remove(i);
            }
            None => out.push(x.clone()),
        }
    }
    out
}

/// Compare the learner's outputs with the solution's, first difference first.
fn compare(expected: &Outputs, got: &Outputs) -> Option<String> {
    if got.values().all(|r| r.is_empty()) && expected.values().any(|r| !r.is_empty()) {
        return Some("your stream produced nothing: no record in any batch (is the pipeline reading the socket, and does it print what the task asks?)".into());
    }
    let outputs_expected = expected.keys().map(|k| k.0).max().map_or(0, |m| m + 1);
    let outputs_got = got.keys().map(|k| k.0).max().map_or(0, |m| m + 1);
    if outputs_got < outputs_expected {
        return Some(format!(
            "the solution has {outputs_expected} output operation(s) (pprint...), your program has {outputs_got}"
        ));
    }
    // A session keeps the outputs of earlier steps: compare the newest ones.
    let shift = outputs_got - outputs_expected;
    let got: Outputs = got
        .iter()
        .filter(|((o, _), _)| *o >= shift)
        .map(|((o, b), r)| ((o - shift, *b), r.clone()))
        .collect();
    let got = &got;
    let mut keys: Vec<(u64, usize)> = expected
        .keys()
        .chain(got.keys())
        .map(|(o, b)| (*b, *o))
        .collect();
    keys.sort();
    keys.dedup();
    for (b, o) in keys {
        match (expected.get(&(o, b)), got.get(&(o, b))) {
            (Some(e), Some(g)) if e == g => {}
            (Some(e), Some(g)) => {
                let (mut se, mut sg) = (e.clone(), g.clone());
                se.sort();
                sg.sort();
                if se == sg {
                    return Some(format!(
                        "batch {}: the right records in a different order: expected {}, your stream has {}: check the sort (its key and ascending=)",
                        b + 1,
                        list(e),
                        list(g)
                    ));
                }
                return Some(explain(b, e, g));
            }
            (Some(_), None) => {
                return Some(format!(
                    "batch {}: the solution prints here, your stream does not: check the window and slide durations",
                    b + 1
                ))
            }
            (None, Some(_)) => {
                return Some(format!(
                    "batch {}: your stream prints here, the solution does not: check the window and slide durations",
                    b + 1
                ))
            }
            (None, None) => {}
        }
    }
    None
}

/// A step's solution, run once: what every program is compared with.
enum Prepared {
    /// The verdict needs no comparison (a structure step) or cannot have
    /// one (the lesson's solution does not run).
    Done(Verdict),
    /// A Structured Streaming step: its solution, loaded.
    Structured(Loaded),
    /// A DStream step: the solution's outputs, and whether it starts its
    /// context (then the learner's program must too).
    Expected { outputs: Outputs, starts: bool },
}

fn prepare(lesson: &Lesson, index: usize, program: &str) -> Prepared {
    let step = &lesson.steps[index];
    let spec = &step.check;
    if let Compare::Structure(text) = &spec.compare {
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        return Prepared::Done(if squash(program).contains(&squash(text)) {
            verdict(lesson, index, true, format!("your program uses {text}"))
        } else {
            verdict(
                lesson,
                index,
                false,
                format!("this step needs {text} in your program"),
            )
        });
    }
    let solution = match load(lesson, &step.solution) {
        Ok(l) => l,
        Err(e) => return Prepared::Done(verdict(lesson, index, false, lesson_bug(&e))),
    };
    if !solution.queries.is_empty() {
        return Prepared::Structured(solution);
    }
    match run(lesson, &solution, spec) {
        Ok(outputs) => Prepared::Expected {
            outputs,
            starts: solution.session.facts().started(),
        },
        Err(e) => Prepared::Done(verdict(lesson, index, false, lesson_bug(&e))),
    }
}

fn verdict(lesson: &Lesson, index: usize, passed: bool, message: String) -> Verdict {
    Verdict {
        step: index + 1,
        title: lesson.steps[index].title.clone(),
        passed,
        message,
    }
}

/// Check one step (0-based index) of a lesson against a program.
pub fn check_step(lesson: &Lesson, index: usize, program: &str) -> Verdict {
    match prepare(lesson, index, program) {
        Prepared::Done(v) => v,
        Prepared::Structured(solution) => {
            let (passed, message) =
                structured::check(lesson, &lesson.steps[index].check, &solution, program);
            verdict(lesson, index, passed, message)
        }
        Prepared::Expected { outputs, starts } => judge(lesson, index, &outputs, starts, program),
    }
}

/// A judge of step `index` that runs the solution once, for checking many
/// programs (the mutation test); None when the step is not a DStream step
/// (then [`check_step`] judges each program).
#[allow(clippy::type_complexity)]
pub fn check_step_with<'a>(
    lesson: &'a Lesson,
    index: usize,
) -> Option<Box<dyn Fn(&str) -> Verdict + Sync + 'a>> {
    match prepare(lesson, index, "") {
        Prepared::Expected { outputs, starts } => Some(Box::new(move |program: &str| {
            judge(lesson, index, &outputs, starts, program)
        })),
        _ => None,
    }
}

/// Judge a program against the solution's outputs, then against Spark's
/// lifecycle.
fn judge(
    lesson: &Lesson,
    index: usize,
    expected: &Outputs,
    starts: bool,
    program: &str,
) -> Verdict {
    let spec = &lesson.steps[index].check;
    let loaded = match load(lesson, program) {
        Ok(l) => l,
        Err(e) => return verdict(lesson, index, false, e.to_string()),
    };
    let got = match run(lesson, &loaded, spec) {
        Ok(g) => g,
        Err(e) => {
            let why = slips::name(lesson, index, program, e.to_string());
            return verdict(lesson, index, false, why);
        }
    };
    if let Some(why) = compare(expected, &got) {
        let why = slips::name(lesson, index, program, why);
        return verdict(lesson, index, false, why);
    }
    if starts {
        if let Some(why) = lifecycle(&loaded) {
            return verdict(lesson, index, false, why);
        }
    }
    verdict(
        lesson,
        index,
        true,
        format!(
            "same records as the solution in all {} batches",
            spec.batches
        ),
    )
}

/// Why a program whose records are right would still fail or do nothing on
/// Spark: it never starts its context, or `start()` refuses it.
fn lifecycle(loaded: &Loaded) -> Option<String> {
    if !loaded.session.facts().started() {
        return Some(
            "the records are right, but your program never starts the context: on Spark nothing runs and nothing is printed until ssc.start(); add ssc.start() at the end".into(),
        );
    }
    let ctx = loaded.streaming_context().ok()?;
    let e = ctx.validate_start().err()?;
    let graph = ctx.graph.lock();
    if graph.outputs.is_empty() {
        return Some(format!(
            "on Spark, ssc.start() fails here: \"{}\". Every stream is computed only for an output operation: add .pprint() to the stream the task names",
            e.msg
        ));
    }
    let stateful: Vec<String> = graph
        .live_nodes()
        .into_iter()
        .filter(|&id| {
            matches!(
                graph.nodes[id].op,
                crate::engine::graph::Op::ReducedWindow { .. }
                    | crate::engine::graph::Op::UpdateState { .. }
            )
        })
        .map(|id| graph.nodes[id].label.clone())
        .collect();
    let what = if stateful.is_empty() {
        "your stream".to_string()
    } else {
        stateful.join(" and ")
    };
    Some(format!(
        "the records are right, but on Spark ssc.start() fails here: \"{}\". {what} carries state from batch to batch, and Spark keeps that state in the checkpoint directory: call ssc.checkpoint(\"checkpoint\") before ssc.start()",
        e.msg
    ))
}

fn lesson_bug(e: impl std::fmt::Display) -> String {
    format!("the lesson's own solution does not run (a bug in the lesson): {e}")
}

/// Check every step.
pub fn check_all(lesson: &Lesson, program: &str) -> Vec<Verdict> {
    (0..lesson.steps.len())
        .map(|i| check_step(lesson, i, program))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn explanations_name_the_mistake() {
        let m = explain(2, &v(&["('cat', 2)"]), &v(&["('Cat', 1)", "('cat', 1)"]));
        assert_eq!(m, "batch 3: expected ('cat', 2), your stream has ('Cat', 1) and ('cat', 1): did you lower-case the words?");
        let m = explain(0, &v(&["('end', 1)"]), &v(&["('end.', 1)"]));
        assert!(m.ends_with("did you strip punctuation?"), "{m}");
        let m = explain(0, &v(&["('a', 1)"]), &v(&["('a', 1)", "('b', 0)"]));
        assert!(
            m.contains("1 too many") && m.contains("a filterFunc removes them"),
            "{m}"
        );
        let m = explain(0, &v(&["('#river', 2)"]), &v(&["('#river', -2)"]));
        assert!(m.contains("a count went negative"), "{m}");
        let m = explain(0, &v(&["('a', 2)"]), &v(&["('a', 3)"]));
        assert!(
            m.ends_with("the counts are off: the same keys, different values"),
            "{m}"
        );
    }

    #[test]
    fn a_quoted_number_is_named_a_string() {
        let m = explain(0, &v(&["('h1', 54.6)"]), &v(&["('h1', '54.6')"]));
        assert!(m.ends_with("the values are strings, not numbers: a number in quotes such as '54.6' is text; convert it with float(...) (or int(...))"), "{m}");
        assert_eq!(
            unquote_numbers("('h1', '54.6')").as_deref(),
            Some("('h1', 54.6)")
        );
        assert_eq!(unquote_numbers("('h1', 'x')"), None);
    }

    #[test]
    fn keys_of_any_pair() {
        assert_eq!(key_of("('cat', 2)"), Some("cat"));
        assert_eq!(key_of("(200, 5)"), Some("200"));
        assert_eq!(key_of("(('GET', 404), 1)"), Some("('GET', 404)"));
        assert_eq!(key_of("('a, b', 1)"), Some("a, b"));
        assert_eq!(key_of("7"), None);
        let m = explain(0, &v(&["(200, 5)"]), &v(&["(200, 1)"]));
        assert!(
            m.ends_with("the counts are off: the same keys, different values"),
            "{m}"
        );
    }

    #[test]
    fn an_ordered_check_names_a_wrong_order() {
        let mut e = Outputs::new();
        let mut g = Outputs::new();
        e.insert((0, 0), v(&["('a', 2)", "('b', 1)"]));
        g.insert((0, 0), v(&["('b', 1)", "('a', 2)"]));
        let m = compare(&e, &g).unwrap();
        assert!(
            m.starts_with("batch 1: the right records in a different order"),
            "{m}"
        );
    }

    #[test]
    fn a_session_is_compared_by_its_newest_outputs() {
        let mut e = Outputs::new();
        e.insert((0, 0), v(&["('a', 1)"]));
        let mut g = Outputs::new();
        g.insert((0, 0), v(&["a"]));
        g.insert((1, 0), v(&["('a', 1)"]));
        assert_eq!(compare(&e, &g), None);
    }

    #[test]
    fn comparisons_find_the_first_difference() {
        let mut e = Outputs::new();
        let mut g = Outputs::new();
        e.insert((0, 0), v(&["1"]));
        e.insert((0, 1), v(&["2"]));
        g.insert((0, 0), v(&["1"]));
        assert!(compare(&e, &g)
            .unwrap()
            .contains("batch 2: the solution prints here"));
        g.insert((0, 1), v(&["2"]));
        assert_eq!(compare(&e, &g), None);
    }
}
