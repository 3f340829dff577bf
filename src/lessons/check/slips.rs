//! Slips a difference in records cannot name by itself, found in the
//! program: empty words from `split(" ")` (with the lesson paragraph that
//! discusses them) and stale definitions (a name built from an older version
//! of a name the learner retyped).

use std::collections::{BTreeMap, BTreeSet};

use crate::lang::ast::{Expr, ExprKind, Stmt, StmtKind, Target};

use super::super::Lesson;

/// `why` (the comparison's message) with the slips the program shows.
pub fn name(lesson: &Lesson, index: usize, program: &str, why: String) -> String {
    let mut out = why;
    if let Some(s) = empty_words(lesson, index, program, &out) {
        out.push('\n');
        out.push_str(&s);
    }
    if let Some(s) = stale(program) {
        out.push('\n');
        out.push_str(&s);
    }
    out
}

const SPLIT_ON_SPACE: &str = "split(\" \")";

/// The program splits on single spaces (the solution does not), or the
/// difference shows an empty word.
fn empty_words(lesson: &Lesson, index: usize, program: &str, why: &str) -> Option<String> {
    let splits = |t: &str| t.contains(SPLIT_ON_SPACE) || t.contains("split(' ')");
    let empty_record = why.contains("('', ") || why.contains(" '' ");
    let splits_on_space = splits(program) && !splits(&lesson.steps[index].solution);
    if !splits_on_space && empty_record {
        return Some(
            "empty words '': a word made only of punctuation is '' once stripped; drop empty words with .filter(lambda w: w != \"\")".into(),
        );
    }
    if !splits_on_space {
        return None;
    }
    let mut msg = format!(
        "empty words: {SPLIT_ON_SPACE} gives an empty word '' for every extra space and for a blank line; split() with no argument never does"
    );
    // The paragraph of this lesson (else of the course) that discusses it.
    let here = std::iter::once(lesson.clone());
    let course = super::super::all().unwrap_or_default();
    for l in here.chain(course) {
        for (i, s) in l.steps.iter().enumerate() {
            if let Some(p) = s.explanation.split("\n\n").find(|p| {
                p.contains(&format!("`line.{SPLIT_ON_SPACE}`")) || p.contains(SPLIT_ON_SPACE)
            }) {
                let first = p.split(". ").next().unwrap_or(p).replace('\n', " ");
                msg.push_str(&format!(
                    " (lesson {}, step {} \"{}\": \"{}...\")",
                    l.number,
                    i + 1,
                    s.title,
                    first.replace('`', "")
                ));
                return Some(msg);
            }
        }
    }
    Some(msg)
}

fn names_in(e: &Expr, out: &mut BTreeSet<String>) {
    if let ExprKind::Name(n) = &e.kind {
        out.insert(n.clone());
    }
    e.for_each_child(|c| names_in(c, out));
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// Names whose last definition uses an older version of a name defined
/// again later, as a message naming them; None when there is none.
fn stale(program: &str) -> Option<String> {
    let parsed = crate::lang::parse::parse_program(program).ok()?;
    // (statement index, target name or None for an expression statement,
    // names it reads, line)
    let mut stmts: Vec<(usize, Option<String>, BTreeSet<String>, usize)> = Vec::new();
    let mut last: BTreeMap<String, usize> = BTreeMap::new();
    for (i, s) in parsed.stmts.iter().enumerate() {
        let reads = |s: &Stmt| {
            let mut r = BTreeSet::new();
            s.for_each_expr(|e| names_in(e, &mut r));
            r
        };
        let line = line_of(program, s.span.start);
        match &s.kind {
            StmtKind::Assign {
                target: Target::Name(n, _),
                value,
            } => {
                let mut r = BTreeSet::new();
                names_in(value, &mut r);
                stmts.push((i, Some(n.clone()), r, line));
                last.insert(n.clone(), i);
            }
            StmtKind::Expr(_) => stmts.push((i, None, reads(s), line)),
            _ => {}
        }
    }
    // Walk in order: a definition is stale when it reads a name defined
    // again after it, or a stale name.
    let mut stale: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    let mut retyped: BTreeSet<String> = BTreeSet::new();
    for (i, target, reads, line) in &stmts {
        let old: BTreeSet<String> = reads
            .iter()
            .filter(|r| last.get(*r).is_some_and(|l| l > i) || stale.contains_key(*r))
            .cloned()
            .collect();
        if old.is_empty() {
            continue;
        }
        match target {
            Some(t) if last.get(t) == Some(i) => {
                retyped.extend(old.iter().filter(|r| !stale.contains_key(*r)).cloned());
                stale.insert(t.clone(), (*line, old));
            }
            _ => {}
        }
    }
    if stale.is_empty() {
        return None;
    }
    let list = |xs: Vec<String>| match xs.len() {
        0 => String::new(),
        1 => xs[0].clone(),
        n => format!("{} and {}", xs[..n - 1].join(", "), xs[n - 1]),
    };
    let names: Vec<String> = stale
        .iter()
        .map(|(n, (line, _))| format!("`{n}` (line {line})"))
        .collect();
    let roots: Vec<String> = retyped
        .iter()
        .map(|r| {
            format!(
                "`{r}` (line {})",
                last.get(r)
                    .map_or(0, |l| stmts.iter().find(|s| s.0 == *l).map_or(0, |s| s.3))
            )
        })
        .collect();
    Some(format!(
        "stale definitions: you retyped {}, but {} {} still built from the old one: a stream is bound to the streams it was built from when it is defined. Type {} again after it",
        list(roots),
        list(names),
        if stale.len() == 1 { "is" } else { "are" },
        if stale.len() == 1 { "it" } else { "them" },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_built_from_a_retyped_name_is_stale() {
        let p = "lines = s()\nwords = lines.flatMap(f)\npairs = words.map(g)\ncounts = pairs.reduceByKey(h)\ncounts.pprint()\nwords = lines.flatMap(f2)\n";
        let m = stale(p).unwrap();
        assert_eq!(m, "stale definitions: you retyped `words` (line 6), but `counts` (line 4) and `pairs` (line 3) are still built from the old one: a stream is bound to the streams it was built from when it is defined. Type them again after it");
        // Retyping the whole chain is not stale.
        let fixed =
            format!("{p}pairs = words.map(g)\ncounts = pairs.reduceByKey(h)\ncounts.pprint()\n");
        assert_eq!(stale(&fixed), None);
        assert_eq!(stale("a = 1\nb = a\na = 2\nb = a\n"), None);
    }
}
