//! Mutation testing of the checks: wrong variants of a step's solution,
//! derived mechanically from its syntax tree, each of which the step's check
//! must reject unless the lesson states it is equivalent (`equivalent:` in
//! the step's `### Check`, see `lessons/FORMAT.md`).
//!
//! The variants: swap the operands of a non-commuting operator (`a - b`,
//! `kv[1] > 30`); drop a call of a chain (`filter`, `lower`, `strip`,
//! `checkpoint`, `start`, `pprint`); move a numeric argument or a compared
//! number by one; replace a method by a close relative (`join` and
//! `leftOuterJoin`, ...); flip or add `ascending=` of `sortBy`; drop `or 0`.

use crate::lang::ast::{BinOp, BoolOp, CmpOp, Expr, ExprKind, Span, Stmt, StmtKind};

use super::check::{check_step, check_step_with};
use super::Lesson;

/// Calls a variant drops from a chain.
pub const DROPPED_CALLS: &[&str] = &["filter", "lower", "strip", "checkpoint", "start", "pprint"];

/// Methods a variant replaces by a close relative (both ways).
pub const RELATIVES: &[(&str, &str)] = &[
    ("join", "leftOuterJoin"),
    ("subtract", "subtractByKey"),
    ("countByValue", "count"),
];

/// Calls whose numbers are addresses or set-up, not the step's logic.
const SETUP_CALLS: &[&str] = &["socketTextStream", "option", "StreamingContext"];

/// One wrong variant of a solution.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// What was changed, as the lesson's `equivalent:` lines name it.
    pub label: String,
    /// The solution with the change made.
    pub program: String,
}

/// One edit: replace `span` of the text by `with`.
struct Edit {
    span: Span,
    with: String,
}

fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.with);
    }
    out
}

fn src(text: &str, s: Span) -> &str {
    text.get(s.start..s.end).unwrap_or("")
}

/// An operand's text, in parentheses unless it is atomic.
fn operand(text: &str, e: &Expr) -> String {
    let t = src(text, e.span);
    match e.kind {
        ExprKind::Name(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Call { .. }
        | ExprKind::Attribute { .. }
        | ExprKind::Subscript { .. }
        | ExprKind::None
        | ExprKind::Bool(_) => t.to_string(),
        _ => format!("({t})"),
    }
}

/// The variants of a program, in source order; none when it does not parse.
pub fn variants(text: &str) -> Vec<Variant> {
    let Ok(program) = crate::lang::parse::parse_program(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut exprs = Vec::new();
    collect_stmts(&program.stmts, &mut exprs);
    for e in exprs {
        mutate(text, e, &mut out);
    }
    out
}

fn collect_stmts<'a>(stmts: &'a [Stmt], out: &mut Vec<&'a Expr>) {
    for s in stmts {
        s.for_each_expr(|e| collect_expr(e, out));
        match &s.kind {
            StmtKind::Def(d) => collect_stmts(&d.body, out),
            StmtKind::Class(c) => collect_stmts(&c.body, out),
            _ => {}
        }
        for b in s.blocks() {
            collect_stmts(b, out);
        }
    }
}

fn collect_expr<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    out.push(e);
    e.for_each_child(|c| collect_expr(c, out));
}

/// `e` moved by one, if it is a number. A call's argument is not moved to 0
/// (no duration, count or threshold argument of zero is a plausible slip).
fn number_edits(text: &str, e: &Expr, context: &str, zero: bool, out: &mut Vec<Variant>) {
    let old = src(text, e.span);
    let news: Vec<String> = match &e.kind {
        ExprKind::Int(n) => {
            let one = num_bigint::BigInt::from(1);
            let mut v = vec![(n + &one).to_string()];
            if *n > num_bigint::BigInt::from(u8::from(!zero)) {
                v.push((n - &one).to_string());
            }
            v
        }
        ExprKind::Float(x) => vec![format!("{:?}", x + 1.0), format!("{:?}", x - 1.0)],
        _ => return,
    };
    for new in news {
        out.push(Variant {
            label: format!("{old} → {new} in {context}"),
            program: apply(
                text,
                vec![Edit {
                    span: e.span,
                    with: new.clone(),
                }],
            ),
        });
    }
}

