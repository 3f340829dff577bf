//! The lambdas the engine runs natively (`lang::shape`) give exactly what
//! running them gives: the same values and the same errors, on str, int,
//! float, bigint, None, tuple and list arguments, overflow included; and the
//! map side's word-count path (split, pair, combine by text) gives the same
//! records and errors as the general path with equivalent lambdas it does not
//! recognise.

use std::sync::Arc;

use proptest::prelude::*;
use streamlab::engine::rdd::{apply1, apply2, Rdd, Stage};
use streamlab::lang::value::{PyResult, Value};
use streamlab::session::context::InertHost;
use streamlab::session::Session;

/// Recognised lambdas (and `operator.add`), then equivalents written so they
/// are not recognised.
const PROGRAM: &str = r#"import operator
split_space = lambda l: l.split(" ")
split_ws = lambda line: line.split()
split_comma = lambda s: s.split(",")
pair_one = lambda w: (w, 1)
pair_float = lambda w: (w, 1.5)
pair_str = lambda w: (w, "x")
pair_huge = lambda w: (w, 4611686018427387904)
add = lambda a, b: a + b
op_add = operator.add
slow_split_space = lambda l: [w for w in l.split(" ")]
slow_split_ws = lambda line: [w for w in line.split()]
slow_split_comma = lambda s: [w for w in s.split(",")]
slow_pair_one = lambda w: (w, 1) if True else None
slow_pair_float = lambda w: (w, 1.5) if True else None
slow_pair_str = lambda w: (w, "x") if True else None
slow_pair_huge = lambda w: (w, 4611686018427387904) if True else None
slow_add = lambda a, b: (a + b) if True else None
"#;

thread_local! {
    static SESSION: Session = {
        let s = Session::new(Arc::new(InertHost));
        if let Err(e) = s.run_program(PROGRAM) {
            panic!("the lambdas compile: {:?}", e.diagnostic());
        }
        s
    };
}

fn f(name: &str) -> Value {
    SESSION.with(|s| {
        s.globals
            .get(name)
            .unwrap_or_else(|| panic!("{name} is defined"))
    })
}

fn is_recognised(v: &Value) -> bool {
    matches!(v, Value::Func(func) if func.shape().is_some())
}

/// A result as text: the value's type and repr, or the error's kind and message.
fn show(r: PyResult) -> String {
    match r {
        Ok(v) => format!("{} {}", v.type_name(), v.repr()),
        Err(e) => format!("error {}: {}", e.kind, e.msg),
    }
}

/// Running the function's body (the general path), not its shape.
fn called1(name: &str, x: &Value) -> String {
    match f(name) {
        Value::Func(func) => show(func.call1(x.clone())),
        _ => unreachable!("a function"),
    }
}

fn called2(name: &str, a: &Value, b: &Value) -> String {
    match f(name) {
        Value::Func(func) => show(func.call2(a.clone(), b.clone())),
        _ => unreachable!("a function"),
    }
}

#[test]
fn the_common_lambdas_are_recognised_and_their_equivalents_are_not() {
    for name in [
        "split_space",
        "split_ws",
        "split_comma",
        "pair_one",
        "pair_float",
        "pair_str",
        "add",
        "op_add",
    ] {
        assert!(is_recognised(&f(name)), "{name} should be recognised");
        assert!(
            name == "op_add" || !is_recognised(&f(&format!("slow_{name}"))),
            "slow_{name} should not be"
        );
    }
}

fn big(digits: &str) -> Value {
    let Some(Value::Func(int)) = streamlab::lang::builtins::function("int") else {
        panic!("int is a builtin")
    };
    int.call(vec![Value::str(digits)], Vec::new())
        .expect("an int")
}

