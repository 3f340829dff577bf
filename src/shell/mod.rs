//! The learner's session, shared by every front end: the terminal UI,
//! `streamlab repl` (piped or on a terminal) and demos.
//!
//! A [`Shell`] owns the [`Repl`] (the entries and the StreamingContext's
//! lifecycle), the lesson being followed and, in a demo, the files it may
//! touch. It interprets every `:command` once ([`Shell::command`]) and
//! answers with a [`Reply`]: the text to show and the [`Action`]s only a
//! front end can carry out (show a pane, wait for batches, change the
//! producer's pace). The UI turns a reply into a message for its `update`;
//! the plain REPL prints it.

pub mod lesson;

use std::path::PathBuf;

use crate::formats::command::{parse_command, Command, Pane, SortKey, LAYOUTS};
use crate::formats::duration::format_duration;
use crate::producer::Pace;
use crate::session::live::{Entered, Repl};

pub use lesson::LessonState;

/// Which front end the shell answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    /// The terminal UI (and demos): panes, an embedded producer, lessons.
    Ui,
    /// `streamlab repl`: lines in, text out.
    Plain,
}

/// What a front end does after a command, besides showing its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    /// Show the help overlay (the UI's `:help` without a topic).
    HelpOverlay,
    /// The session was rebuilt: the graph may be another one, and the
    /// failures of the old one are not its. `reset`: nothing is defined.
    Rebuilt {
        reset: bool,
    },
    /// Entries ran (`:load`): the graph may have grown.
    GraphChanged,
    /// The batch clock is now paused (or running).
    Clock {
        paused: bool,
    },
    /// The batch interval of the next (re)start, in ms.
    BatchMs(i64),
    Zoom(Pane),
    Hide(Pane),
    Show(Pane),
    Focus(Pane),
    /// Show exactly these panes (and the REPL): a `:layout` preset.
    Layout(Vec<Pane>),
    /// Write the screen to this file (`:screenshot`).
    Screenshot(std::path::PathBuf),
    Sort(SortKey),
    /// The producer's new pace.
    Pace(Pace),
    /// `:wait N` in the plain REPL: wait for N more batches.
    Wait(u64),
    /// The Lesson pane's text, the last check's verdict, the status line.
    Lesson {
        text: String,
        verdict: Option<(bool, String)>,
        status: String,
        batch_ms: i64,
    },
}

/// A command's answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reply {
    /// What to show (may be empty).
    pub text: String,
    /// False when the command failed (piped input exits with 1 then).
    pub ok: bool,
    pub actions: Vec<Action>,
}

impl Reply {
    fn ok(text: impl Into<String>) -> Reply {
        Reply {
            text: text.into(),
            ok: true,
            actions: Vec::new(),
        }
    }
    fn failed(text: impl Into<String>) -> Reply {
        Reply {
            text: text.into(),
            ok: false,
            actions: Vec::new(),
        }
    }
    fn with(mut self, a: Action) -> Reply {
        self.actions.push(a);
        self
    }
}

/// The session: the REPL's entries and context, the lesson, the demo's files.
pub struct Shell {
    pub repl: Repl,
    front: Front,
    master: String,
    pub lesson: Option<LessonState>,
    /// A deterministic demo steps the batch clock itself: the engine stays
    /// paused, and "resume" only tells the demo to let batches come.
    pub scripted_clock: bool,
    /// Playing a demo: the files `:save`, `:export` and `:load` may touch.
    pub demo_files: Option<crate::demo::files::DemoFiles>,
}

/// A file command a playing demo may not run, with the script line playing.
#[derive(Debug, thiserror::Error)]
#[error("demo line {line}: {refusal}")]
struct Refused {
    line: usize,
    refusal: crate::demo::files::Refusal,
}

impl Shell {
    pub fn new(repl: Repl, front: Front, master: &str) -> Shell {
        Shell {
            repl,
            front,
            master: master.to_string(),
            lesson: None,
            scripted_clock: false,
            demo_files: None,
        }
    }

    /// The file `:CMD PATH` reads or writes: PATH itself, or in a demo, PATH
    /// in the demo's directory (or the refusal, when it leaves it).
    fn file(&mut self, cmd: &str, path: PathBuf, write: bool) -> Result<PathBuf, Refused> {
        match &mut self.demo_files {
            Some(files) => {
                let line = files.line;
                files
                    .resolve(cmd, &path, write)
                    .map_err(|refusal| Refused { line, refusal })
            }
            None => Ok(path),
        }
    }

    fn resume_clock(&self) {
        if !self.scripted_clock {
            self.repl.host().control.resume();
        }
    }

