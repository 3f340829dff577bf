//! Guided lessons: the course is data (`lessons/NN-*.md`, see
//! `lessons/FORMAT.md`), compiled into the binary; [`check`] judges a
//! learner's program by running it and the step's solution on the same input.

pub mod check;
pub mod cli;
pub mod mutants;
pub mod progress;
pub mod render;

use std::time::Duration;

use nom::bytes::complete::{tag, take_till1, take_while};
use nom::character::complete::{char, space0};
use nom::sequence::{preceded, separated_pair, terminated};
use nom::{IResult, Parser};

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub number: usize,
    pub title: String,
    pub dataset: String,
    pub batch: Duration,
    pub intro: String,
    pub steps: Vec<Step>,
}

impl Lesson {
    /// The lesson's text as Markdown cells for a notebook: its title and
    /// introduction, then one cell per step (its explanation and task).
    pub fn markdown_cells(&self) -> Vec<String> {
        let mut cells = vec![format!(
            "# Lesson {}: {}\n\n{}",
            self.number,
            self.title,
            self.intro.trim()
        )];
        for (i, step) in self.steps.iter().enumerate() {
            cells.push(format!(
                "## Step {}: {}\n\n{}\n\n**Task:** {}",
                i + 1,
                step.title,
                step.explanation.trim(),
                step.task.trim()
            ));
        }
        cells
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: String,
    pub explanation: String,
    pub task: String,
    pub check: CheckSpec,
    pub hints: Vec<String>,
    pub solution: String,
}

/// What a step's check compares.
#[derive(Debug, Clone, PartialEq)]
pub enum Compare {
    /// Every output operation, in order.
    Output,
    /// The DStream bound to this name.
    Stream(String),
    /// The program text must contain this (structure steps only).
    Structure(String),
}

/// Where a check's input comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Lines `from..=to` (1-based) of the lesson's dataset.
    Dataset {
        from: usize,
        to: usize,
        per_batch: usize,
    },
    /// Lines given in the lesson.
    Lines {
        lines: Vec<String>,
        per_batch: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckSpec {
    pub compare: Compare,
    pub input: Option<Input>,
    pub batches: u64,
    /// Compare each batch's records in order (for steps about sorting);
    /// otherwise as multisets.
    pub ordered: bool,
    /// Variants of the solution (by their label, see [`mutants`]) the check
    /// passes on purpose, each with why it is equivalent on this step.
    pub equivalent: Vec<(String, String)>,
}

/// A lesson file that does not follow `lessons/FORMAT.md`: the file and
/// what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("lesson {file}: {problem}")]
pub struct FormatError {
    pub file: String,
    pub problem: FormatProblem,
}

/// What is wrong with a lesson file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormatProblem {
    #[error("it must start with a front matter between '---' lines")]
    NoFrontMatter,
    /// A front matter key the lesson cannot do without.
    #[error("front matter: {0} is missing")]
    Missing(&'static str),
    #[error("front matter: batch: {0}")]
    Batch(crate::formats::duration::DurationError),
    /// Step `step` (1-based)'s `### Check` section.
    #[error("step {step}: {problem}")]
    Check { step: usize, problem: CheckProblem },
    #[error("step {step}: unknown section '### {name}'")]
    UnknownSection { step: usize, name: String },
    #[error("step {0} has no '### Check'")]
    NoCheck(usize),
    #[error("step {0} has no solution code")]
    NoSolution(usize),
    #[error("a lesson needs at least one '## Step:'")]
    NoSteps,
}

/// What is wrong with a step's `### Check` section.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckProblem {
    #[error("check line {0:?} is not 'key: value'")]
    NotKeyValue(String),
    #[error("unknown check key {0:?}")]
    UnknownKey(String),
    #[error("a check needs 'compare:'")]
    NoCompare,
    #[error("compare: {0:?} (output, stream NAME or structure TEXT)")]
    Compare(String),
    #[error("batches: {0:?} is not a number")]
    Batches(String),
    #[error("ordered: {0:?} (yes or no)")]
    Ordered(String),
    #[error("input: needs ', N per batch'")]
    InputNoPerBatch,
    #[error("input: write ', N per batch'")]
    InputPerBatch,
    #[error("input: dataset A-B")]
    InputNoRange,
    #[error("input: dataset A-B with numbers")]
    InputRangeNotNumbers,
    #[error("equivalent: {0:?} needs the reason on the indented lines below it")]
    EquivalentNoReason(String),
    #[error("input: unknown source {0:?} (dataset A-B or lines)")]
    InputSource(String),
}

/// `key: value` (a front matter or check line), parsed with nom.
fn key_value(i: &str) -> IResult<&str, (&str, &str)> {
    separated_pair(
        take_till1(|c: char| c == ':' || c.is_whitespace()),
        (space0, char(':'), space0),
        take_while(|c: char| c != '\n'),
    )
    .parse(i)
}

/// The front matter between `---` lines.
fn front_matter(i: &str) -> IResult<&str, Vec<(&str, &str)>> {
    let (i, _) = terminated(tag("---"), char('\n')).parse(i)?;
    let mut out = Vec::new();
    let mut rest = i;
    loop {
        let close: IResult<&str, &str> =
            preceded(tag("---"), take_while(|c: char| c != '\n')).parse(rest);
        if let Ok((r, _)) = close {
            return Ok((r.strip_prefix('\n').unwrap_or(r), out));
        }
        let (r, kv) = key_value(rest)?;
        out.push((kv.0, kv.1.trim()));
        rest = r.strip_prefix('\n').unwrap_or(r);
    }
}

fn parse_input(value: &str, extra: &[&str]) -> Result<Input, CheckProblem> {
    // `dataset A-B, N per batch` or `lines, N per batch` + indented lines.
    let (what, per) = value.split_once(',').ok_or(CheckProblem::InputNoPerBatch)?;
    let per_batch: usize = per
        .trim()
        .strip_suffix("per batch")
        .and_then(|n| n.trim().parse().ok())
        .ok_or(CheckProblem::InputPerBatch)?;
    let what = what.trim();
    if let Some(range) = what.strip_prefix("dataset") {
        let (a, b) = range
            .trim()
            .split_once('-')
            .ok_or(CheckProblem::InputNoRange)?;
        let from = a
            .trim()
            .parse()
            .map_err(|_| CheckProblem::InputRangeNotNumbers)?;
        let to = b
            .trim()
            .parse()
            .map_err(|_| CheckProblem::InputRangeNotNumbers)?;
        Ok(Input::Dataset {
            from,
            to,
            per_batch,
        })
    } else if what == "lines" {
        Ok(Input::Lines {
            lines: extra
                .iter()
                .map(|l| l.strip_prefix("    ").unwrap_or(l).to_string())
                .collect(),
            per_batch,
        })
    } else {
        Err(CheckProblem::InputSource(what.to_string()))
    }
}

fn parse_check(text: &str) -> Result<CheckSpec, CheckProblem> {
    let mut compare = None;
    let mut input = None;
    let mut batches = 5;
    let mut ordered = false;
    let mut equivalent = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.trim().is_empty() {
            continue;
        }
        let (_, (k, v)) =
            key_value(line).map_err(|_| CheckProblem::NotKeyValue(line.to_string()))?;
        let v = v.trim();
        match k {
            "compare" => {
                compare = Some(if v == "output" {
                    Compare::Output
                } else if let Some(n) = v.strip_prefix("stream ") {
                    Compare::Stream(n.trim().to_string())
                } else if let Some(t) = v.strip_prefix("structure ") {
                    Compare::Structure(t.trim().to_string())
                } else {
                    return Err(CheckProblem::Compare(v.to_string()));
                })
            }
            "input" => {
                let mut extra = Vec::new();
                while i < lines.len() && lines[i].starts_with("    ") {
                    extra.push(lines[i]);
                    i += 1;
                }
                input = Some(parse_input(v, &extra)?);
            }
            "batches" => {
                batches = v
                    .parse()
                    .map_err(|_| CheckProblem::Batches(v.to_string()))?
            }
            "ordered" => {
                ordered = match v {
                    "yes" | "true" => true,
                    "no" | "false" => false,
                    _ => return Err(CheckProblem::Ordered(v.to_string())),
                }
            }
            "equivalent" => {
                let mut why = Vec::new();
                while i < lines.len() && lines[i].starts_with("    ") {
                    why.push(lines[i].trim());
                    i += 1;
                }
                if why.is_empty() {
                    return Err(CheckProblem::EquivalentNoReason(v.to_string()));
                }
                equivalent.push((v.to_string(), why.join(" ")));
            }
            other => return Err(CheckProblem::UnknownKey(other.to_string())),
        }
    }
    Ok(CheckSpec {
        compare: compare.ok_or(CheckProblem::NoCompare)?,
        input,
        batches,
        ordered,
        equivalent,
    })
}

