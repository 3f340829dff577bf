//! `streamlab repl`: the plain line REPL, for terminals where the full UI is
//! not wanted, and for piped input.
//!
//! On a terminal it uses rustyline: completion ([`crate::session::complete`]),
//! colouring ([`crate::session::highlight`]), multi-line entries (a `def`
//! header or an open bracket continues on the next line; an empty line ends
//! an indented block) and a history file. Engine output (pprint blocks,
//! failed jobs, receiver news) is printed above the prompt by a thread that
//! reads the engine's channel.
//!
//! When stdin is not a terminal, lines are read plainly and values echoed, so
//! `printf 'x = 1\nx + 1\n' | streamlab repl` prints `2`. Scripts wait for
//! batches with `:wait N`: until N more batches have completed than at the
//! previous `:wait` (or since the session began), so `:step 2` then `:wait 2`
//! cannot miss batches that completed before the `:wait` was read. The exit
//! code is 0, or 1 when an entry or a command failed in piped input.
//!
//! The history is the one the terminal UI keeps too (see [`crate::paths`]).

use std::borrow::Cow;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Config, Editor, ExternalPrinter as _, Helper};
use tokio::sync::mpsc;

use super::printer::pprint_block;
use crate::engine::driver::RunOptions;
use crate::engine::events::EngineEvent;
use crate::engine::rdd_object::format_batch_time;
use crate::formats::command::{is_command, COMMANDS};
use crate::formats::duration::{format_duration, parse_duration};
use crate::lang::diag::{did_you_mean, Diagnostic};
use crate::session::complete::complete;
use crate::session::highlight::{matching_bracket, tokens, TokenKind};
use crate::session::live::{Entered, Ledger, LiveHost, Repl, EVENT_CAP};
use crate::session::surface;
use crate::shell::{Action, Front, Shell};

#[derive(Debug, clap::Args)]
pub struct ReplArgs {
    /// The master of the predefined `sc`.
    #[arg(long, default_value = "local[2]")]
    pub master: String,
    /// The batch interval of the predefined `ssc`.
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_interval)]
    pub interval: Duration,
    /// Neither read nor write the history file.
    #[arg(long)]
    pub no_history: bool,
}

