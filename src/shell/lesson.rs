//! Where the learner is in a lesson, and the lesson commands (`:check`,
//! `:hint`, `:solution`, `:next`, `:task`, `:lessons`).

use super::{Action, Reply};
use crate::formats::command::Command;
use crate::lessons::render;
use crate::lessons::Lesson;

/// The lesson being followed: its step, the hints given, the progress file.
pub struct LessonState {
    pub lesson: Lesson,
    pub step: usize,
    hints: usize,
    progress: crate::lessons::progress::Progress,
}

/// What a lesson command leads to.
pub(super) enum Outcome {
    Stay(Reply),
    /// Open this lesson (`:next` after the last step); the text said first.
    Open(Lesson, String),
}

/// `:lessons`: every lesson, the open one marked.
pub fn list(open: Option<usize>) -> String {
    match crate::lessons::all() {
        Err(e) => format!("the lessons cannot be read: {e}"),
        Ok(all) => {
            let mut out = String::from("Lessons (`streamlab lesson N` opens one; :next at the end of a lesson opens the next):");
            for l in all {
                let mark = if open == Some(l.number) { "▶" } else { " " };
                out.push_str(&format!(
                    "\n{mark}{:>3}  {} ({} steps)",
                    l.number,
                    l.title,
                    l.steps.len()
                ));
            }
            out
        }
    }
}

impl LessonState {
    pub fn new(lesson: Lesson) -> LessonState {
        LessonState {
            lesson,
            step: 0,
            hints: 0,
            progress: crate::lessons::progress::Progress::load(),
        }
    }

    pub fn batch_ms(&self) -> i64 {
        self.lesson.batch.as_millis() as i64
    }

    /// "Lesson 1, step 1/2: ..." for the status bar.
    pub fn status(&self) -> String {
        format!(
            "Lesson {}, step {}/{}: :check :hint :solution",
            self.lesson.number,
            self.step + 1,
            self.lesson.steps.len()
        )
    }

    /// The lesson pane's text: the intro on the first step, then the step.
    pub fn full_text(&self) -> String {
        if self.step == 0 {
            format!("{}\n\n{}", self.lesson.intro, self.step_text())
        } else {
            self.step_text()
        }
    }

    fn step_text(&self) -> String {
        let s = &self.lesson.steps[self.step];
        format!(
            "── Step {}/{}: {} ──\n\n{}\n\nTask: {}\n\nType your code in the REPL, then :check. Stuck? :hint (up to three), :solution.",
            self.step + 1,
            self.lesson.steps.len(),
            s.title,
            render::plain(&s.explanation),
            render::plain(&s.task)
        )
    }

    /// The Lesson pane as it now is.
    pub fn action(&self, verdict: Option<(bool, String)>) -> Action {
        Action::Lesson {
            text: self.full_text(),
            verdict,
            status: self.status(),
            batch_ms: self.batch_ms(),
        }
    }

    /// The lesson after this one, if there is one.
    fn next_lesson(&self) -> Option<Lesson> {
        crate::lessons::lesson(self.lesson.number + 1).ok()
    }

    pub(super) fn command(&mut self, cmd: Command, program: &str) -> Outcome {
        let step = &self.lesson.steps[self.step];
        let mut verdict = None;
        let text = match cmd {
            Command::Task => format!("(the Lesson pane shows step {})", self.step + 1),
            Command::Hint => match step.hints.get(self.hints) {
                Some(hint) => {
                    self.hints += 1;
                    format!(
                        "Hint {}/{}: {}",
                        self.hints,
                        step.hints.len(),
                        render::plain(hint)
                    )
                }
                None if step.hints.is_empty() => {
                    "this step has no hints: :solution shows the answer".into()
                }
                None => "no more hints: :solution shows the answer".into(),
            },
            Command::Solution => format!("Solution of step {}:\n{}", self.step + 1, step.solution),
            Command::Check => {
                let v = crate::lessons::check::check_step(&self.lesson, self.step, program);
                if v.passed {
                    self.progress.record(self.lesson.number, self.step + 1);
                    let saved = self
                        .progress
                        .save()
                        .err()
                        .map(|e| format!(" (progress not saved: {e})"))
                        .unwrap_or_default();
                    let done = format!("step {} passed: {}{saved}", v.step, v.message);
                    if self.step + 1 < self.lesson.steps.len() {
                        self.step += 1;
                        self.hints = 0;
                        verdict = Some((true, format!("{done}. Now step {}.", self.step + 1)));
                        format!("✔ {done}. The Lesson pane shows step {}.", self.step + 1)
                    } else {
                        verdict =
                            Some((true, format!("{done}. Lesson {} done!", self.lesson.number)));
                        let next = match self.next_lesson() {
                            Some(n) => format!(":next opens lesson {}: {}", n.number, n.title),
                            None => "that was the last lesson".into(),
                        };
                        format!("✔ {done}. Lesson {} done! {next}.", self.lesson.number)
                    }
                } else {
                    verdict = Some((false, format!("not yet: {}", v.message)));
                    format!(
                        "✘ not yet: {}\n(:hint gives a hint; :reset clears your definitions)",
                        v.message
                    )
                }
            }
            Command::Next => {
                if self.step + 1 < self.lesson.steps.len() {
                    self.step += 1;
                    self.hints = 0;
                    format!("(the Lesson pane shows step {})", self.step + 1)
                } else if let Some(next) = self.next_lesson() {
                    let said = if next.dataset == self.lesson.dataset {
                        format!(
                            "Lesson {} has no more steps: on to lesson {}.",
                            self.lesson.number, next.number
                        )
                    } else {
                        format!(
                            "On to lesson {}. It reads the {} dataset, which this producer does not stream: `streamlab lesson {}` opens it with its data.",
                            next.number, next.dataset, next.number
                        )
                    };
                    return Outcome::Open(next, said);
                } else {
                    "this is the last step of the last lesson: :lessons lists them all".into()
                }
            }
            _ => String::new(),
        };
        Outcome::Stay(Reply::ok(text).with(self.action(verdict)))
    }
}