/// The code inside the first ```python fence of a section.
fn code_block(text: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            if inside {
                break;
            }
            inside = true;
            continue;
        }
        if inside {
            out.push(line);
        }
    }
    out.join("\n")
}

/// Parse one lesson file.
pub fn parse(number: usize, file: &str, text: &str) -> Result<Lesson, FormatError> {
    let err = |problem: FormatProblem| FormatError {
        file: file.to_string(),
        problem,
    };
    let (body, fm) = front_matter(text).map_err(|_| err(FormatProblem::NoFrontMatter))?;
    let get = |k: &str| {
        fm.iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.to_string())
    };
    let title = get("title").ok_or_else(|| err(FormatProblem::Missing("title")))?;
    let dataset = get("dataset").ok_or_else(|| err(FormatProblem::Missing("dataset")))?;
    let batch =
        crate::formats::duration::parse_duration(&get("batch").unwrap_or_else(|| "1s".into()))
            .map_err(|e| err(FormatProblem::Batch(e)))?;
    // Split into the intro and `## Step:` sections.
    let mut parts = body.split("\n## Step:");
    let intro = parts.next().unwrap_or("").trim().to_string();
    let mut steps = Vec::new();
    for (n, part) in parts.enumerate() {
        let (title, rest) = part.split_once('\n').unwrap_or((part, ""));
        let mut sections = rest.split("\n### ");
        let explanation = sections.next().unwrap_or("").trim().to_string();
        let (mut task, mut check, mut hints, mut solution) =
            (String::new(), None, Vec::new(), String::new());
        for s in sections {
            let (name, content) = s.split_once('\n').unwrap_or((s, ""));
            match name.trim() {
                "Task" => task = content.trim().to_string(),
                "Check" => {
                    check = Some(parse_check(content).map_err(|problem| {
                        err(FormatProblem::Check {
                            step: n + 1,
                            problem,
                        })
                    })?)
                }
                "Hint" => hints.push(content.trim().to_string()),
                "Solution" => solution = code_block(content),
                other => {
                    return Err(err(FormatProblem::UnknownSection {
                        step: n + 1,
                        name: other.to_string(),
                    }))
                }
            }
        }
        let check = check.ok_or_else(|| err(FormatProblem::NoCheck(n + 1)))?;
        if solution.trim().is_empty() {
            return Err(err(FormatProblem::NoSolution(n + 1)));
        }
        steps.push(Step {
            title: title.trim().to_string(),
            explanation,
            task,
            check,
            hints,
            solution,
        });
    }
    if steps.is_empty() {
        return Err(err(FormatProblem::NoSteps));
    }
    Ok(Lesson {
        number,
        title,
        dataset,
        batch,
        intro,
        steps,
    })
}

