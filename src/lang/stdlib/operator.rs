//! `operator`: Python's operators as functions (`add` for `reduce`,
//! `itemgetter(1)` as a sort key), each the language's own operation.

use std::sync::Arc;

use indexmap::IndexMap;

use super::Attrs;
use crate::lang::ast::{BinOp, CmpOp};
use crate::lang::compile::{call_method, get_attr};
use crate::lang::native::SigFn;
use crate::lang::ops;
use crate::lang::value::{Exc, PyResult, Value};

pub const NAMES: &[&str] = &[
    "add",
    "sub",
    "mul",
    "truediv",
    "floordiv",
    "mod",
    "pow",
    "and_",
    "or_",
    "xor",
    "lshift",
    "rshift",
    "neg",
    "pos",
    "invert",
    "inv",
    "abs",
    "not_",
    "truth",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "contains",
    "getitem",
    "concat",
    "itemgetter",
    "attrgetter",
    "methodcaller",
];

const BINARY: &[(&str, BinOp)] = &[
    ("add", BinOp::Add),
    ("sub", BinOp::Sub),
    ("mul", BinOp::Mul),
    ("truediv", BinOp::Div),
    ("floordiv", BinOp::FloorDiv),
    ("mod", BinOp::Mod),
    ("pow", BinOp::Pow),
    ("and_", BinOp::BitAnd),
    ("or_", BinOp::BitOr),
    ("xor", BinOp::BitXor),
    ("lshift", BinOp::LShift),
    ("rshift", BinOp::RShift),
];

const COMPARE: &[(&str, CmpOp)] = &[
    ("eq", CmpOp::Eq),
    ("ne", CmpOp::NotEq),
    ("lt", CmpOp::Lt),
    ("le", CmpOp::LtE),
    ("gt", CmpOp::Gt),
    ("ge", CmpOp::GtE),
];

pub fn make() -> Attrs {
    let mut m: Attrs = IndexMap::new();
    for &(name, op) in BINARY {
        let shape = (op == BinOp::Add).then_some(crate::lang::shape::Shape::Add);
        m.insert(
            name,
            SigFn::with_shape(name, "(a, b, /)", shape, move |b| {
                ops::binary(op, &b.get("a"), &b.get("b"))
            }),
        );
    }
    for &(name, op) in COMPARE {
        m.insert(
            name,
            SigFn::value(name, "(a, b, /)", move |b| {
                ops::compare_value(op, &b.get("a"), &b.get("b"))
            }),
        );
    }
    m.insert(
        "neg",
        SigFn::value("neg", "(a, /)", |b| ops::neg(&b.get("a"))),
    );
    m.insert(
        "pos",
        SigFn::value("pos", "(a, /)", |b| ops::pos(&b.get("a"))),
    );
    m.insert(
        "invert",
        SigFn::value("invert", "(a, /)", |b| ops::invert(&b.get("a"))),
    );
    m.insert(
        "inv",
        SigFn::value("inv", "(a, /)", |b| ops::invert(&b.get("a"))),
    );
    m.insert(
        "abs",
        SigFn::value("abs", "(a, /)", |b| ops::abs(&b.get("a"))),
    );
    m.insert(
        "not_",
        SigFn::value("not_", "(a, /)", |b| Ok(Value::Bool(!b.get("a").truthy()))),
    );
    m.insert(
        "truth",
        SigFn::value("truth", "(a, /)", |b| Ok(Value::Bool(b.get("a").truthy()))),
    );
    m.insert(
        "contains",
        SigFn::value("contains", "(a, b, /)", |b| {
            Ok(Value::Bool(ops::contains(&b.get("a"), &b.get("b"))?))
        }),
    );
    m.insert(
        "getitem",
        SigFn::value("getitem", "(a, b, /)", |b| {
            ops::subscript(&b.get("a"), &b.get("b"))
        }),
    );
    m.insert(
        "concat",
        SigFn::value("concat", "(a, b, /)", |b| {
            let a = b.get("a");
            if a.items().is_none() && !matches!(a, Value::Str(_)) {
                return Err(Exc::type_error(format!(
                    "'{}' object can't be concatenated",
                    a.type_name()
                )));
            }
            ops::binary(BinOp::Add, &a, &b.get("b"))
        }),
    );
    m.insert(
        "itemgetter",
        SigFn::value("itemgetter", "(item, *items)", |b| {
            let mut keys = vec![b.get("item")];
            keys.extend(b.rest().iter().cloned());
            let keys = Arc::new(keys);
            Ok(SigFn::value("itemgetter", "(obj, /)", move |b| {
                let obj = b.get("obj");
                pick(&keys, |k| ops::subscript(&obj, k))
            }))
        }),
    );
    m.insert(
        "attrgetter",
        SigFn::value("attrgetter", "(attr, *attrs)", |b| {
            let mut names = vec![b.get("attr")];
            names.extend(b.rest().iter().cloned());
            for n in &names {
                if !matches!(n, Value::Str(_)) {
                    return Err(Exc::type_error("attribute name must be a string"));
                }
            }
            let names = Arc::new(names);
            Ok(SigFn::value("attrgetter", "(obj, /)", move |b| {
                let obj = b.get("obj");
                pick(&names, |n| {
                    let mut v = obj.clone();
                    for part in n.to_str().split('.') {
                        v = get_attr(&v, part)?;
                    }
                    Ok(v)
                })
            }))
        }),
    );
    m.insert(
        "methodcaller",
        SigFn::value("methodcaller", "(name, /, *args, **kwargs)", |b| {
            let name = super::str_arg(&b.get("name"), "method name")?;
            let args = b.rest().to_vec();
            let kwargs = b.kwargs().clone();
            Ok(SigFn::value("methodcaller", "(obj, /)", move |b| {
                call_method(&b.get("obj"), &name, args.clone(), kwargs.clone())
            }))
        }),
    );
    m
}

/// One key: the value; several: a tuple of them, as itemgetter returns.
fn pick(keys: &[Value], get: impl Fn(&Value) -> PyResult) -> PyResult {
    if keys.len() == 1 {
        return get(&keys[0]);
    }
    Ok(Value::tuple(keys.iter().map(get).collect::<PyResult<_>>()?))
}
