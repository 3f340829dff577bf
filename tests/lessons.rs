//! The course keeps itself honest: every lesson parses, every step's solution
//! passes its own check, and every typical mistake in `lessons/mistakes/`
//! fails with a message that names the problem.

use std::path::Path;

use streamlab::lessons::check::check_step;
use streamlab::lessons::mutants::{render, run_step, Outcome};
use streamlab::lessons::{all, Compare};

#[test]
fn every_lesson_parses_and_there_are_twelve() {
    let lessons = all().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lessons.len(), 12, "lessons 01..12 in lessons/");
    for l in &lessons {
        assert!(!l.steps.is_empty(), "lesson {} has steps", l.number);
        for (i, s) in l.steps.iter().enumerate() {
            assert!(
                !s.task.is_empty(),
                "lesson {} step {} has a task",
                l.number,
                i + 1
            );
            assert!(
                s.hints.len() <= 3,
                "lesson {} step {}: at most three hints",
                l.number,
                i + 1
            );
        }
    }
}

#[test]
fn every_solution_passes_its_own_check() {
    let mut failures = Vec::new();
    for l in all().expect("lessons") {
        for (i, s) in l.steps.iter().enumerate() {
            let v = check_step(&l, i, &s.solution);
            if !v.passed {
                failures.push(format!(
                    "lesson {} step {} ({}): {}",
                    l.number,
                    i + 1,
                    s.title,
                    v.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `# lesson: N`, `# step: S`, `# expect: TEXT` at the top of a mistake file.
fn header(text: &str, key: &str) -> Option<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix('#'))
        .find_map(|l| {
            l.trim()
                .strip_prefix(&format!("{key}:"))
                .map(|v| v.trim().to_string())
        })
}

#[test]
fn typical_mistakes_fail_with_a_message_that_names_them() {
    let lessons = all().expect("lessons");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons/mistakes");
    let mut per_lesson = vec![0usize; lessons.len() + 1];
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("lessons/mistakes")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "py"))
    {
        let text = std::fs::read_to_string(f).expect("read");
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (Some(n), Some(s), Some(expect)) = (
            header(&text, "lesson"),
            header(&text, "step"),
            header(&text, "expect"),
        ) else {
            failures.push(format!(
                "{name}: needs # lesson:, # step: and # expect: lines"
            ));
            continue;
        };
        let (n, s): (usize, usize) = (
            n.parse().expect("lesson number"),
            s.parse().expect("step number"),
        );
        let lesson = &lessons[n - 1];
        assert!(
            s >= 1 && s <= lesson.steps.len(),
            "{name}: lesson {n} has no step {s}"
        );
        per_lesson[n] += 1;
        let v = check_step(lesson, s - 1, &text);
        if v.passed {
            failures.push(format!(
                "{name}: the check passed, but this mistake must fail"
            ));
        } else if !v.message.contains(&expect) {
            failures.push(format!(
                "{name}: expected a message containing {expect:?}, got:\n{}",
                v.message
            ));
        }
    }
    for l in &lessons {
        let behaviour = l
            .steps
            .iter()
            .any(|s| !matches!(s.check.compare, Compare::Structure(_)));
        if behaviour && per_lesson[l.number] < 2 {
            failures.push(format!(
                "lesson {} has {} typical mistakes; at least two are needed",
                l.number, per_lesson[l.number]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn lesson_check_command_prints_a_verdict_per_step() {
    let lesson = &all().expect("lessons")[0];
    let dir = tempfile::tempdir().expect("tempdir");
    let solution = dir.path().join("solution.py");
    let last = lesson.steps.last().expect("a step");
    std::fs::write(&solution, &last.solution).expect("write");
    let out = assert_cmd::Command::cargo_bin("streamlab")
        .expect("binary")
        .args(["lesson", "1", "--check"])
        .arg(&solution)
        .args(["--step", &lesson.steps.len().to_string()])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("passed"), "{stdout}");
    let wrong = dir.path().join("wrong.py");
    std::fs::write(
        &wrong,
        "lines = ssc.socketTextStream(\"localhost\", 9999)\nlines.count().pprint()\n",
    )
    .expect("write");
    let out = assert_cmd::Command::cargo_bin("streamlab")
        .expect("binary")
        .args(["lesson", "1", "--check"])
        .arg(&wrong)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAILED") && stdout.contains("batch 1"),
        "{stdout}"
    );
}

/// Lesson 11's steps are Structured Streaming queries: a REPL session that
/// still holds the query of an earlier step is judged by its newest query, and
/// a DStream program is told what the step is about.
#[test]
fn structured_steps_judge_the_newest_query_and_name_a_dstream_program() {
    let lessons = all().expect("lessons");
    let lesson = &lessons[10];
    let session = format!("{}\n{}", lesson.steps[0].solution, lesson.steps[1].solution);
    let v = check_step(lesson, 1, &session);
    assert!(v.passed, "{}", v.message);
    assert!(
        v.message
            .starts_with("in complete mode, the sink received the same rows as the solution's"),
        "{}",
        v.message
    );
    let v = check_step(lesson, 0, &session);
    assert!(!v.passed);
    assert!(
        v.message.starts_with(
            "the result table's columns are window, word, count; the solution's are word, count"
        ),
        "{}",
        v.message
    );
    let dstreams = "lines = ssc.socketTextStream(\"localhost\", 9999)\nlines.flatMap(lambda l: l.split(\" \")).countByValue().pprint()\nssc.start()\n";
    let v = check_step(lesson, 0, dstreams);
    assert!(!v.passed);
    assert!(
        v.message.starts_with("this step is about Structured Streaming: your program prints DStreams but starts no query"),
        "{}",
        v.message
    );
    let stopped = format!("{}\nquery.stop()\n", lesson.steps[0].solution);
    let v = check_step(lesson, 0, &stopped);
    assert_eq!(
        v.message,
        "your program starts no query: end it with .writeStream.outputMode(\"complete\").format(\"console\").start()"
    );
}

/// A learner may name the StreamingContext as they like: every DStream step's
/// solution, rewritten to create and start `streaming` instead of using
/// `ssc`, still passes its check.
#[test]
fn a_context_named_streaming_passes_the_checks() {
    let lessons = all().expect("lessons");
    let mut checked = 0;
    for l in &lessons {
        for (i, s) in l.steps.iter().enumerate() {
            if !s.solution.contains("ssc.") {
                continue;
            }
            let renamed = format!(
                "from pyspark.streaming import StreamingContext\nstreaming = StreamingContext(sc, 1)\n{}\nstreaming.start()\n",
                s.solution.replace("ssc.", "streaming.")
            );
            let v = check_step(l, i, &renamed);
            assert!(
                v.passed,
                "lesson {} step {}: {}\n{renamed}",
                l.number,
                i + 1,
                v.message
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "{checked}");
}

/// Mutation testing of the checks: every variant derived from a step's
/// solution (see `streamlab::lessons::mutants`) fails the step's check unless
/// the lesson states why it is equivalent. The variants run in-process, in
/// parallel; the report of every step is printed (`--nocapture`).
#[test]
fn every_check_rejects_the_variants_of_its_solution() {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut survivors = Vec::new();
    let (mut tried, mut rejected, mut steps_with_variants) = (0, 0, 0);
    for l in all().expect("lessons") {
        for i in 0..l.steps.len() {
            let r = run_step(&l, i, threads);
            print!("lesson {} {}", l.number, render(&r));
            tried += r.tried.len();
            rejected += r.rejected();
            if !r.tried.is_empty() {
                steps_with_variants += 1;
            }
            for v in r.survivors() {
                survivors.push(format!("lesson {} step {}: {}", l.number, i + 1, v.label));
            }
            // A stated equivalence names a variant that exists and passes.
            for (label, _) in &l.steps[i].check.equivalent {
                assert!(
                    r.tried
                        .iter()
                        .any(|(v, o)| v.label == *label && matches!(o, Outcome::Equivalent(_))),
                    "lesson {} step {}: equivalent: {label:?} is not a variant the check passes",
                    l.number,
                    i + 1
                );
            }
        }
    }
    println!("{tried} variants, {rejected} rejected, in {steps_with_variants} steps");
    assert!(
        tried >= 130 && steps_with_variants >= 25,
        "{tried} variants in {steps_with_variants} steps"
    );
    assert!(
        survivors.is_empty(),
        "variants the checks pass:\n{}",
        survivors.join("\n")
    );
}

/// The survivors the issue found are rejected now, each with a message that
/// names why.
#[test]
fn the_known_survivors_are_rejected_with_their_reason() {
    let lessons = all().expect("lessons");
    let find = |lesson: usize, step: usize, label: &str| {
        let r = run_step(&lessons[lesson - 1], step - 1, 2);
        let (_, o) = r
            .tried
            .into_iter()
            .find(|(v, _)| v.label == label)
            .unwrap_or_else(|| panic!("lesson {lesson} step {step} has no variant {label:?}"));
        match o {
            Outcome::Rejected(m) => m,
            other => panic!("lesson {lesson} step {step}: {label}: {other:?}"),
        }
    };
    let m = find(6, 2, "swap the operands of a - b");
    assert!(
        m.starts_with("batch ") && m.contains("a count went negative"),
        "{m}"
    );
    for (l, s) in [(5, 3), (6, 2)] {
        let m = find(l, s, "drop .checkpoint(\"checkpoint\")");
        assert!(
            m.contains("The checkpoint directory has not been set")
                && m.contains("call ssc.checkpoint(\"checkpoint\") before ssc.start()"),
            "{m}"
        );
    }
    let m = find(1, 1, "drop .start()");
    assert!(m.contains("never starts the context"), "{m}");
    let m = find(1, 3, "drop .filter(lambda w: w != \"\")");
    assert!(
        m.contains("empty words ''") && m.contains("filter(lambda w: w != \"\")"),
        "{m}"
    );
}

#[test]
fn lesson_mutants_command_lists_the_variants_and_their_verdicts() {
    let out = assert_cmd::Command::cargo_bin("streamlab")
        .expect("binary")
        .args(["lesson", "1", "--mutants", "--step", "1"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("step 1 (Read the socket and print each batch): 2 variants, 2 rejected, 0 stated equivalent, 0 survived")
            && stdout.contains("  rejected    drop .start(): the records are right, but your program never starts the context"),
        "{stdout}"
    );
}
