//! `streamlab lessons` and `streamlab lesson N [--check FILE.py]`.

use std::path::PathBuf;

use super::check::{check_all, check_step};
use super::progress::Progress;

#[derive(Debug, clap::Args)]
pub struct LessonArgs {
    /// The lesson's number (see `streamlab lessons`).
    pub number: usize,
    /// Check a program file against the lesson's steps and print the verdicts.
    #[arg(long, value_name = "FILE.py")]
    pub check: Option<PathBuf>,
    /// With --check: only this step (1-based).
    #[arg(long, value_name = "N", requires = "check")]
    pub step: Option<usize>,
}

/// `streamlab lessons`: the lessons with the learner's progress.
pub fn list() -> i32 {
    let lessons = match super::all() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let progress = Progress::load();
    println!("Lessons (start one with `streamlab lesson N`):\n");
    for l in &lessons {
        let done = progress.done.get(&l.number).copied().unwrap_or(0);
        let mark = if done >= l.steps.len() {
            "done".to_string()
        } else if done > 0 {
            format!("{done}/{} steps", l.steps.len())
        } else {
            format!("{} steps", l.steps.len())
        };
        println!("  {:>2}. {:<48} {mark}", l.number, l.title);
    }
    0
}

/// `streamlab lesson N`: the UI with the lesson, or `--check FILE.py` headless.
pub fn lesson(args: LessonArgs) -> i32 {
    let lesson = match super::lesson(args.number) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let Some(file) = args.check else {
        return crate::ui::run_lesson(lesson);
    };
    let program = match crate::lang::source::read_program(&file) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let verdicts = match args.step {
        Some(s) if s >= 1 && s <= lesson.steps.len() => vec![check_step(&lesson, s - 1, &program)],
        Some(s) => {
            eprintln!(
                "error: lesson {} has steps 1 to {}, not {s}",
                lesson.number,
                lesson.steps.len()
            );
            return 2;
        }
        None => check_all(&lesson, &program),
    };
    println!("Lesson {}: {}", lesson.number, lesson.title);
    let mut all = true;
    for v in &verdicts {
        all &= v.passed;
        let mark = if v.passed { "passed" } else { "FAILED" };
        println!("  step {} ({}): {mark}", v.step, v.title);
        for line in v.message.lines() {
            println!("    {line}");
        }
    }
    if all {
        0
    } else {
        1
    }
}
