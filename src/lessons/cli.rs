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
    /// With --check or --mutants: only this step (1-based).
    #[arg(long, value_name = "N")]
    pub step: Option<usize>,
    /// For lesson authors: derive wrong variants of each step's solution and
    /// show which ones the step's check rejects (exit 1 if one survives).
    #[arg(long, conflicts_with = "check")]
    pub mutants: bool,
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
    if let Some(s) = args.step {
        if s < 1 || s > lesson.steps.len() {
            eprintln!(
                "error: lesson {} has steps 1 to {}, not {s}",
                lesson.number,
                lesson.steps.len()
            );
            return 2;
        }
    }
    if args.mutants {
        return mutants(&lesson, args.step);
    }
    let Some(file) = args.check else {
        if args.step.is_some() {
            eprintln!("error: --step goes with --check FILE.py or --mutants");
            return 2;
        }
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
        Some(s) => vec![check_step(&lesson, s - 1, &program)],
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

/// `streamlab lesson N --mutants [--step S]`: each step's variants and what
/// its check said about them.
fn mutants(lesson: &super::Lesson, step: Option<usize>) -> i32 {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    println!("Lesson {}: {}", lesson.number, lesson.title);
    let mut survived = 0;
    for i in (0..lesson.steps.len()).filter(|i| step.is_none_or(|s| s == i + 1)) {
        let r = super::mutants::run_step(lesson, i, threads);
        survived += r.survivors().count();
        print!("{}", super::mutants::render(&r));
    }
    if survived == 0 {
        0
    } else {
        println!("{survived} variant(s) survived: give the check input that separates them, or state `equivalent:` with the reason (lessons/FORMAT.md)");
        1
    }
}