fn mutate(text: &str, e: &Expr, out: &mut Vec<Variant>) {
    let whole = src(text, e.span);
    match &e.kind {
        ExprKind::BinOp { op, left, right }
            if !matches!(
                op,
                BinOp::Add | BinOp::Mul | BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor
            ) =>
        {
            out.push(Variant {
                label: format!("swap the operands of {whole}"),
                program: apply(
                    text,
                    vec![
                        Edit {
                            span: left.span,
                            with: operand(text, right),
                        },
                        Edit {
                            span: right.span,
                            with: operand(text, left),
                        },
                    ],
                ),
            });
        }
        ExprKind::Compare { left, ops } if ops.len() == 1 => {
            let (op, right) = &ops[0];
            if matches!(op, CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE) {
                out.push(Variant {
                    label: format!("swap the operands of {whole}"),
                    program: apply(
                        text,
                        vec![
                            Edit {
                                span: left.span,
                                with: operand(text, right),
                            },
                            Edit {
                                span: right.span,
                                with: operand(text, left),
                            },
                        ],
                    ),
                });
            }
            for side in [&**left, right] {
                number_edits(text, side, &format!("the comparison {whole}"), true, out);
            }
        }
        ExprKind::BoolOp {
            op: BoolOp::Or,
            values,
        } if values.len() == 2 && matches!(&values[1].kind, ExprKind::Int(n) if *n == 0.into()) => {
            out.push(Variant {
                label: format!("drop \"or 0\" in {whole}"),
                program: apply(
                    text,
                    vec![Edit {
                        span: e.span,
                        with: operand(text, &values[0]),
                    }],
                ),
            });
        }
        ExprKind::Call { func, args, kwargs } => {
            let name = match &func.kind {
                ExprKind::Attribute { attr, .. } => attr.as_str(),
                ExprKind::Name(n) => n.as_str(),
                _ => "",
            };
            if !SETUP_CALLS.contains(&name) {
                for a in args.iter().chain(kwargs.iter().map(|k| &k.value)) {
                    number_edits(text, a, name, false, out);
                }
            }
            let ExprKind::Attribute {
                value, attr_span, ..
            } = &func.kind
            else {
                return;
            };
            let call_text = src(text, Span::new(attr_span.start, e.span.end));
            if DROPPED_CALLS.contains(&name) {
                out.push(Variant {
                    label: format!("drop .{call_text}"),
                    program: apply(
                        text,
                        vec![Edit {
                            span: e.span,
                            with: src(text, value.span).to_string(),
                        }],
                    ),
                });
            }
            for (a, b) in RELATIVES {
                let other = if name == *a {
                    b
                } else if name == *b {
                    a
                } else {
                    continue;
                };
                out.push(Variant {
                    label: format!("{name} → {other}"),
                    program: apply(
                        text,
                        vec![Edit {
                            span: *attr_span,
                            with: other.to_string(),
                        }],
                    ),
                });
            }
            if name == "sortBy" {
                let edit = match kwargs.iter().find(|k| k.name == "ascending") {
                    Some(k) => {
                        let flipped = match &k.value.kind {
                            ExprKind::Bool(b) => (!b).to_string(),
                            _ => format!("not ({})", src(text, k.value.span)),
                        };
                        let flipped = match flipped.as_str() {
                            "true" => "True".to_string(),
                            "false" => "False".to_string(),
                            _ => flipped,
                        };
                        Edit {
                            span: k.value.span,
                            with: flipped,
                        }
                    }
                    None => Edit {
                        // Just before the closing parenthesis.
                        span: Span::new(e.span.end - 1, e.span.end - 1),
                        with: ", ascending=False".to_string(),
                    },
                };
                out.push(Variant {
                    label: format!(
                        "sortBy with ascending={}",
                        edit.with.trim_start_matches(", ascending=")
                    ),
                    program: apply(text, vec![edit]),
                });
            }
        }
        _ => {}
    }
}

/// What the check said about one variant.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The check failed it, with this message.
    Rejected(String),
    /// The check passed it, and the lesson states it is equivalent.
    Equivalent(String),
    /// The check passed it and the lesson does not say why: a weak check.
    Survived,
}

/// The variants of one step and what its check said about each.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport {
    /// 1-based.
    pub step: usize,
    pub title: String,
    /// None when the step's check compares behaviour; else why no variant
    /// was tried.
    pub skipped: Option<String>,
    pub tried: Vec<(Variant, Outcome)>,
}

impl StepReport {
    pub fn survivors(&self) -> impl Iterator<Item = &Variant> {
        self.tried
            .iter()
            .filter(|(_, o)| *o == Outcome::Survived)
            .map(|(v, _)| v)
    }
    pub fn rejected(&self) -> usize {
        self.tried
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Rejected(_)))
            .count()
    }
}