/// Arguments of every kind a record can be.
fn value() -> impl Strategy<Value = Value> {
    let text = "[ a-c,\\t\\n\u{a0}\u{1c}\u{2003}é]{0,12}";
    prop_oneof![
        text.prop_map(|s| Value::str(&s)),
        any::<i64>().prop_map(Value::Int),
        prop_oneof![
            Just(i64::MAX),
            Just(i64::MIN),
            Just(i64::MAX - 1),
            Just(-1),
            Just(0)
        ]
        .prop_map(Value::Int),
        any::<f64>().prop_map(Value::Float),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::None),
        "[0-9]{19,30}".prop_map(|d| big(&d)),
        "[0-9]{19,30}".prop_map(|d| big(&format!("-{d}"))),
        text.prop_map(|s| Value::tuple(vec![Value::str(&s), Value::Int(1)])),
        text.prop_map(|s| Value::list(vec![Value::str(&s)])),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn one_argument_shapes_give_what_the_body_gives(x in value()) {
        for name in ["split_space", "split_ws", "split_comma", "pair_one", "pair_float", "pair_str"] {
            prop_assert_eq!(show(apply1(&f(name), &x)), called1(name, &x), "{}({:?})", name, x);
        }
    }

    #[test]
    fn add_gives_what_the_body_gives(a in value(), b in value()) {
        for name in ["add", "op_add"] {
            prop_assert_eq!(
                show(apply2(&f(name), a.clone(), b.clone())),
                called2(name, &a, &b),
                "{}({:?}, {:?})", name, a, b
            );
        }
    }

    #[test]
    fn the_word_count_map_side_matches_the_general_path(
        lines in prop::collection::vec(value(), 0..40),
        parts in 1usize..4,
        split in 0usize..3,
        pair in 0usize..3,
        reduce in 0usize..2,
    ) {
        let split = ["split_space", "split_ws", "split_comma"][split];
        let pair = ["pair_one", "pair_float", "pair_str"][pair];
        let reduce = ["add", "op_add"][reduce];
        let rdd = Rdd::parallelize(lines, parts);
        let run = |s: &str, p: &str| {
            let stages = [Stage::FlatMap(f(s)), Stage::Map(f(p))];
            match rdd.reduce_by_key_piped(&stages, &f(reduce), 2) {
                Ok((out, counts)) => format!("{:?} {:?}", out.parts, counts),
                Err(e) => format!("error {}: {}", e.kind, e.msg),
            }
        };
        prop_assert_eq!(run(split, pair), run(&format!("slow_{split}"), &format!("slow_{pair}")));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Batches big enough to be combined in parallel pieces that cut across
    /// partitions, with sums that overflow into bigints.
    #[test]
    fn large_batches_match_the_general_path(
        lines in prop::collection::vec(value(), 1..30),
        parts in 1usize..9,
        out_parts in 1usize..4,
        huge in any::<bool>(),
    ) {
        let mut records = Vec::new();
        while records.len() < 5000 {
            records.extend(lines.iter().cloned());
        }
        let rdd = Rdd::parallelize(records, parts);
        let pair = if huge { "pair_huge" } else { "pair_one" };
        let run = |s: &str, p: &str, r: &str| {
            let stages = [Stage::FlatMap(f(s)), Stage::Map(f(p))];
            match rdd.reduce_by_key_piped(&stages, &f(r), out_parts) {
                Ok((out, counts)) => format!("{:?} {:?}", out.parts, counts),
                Err(e) => format!("error {}: {}", e.kind, e.msg),
            }
        };
        prop_assert_eq!(
            run("split_space", pair, "add"),
            run("slow_split_space", &format!("slow_{pair}"), "slow_add")
        );
    }
}

#[test]
fn sums_that_overflow_become_bigints_as_in_python() {
    let a = Value::Int(i64::MAX);
    let b = Value::Int(1);
    assert_eq!(
        show(apply2(&f("add"), a.clone(), b.clone())),
        "int 9223372036854775808"
    );
    assert_eq!(
        show(apply2(&f("add"), a, b)),
        called2("add", &Value::Int(i64::MAX), &Value::Int(1))
    );
}

#[test]
fn a_non_str_line_fails_as_the_body_fails() {
    let r = apply1(&f("split_ws"), &Value::Int(3));
    assert_eq!(
        show(r),
        "error AttributeError: 'int' object has no attribute 'split'"
    );
}