fn parse_interval(s: &str) -> Result<Duration, String> {
    match parse_duration(s) {
        Ok(d) if d >= Duration::from_millis(1) => Ok(d),
        Ok(_) => Err("the batch interval must be at least 1ms".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// A REPL session as a program that runs on Spark (and on `streamlab run`):
/// the imports and the `sc`/`ssc` the REPL predefines, then the entries, then
/// `NAME.awaitTermination()` when `unawaited` names the StreamingContext the
/// session started and did not await.
pub fn program_text(
    entries: &[String],
    master: &str,
    batch_ms: i64,
    unawaited: Option<&str>,
) -> String {
    let seconds = if batch_ms % 1000 == 0 {
        (batch_ms / 1000).to_string()
    } else {
        format!("{}", batch_ms as f64 / 1000.0)
    };
    let mut s = format!(
        "# Saved from a streamlab repl session.\n\
         from pyspark import SparkContext\n\
         from pyspark.streaming import StreamingContext\n\
         \n\
         sc = SparkContext({master:?}, \"streamlab\")\n\
         {} = StreamingContext(sc, {seconds})\n\
         \n",
        crate::session::SHELL_CONTEXT
    );
    for e in entries {
        s.push_str(e.trim_end());
        s.push('\n');
        if e.trim_end().contains('\n') {
            s.push('\n');
        }
    }
    if let Some(name) = unawaited {
        s.push_str(&format!("{name}.awaitTermination()\n"));
    }
    s
}

/// A program file as `:load` runs it: the statements that create a
/// SparkContext or a StreamingContext (as every program, and every `:save`d
/// session, does) are blanked, since the REPL already has them and Spark
/// refuses a second SparkContext; a StreamingContext bound to another name
/// than the REPL's becomes that name for the REPL's (`streaming = ssc`,
/// likewise `spark_context = sc`).
/// Decided on the syntax tree; a text that does not parse is left as it is
/// (running it reports the error). Returns the text (same line numbers) and
/// the 1-based numbers of the lines changed.
pub fn keep_repl_contexts(text: &str) -> (String, Vec<usize>) {
    use crate::lang::ast::{ExprKind, StmtKind, Target};
    let Ok(prog) = crate::lang::parse::parse_program(text) else {
        return (text.lines().collect::<Vec<_>>().join("\n"), Vec::new());
    };
    let class = |e: &crate::lang::ast::Expr| -> Option<String> {
        let ExprKind::Call { func, .. } = &e.kind else {
            return None;
        };
        match &func.kind {
            ExprKind::Name(n) => Some(n.clone()),
            ExprKind::Attribute { attr, .. } => Some(attr.clone()),
            _ => None,
        }
    };
    // Line ranges (0-based, inclusive) and what replaces their first line.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count();
    for st in &prog.stmts {
        let StmtKind::Assign {
            target: Target::Name(name, _),
            value,
        } = &st.kind
        else {
            continue;
        };
        let replacement = match class(value).as_deref() {
            Some("SparkContext") if name == "sc" => String::new(),
            Some("SparkContext") => format!("{name} = sc"),
            Some("StreamingContext") if name == crate::session::SHELL_CONTEXT => String::new(),
            Some("StreamingContext") => {
                format!("{name} = {}", crate::session::SHELL_CONTEXT)
            }
            _ => continue,
        };
        let first = line_of(st.span.start);
        let last = line_of(st.span.end.saturating_sub(1).max(st.span.start));
        edits.push((first, last, replacement));
    }
    let mut skipped = Vec::new();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(
            |(i, line)| match edits.iter().find(|(a, b, _)| (*a..=*b).contains(&i)) {
                Some((a, _, r)) => {
                    skipped.push(i + 1);
                    if *a == i {
                        let indent: String =
                            line.chars().take_while(|c| c.is_whitespace()).collect();
                        if r.is_empty() {
                            String::new()
                        } else {
                            format!("{indent}{r}")
                        }
                    } else {
                        String::new()
                    }
                }
                None => line.to_string(),
            },
        )
        .collect();
    (lines.join("\n"), skipped)
}

/// Batches completed so far, for `:wait`.
#[derive(Default)]
struct Progress {
    state: Mutex<(u64, bool)>,
    changed: Condvar,
}

impl Progress {
    fn completed(&self) -> u64 {
        self.state.lock().0
    }
    fn batch_done(&self) {
        self.state.lock().0 += 1;
        self.changed.notify_all();
    }
    fn stopped(&self, stopped: bool) {
        self.state.lock().1 = stopped;
        self.changed.notify_all();
    }
    /// Wait until `target` batches have completed, the engine stopped, or
    /// the clock stands paused with nothing left to run (`stuck`).
    fn wait_for(
        &self,
        target: u64,
        running: impl Fn() -> bool,
        stuck: impl Fn() -> bool,
    ) -> WaitEnd {
        let mut st = self.state.lock();
        // The engine settles right after sending a stepped batch's events;
        // give them time to be counted before saying nothing more comes.
        let mut stuck_since = None;
        while st.0 < target {
            if st.1 || !running() {
                return WaitEnd::Stopped;
            }
            if !stuck() {
                stuck_since = None;
            } else if stuck_since.get_or_insert_with(Instant::now).elapsed() >= STUCK_FOR {
                return WaitEnd::Paused;
            }
            self.changed.wait_for(&mut st, Duration::from_millis(50));
        }
        WaitEnd::Reached
    }
}

/// How long the clock must stand paused with nothing to run before `:wait` gives up.
const STUCK_FOR: Duration = Duration::from_millis(300);

/// How a `:wait` ended.
#[derive(Debug, PartialEq, Eq)]
enum WaitEnd {
    Reached,
    Stopped,
    /// The batch clock is paused and every `:step` has run: no batch can come.
    Paused,
}

/// A notice that tells the output thread to finish (after the engine was
/// halted, so every engine event is already ahead of it in the channel).
const QUIT_MARK: &str = "\u{0}streamlab-repl-quit";

/// How an engine event reads in the REPL, if it prints anything.
fn event_text(ev: &EngineEvent, ledger: &Mutex<Ledger>) -> Option<String> {
    match ev {
        EngineEvent::Output(o) => match &o.result {
            Ok(records) => o.pprint_num.map(|n| pprint_block(o.time_ms, records, n)),
            Err(e) => {
                // Where the entry failed; then when, as Spark says it.
                let text = ledger.lock().batch_failed(o.batch, o.output, e);
                Some(format!(
                    "{text}  = at Time: {}; the stream goes on with the next batch (:error shows this again)\n",
                    format_batch_time(o.time_ms),
                ))
            }
        },
        EngineEvent::Receiver { message, .. } | EngineEvent::Notice(message) => {
            Some(format!("streamlab: {message}\n"))
        }
        // A Structured Streaming query's console sink, as Spark prints it.
        EngineEvent::Trigger(r) => (!r.console.is_empty()).then(|| r.console.clone()),
        // What the program printed, as it printed it.
        EngineEvent::Print { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// Read engine events until the quit mark, printing through `print`.
fn spawn_output(
    mut rx: mpsc::Receiver<EngineEvent>,
    progress: Arc<Progress>,
    ledger: Arc<Mutex<Ledger>>,
    mut print: Box<dyn FnMut(String) + Send>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while let Some(ev) = rx.blocking_recv() {
            match &ev {
                EngineEvent::Notice(m) if m == QUIT_MARK => break,
                EngineEvent::Started { .. } => progress.stopped(false),
                EngineEvent::Stopped => progress.stopped(true),
                _ => {}
            }
            if let Some(text) = event_text(&ev, &ledger) {
                print(text);
            }
            // `:wait N` counts DStream batches and query triggers alike.
            if let EngineEvent::BatchCompleted(_) | EngineEvent::Trigger(_) = ev {
                progress.batch_done();
            }
        }
    })
}

/// What the main loop should do after a command.
enum Flow {
    Continue,
    Quit,
}

/// The plain front end of the [`Shell`]: its output and how to report back.
struct Plain {
    shell: Arc<Mutex<Shell>>,
    progress: Arc<Progress>,
    /// Whether anything failed (piped input exits with 1 then).
    failed: bool,
    /// Batches counted by the previous `:wait` (see [`Plain::wait`]).
    waited_to: u64,
}

fn say(msg: &str) {
    let mut out = std::io::stdout().lock();
    // A list (help, entries, lessons) prints as it is.
    let _ = if msg.contains('\n') {
        writeln!(out, "{msg}")
    } else {
        writeln!(out, "streamlab: {msg}")
    };
    let _ = out.flush();
}

fn complain(msg: &str) {
    let _ = std::io::stdout().flush();
    eprintln!("streamlab: {msg}");
}

impl Plain {
    fn submit(&mut self, text: &str) {
        let result = self.shell.lock().repl.submit(text);
        match result {
            Entered::Ok { echo: Some(v) } => {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{v}");
                let _ = out.flush();
            }
            Entered::Ok { echo: None } => {}
            Entered::Incomplete => {
                self.failed = true;
                complain("the entry is unfinished (an open bracket or a block without a body)");
            }
            Entered::Error { text, .. } => {
                self.failed = true;
                let _ = std::io::stdout().flush();
                eprint!("{text}");
            }
        }
    }

    /// A `:command`: the shell runs it; this prints its answer and waits
    /// when it says so.
    fn command(&mut self, line: &str) -> Flow {
        let reply = self.shell.lock().command(line);
        if !reply.ok {
            self.failed = true;
            complain(&reply.text);
        } else if !reply.text.is_empty() {
            say(&reply.text);
        }
        let mut flow = Flow::Continue;
        for a in reply.actions {
            match a {
                Action::Quit => flow = Flow::Quit,
                Action::Wait(n) => self.wait(n),
                _ => {}
            }
        }
        flow
    }

    /// `:wait N`: until N more batches have completed than at the previous
    /// `:wait` (or the session's start). Counting from the previous wait, not
    /// from now, keeps scripts deterministic: in `:step 2` then `:wait 2`, the
    /// two batches may well complete before `:wait` is read.
    fn wait(&mut self, n: u64) {
        let target = self.waited_to + n;
        self.waited_to = target;
        let host = self.shell.lock().repl.host().clone();
        if self.progress.completed() < target && !host.is_running() && host.running_queries() == 0 {
            self.failed = true;
            complain(":wait needs a running stream: type ssc.start() (or start a query) first");
            return;
        }
        let end = self.progress.wait_for(
            target,
            || host.is_running() || host.running_queries() > 0,
            // Queries trigger by themselves; the paused clock holds only DStream batches.
            || host.control.is_settled() && host.running_queries() == 0,
        );
        match end {
            WaitEnd::Reached => {}
            WaitEnd::Stopped => {
                self.failed = true;
                complain("the stream stopped before the batches waited for");
            }
            WaitEnd::Paused => {
                self.failed = true;
                // The next `:wait` counts from what did come.
                let done = self.progress.completed();
                let got = done.saturating_sub(target - n);
                self.waited_to = done;
                complain(&format!(
                    "the batch clock is paused, so :wait {n} would wait forever ({got} of {n} came): \
                     :resume lets batches come, or :step N runs N of them"
                ));
            }
        }
    }

    /// Stop the stream and let the output thread print what is left.
    fn finish(&self, tx: &mpsc::Sender<EngineEvent>, output: std::thread::JoinHandle<()>) {
        self.shell.lock().repl.host().halt();
        let _ = tx.blocking_send(EngineEvent::Notice(QUIT_MARK.into()));
        let _ = output.join();
    }
}

/// `:help` and `:help TOPIC`.
pub fn help_text(topic: Option<&str>) -> String {
    let Some(topic) = topic else {
        let mut s = String::from(
            "Type PySpark code: sc and ssc are defined; ssc.start() runs the stream in the background.\nCommands:\n",
        );
        for (_, usage, doc) in COMMANDS {
            s.push_str(&format!("  {usage:<20} {doc}\n"));
        }
        s.push_str("Tab completes names and methods; :help METHOD (or :help Class.METHOD) explains a method.\n");
        return s;
    };
    let name = topic.trim_start_matches(':');
    if let Some((_, usage, doc)) = COMMANDS.iter().find(|c| c.0 == name) {
        if name == "layout" {
            return format!(
                "{usage}\n  {doc}\n{}",
                crate::formats::command::layouts_list()
            );
        }
        return format!("{usage}\n  {doc}\n");
    }
    if let Some(text) = surface::help(name) {
        return text;
    }
    let all = COMMANDS.iter().map(|c| c.0).chain(surface::names());
    match did_you_mean(name, all) {
        Some(s) => format!("no help on '{name}'. Did you mean '{s}'?\n"),
        None => format!(
            "no help on '{name}': try a command (:help step) or a method (:help window, :help DataFrame.select)\n"
        ),
    }
}

/// rustyline's view of the session: completion, colouring, multi-line input.
struct ReplHelper {
    shell: Arc<Mutex<Shell>>,
    color: bool,
    files: FilenameCompleter,
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let t = line.trim_start();
        if ["load ", "save ", "export "]
            .iter()
            .any(|c| t.strip_prefix(':').is_some_and(|r| r.starts_with(c)))
        {
            return self.files.complete(line, pos, ctx);
        }
        let shell = self.shell.lock();
        let repl = &shell.repl;
        let names = repl.names();
        let (start, found) = complete(line, pos, &names, &|n| repl.lookup(n));
        Ok((
            start,
            found
                .into_iter()
                .map(|c| Pair {
                    display: c.display,
                    replacement: c.text,
                })
                .collect(),
        ))
    }
}

fn ansi(kind: TokenKind) -> Option<&'static str> {
    Some(match kind {
        TokenKind::Keyword => "\x1b[35m",
        TokenKind::Builtin => "\x1b[36m",
        TokenKind::Method => "\x1b[34m",
        TokenKind::Number => "\x1b[33m",
        TokenKind::String => "\x1b[32m",
        TokenKind::Comment => "\x1b[90m",
        TokenKind::Error => "\x1b[31;4m",
        TokenKind::Name | TokenKind::Operator | TokenKind::Bracket => return None,
    })
}

/// `src` with ANSI colours; the bracket matching the one at the cursor in bold.
pub fn colorize(src: &str, cursor: usize) -> String {
    let partner = matching_bracket(src, cursor);
    let mut out = String::with_capacity(src.len() * 2);
    let mut last = 0;
    for (r, kind) in tokens(src) {
        out.push_str(&src[last..r.start]);
        let text = &src[r.clone()];
        let style = if partner == Some(r.start) {
            Some("\x1b[1;7m")
        } else {
            ansi(kind)
        };
        match style {
            Some(s) => {
                out.push_str(s);
                out.push_str(text);
                out.push_str("\x1b[0m");
            }
            None => out.push_str(text),
        }
        last = r.end;
    }
    out.push_str(&src[last..]);
    out
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        if !self.color || is_command(line) {
            return Cow::Borrowed(line);
        }
        Cow::Owned(colorize(line, pos))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.color
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let input = ctx.input();
        if !is_command(input) && crate::lang::parse::is_incomplete(input) {
            Ok(ValidationResult::Incomplete)
        } else {
            Ok(ValidationResult::Valid(None))
        }
    }
}

impl Helper for ReplHelper {}

/// `streamlab repl`. Returns the exit code.
pub fn repl(args: ReplArgs) -> i32 {
    let (tx, rx) = mpsc::channel(EVENT_CAP);
    let host = LiveHost::new(tx.clone(), RunOptions::default());
    let batch_ms = args.interval.as_millis().max(1) as i64;
    let shell = match Repl::new(host, &args.master, batch_ms) {
        Ok(r) => Arc::new(Mutex::new(Shell::new(r, Front::Plain, &args.master))),
        Err(e) => {
            eprint!("{}", Diagnostic::from_exc(&e).render("<repl>", ""));
            return 2;
        }
    };
    let mut shell = Plain {
        shell,
        progress: Arc::new(Progress::default()),
        failed: false,
        waited_to: 0,
    };
    if std::io::stdin().is_terminal() {
        interactive(&mut shell, &args, tx, rx)
    } else {
        piped(&mut shell, tx, rx)
    }
}

fn piped(shell: &mut Plain, tx: mpsc::Sender<EngineEvent>, rx: mpsc::Receiver<EngineEvent>) -> i32 {
    let output = spawn_output(
        rx,
        shell.progress.clone(),
        shell.shell.lock().repl.ledger(),
        Box::new(|text| {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }),
    );
    let stdin = std::io::stdin();
    let mut buffer = String::new();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if buffer.is_empty() && is_command(&line) {
            if let Flow::Quit = shell.command(&line) {
                break;
            }
            continue;
        }
        if buffer.is_empty() && line.trim().is_empty() {
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        // Only a blank line ends an indented block (as in Python's REPL):
        // judge the entry without the newline that every line brings.
        let text = if line.trim().is_empty() {
            buffer.as_str()
        } else {
            buffer.trim_end_matches('\n')
        };
        if !crate::lang::parse::is_incomplete(text) {
            shell.submit(&std::mem::take(&mut buffer));
        }
    }
    if !buffer.trim().is_empty() {
        buffer.push('\n');
        shell.submit(&buffer);
    }
    shell.finish(&tx, output);
    i32::from(shell.failed)
}

fn interactive(
    shell: &mut Plain,
    args: &ReplArgs,
    tx: mpsc::Sender<EngineEvent>,
    rx: mpsc::Receiver<EngineEvent>,
) -> i32 {
    let config = match Config::builder().max_history_size(crate::paths::HISTORY_CAP) {
        Ok(b) => b
            .auto_add_history(false)
            .completion_type(rustyline::CompletionType::List)
            .build(),
        Err(_) => Config::default(),
    };
    let mut rl: Editor<ReplHelper, FileHistory> = match Editor::with_config(config) {
        Ok(rl) => rl,
        Err(e) => {
            eprintln!("streamlab: cannot set up line editing: {e}");
            return 1;
        }
    };
    rl.set_helper(Some(ReplHelper {
        shell: shell.shell.clone(),
        color: std::io::stdout().is_terminal(),
        files: FilenameCompleter::new(),
    }));
    let history = if args.no_history {
        None
    } else {
        crate::paths::history_file()
    };
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    let print: Box<dyn FnMut(String) + Send> = match rl.create_external_printer() {
        Ok(mut p) => Box::new(move |text: String| {
            let _ = p.print(text);
        }),
        Err(_) => Box::new(|text: String| {
            print!("{text}");
            let _ = std::io::stdout().flush();
        }),
    };
    let ledger = shell.shell.lock().repl.ledger();
    let output = spawn_output(rx, shell.progress.clone(), ledger, print);
    println!(
        "streamlab repl: PySpark streaming with sc and ssc defined ({} batches). :help lists the commands, Ctrl-D leaves.",
        format_duration(args.interval)
    );
    let interrupted = Arc::new(AtomicBool::new(false));
    loop {
        match rl.readline(">>> ") {
            Ok(entry) => {
                interrupted.store(false, Ordering::Relaxed);
                if entry.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(entry.trim_end());
                if is_command(&entry) {
                    if let Flow::Quit = shell.command(entry.trim()) {
                        break;
                    }
                } else {
                    shell.submit(&entry);
                }
            }
            // Ctrl-C clears the line, as in Python.
            Err(ReadlineError::Interrupted) => {
                println!("KeyboardInterrupt (Ctrl-D or :quit leaves)");
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("streamlab: {e}");
                break;
            }
        }
    }
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = rl.save_history(h) {
            eprintln!("streamlab: cannot save the history to {}: {e}", h.display());
        }
    }
    shell.finish(&tx, output);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_text_runs_on_spark() {
        let entries = vec![
            "s = ssc.queueStream([[1]])".to_string(),
            "def f(x):\n    return x * 2".to_string(),
            "s.map(f).pprint()".to_string(),
            "ssc.start()".to_string(),
        ];
        assert_eq!(
            program_text(&entries, "local[2]", 1000, Some("ssc")),
            "# Saved from a streamlab repl session.\n\
             from pyspark import SparkContext\n\
             from pyspark.streaming import StreamingContext\n\
             \n\
             sc = SparkContext(\"local[2]\", \"streamlab\")\n\
             ssc = StreamingContext(sc, 1)\n\
             \n\
             s = ssc.queueStream([[1]])\n\
             def f(x):\n    return x * 2\n\
             \n\
             s.map(f).pprint()\n\
             ssc.start()\n\
             ssc.awaitTermination()\n"
        );
        assert!(
            program_text(&[], "local[4]", 500, None).contains("ssc = StreamingContext(sc, 0.5)\n")
        );
        assert!(!program_text(&[], "local[2]", 1000, None).contains("awaitTermination"));
    }

    #[test]
    fn load_keeps_the_repl_contexts() {
        let saved = program_text(&["x = 1".to_string()], "local[2]", 1000, None);
        let (text, skipped) = keep_repl_contexts(&saved);
        assert_eq!(skipped, [5, 6]);
        assert_eq!(text.lines().count(), saved.lines().count());
        assert!(text.contains("x = 1") && !text.contains("SparkContext(\""));
    }

    #[test]
    fn help_topics() {
        assert!(help_text(None).contains(":step [N]"));
        assert_eq!(
            help_text(Some("step")),
            ":step [N]\n  While paused: run N more batches (default 1).\n"
        );
        assert!(help_text(Some("window"))
            .starts_with("DStream.window(windowDuration, slideDuration=None)"));
        assert_eq!(
            help_text(Some("windw")),
            "no help on 'windw'. Did you mean 'window'?\n"
        );
    }

    #[test]
    fn colours_follow_the_tokens() {
        assert_eq!(colorize("f(x)  # c", 0), "f(x)  \x1b[90m# c\x1b[0m");
        assert_eq!(colorize("f(x)", 1), "f(x\x1b[1;7m)\x1b[0m");
        assert_eq!(colorize("'a", 0), "\x1b[31;4m'a\x1b[0m");
    }
}