    /// Open a lesson: its batch interval, its first step in the Lesson pane.
    pub fn open_lesson(&mut self, lesson: crate::lessons::Lesson) -> Reply {
        let l = LessonState::new(lesson);
        self.repl.set_batch_ms(l.batch_ms());
        let reply = Reply::ok(format!(
            "Lesson {}: {}. Read the Lesson pane on the right; type your code here. :check checks it, :hint helps.",
            l.lesson.number, l.lesson.title
        ))
        .with(l.action(None));
        self.lesson = Some(l);
        reply
    }

    /// Run one `:command` line.
    pub fn command(&mut self, line: &str) -> Reply {
        match parse_command(line) {
            Ok(cmd) => self.run(cmd),
            Err(e) => Reply::failed(e.to_string()),
        }
    }

    fn ui_only(&self, what: &str) -> Option<Reply> {
        (self.front == Front::Plain).then(|| Reply::failed(what))
    }

    /// Carry out a parsed command.
    pub fn run(&mut self, cmd: Command) -> Reply {
        let ui = self.front == Front::Ui;
        match cmd {
            Command::Quit => Reply::ok(if ui { "bye" } else { "" }).with(Action::Quit),
            Command::Help(None) if ui => Reply::ok("").with(Action::HelpOverlay),
            Command::Help(topic) => Reply::ok(
                crate::cli::repl::help_text(topic.as_deref())
                    .trim_end()
                    .to_string(),
            ),
            Command::Pause => {
                self.repl.host().control.pause();
                Reply::ok(if ui {
                    "clock paused: :step (or F3) runs one batch, :resume (or F2) goes on"
                } else {
                    "clock paused (:step runs one batch, :resume goes on)"
                })
                .with(Action::Clock { paused: true })
            }
            Command::Resume => {
                self.resume_clock();
                Reply::ok("clock running").with(Action::Clock { paused: false })
            }
            Command::Step(n) => {
                let control = &self.repl.host().control;
                let was_running = !control.is_paused();
                if was_running {
                    control.pause();
                }
                for _ in 0..n {
                    control.step();
                }
                let text = if was_running {
                    format!("clock paused (:resume goes on); stepping {n} batch(es)")
                } else if ui {
                    format!("stepping {n} batch(es)")
                } else {
                    String::new()
                };
                Reply::ok(text).with(Action::Clock { paused: true })
            }
            Command::Wait(n) => match self.front {
                Front::Plain => Reply::ok("").with(Action::Wait(n)),
                Front::Ui => Reply::ok(
                    "the UI shows batches as they come; :wait is for scripts and `streamlab repl`",
                ),
            },
            Command::Restart => match self.repl.restart() {
                Ok(m) => Reply::ok(m).with(Action::Rebuilt { reset: false }),
                Err(e) => Reply::failed(e.to_string()).with(Action::Rebuilt { reset: false }),
            },
            Command::Reset => match self.repl.reset() {
                Ok(()) => Reply::ok("every definition forgotten; sc and ssc are defined afresh")
                    .with(Action::Rebuilt { reset: true }),
                Err(e) => Reply::failed(e.to_string()).with(Action::Rebuilt { reset: true }),
            },
            Command::Interval(d) => {
                let ms = d.as_millis().max(1) as i64;
                self.repl.set_batch_ms(ms);
                let started = self.repl.started();
                Reply::ok(format!(
                    "batch interval {}{}",
                    format_duration(d),
                    if started {
                        " from the next start (:restart applies it now)"
                    } else {
                        ""
                    }
                ))
                .with(Action::BatchMs(ms))
            }
            Command::Load(path) => self.load(path),
            Command::Save(path) => self.save(path.unwrap_or_else(Repl::default_save_path)),
            Command::Export(path) => self.export(path.unwrap_or_else(|| "export.py".into())),
            Command::Entries => Reply::ok(self.entries_text()),
            Command::Forget(n) => match self.repl.forget(n) {
                Ok(m) => Reply::ok(m).with(Action::Rebuilt { reset: false }),
                Err(e @ crate::session::live::ForgetError::NoSuchEntry { .. }) => {
                    Reply::failed(e.to_string())
                }
                Err(e) => Reply::failed(format!(
                    "forgot entry {n}; replaying the others ran into this:\n{e}"
                ))
                .with(Action::Rebuilt { reset: false }),
            },
            Command::Error => match self.repl.ledger().lock().last_failure() {
                Some(text) => Reply::ok(format!("The last batch failure:\n{}", text.trim_end())),
                None => Reply::ok("no batch has failed since the session was (re)built"),
            },
            Command::Zoom(p) => self
                .ui_only(PANES_ARE_UI)
                .unwrap_or_else(|| Reply::ok("").with(Action::Zoom(p))),
            Command::Hide(p) => self
                .ui_only(PANES_ARE_UI)
                .unwrap_or_else(|| Reply::ok("").with(Action::Hide(p))),
            Command::Show(p) => self
                .ui_only(PANES_ARE_UI)
                .unwrap_or_else(|| Reply::ok("").with(Action::Show(p))),
            Command::Focus(p) => self
                .ui_only(PANES_ARE_UI)
                .unwrap_or_else(|| Reply::ok("").with(Action::Focus(p))),
            Command::Layout(None) => Reply::ok(layouts_text()),
            Command::Layout(Some(i)) => self.ui_only(PANES_ARE_UI).unwrap_or_else(|| {
                let (name, doc, panes) = LAYOUTS[i];
                Reply::ok(format!("layout {name}: {doc}")).with(Action::Layout(panes.to_vec()))
            }),
            Command::Screenshot(path) => self.ui_only(PANES_ARE_UI).unwrap_or_else(|| {
                let path = path.unwrap_or_else(|| "screenshot.txt".into());
                Reply::ok("").with(Action::Screenshot(path))
            }),
            Command::Sort(k) => self
                .ui_only(PANES_ARE_UI)
                .unwrap_or_else(|| Reply::ok("").with(Action::Sort(k))),
            Command::Rate(r) => self.ui_only(NO_PRODUCER).unwrap_or_else(|| {
                Reply::ok(format!("producer: {r} lines/s")).with(Action::Pace(Pace::Rate(r)))
            }),
            Command::Delay(d) => self.ui_only(NO_PRODUCER).unwrap_or_else(|| {
                Reply::ok(format!("producer: 1 line every {}", format_duration(d)))
                    .with(Action::Pace(Pace::Delay(d)))
            }),
            Command::Lessons => {
                Reply::ok(lesson::list(self.lesson.as_ref().map(|l| l.lesson.number)))
            }
            Command::Check | Command::Hint | Command::Solution | Command::Next | Command::Task => {
                if let Some(r) = self.ui_only(
                    "lessons run in the terminal UI: `streamlab lesson N` (or check a file with `streamlab lesson N --check FILE.py`)",
                ) {
                    return r;
                }
                self.lesson_command(cmd)
            }
        }
    }