/// Every lesson, parsed.
pub fn all() -> Result<Vec<Lesson>, FormatError> {
    FILES
        .iter()
        .enumerate()
        .map(|(i, (n, text))| parse(i + 1, &format!("lessons/{n}"), text))
        .collect()
}

/// Why a lesson cannot be opened.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LessonError {
    #[error("there is no lesson {number}: lessons are numbered 1 to {count}")]
    NoSuchLesson { number: usize, count: usize },
    #[error(transparent)]
    Format(#[from] FormatError),
}

/// Lesson `n` (1-based).
pub fn lesson(n: usize) -> Result<Lesson, LessonError> {
    let (num, text) = FILES
        .get(n.wrapping_sub(1))
        .ok_or(LessonError::NoSuchLesson {
            number: n,
            count: FILES.len(),
        })?;
    Ok(parse(n, &format!("lessons/{num}"), text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_out_of_range_is_a_typed_error_naming_the_range() {
        let count = FILES.len();
        for n in [0, count + 1] {
            let e = lesson(n).unwrap_err();
            assert_eq!(e, LessonError::NoSuchLesson { number: n, count });
            assert!(
                e.to_string().contains(&format!("numbered 1 to {count}")),
                "{e}"
            );
        }
        assert!(lesson(1).is_ok());
    }

    const SAMPLE: &str = "---\ntitle: Demo\ndataset: big1\nbatch: 2s\n---\n\nIntro.\n\n## Step: One\n\nExplain.\n\n### Task\nDo it.\n\n### Check\ncompare: stream counts\ninput: lines, 2 per batch\n    a b\n    b\nbatches: 3\n\n### Hint\nH1\n\n### Solution\n```python\ncounts = 1\n```\n";

    #[test]
    fn parses_the_documented_format() {
        let l = parse(1, "demo", SAMPLE).unwrap();
        assert_eq!(l.title, "Demo");
        assert_eq!(l.batch, Duration::from_secs(2));
        assert_eq!(l.steps.len(), 1);
        let s = &l.steps[0];
        assert_eq!(s.check.compare, Compare::Stream("counts".into()));
        assert_eq!(
            s.check.input,
            Some(Input::Lines {
                lines: vec!["a b".into(), "b".into()],
                per_batch: 2
            })
        );
        assert_eq!(s.check.batches, 3);
        assert_eq!(s.hints, ["H1"]);
        assert_eq!(s.solution, "counts = 1");
    }

    #[test]
    fn an_equivalence_is_stated_with_its_reason() {
        let with = SAMPLE.replace(
            "batches: 3\n",
            "batches: 3\nequivalent: countByValue → count\n    each line is one record\n    here\n",
        );
        let l = parse(1, "demo", &with).unwrap();
        assert_eq!(
            l.steps[0].check.equivalent,
            [(
                "countByValue → count".to_string(),
                "each line is one record here".to_string()
            )]
        );
        let without = SAMPLE.replace("batches: 3\n", "batches: 3\nequivalent: x → y\n");
        assert_eq!(
            parse(1, "demo", &without).unwrap_err().problem,
            FormatProblem::Check {
                step: 1,
                problem: CheckProblem::EquivalentNoReason("x → y".into())
            }
        );
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let e = parse(1, "x", "no front matter").unwrap_err();
        assert_eq!(e.problem, FormatProblem::NoFrontMatter);
        assert_eq!(
            e.to_string(),
            "lesson x: it must start with a front matter between '---' lines"
        );
        let e = parse(
            1,
            "x",
            &SAMPLE.replace("compare: stream counts", "compare: vibes"),
        )
        .unwrap_err();
        assert_eq!(
            e.problem,
            FormatProblem::Check {
                step: 1,
                problem: CheckProblem::Compare("vibes".into())
            }
        );
        assert_eq!(
            e.to_string(),
            "lesson x: step 1: compare: \"vibes\" (output, stream NAME or structure TEXT)"
        );
    }
}