/// Run every variant of step `index` (0-based) through its check, on up to
/// `threads` threads.
pub fn run_step(lesson: &Lesson, index: usize, threads: usize) -> StepReport {
    let step = &lesson.steps[index];
    let mut report = StepReport {
        step: index + 1,
        title: step.title.clone(),
        skipped: None,
        tried: Vec::new(),
    };
    if let super::Compare::Structure(t) = &step.check.compare {
        report.skipped = Some(format!(
            "its check looks for {t} in the program text and runs nothing"
        ));
        return report;
    }
    let vs = variants(&step.solution);
    let judge = check_step_with(lesson, index);
    let outcome = |v: &Variant| {
        let verdict = match &judge {
            Some(j) => j(&v.program),
            None => check_step(lesson, index, &v.program),
        };
        if !verdict.passed {
            Outcome::Rejected(verdict.message)
        } else if let Some((_, why)) = step.check.equivalent.iter().find(|(l, _)| *l == v.label) {
            Outcome::Equivalent(why.clone())
        } else {
            Outcome::Survived
        }
    };
    let threads = threads.max(1).min(vs.len().max(1));
    let chunk = vs.len().div_ceil(threads).max(1);
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = vs
            .chunks(chunk)
            .map(|c| s.spawn(|| c.iter().map(&outcome).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    report.tried = vs.into_iter().zip(outcomes).collect();
    report
}

/// The report of one step, as `streamlab lesson N --mutants` prints it.
pub fn render(r: &StepReport) -> String {
    let mut s = format!("step {} ({}): ", r.step, r.title);
    if let Some(why) = &r.skipped {
        s.push_str(&format!("no variants: {why}\n"));
        return s;
    }
    let survivors = r.survivors().count();
    s.push_str(&format!(
        "{} variants, {} rejected, {} stated equivalent, {} survived\n",
        r.tried.len(),
        r.rejected(),
        r.tried.len() - r.rejected() - survivors,
        survivors
    ));
    for (v, o) in &r.tried {
        match o {
            Outcome::Rejected(m) => {
                let first = m.lines().next().unwrap_or("");
                s.push_str(&format!("  rejected    {}: {first}\n", v.label));
            }
            Outcome::Equivalent(why) => s.push_str(&format!("  equivalent  {}: {why}\n", v.label)),
            Outcome::Survived => s.push_str(&format!("  SURVIVED    {}\n", v.label)),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        variants(text).into_iter().map(|v| v.label).collect()
    }

    #[test]
    fn variants_come_from_the_syntax_tree() {
        let text = "f = lambda a, b: a - b\nx = s.window(4, 2).filter(lambda kv: kv[1] > 30)\nx.pprint()\n";
        let vs = variants(text);
        let by = |l: &str| {
            vs.iter()
                .find(|v| v.label == l)
                .unwrap_or_else(|| panic!("no {l:?} in {:?}", labels(text)))
                .program
                .clone()
        };
        assert!(by("swap the operands of a - b").starts_with("f = lambda a, b: b - a\n"));
        assert!(by("4 → 5 in window").contains("s.window(5, 2)"));
        assert!(by("2 → 1 in window").contains("s.window(4, 1)"));
        assert!(by("swap the operands of kv[1] > 30").contains("lambda kv: 30 > kv[1]"));
        assert!(by("30 → 31 in the comparison kv[1] > 30").contains("kv[1] > 31"));
        assert!(by("drop .filter(lambda kv: kv[1] > 30)").contains("x = s.window(4, 2)\n"));
        assert!(by("drop .pprint()").ends_with("\nx\n"));
    }

    #[test]
    fn relatives_sort_direction_and_or_zero() {
        let text =
            "a = r.join(b).sortBy(lambda kv: kv[1])\nc = (s or 0) + 1\nd = r.countByValue()\n";
        let vs = variants(text);
        let got: Vec<(&str, &str)> = vs
            .iter()
            .map(|v| (v.label.as_str(), v.program.as_str()))
            .collect();
        assert!(
            got.iter()
                .any(|(l, p)| *l == "join → leftOuterJoin" && p.contains("r.leftOuterJoin(b)")),
            "{got:?}"
        );
        assert!(
            got.iter().any(|(l, p)| *l == "sortBy with ascending=False"
                && p.contains("sortBy(lambda kv: kv[1], ascending=False)")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(l, p)| *l == "drop \"or 0\" in s or 0" && p.contains("c = (s) + 1")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(l, p)| *l == "countByValue → count" && p.contains("r.count()")),
            "{got:?}"
        );
        // `+` commutes on numbers: not swapped.
        assert!(!got.iter().any(|(l, _)| l.starts_with("swap")), "{got:?}");
        // Every variant still parses.
        for v in &vs {
            assert!(
                crate::lang::parse::parse_program(&v.program).is_ok(),
                "{}",
                v.program
            );
        }
    }

    #[test]
    fn a_survivor_is_reported_unless_the_lesson_states_it_equivalent() {
        let lesson = |extra: &str| {
            let text = format!(
                "---\ntitle: T\ndataset: big1\nbatch: 1s\n---\n\n## Step: S\n\n### Task\nDo.\n\n### Check\ncompare: output\ninput: lines, 1 per batch\n    a\n    b\nbatches: 2\n{extra}\n### Solution\n```python\nlines = ssc.socketTextStream(\"localhost\", 9999)\nlines.filter(lambda l: l != \"\").pprint()\nssc.start()\n```\n"
            );
            crate::lessons::parse(1, "t", &text).unwrap()
        };
        let label = "drop .filter(lambda l: l != \"\")";
        let r = run_step(&lesson(""), 0, 2);
        assert_eq!(
            r.survivors().map(|v| v.label.as_str()).collect::<Vec<_>>(),
            [label]
        );
        assert_eq!(r.rejected(), 2, "{}", render(&r));
        let r = run_step(
            &lesson(&format!("equivalent: {label}\n    no line is empty\n")),
            0,
            2,
        );
        assert_eq!(r.survivors().count(), 0);
        assert!(
            render(&r).contains(&format!("equivalent  {label}: no line is empty")),
            "{}",
            render(&r)
        );
    }
}