    /// `:entries`: what the session holds, numbered as `:save` writes it.
    fn entries_text(&self) -> String {
        let entries = self.repl.entries();
        if entries.is_empty() {
            return "no entries yet: what you type (and what :load runs) is kept here for :restart, :save and :export".into();
        }
        let mut out = format!(
            "{} entries (:restart replays them, :save writes them){}:",
            entries.len(),
            if self.repl.refused().is_empty() {
                ""
            } else {
                "; ! marks one Spark refused, kept to run at :restart"
            }
        );
        let refused = self.repl.refused();
        for (i, e) in entries.iter().enumerate() {
            let mark = if refused.contains(&i) { '!' } else { ' ' };
            for (j, line) in e.lines().enumerate() {
                if j == 0 {
                    out.push_str(&format!("\n{:>3}{mark} {line}", i + 1));
                } else {
                    out.push_str(&format!("\n     {line}"));
                }
            }
        }
        out
    }

    fn load(&mut self, path: PathBuf) -> Reply {
        let path = match self.file("load", path, false) {
            Ok(p) => p,
            Err(refused) => return Reply::failed(refused.to_string()),
        };
        let text = match crate::lang::source::read_program(&path) {
            Ok(t) => t,
            Err(e) => return Reply::failed(e.to_string()),
        };
        let (text, skipped) = crate::cli::repl::keep_repl_contexts(&text);
        let note = if skipped.is_empty() {
            String::new()
        } else {
            let lines: Vec<String> = skipped.iter().map(|n| n.to_string()).collect();
            format!(
                " ({} {} skipped: the REPL's own sc and ssc are kept)",
                if lines.len() == 1 { "line" } else { "lines" },
                lines.join(", ")
            )
        };
        // The blank line closes a block the file may end with.
        match self.repl.load(&format!("{}\n\n", text.trim_end())) {
            Entered::Error { text, .. } => {
                Reply::failed(format!("{}{note}:\n{}", path.display(), text.trim_end()))
                    .with(Action::GraphChanged)
            }
            Entered::Incomplete => Reply::failed(format!(
                "{}: the program is unfinished (an open bracket or a block without a body)",
                path.display()
            )),
            Entered::Ok { echo } => {
                let mut text = format!("loaded {}{note}", path.display());
                if let Some(e) = echo {
                    text = format!("{e}\n{text}");
                }
                Reply::ok(text).with(Action::GraphChanged)
            }
        }
    }

