//! The few lambdas that nearly every streaming program passes to the engine
//! (`lambda line: line.split(" ")`, `lambda w: (w, 1)`, `lambda a, b: a + b`,
//! `operator.add`), recognised once when the function is made, so the engine
//! can run them as Rust on the values they are written for.
//!
//! A shape only says what the function computes; [`Shape::apply1`] and
//! [`Shape::apply2`] give the result only for the arguments where running the
//! body could not do anything else (a `str` to split, two ints that add
//! without overflow) and return `None` otherwise, so the caller runs the
//! function itself: results, errors and their messages stay the general
//! path's, by construction.

use std::sync::Arc;

use super::ast::{BinOp, Expr, ExprKind, Param, ParamKind};
use super::value::Value;

/// What a recognised function computes.
#[derive(Clone, Debug)]
pub enum Shape {
    /// `lambda s: s.split()`
    SplitWhitespace,
    /// `lambda s: s.split(SEP)`, SEP a non-empty string literal.
    SplitSep(Arc<str>),
    /// `lambda x: (x, C)`, C a literal (`1`, `1.0`, `"a"`, `True`, `None`).
    PairWith(Value),
    /// `lambda a, b: a + b` and `operator.add`.
    Add,
}

/// The shape of `lambda PARAMS: BODY`, if it is one of the recognised ones.
pub fn of_lambda(params: &[Param], body: &Expr) -> Option<Shape> {
    if params
        .iter()
        .any(|p| p.kind != ParamKind::Normal || p.default.is_some())
    {
        return None;
    }
    let is_param =
        |e: &Expr, i: usize| matches!(&e.kind, ExprKind::Name(n) if *n == params[i].name);
    match (params.len(), &body.kind) {
        (1, ExprKind::Call { func, args, kwargs }) if kwargs.is_empty() => {
            let ExprKind::Attribute { value, attr, .. } = &func.kind else {
                return None;
            };
            if attr != "split" || !is_param(value, 0) {
                return None;
            }
            match args.as_slice() {
                [] => Some(Shape::SplitWhitespace),
                [Expr {
                    kind: ExprKind::Str(sep),
                    ..
                }] if !sep.is_empty() => Some(Shape::SplitSep(Arc::from(sep.as_str()))),
                _ => None,
            }
        }
        (1, ExprKind::Tuple(items)) => match items.as_slice() {
            [first, second] if is_param(first, 0) => literal(second).map(Shape::PairWith),
            _ => None,
        },
        (
            2,
            ExprKind::BinOp {
                op: BinOp::Add,
                left,
                right,
            },
        ) if is_param(left, 0) && is_param(right, 1) => Some(Shape::Add),
        _ => None,
    }
}

/// The value of a literal that needs no evaluation.
fn literal(e: &Expr) -> Option<Value> {
    Some(match &e.kind {
        ExprKind::Int(i) => super::ops::int_from_big(i.clone()),
        ExprKind::Float(x) => Value::Float(*x),
        ExprKind::Str(s) => Value::str(s),
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::None => Value::None,
        _ => return None,
    })
}

impl Shape {
    /// The result of calling a one-parameter function of this shape on `x`,
    /// where it cannot differ from running the body; `None` otherwise.
    pub fn apply1(&self, x: &Value) -> Option<Value> {
        match (self, x) {
            (Shape::SplitWhitespace, Value::Str(s)) => {
                Some(Value::list(super::methods::split_whitespace(s, -1, false)))
            }
            (Shape::SplitSep(sep), Value::Str(s)) => {
                Some(Value::list(super::methods::split_sep(s, sep, -1, false)))
            }
            (Shape::PairWith(c), x) => Some(Value::tuple(vec![x.clone(), c.clone()])),
            _ => None,
        }
    }

    /// The same for a two-parameter function (`Add` on two ints whose sum
    /// fits in 64 bits; bigger sums, floats and the rest go the general way).
    pub fn apply2(&self, a: &Value, b: &Value) -> Option<Value> {
        match (self, a, b) {
            (Shape::Add, Value::Int(x), Value::Int(y)) => x.checked_add(*y).map(Value::Int),
            _ => None,
        }
    }

    /// For a split shape applied to a `str`: hand each piece to `each`, as
    /// the list `apply1` builds would hold them, without building it.
    pub fn split_each(&self, s: &str, each: &mut dyn FnMut(&str)) -> bool {
        match self {
            Shape::SplitWhitespace => {
                super::methods::split_whitespace_each(s, each);
                true
            }
            Shape::SplitSep(sep) => {
                super::methods::split_sep_each(s, sep, each);
                true
            }
            _ => false,
        }
    }
}
