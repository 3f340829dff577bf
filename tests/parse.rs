//! Tests of `lang::parse`: the tree for every construct of the subset, spans,
//! one test per common mistake (line:col and phrase), `is_incomplete`, the
//! conformance programs, fixture folders, and a no-panic property.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use streamlab::lang::ast::*;
use streamlab::lang::parse::{is_incomplete, parse_program, SyntaxError};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn parse(src: &str) -> Program {
    match parse_program(src) {
        Ok(p) => p,
        Err(e) => panic!("{src:?} failed to parse: {e:?}"),
    }
}

fn parse_err(src: &str) -> SyntaxError {
    match parse_program(src) {
        Ok(p) => panic!("{src:?} parsed but should fail: {p:?}"),
        Err(e) => e,
    }
}

/// The expression of a one-statement program `src`.
fn expr(src: &str) -> Expr {
    let mut p = parse(src);
    assert_eq!(p.stmts.len(), 1, "{src:?}");
    match p.stmts.remove(0).kind {
        StmtKind::Expr(e) => e,
        StmtKind::Assign { value, .. } => value,
        other => panic!("not an expression statement: {other:?}"),
    }
}

/// A compact S-expression of an expression, to assert on shapes.
fn sx(e: &Expr) -> String {
    let list = |items: &[Expr]| items.iter().map(sx).collect::<Vec<_>>().join(" ");
    match &e.kind {
        ExprKind::Name(n) => n.clone(),
        ExprKind::None => "None".into(),
        ExprKind::Bool(b) => if *b { "True" } else { "False" }.into(),
        ExprKind::Int(i) => i.to_string(),
        ExprKind::Float(f) => format!("{f:?}"),
        ExprKind::Str(s) => format!("{s:?}"),
        ExprKind::Lambda { params, body } => {
            format!("(lambda [{}] {})", params_sx(params), sx(body))
        }
        ExprKind::IfExp { test, body, orelse } => {
            format!("(if {} {} {})", sx(test), sx(body), sx(orelse))
        }
        ExprKind::BoolOp { op, values } => {
            let op = if *op == BoolOp::And { "and" } else { "or" };
            format!("({op} {})", list(values))
        }
        ExprKind::Not(x) => format!("(not {})", sx(x)),
        ExprKind::Compare { left, ops } => {
            let rest: Vec<String> = ops
                .iter()
                .map(|(o, r)| format!("{} {}", o.symbol(), sx(r)))
                .collect();
            format!("(cmp {} {})", sx(left), rest.join(" "))
        }
        ExprKind::BinOp { op, left, right } => {
            let op = if *op == BinOp::Pow { "**" } else { op.symbol() };
            format!("({op} {} {})", sx(left), sx(right))
        }
        ExprKind::Neg(x) => format!("(neg {})", sx(x)),
        ExprKind::Pos(x) => format!("(pos {})", sx(x)),
        ExprKind::Invert(x) => format!("(inv {})", sx(x)),
        ExprKind::Attribute { value, attr, .. } => format!("(. {} {attr})", sx(value)),
        ExprKind::Call { func, args, kwargs } => {
            let mut parts: Vec<String> = args.iter().map(sx).collect();
            parts.extend(
                kwargs
                    .iter()
                    .map(|k| format!("{}={}", k.name, sx(&k.value))),
            );
            format!("(call {} [{}])", sx(func), parts.join(" "))
        }
        ExprKind::Subscript { value, index } => format!("([] {} {})", sx(value), sx(index)),
        ExprKind::Slice {
            value,
            lower,
            upper,
            step,
        } => {
            let part = |p: &Option<Box<Expr>>| p.as_ref().map_or("_".to_string(), |e| sx(e));
            format!(
                "(slice {} {} {} {})",
                sx(value),
                part(lower),
                part(upper),
                part(step)
            )
        }
        ExprKind::Tuple(items) => format!("(tuple {})", list(items)),
        ExprKind::List(items) => format!("[{}]", list(items)),
        ExprKind::Dict(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|(k, v)| format!("{}: {}", sx(k), sx(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        ExprKind::ListComp { elt, generators } => {
            format!("(comp {} {})", sx(elt), gens_sx(generators))
        }
        ExprKind::GeneratorExp { elt, generators } => {
            format!("(genexp {} {})", sx(elt), gens_sx(generators))
        }
        ExprKind::SetComp { elt, generators } => {
            format!("(setcomp {} {})", sx(elt), gens_sx(generators))
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => format!(
            "(dictcomp {}: {} {})",
            sx(key),
            sx(value),
            gens_sx(generators)
        ),
        ExprKind::Set(items) => format!("(set {})", list(items)),
        ExprKind::DictUnpack(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|(k, v)| match k {
                    Some(k) => format!("{}: {}", sx(k), sx(v)),
                    None => format!("**{}", sx(v)),
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        ExprKind::Starred(x) => format!("*{}", sx(x)),
        ExprKind::FString(parts) => {
            let parts: Vec<String> = parts
                .iter()
                .map(|p| match p {
                    FPart::Lit(t) => format!("{t:?}"),
                    FPart::Field { value, conv, spec } => format!(
                        "{{{}{}{}}}",
                        sx(value),
                        conv.map(|c| format!("!{c}")).unwrap_or_default(),
                        if spec.is_empty() { "" } else { ":spec" }
                    ),
                })
                .collect();
            format!("(f {})", parts.join(" "))
        }
        ExprKind::Yield { value, from } => format!(
            "(yield{} {})",
            if *from { "-from" } else { "" },
            value.as_ref().map_or("_".to_string(), |v| sx(v))
        ),
    }
}

fn gens_sx(generators: &[streamlab::lang::ast::Comprehension]) -> String {
    generators
        .iter()
        .map(|g| {
            let ifs: String = g.ifs.iter().map(|c| format!(" if {}", sx(c))).collect();
            format!("for {} in {}{ifs}", target_sx(&g.target), sx(&g.iter))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn params_sx(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| match &p.default {
            Some(d) => format!("{}={}", p.name, sx(d)),
            None => p.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn target_sx(t: &Target) -> String {
    match t {
        Target::Name(n, _) => n.clone(),
        Target::Tuple(items, _) => {
            format!(
                "({})",
                items.iter().map(target_sx).collect::<Vec<_>>().join(" ")
            )
        }
        Target::Subscript { value, index, .. } => format!("([] {} {})", sx(value), sx(index)),
        Target::Attribute { value, attr, .. } => format!("(. {} {attr})", sx(value)),
        Target::Starred(inner, _) => format!("*{}", target_sx(inner)),
    }
}

fn e(src: &str) -> String {
    sx(&expr(src))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let before = &src[..pos];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Assert that `src` fails at `line:col` with a message containing `phrase`.
fn assert_error(src: &str, line: usize, col: usize, phrase: &str) {
    let err = parse_err(src);
    assert_eq!(
        line_col(src, err.span.start),
        (line, col),
        "{src:?}: wrong position for {:?}",
        err.message
    );
    assert!(
        err.message.contains(phrase),
        "{src:?}: message {:?} does not contain {phrase:?}",
        err.message
    );
    for word in ["expr_", "_stmt", "_atom", "EOI", "Rule::"] {
        assert!(
            !err.message.contains(word),
            "raw rule name in {:?}",
            err.message
        );
    }
}

fn text(src: &str, span: Span) -> &str {
    &src[span.start..span.end]
}

// ---------------------------------------------------------------------------
// Expressions: precedence and shapes
// ---------------------------------------------------------------------------

#[test]
fn power_binds_tighter_than_unary_minus() {
    assert_eq!(e("-2 ** 2"), "(neg (** 2 2))");
    assert_eq!(e("2 ** -1"), "(** 2 (neg 1))");
    assert_eq!(e("2 ** 3 ** 2"), "(** 2 (** 3 2))");
    assert_eq!(e("+x"), "(pos x)");
    assert_eq!(e("--x"), "(neg (neg x))");
}

#[test]
fn invert_binds_as_unary_minus() {
    assert_eq!(e("~2 ** 2"), "(inv (** 2 2))");
    assert_eq!(e("-~2"), "(neg (inv 2))");
    assert_eq!(e("~a * b"), "(* (inv a) b)");
    assert_eq!(e("2 ** ~x"), "(** 2 (inv x))");
    assert_eq!(e("~a & b"), "(& (inv a) b)");
    assert_eq!(e("not ~x"), "(not (inv x))");
}

#[test]
fn arithmetic_is_left_associative_with_python_precedence() {
    assert_eq!(e("a - b - c"), "(- (- a b) c)");
    assert_eq!(e("a + b * c"), "(+ a (* b c))");
    assert_eq!(e("a // b % c / d"), "(/ (% (// a b) c) d)");
    assert_eq!(e("(a + b) * c"), "(* (+ a b) c)");
    assert_eq!(e("-a * b"), "(* (neg a) b)");
}

#[test]
fn boolean_operators() {
    assert_eq!(e("a or b and c"), "(or a (and b c))");
    assert_eq!(e("a and b or c and d"), "(or (and a b) (and c d))");
    assert_eq!(e("a or b or c"), "(or a b c)");
    assert_eq!(e("not a in b"), "(not (cmp a in b))");
    assert_eq!(e("not not a"), "(not (not a))");
    assert_eq!(e("not a and b"), "(and (not a) b)");
}

#[test]
fn comparisons_and_chains() {
    assert_eq!(e("0 < n <= 10"), "(cmp 0 < n <= 10)");
    assert_eq!(e("a not in b"), "(cmp a not in b)");
    assert_eq!(e("a is not None"), "(cmp a is not None)");
    assert_eq!(e("a is None"), "(cmp a is None)");
    assert_eq!(e("a == b != c"), "(cmp a == b != c)");
    assert_eq!(e("a >= b > c"), "(cmp a >= b > c)");
    assert_eq!(e("a + 1 < b * 2"), "(cmp (+ a 1) < (* b 2))");
}

#[test]
fn conditional_expressions() {
    assert_eq!(e("x if c else y if d else z"), "(if c x (if d y z))");
    assert_eq!(e("a or b if c else d"), "(if c (or a b) d)");
    assert_eq!(e("lambda: x if c else y"), "(lambda [] (if c x y))");
}

#[test]
fn lambdas() {
    assert_eq!(e("lambda a, b=1: a + b"), "(lambda [a b=1] (+ a b))");
    assert_eq!(e("lambda: 0"), "(lambda [] 0)");
    assert_eq!(e("lambda x: lambda y: x"), "(lambda [x] (lambda [y] x))");
    assert_eq!(
        e("sorted(xs, key=lambda p: (-p[1], p[0]), reverse=True)"),
        "(call sorted [xs key=(lambda [p] (tuple (neg ([] p 1)) ([] p 0))) reverse=True])"
    );
    assert_eq!(
        e("f(lambda a, b: a + b, None, 3)"),
        "(call f [(lambda [a b] (+ a b)) None 3])"
    );
}

#[test]
fn lambda_span_is_its_source_text() {
    let src = "s.map(lambda w: (w[1:], w[:-1]) ).reduce(lambda a, b: a + b)";
    let mut lambdas = Vec::new();
    collect_lambdas(&expr(src), &mut lambdas);
    let texts: Vec<&str> = lambdas.iter().map(|s| text(src, *s)).collect();
    assert_eq!(texts, ["lambda w: (w[1:], w[:-1])", "lambda a, b: a + b"]);
}

fn collect_lambdas(e: &Expr, out: &mut Vec<Span>) {
    match &e.kind {
        ExprKind::Lambda { body, .. } => {
            out.push(e.span);
            collect_lambdas(body, out);
        }
        ExprKind::Call { func, args, kwargs } => {
            collect_lambdas(func, out);
            args.iter().for_each(|a| collect_lambdas(a, out));
            kwargs.iter().for_each(|k| collect_lambdas(&k.value, out));
        }
        ExprKind::Attribute { value, .. } => collect_lambdas(value, out),
        _ => {}
    }
}

#[test]
fn calls_attributes_subscripts() {
    assert_eq!(e("a.b.c(1)(2)"), "(call (call (. (. a b) c) [1]) [2])");
    assert_eq!(e("f(x, y,)"), "(call f [x y])");
    assert_eq!(e("f()"), "(call f [])");
    assert_eq!(e("x[0]"), "([] x 0)");
    assert_eq!(e("x[-1]"), "([] x (neg 1))");
    assert_eq!(e("x[1, 2]"), "([] x (tuple 1 2))");
    assert_eq!(e("parts[4][1:]"), "(slice ([] parts 4) 1 _ _)");
    assert_eq!(e("{'a': 1}.get('a')"), "(call (. {\"a\": 1} get) [\"a\"])");
}

#[test]
fn slices_with_missing_parts() {
    assert_eq!(e("w[1:]"), "(slice w 1 _ _)");
    assert_eq!(e("w[:-1]"), "(slice w _ (neg 1) _)");
    assert_eq!(e("w[-2:]"), "(slice w (neg 2) _ _)");
    assert_eq!(e("w[::-1]"), "(slice w _ _ (neg 1))");
    assert_eq!(e("w[1:100]"), "(slice w 1 100 _)");
    assert_eq!(e("w[::2]"), "(slice w _ _ 2)");
    assert_eq!(e("w[:]"), "(slice w _ _ _)");
    assert_eq!(e("w[1:5:2]"), "(slice w 1 5 2)");
    assert_eq!(e("w[a+1 : b]"), "(slice w (+ a 1) b _)");
}

#[test]
fn tuples_and_parentheses() {
    assert_eq!(e("(x,)"), "(tuple x)");
    assert_eq!(e("(x)"), "x");
    assert_eq!(e("()"), "(tuple )");
    assert_eq!(e("(a, b)"), "(tuple a b)");
    assert_eq!(e("x = 1, 2"), "(tuple 1 2)");
    assert_eq!(e("x = 1,"), "(tuple 1)");
    assert_eq!(e("((a, b), c)"), "(tuple (tuple a b) c)");
    // A tuple's span includes its parentheses, a parenthesized name's does not.
    let src = "(a, b)";
    assert_eq!(text(src, expr(src).span), "(a, b)");
    let src = "( a )";
    assert_eq!(text(src, expr(src).span), "a");
}

#[test]
fn lists_and_dicts() {
    assert_eq!(e("[]"), "[]");
    assert_eq!(e("[1, 2,]"), "[1 2]");
    assert_eq!(e("[(1)]"), "[1]");
    assert_eq!(e("{}"), "{}");
    assert_eq!(
        e("{\"code\": c, \"ok\": c < 400}"),
        "{\"code\": c, \"ok\": (cmp c < 400)}"
    );
    assert_eq!(e("{1: 2,}"), "{1: 2}");
}

#[test]
fn comprehensions() {
    assert_eq!(
        e("[x * 2 for x in xs if x > 1]"),
        "(comp (* x 2) for x in xs if (cmp x > 1))"
    );
    assert_eq!(
        e("[(x, xs.count(x)) for x in xs]"),
        "(comp (tuple x (call (. xs count) [x])) for x in xs)"
    );
    assert_eq!(
        e("[a + b for a in xs for b in ys if a if b]"),
        "(comp (+ a b) for a in xs for b in ys if a if b)"
    );
    assert_eq!(e("[k for k, v in pairs]"), "(comp k for (k v) in pairs)");
    assert_eq!(e("[k for (k, v) in pairs]"), "(comp k for (k v) in pairs)");
    assert_eq!(
        e("[x if x else 0 for x in xs]"),
        "(comp (if x x 0) for x in xs)"
    );
    assert_eq!(e("[x for x in a or b]"), "(comp x for x in (or a b))");
    // A generator expression as the only argument.
    assert_eq!(
        e("sum(x for x in xs)"),
        "(call sum [(genexp x for x in xs)])"
    );
    assert_eq!(
        e("sum((x for x in xs))"),
        "(call sum [(genexp x for x in xs)])"
    );
}

#[test]
fn names_that_start_with_keywords() {
    for name in [
        "input",
        "iffy",
        "nothing",
        "format",
        "orders",
        "isdigit",
        "elsewhere",
        "lambda_",
        "Nonexistent",
        "Truth",
        "fromage",
        "import_",
        "passed",
        "returns",
        "defined",
        "android",
        "island",
    ] {
        assert_eq!(e(name), name);
    }
    assert_eq!(e("s.isdigit()"), "(call (. s isdigit) [])");
    assert_eq!(e("café"), "café");
}

#[test]
fn keywords_are_not_names() {
    for src in [
        "lambda = 1",
        "if = 1",
        "None = 1",
        "x = def",
        "in = 2",
        "or",
    ] {
        parse_err(src);
    }
}

#[test]
fn numbers() {
    assert_eq!(e("1_000"), "1000");
    assert_eq!(e("0x1F"), "31");
    assert_eq!(e("0o17"), "15");
    assert_eq!(e("0b101"), "5");
    assert_eq!(e("0"), "0");
    assert_eq!(
        e("123456789012345678901234567890"),
        "123456789012345678901234567890"
    );
    for (src, v) in [
        ("0.1", 0.1),
        ("1e16", 1e16),
        ("1e-05", 1e-05),
        ("0.5e-3", 0.5e-3),
        ("100.0", 100.0),
        ("2.", 2.0),
        (".5", 0.5),
        ("1E+3", 1e3),
        ("1e300", 1e300),
    ] {
        assert_eq!(expr(src).kind, ExprKind::Float(v), "{src}");
    }
}

#[test]
fn strings() {
    let s = |src: &str| match expr(src).kind {
        ExprKind::Str(s) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(s(r#"'say "hi"'"#), "say \"hi\"");
    assert_eq!(s(r#""it's""#), "it's");
    assert_eq!(s(r#""both ' and \"""#), "both ' and \"");
    assert_eq!(s(r#""tab\there""#), "tab\there");
    assert_eq!(s(r#""line\nbreak""#), "line\nbreak");
    assert_eq!(s(r#""back\\slash""#), "back\\slash");
    assert_eq!(s(r#"'\x41\u00e9\U0001F600\101'"#), "Aé😀A");
    assert_eq!(s(r#""\d\w""#), "\\d\\w");
    assert_eq!(s(r#""café" "日本語""#), "café日本語");
    assert_eq!(s("'a' \"b\" 'c'"), "abc");
    assert_eq!(s("\"\""), "");
    assert_eq!(s(r#"r"\d+\n""#), "\\d+\\n");
    assert_eq!(s("'''one\ntwo'''"), "one\ntwo");
    assert_eq!(s("\"\"\"say \"hi\" \"\"\""), "say \"hi\" ");
    assert_eq!(s("u'x'"), "x");
    assert_eq!(s("'a\\\nb'"), "ab");
}

// ---------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------

#[test]
fn imports() {
    let p = parse(
        "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\n\
         from typing import Iterable, Optional\nimport x\nimport x.y as z\nfrom a import (b, c as d,)\n",
    );
    let modules: Vec<&str> = p
        .stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Import { module, .. } => module.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        modules,
        ["pyspark", "pyspark.streaming", "typing", "x", "x.y", "a"]
    );
}

#[test]
fn assignments() {
    let p = parse("a, b = pair\n(c, [d, e]) = x\nf = 1");
    let targets: Vec<String> = p
        .stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Assign { target, .. } => target_sx(target),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(targets, ["(a b)", "(c (d e))", "f"]);
    let src = "total   =  a + 1  # comment";
    let p = parse(src);
    assert_eq!(text(src, p.stmts[0].span), "total   =  a + 1");
}

#[test]
fn def_with_same_line_body() {
    let src = "def is_word(w): return w.isalpha()";
    let p = parse(src);
    let StmtKind::Def(f) = &p.stmts[0].kind else {
        panic!()
    };
    assert_eq!(f.name, "is_word");
    assert_eq!(text(src, f.name_span), "is_word");
    assert_eq!(params_sx(&f.params), "w");
    assert_eq!(f.body.len(), 1);
    match &f.body[0].kind {
        StmtKind::Return(Some(e)) => assert_eq!(sx(e), "(call (. w isalpha) [])"),
        other => panic!("{other:?}"),
    }
    assert_eq!(text(src, p.stmts[0].span), src);
}

#[test]
fn def_with_annotations_and_defaults() {
    let src = "def updateFunc(new_values: Iterable[int], last_sum: Optional[int] = None, k=1) -> int: return sum(new_values) + (last_sum or 0)";
    let p = parse(src);
    let StmtKind::Def(f) = &p.stmts[0].kind else {
        panic!()
    };
    assert_eq!(params_sx(&f.params), "new_values last_sum=None k=1");
    assert_eq!(text(src, f.params[0].span), "new_values: Iterable[int]");
    assert_eq!(text(src, f.params[2].span), "k=1");
    match &f.body[0].kind {
        StmtKind::Return(Some(e)) => {
            assert_eq!(sx(e), "(+ (call sum [new_values]) (or last_sum 0))")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn def_with_indented_body_and_if_elif_else() {
    let src = "\
def classify(n):
    # a comment line
    if n < 0:
        return \"neg\"
    elif n == 0:

        return \"zero\"
    elif n < 10: return \"small\"
    else:
        label = \"big\"
        if n > 100:
            pass
        return label, n
x = classify(3)
";
    let p = parse(src);
    assert_eq!(p.stmts.len(), 2);
    let StmtKind::Def(f) = &p.stmts[0].kind else {
        panic!()
    };
    assert_eq!(f.body.len(), 1);
    let StmtKind::If { branches, orelse } = &f.body[0].kind else {
        panic!()
    };
    let tests: Vec<String> = branches.iter().map(|(t, _)| sx(t)).collect();
    assert_eq!(tests, ["(cmp n < 0)", "(cmp n == 0)", "(cmp n < 10)"]);
    let orelse = orelse.as_ref().expect("else branch");
    assert_eq!(orelse.len(), 3);
    assert!(matches!(&orelse[1].kind, StmtKind::If { orelse: None, .. }));
    match &orelse[2].kind {
        StmtKind::Return(Some(e)) => assert_eq!(sx(e), "(tuple label n)"),
        other => panic!("{other:?}"),
    }
    // The def's span runs from `def` to the end of its last body line.
    let def_text = text(src, p.stmts[0].span);
    assert!(def_text.starts_with("def classify(n):") && def_text.ends_with("return label, n"));
}

#[test]
fn top_level_if_and_tabs() {
    let p = parse("if x:\n\ty = 1\n\tif y:\n\t\tz = 2\nelse:\n  w = 3\n");
    let StmtKind::If { branches, orelse } = &p.stmts[0].kind else {
        panic!()
    };
    assert_eq!(branches[0].1.len(), 2);
    assert_eq!(orelse.as_ref().map(Vec::len), Some(1));
}

#[test]
fn return_forms() {
    let p = parse("def f():\n    return\ndef g(): return 1, 2\ndef h(): pass");
    let body = |i: usize| match &p.stmts[i].kind {
        StmtKind::Def(f) => f.body[0].kind.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(body(0), StmtKind::Return(None));
    assert!(matches!(
        body(1),
        StmtKind::Return(Some(Expr {
            kind: ExprKind::Tuple(_),
            ..
        }))
    ));
    assert_eq!(body(2), StmtKind::Pass);
}

#[test]
fn multi_line_list_with_odd_indentation() {
    let src = "logs = ssc.queueStream([\n    ['a b c',\n'garbage line'],   # comment\n        [],\n  ['x']])\nprint(logs)";
    let p = parse(src);
    assert_eq!(p.stmts.len(), 2);
    assert_eq!(
        sx(match &p.stmts[0].kind {
            StmtKind::Assign { value, .. } => value,
            other => panic!("{other:?}"),
        }),
        "(call (. ssc queueStream) [[[\"a b c\" \"garbage line\"] [] [\"x\"]]])"
    );
}

#[test]
fn backslash_continuation_semicolons_and_comments() {
    let p = parse("x = 1 + \\\n    2\ny = 3; z = 4;\n# only a comment\n\n   \nw = x # trailing");
    assert_eq!(p.stmts.len(), 4);
    let p = parse("");
    assert!(p.stmts.is_empty());
    let p = parse("# nothing\n\n");
    assert!(p.stmts.is_empty());
    parse("x = 1\r\nif x:\r\n    y = 2\r\n");
}

#[test]
fn spans_of_calls_and_attributes() {
    let src = "counts.reduceByKey(lambda a, b: a + b).pprint()";
    let e = expr(src);
    assert_eq!(text(src, e.span), src);
    let ExprKind::Call { func, .. } = &e.kind else {
        panic!()
    };
    let ExprKind::Attribute {
        value, attr_span, ..
    } = &func.kind
    else {
        panic!()
    };
    assert_eq!(text(src, *attr_span), "pprint");
    assert_eq!(
        text(src, value.span),
        "counts.reduceByKey(lambda a, b: a + b)"
    );
    let ExprKind::Call { kwargs, .. } = &expr("f(x, key = 1)").kind else {
        panic!()
    };
    assert_eq!(text("f(x, key = 1)", kwargs[0].span), "key = 1");
    // Spans are offsets into the whole program, not into the line.
    let src = "a = 1\nb = foo.bar";
    let p = parse(src);
    let StmtKind::Assign { target, value } = &p.stmts[1].kind else {
        panic!()
    };
    assert_eq!(text(src, value.span), "foo.bar");
    assert!(matches!(target, Target::Name(n, s) if n == "b" && text(src, *s) == "b"));
}

#[test]
fn the_weblog_program_from_the_conformance_suite() {
    let src = include_str!("lang/ok/weblog_status.py");
    let p = parse(src);
    assert_eq!(p.stmts.len(), 17);
}

// ---------------------------------------------------------------------------
// Common mistakes: line:col and the phrase
// ---------------------------------------------------------------------------

#[test]
fn error_unclosed_paren() {
    assert_error(
        "x = 1\ny = f(1,\n  2\nz = 3\n",
        2,
        6,
        "'(' was never closed",
    );
    assert_error("x = [1, {2: 3}", 1, 5, "'[' was never closed");
}

#[test]
fn error_mismatched_and_stray_closers() {
    assert_error(
        "x = [1, 2)",
        1,
        10,
        "closing ')' does not match opening '['",
    );
    assert_error("x = 1)", 1, 6, "unmatched ')'");
}

#[test]
fn error_missing_closing_quote() {
    assert_error("x = 1\nname = 'bob\n", 2, 8, "unterminated string literal");
    assert_error("s = \"\"\"abc\n", 1, 5, "unterminated triple-quoted string");
}

#[test]
fn error_missing_expression_after_equals() {
    assert_error("x = ", 1, 4, "expected an expression after '='");
    assert_error("a = 1\nb = 2 +\n", 2, 8, "expected an expression after '+'");
}

#[test]
fn error_lambda_missing_colon() {
    assert_error(
        "f = lambda x x + 1",
        1,
        14,
        "expected ':' after the lambda parameters",
    );
}

#[test]
fn error_def_missing_colon() {
    assert_error("def f(x)\n    return x", 1, 9, "expected ':'");
}

#[test]
fn error_body_not_indented() {
    assert_error(
        "def f(x):\nreturn x",
        2,
        1,
        "expected an indented block after 'def'",
    );
    assert_error(
        "if x:\ny = 1",
        2,
        1,
        "expected an indented block after 'if'",
    );
    assert_error("def f(x):", 1, 10, "expected an indented block after 'def'");
}

#[test]
fn error_unsupported_statements() {
    assert_error("async def f():\n    pass", 1, 1, "'async' is not supported");
    assert_error(
        "@dec\nx = 1",
        1,
        2,
        "a decorator must be followed by a 'def' or a 'class'",
    );
    assert_error(
        "if (n := 10) > 5: pass",
        1,
        7,
        "walrus operator ':=' is not supported",
    );
}

#[test]
fn issue_15_augmented_assignment_errors() {
    assert_error("x @= m", 1, 3, "the '@=' operator is not supported");
    assert_error(
        "a, b += 1",
        1,
        1,
        "'tuple' is an illegal expression for augmented assignment",
    );
    assert_error(
        "f() += 1",
        1,
        1,
        "'function call' is an illegal expression for augmented assignment",
    );
    assert_error(
        "xs[1:2] += [3]",
        1,
        1,
        "augmented assignment to a slice is not supported",
    );
}

#[test]
fn error_f_string() {
    assert_error("s = f\"{x\"", 1, 7, "f-string: expecting '}'");
    assert_error(
        "s = f\"{}\"",
        1,
        7,
        "f-string: valid expression required before '}'",
    );
    assert_error("s = f\"a}\"", 1, 8, "f-string: single '}' is not allowed");
    assert_error("s = f\"{x!z}\"", 1, 10, "invalid conversion character");
    assert_error("s = f\"{x +}\"", 1, 11, "expected an expression");
}

#[test]
fn error_unknown_dedent_level() {
    assert_error(
        "def f(x):\n    if x:\n        y = 1\n  return y",
        4,
        1,
        "unindent does not match any outer indentation level",
    );
}

#[test]
fn error_unexpected_indent() {
    assert_error("x = 1\n    y = 2", 2, 1, "unexpected indent");
    assert_error("def f(): return 1\n    y = 2", 2, 1, "unexpected indent");
}

#[test]
fn error_two_expressions_side_by_side() {
    assert_error(
        "f(x y)",
        1,
        3,
        "invalid syntax: 'x y' needs an operator or a comma between them",
    );
    assert_error("x = a b", 1, 5, "'a b' needs an operator or a comma");
}

#[test]
fn error_missing_else_and_in() {
    assert_error("y = 1 if x", 1, 11, "expected 'else'");
    assert_error("y = [a for a of b]", 1, 14, "expected 'in'");
}

#[test]
fn error_misc() {
    assert_error(
        "f(a=1, 2)",
        1,
        8,
        "positional argument follows keyword argument",
    );
    assert_error("f() = 3", 1, 1, "cannot assign to a function call");
    assert_error("x[1:2] = 3", 1, 1, "assigning to a slice is not supported");
    assert_error("else:\n    pass", 1, 1, "'else' without a matching 'if'");
    assert_error("x = $", 1, 5, "invalid character '$'");
    assert_error("print 'hi'", 1, 1, "missing parentheses in call to 'print'");
    assert_error("x = 1j", 1, 5, "complex numbers");
    assert_error("s = '\\x4'", 1, 6, "truncated \\x escape");
    assert_error("x = ~", 1, 6, "expected an expression after '~'");
    assert_error("x = 1 ~ 2", 1, 7, "unexpected '~' here");
    assert_error("x = 1 +", 1, 8, "expected an expression after '+'");
    assert_error(
        "def (x): pass",
        1,
        5,
        "expected a function name after 'def'",
    );
    assert_error("x.", 1, 3, "expected an attribute name after '.'");
}

#[test]
fn first_error_in_source_order_wins() {
    // The syntax error on line 1 comes before the unclosed bracket on line 2.
    assert_error("x = = 1\ny = (", 1, 5, "expected an expression after '='");
}

// ---------------------------------------------------------------------------
// is_incomplete
// ---------------------------------------------------------------------------

#[test]
fn incomplete_inputs() {
    for src in [
        "f(1,",
        "x = [1,\n 2",
        "x = {",
        "x = 1 + \\",
        "def f(x):",
        "def f(x):\n    y = x",
        "if x:",
        "if x:\n    y = 1\nelse:",
        "if x:\n    y = 1\nelse:\n    z = 2",
        "s = '''abc",
        "for x in xs:",
        "for x in xs:\n    y = x",
        "while x:",
        "try:",
        "try:\n    x = 1\nexcept ValueError as e:",
        "try:\n    x = 1\nfinally:",
        "for x in xs:\n    pass\nelse:",
    ] {
        assert!(is_incomplete(src), "{src:?} should be incomplete");
    }
}

#[test]
fn complete_or_wrong_inputs() {
    for src in [
        "",
        "x = 1",
        "x = 1\n",
        "f(1, 2)",
        "def f(x): return x",
        "def f(x):\n    return x\n",
        "def f(x):\n    return x\n   ",
        "x = )",
        "x = (]",
        "x = 'abc",
        "lambda x x",
        "x = ",
    ] {
        assert!(!is_incomplete(src), "{src:?} should not be incomplete");
    }
}

// ---------------------------------------------------------------------------
// Whole programs: the conformance suite and the fixture folders
// ---------------------------------------------------------------------------

fn py_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_conformance_program_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        root.join("tests/conformance/cases"),
        root.join("../shared/conformance/cases"),
    ];
    let Some(dir) = candidates.iter().find(|d| d.is_dir()) else {
        panic!(
            "conformance cases not found: looked in {} and {}",
            candidates[0].display(),
            candidates[1].display()
        );
    };
    let files = py_files(dir);
    assert!(!files.is_empty(), "no .py files in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let src =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Err(err) = parse_program(&src) {
            let (line, col) = line_col(&src, err.span.start);
            failures.push(format!("{}:{line}:{col}: {}", path.display(), err.message));
        }
        assert!(!is_incomplete(&src), "{} looks incomplete", path.display());
    }
    assert!(
        failures.is_empty(),
        "{} programs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_ok_parse() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lang/ok");
    for path in py_files(&dir) {
        let src = std::fs::read_to_string(&path).unwrap_or_default();
        if let Err(err) = parse_program(&src) {
            let (line, col) = line_col(&src, err.span.start);
            panic!("{}:{line}:{col}: {}", path.display(), err.message);
        }
    }
}

/// Each `tests/lang/err/*.py` starts with `# error: LINE:COL: phrase`.
#[test]
fn fixtures_err_fail_with_their_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lang/err");
    for path in py_files(&dir) {
        let src = std::fs::read_to_string(&path).unwrap_or_default();
        let header = src.lines().next().and_then(|l| l.strip_prefix("# error: "));
        let Some((pos, phrase)) = header.and_then(|h| h.split_once(": ")) else {
            panic!(
                "{}: first line must be '# error: LINE:COL: phrase'",
                path.display()
            );
        };
        let (line, col) = pos.split_once(':').expect("LINE:COL");
        let (line, col) = (line.parse().expect("line"), col.parse().expect("col"));
        let err = parse_err(&src);
        assert_eq!(
            line_col(&src, err.span.start),
            (line, col),
            "{}: {}",
            path.display(),
            err.message
        );
        assert!(
            err.message.contains(phrase),
            "{}: {:?} lacks {phrase:?}",
            path.display(),
            err.message
        );
    }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any text at all: no panic, and error spans stay inside the text on char boundaries.
    #[test]
    fn never_panics_on_arbitrary_text(src in "\\PC{0,80}") {
        check_no_panic(&src);
    }

    /// Text made of Python-ish pieces, which reaches deeper into the grammar.
    #[test]
    fn never_panics_on_python_like_text(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("x"), Just(" "), Just("\n"), Just("    "), Just("\t"), Just("("), Just(")"),
                Just("["), Just("]"), Just("{"), Just("}"), Just(":"), Just(","), Just("="),
                Just("lambda"), Just("def"), Just("if"), Just("else"), Just("elif"), Just("for"),
                Just("in"), Just("not"), Just("return"), Just("'"), Just("\""), Just("\"\"\""),
                Just("\\"), Just("#"), Just("1"), Just("2.5e"), Just("-"), Just("**"), Just("+="),
                Just(";"), Just("."), Just("é"), Just("f'"), Just("\\x"), Just("\r\n"),
            ],
            0..40,
        )
    ) {
        check_no_panic(&parts.concat());
    }
}

fn check_no_panic(src: &str) {
    let _ = is_incomplete(src);
    if let Err(e) = parse_program(src) {
        assert!(
            e.span.start <= e.span.end && e.span.end <= src.len(),
            "{src:?}: {e:?}"
        );
        assert!(
            src.is_char_boundary(e.span.start) && src.is_char_boundary(e.span.end),
            "{src:?}: {e:?}"
        );
        assert!(!e.message.is_empty());
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let src = format!("x = {}1{}", "(".repeat(5000), ")".repeat(5000));
    assert!(parse_program(&src).is_err());
    let src = format!("x = {}1", "-".repeat(200));
    let _ = parse_program(&src);
    let src = format!("x = {}1", "not ".repeat(200));
    let _ = parse_program(&src);
}

// ---------------------------------------------------------------------------
// Errors after the first one (issue 14): one per logical line, with codes
// ---------------------------------------------------------------------------

fn all_errors(src: &str) -> Vec<(usize, &'static str, String)> {
    let parsed = streamlab::lang::parse::parse(src);
    assert!(parsed.program.is_none(), "{src:?} should fail");
    parsed
        .errors
        .into_iter()
        .map(|e| (line_of(src, e.span.start), e.code, e.message))
        .collect()
}

fn line_of(src: &str, pos: usize) -> usize {
    src[..pos].matches('\n').count() + 1
}

#[test]
fn a_program_with_three_bad_lines_reports_the_first_and_2_more() {
    let src = "a = 1 +\nb = 2 2\nc = 3\nd = )\n";
    let e = parse_err(src);
    // The first error is the one reported before errors were collected.
    assert_eq!(e.message, "expected an expression after '+'");
    assert_eq!((e.span.start, e.span.end), (7, 7));
    assert_eq!(e.more, 2);
    let errors = all_errors(src);
    assert_eq!(
        errors.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
        [(1, "E0100"), (2, "E0100"), (4, "E0002")],
        "{errors:?}"
    );
    // The report is today's report plus one line.
    use streamlab::lang::diag::Diagnostic;
    let alone = Diagnostic::new("SyntaxError", &e.message, Some(e.span)).render("prog.py", src);
    let full = Diagnostic::from_syntax(&e).render("prog.py", src);
    assert_eq!(full, format!("{alone}  = and 2 more errors\n"), "{full}");
}

#[test]
fn one_more_error_is_singular_and_none_adds_nothing() {
    use streamlab::lang::diag::Diagnostic;
    let src = "x = 'abc\ny = 2 2\n";
    let e = parse_err(src);
    assert!(
        e.message.starts_with("unterminated string literal"),
        "{e:?}"
    );
    assert_eq!(e.more, 1);
    assert!(Diagnostic::from_syntax(&e)
        .render("p.py", src)
        .ends_with("= and 1 more error\n"));
    let e = parse_err("x = (1,\n");
    assert_eq!(e.more, 0);
    assert!(Diagnostic::from_syntax(&e).notes.is_empty());
}

#[test]
fn parse_returns_the_program_and_its_tokens() {
    let src = "x = f(1)  # one\n";
    let parsed = streamlab::lang::parse::parse(src);
    assert!(parsed.errors.is_empty());
    assert_eq!(parsed.program, Some(parse(src)));
    let texts: Vec<&str> = parsed
        .tokens
        .iter()
        .filter(|t| !t.is_trivia())
        .map(|t| t.text(src))
        .collect();
    assert_eq!(texts, ["x", "=", "f", "(", "1", ")"]);
    assert_eq!(parsed.tokens.last().map(|t| t.end), Some(src.len()));
}

#[test]
fn one_error_per_logical_line() {
    // The first logical line spans two physical lines and has two mistakes.
    let src = "f(1 1,\n  2 2)\ng(3 3)\nh = 4\n";
    let errors = all_errors(src);
    assert_eq!(
        errors.iter().map(|(l, _, _)| *l).collect::<Vec<_>>(),
        [1, 3],
        "{errors:?}"
    );
}

#[test]
fn scanning_goes_on_after_bracket_string_and_indentation_errors() {
    // An indentation error skips its whole logical line (brackets included).
    let src = "if x:\n    a = 1\n  b = (1,\n 2 2)\nc = 3 3\nd = 'x\ne = ]\n";
    let errors = all_errors(src);
    assert_eq!(
        errors.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
        [(3, "E0008"), (5, "E0100"), (6, "E0004"), (7, "E0002")],
        "{errors:?}"
    );
}

#[test]
fn an_error_that_reaches_the_end_is_the_last() {
    let errors = all_errors("x = 1 1\ny = (2,\nz = 3 3\n");
    assert_eq!(
        errors.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
        [(1, "E0100"), (2, "E0001")],
        "{errors:?}"
    );
}

#[test]
fn every_kind_of_syntax_error_has_its_code() {
    let deep_ifs: String = (0..102)
        .map(|d| format!("{}if x:\n", " ".repeat(d)))
        .collect::<String>()
        + &" ".repeat(102)
        + "pass\n";
    let cases: Vec<(String, &str)> = vec![
        ("f(1".into(), "E0001"),
        ("x)".into(), "E0002"),
        ("(]".into(), "E0003"),
        ("'abc".into(), "E0004"),
        ("'''abc".into(), "E0005"),
        ("x = 1 + \\".into(), "E0006"),
        ("x = 1 \\ + 2".into(), "E0006"),
        (" x = 1".into(), "E0007"),
        ("if x:\n    a\n  b\n".into(), "E0008"),
        ("if x:\n\ta\n  b\n".into(), "E0009"),
        (deep_ifs, "E0010"),
        (
            format!("x = {}1{}", "(".repeat(101), ")".repeat(101)),
            "E0011",
        ),
        (format!("x = 1{}", " + 1".repeat(1001)), "E0011"),
        ("def f():\nx = 1\n".into(), "E0012"),
        ("else: pass".into(), "E0013"),
        ("async def f(): pass".into(), "E0014"),
        ("x = 12abc".into(), "E0015"),
        ("x = '\\x1'".into(), "E0016"),
        ("x = = 1".into(), "E0100"),
    ];
    for (src, code) in &cases {
        let e = parse_err(src);
        assert_eq!(e.code, *code, "{src:?}: {e:?}");
        assert!(
            streamlab::lang::parse::ERROR_CODES
                .iter()
                .any(|(c, _, _)| c == code),
            "{code}"
        );
    }
}

// ---------------------------------------------------------------------------
// Issue 15: loops, try, raise, assert, del, global, augmented/chained/annotated assignment
// ---------------------------------------------------------------------------

/// A compact S-expression of a statement list (blocks in brackets).
fn stmts_sx(stmts: &[Stmt]) -> String {
    stmts.iter().map(stmt_sx).collect::<Vec<_>>().join(" ")
}

fn stmt_sx(st: &Stmt) -> String {
    let block = |b: &[Stmt]| format!("[{}]", stmts_sx(b));
    let opt = |b: &Option<Vec<Stmt>>| {
        b.as_deref()
            .map_or(String::new(), |b| format!(" else {}", block(b)))
    };
    match &st.kind {
        StmtKind::Expr(e) => sx(e),
        StmtKind::Pass => "pass".into(),
        StmtKind::Break => "break".into(),
        StmtKind::Continue => "continue".into(),
        StmtKind::Assign { target, value } => format!("(= {} {})", target_sx(target), sx(value)),
        StmtKind::ChainAssign { targets, value } => {
            let ts: Vec<String> = targets.iter().map(target_sx).collect();
            format!("(= {} {})", ts.join(" "), sx(value))
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => format!(
            "(: {} {}{})",
            target_sx(target),
            sx(annotation),
            value
                .as_ref()
                .map_or(String::new(), |v| format!(" {}", sx(v)))
        ),
        StmtKind::AugAssign {
            target, op, value, ..
        } => {
            let op = if *op == BinOp::Pow { "**" } else { op.symbol() };
            format!("({op}= {} {})", target_sx(target), sx(value))
        }
        StmtKind::Del(ts) => format!(
            "(del {})",
            ts.iter().map(target_sx).collect::<Vec<_>>().join(" ")
        ),
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => format!(
            "(for {} {} {}{})",
            target_sx(target),
            sx(iter),
            block(body),
            opt(orelse)
        ),
        StmtKind::While { test, body, orelse } => {
            format!("(while {} {}{})", sx(test), block(body), opt(orelse))
        }
        StmtKind::With { items, body } => {
            let is: Vec<String> = items
                .iter()
                .map(|i| match &i.target {
                    Some(t) => format!("{} as {}", sx(&i.context), target_sx(t)),
                    None => sx(&i.context),
                })
                .collect();
            format!("(with {} {})", is.join(", "), block(body))
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            let hs: Vec<String> = handlers
                .iter()
                .map(|h| {
                    format!(
                        " except{}{} {}",
                        h.typ
                            .as_ref()
                            .map_or(String::new(), |t| format!(" {}", sx(t))),
                        h.name
                            .as_ref()
                            .map_or(String::new(), |(n, _)| format!(" as {n}")),
                        block(&h.body)
                    )
                })
                .collect();
            format!(
                "(try {}{}{}{})",
                block(body),
                hs.join(""),
                opt(orelse),
                finalbody
                    .as_deref()
                    .map_or(String::new(), |b| format!(" finally {}", block(b)))
            )
        }
        StmtKind::Raise { exc, cause } => format!(
            "(raise{}{})",
            exc.as_ref()
                .map_or(String::new(), |e| format!(" {}", sx(e))),
            cause
                .as_ref()
                .map_or(String::new(), |e| format!(" from {}", sx(e)))
        ),
        StmtKind::Assert { test, msg } => format!(
            "(assert {}{})",
            sx(test),
            msg.as_ref()
                .map_or(String::new(), |e| format!(" {}", sx(e)))
        ),
        StmtKind::Global(ns) => format!(
            "(global {})",
            ns.iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StmtKind::Nonlocal(ns) => format!(
            "(nonlocal {})",
            ns.iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StmtKind::Return(e) => format!(
            "(return{})",
            e.as_ref().map_or(String::new(), |e| format!(" {}", sx(e)))
        ),
        StmtKind::If { branches, orelse } => {
            let bs: Vec<String> = branches
                .iter()
                .map(|(t, b)| format!("{} {}", sx(t), block(b)))
                .collect();
            format!("(if {}{})", bs.join(" elif "), opt(orelse))
        }
        StmtKind::Def(d) => format!(
            "(def {} [{}] {})",
            d.name,
            params_sx(&d.params),
            block(&d.body)
        ),
        other => format!("{other:?}"),
    }
}

fn prog_sx(src: &str) -> String {
    stmts_sx(&parse(src).stmts)
}

#[test]
fn issue_15_loops() {
    assert_eq!(
        prog_sx("for i in range(10):\n    if i: break\n    continue\nelse:\n    pass"),
        "(for i (call range [10]) [(if i [break]) continue] else [pass])"
    );
    assert_eq!(
        prog_sx("for k, v in pairs: print(k)"),
        "(for (k v) pairs [(call print [k])])"
    );
    assert_eq!(prog_sx("for x in 1, 2: pass"), "(for x (tuple 1 2) [pass])");
    assert_eq!(
        prog_sx("while n < 3:\n    n += 1\nelse: pass"),
        "(while (cmp n < 3) [(+= n 1)] else [pass])"
    );
}

#[test]
fn issue_15_try_raise_assert() {
    assert_eq!(
        prog_sx("try:\n    f()\nexcept (ValueError, KeyError) as e:\n    raise\nexcept:\n    pass\nelse:\n    g()\nfinally:\n    h()"),
        "(try [(call f [])] except (tuple ValueError KeyError) as e [(raise)] except [pass] else [(call g [])] finally [(call h [])])"
    );
    assert_eq!(prog_sx("try: x\nfinally: y"), "(try [x] finally [y])");
    assert_eq!(
        prog_sx("raise ValueError('x') from e"),
        "(raise (call ValueError [\"x\"]) from e)"
    );
    assert_eq!(
        prog_sx("assert x > 0, 'neg'"),
        "(assert (cmp x > 0) \"neg\")"
    );
    assert_eq!(prog_sx("assert x"), "(assert x)");
}

#[test]
fn issue_15_assignments() {
    assert_eq!(prog_sx("a = b = 0"), "(= a b 0)");
    assert_eq!(prog_sx("x: int = 5"), "(: x int 5)");
    assert_eq!(prog_sx("x: Optional[int]"), "(: x ([] Optional int))");
    assert_eq!(
        prog_sx("d[k] += 1; o.n **= 2"),
        "(+= ([] d k) 1) (**= (. o n) 2)"
    );
    assert_eq!(prog_sx("x //= 2"), "(//= x 2)");
    assert_eq!(prog_sx("d[k] = v; o.x = 1"), "(= ([] d k) v) (= (. o x) 1)");
    assert_eq!(prog_sx("a[i], b = 1, 2"), "(= (([] a i) b) (tuple 1 2))");
    assert_eq!(prog_sx("del a, b[0]"), "(del a ([] b 0))");
    assert_eq!(
        prog_sx("def f():\n    global n, m\n    n = 1"),
        "(def f [] [(global n m) (= n 1)])"
    );
    assert_eq!(
        prog_sx("def f():\n    nonlocal n"),
        "(def f [] [(nonlocal n)])"
    );
}

#[test]
fn issue_15_statement_errors() {
    assert_error(
        "try:\n    x = 1\ny = 2",
        3,
        1,
        "expected 'except' or 'finally' block",
    );
    assert_error(
        "try:\n    x\nexcept:\n    pass\nexcept ValueError:\n    pass",
        3,
        1,
        "default 'except:' must be last",
    );
    assert_error(
        "except ValueError:\n    pass",
        1,
        1,
        "'except' without a matching 'try'",
    );
    assert_error(
        "finally:\n    pass",
        1,
        1,
        "'finally' without a matching 'try'",
    );
    assert_error(
        "a, b: int = 1, 2",
        1,
        1,
        "only single target (not tuple) can be annotated",
    );
    assert_error("for x in:\n    pass", 1, 9, "expected an expression");
    assert_error(
        "for x y:\n    pass",
        1,
        7,
        "expected 'in' after the loop variable",
    );
    assert_error("while x\n    pass", 1, 8, "expected ':'");
    assert_error(
        "for x in y:\nprint(x)",
        2,
        1,
        "expected an indented block after 'for'",
    );
    assert_error("del f()", 1, 5, "cannot delete a function call");
    assert_error("del o.x", 1, 5, "deleting an attribute is not supported");
    assert_error("x = 1\nx = y = = 2", 2, 9, "expected an expression");
}

#[test]
fn issue_15_with_statements() {
    assert_eq!(
        prog_sx("with open(p, 'a') as f:\n    f.write(s)"),
        "(with (call open [p \"a\"]) as f [(call (. f write) [s])])"
    );
    assert_eq!(
        prog_sx("with a as x, b as (y, z): pass"),
        "(with a as x, b as (y z) [pass])"
    );
    assert_eq!(prog_sx("with lock:\n    pass"), "(with lock [pass])");
    assert!(is_incomplete("with open(p) as f:"));
    assert!(is_incomplete("with open(p) as f:\n    f.read()"));
    assert!(!is_incomplete("with open(p) as f: f.read()"));
    assert_error(
        "with open(p) as f:\nx = 1",
        2,
        1,
        "expected an indented block after 'with' on line 1",
    );
}

#[test]
fn issue_15_sets_stars_fstrings_and_yield() {
    assert_eq!(e("{1, 2}"), "(set 1 2)");
    assert_eq!(e("{x}"), "(set x)");
    assert_eq!(e("{}"), "{}");
    assert_eq!(e("{x for x in xs}"), "(setcomp x for x in xs)");
    assert_eq!(
        e("{k: v for k, v in ps}"),
        "(dictcomp k: v for (k v) in ps)"
    );
    assert_eq!(e("{**a, 'k': 1}"), "{**a, \"k\": 1}");
    assert_eq!(e("[*a, b]"), "[*a b]");
    assert_eq!(e("f(*a, **k)"), "(call f [*a =k])");
    assert_eq!(e("a | b & c ^ d"), "(| a (^ (& b c) d))");
    assert_eq!(e("1 << 2 + 3"), "(<< 1 (+ 2 3))");
    assert_eq!(e("f'{x!r:>{w}} y'"), "(f {x!r:spec} \" y\")");
    assert_eq!(e("f'{x=}'"), "(f \"x=\" {x!r})");
    assert_eq!(e("'a' f'{b}'"), "(f \"a\" {b})");
    let p = parse("def g():\n    yield 1\n    yield from xs\n");
    let StmtKind::Def(d) = &p.stmts[0].kind else {
        panic!("not a def")
    };
    let shapes: Vec<String> = d
        .body
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Expr(x) => sx(x),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(shapes, ["(yield 1)", "(yield-from xs)"]);
    let p = parse("first, *rest = xs");
    let StmtKind::Assign { target, .. } = &p.stmts[0].kind else {
        panic!("not an assignment")
    };
    assert_eq!(target_sx(target), "(first *rest)");
    let p = parse("def f(a, *args, b=1, c, **kw): pass");
    let StmtKind::Def(d) = &p.stmts[0].kind else {
        panic!("not a def")
    };
    let kinds: Vec<(String, ParamKind)> =
        d.params.iter().map(|p| (p.name.clone(), p.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("a".to_string(), ParamKind::Normal),
            ("args".to_string(), ParamKind::VarArgs),
            ("b".to_string(), ParamKind::KwOnly),
            ("c".to_string(), ParamKind::KwOnly),
            ("kw".to_string(), ParamKind::VarKw),
        ]
    );
    assert_error("def f(*): pass", 1, 7, "named arguments must follow bare *");
    assert_error(
        "def f(**k, a): pass",
        1,
        12,
        "no parameter can follow '**' parameters",
    );
    assert_error(
        "f(**k, *a)",
        1,
        8,
        "iterable argument unpacking follows keyword argument unpacking",
    );
    assert_error(
        "[*x for x in y]",
        1,
        2,
        "iterable unpacking cannot be used in comprehension",
    );
}