    fn save(&mut self, path: PathBuf) -> Reply {
        let path = match self.file("save", path, true) {
            Ok(p) => p,
            Err(refused) => return Reply::failed(refused.to_string()),
        };
        let text = crate::cli::repl::program_text(
            self.repl.entries(),
            &self.master,
            self.repl.batch_ms(),
            self.repl.unawaited_context().as_deref(),
        );
        match std::fs::write(&path, text) {
            Ok(()) => Reply::ok(format!("saved to {}", path.display())),
            Err(e) => Reply::failed(format!("cannot write {}: {e}", path.display())),
        }
    }

    fn export(&mut self, path: PathBuf) -> Reply {
        let path = match self.file("export", path, true) {
            Ok(p) => p,
            Err(refused) => return Reply::failed(refused.to_string()),
        };
        let opts = crate::export::ExportOptions {
            batch_seconds: self.repl.batch_ms() as f64 / 1000.0,
            ..crate::export::ExportOptions::default()
        };
        // Export drops the session's start, await and stop calls itself.
        let notebook = crate::lang::source::is_notebook(&path);
        let exported = if notebook {
            // One cell per entry, after the lesson's text.
            let src = self.repl.entries().join("\n\n");
            let markdown = self
                .lesson
                .as_ref()
                .map(|l| l.lesson.markdown_cells())
                .unwrap_or_default();
            crate::export::export_notebook(&src, &opts, &markdown).map_err(|e| (e, src))
        } else {
            let src = self.repl.entries().join("\n");
            crate::export::export(&src, &opts).map_err(|e| (e, src))
        };
        match exported {
            Err((e, src)) => Reply::failed(e.diagnostic().render("<session>", &src)),
            Ok(text) => match std::fs::write(&path, text) {
                Ok(()) if notebook => Reply::ok(format!(
                    "exported to {}: open it in Jupyter with a PySpark kernel and run the cells top to bottom (set HOST and PORT in it)",
                    path.display()
                )),
                Ok(()) => Reply::ok(format!(
                    "exported to {}: run it on Spark with `spark-submit {}` (host, port and checkpoint directory: its arguments, or the values at its top)",
                    path.display(),
                    path.display()
                )),
                Err(e) => Reply::failed(format!("cannot write {}: {e}", path.display())),
            },
        }
    }

    /// `:check`, `:hint`, `:solution`, `:next`, `:task` in a lesson.
    fn lesson_command(&mut self, cmd: Command) -> Reply {
        let program = self.repl.program();
        let Some(l) = self.lesson.as_mut() else {
            return Reply::failed(
                "no lesson is open: :lessons lists them, `streamlab lesson N` opens one",
            );
        };
        let checking = cmd == Command::Check;
        match l.command(cmd, &program) {
            lesson::Outcome::Stay(mut reply) => {
                // A passed step runs what passed: entries Spark refused while
                // the stream ran join it, replaced failed outputs leave it.
                let passed = reply.actions.iter().any(|a| {
                    matches!(
                        a,
                        Action::Lesson {
                            verdict: Some((true, _)),
                            ..
                        }
                    )
                });
                let stale = !self.repl.refused().is_empty() || !self.repl.superseded().is_empty();
                if checking && passed && stale && self.repl.started() {
                    let (said, ok) = match self.repl.restart() {
                        Ok(m) => (m, true),
                        Err(e) => (e.to_string(), false),
                    };
                    reply.text = format!("{}\nThe stream now runs what passed: {said}", reply.text);
                    reply.ok &= ok;
                    reply.actions.insert(0, Action::Rebuilt { reset: false });
                }
                reply
            }
            lesson::Outcome::Open(next, said) => {
                let mut reply = self.open_lesson(next);
                reply.text = format!("{said}\n{}", reply.text);
                reply
            }
        }
    }
}

const PANES_ARE_UI: &str =
    "panes are part of the terminal UI; the plain REPL prints batches as they come";
const NO_PRODUCER: &str = "the plain REPL has no built-in producer; run `streamlab produce --rate N` (or --delay) in another terminal";

#[cfg(test)]
mod tests;

/// `:layout` without a name: the presets, one a line.
fn layouts_text() -> String {
    format!(
        "layouts (:layout NAME shows one; F7 shows every pane):\n{}",
        crate::formats::command::layouts_list().trim_end()
    )
}
