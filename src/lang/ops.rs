//! Operators with Python semantics: arithmetic, comparison, truth, indexing, iteration.

use std::cmp::Ordering;

use num_bigint::BigInt;

use super::ast::{BinOp, CmpOp};
use super::value::{PyResult, Value};

impl Value {
    /// Python truthiness (`bool(v)`).
    pub fn truthy(&self) -> bool {
        todo!()
    }
}

/// An int from a BigInt, as `Value::Int` when it fits in i64.
pub fn int_from_big(b: BigInt) -> Value {
    let _ = b;
    todo!()
}

/// `a <op> b` for `+ - * / // % **`.
pub fn binary(op: BinOp, a: &Value, b: &Value) -> PyResult {
    let _ = (op, a, b);
    todo!()
}

/// `-a`.
pub fn neg(a: &Value) -> PyResult {
    let _ = a;
    todo!()
}

/// `+a`.
pub fn pos(a: &Value) -> PyResult {
    let _ = a;
    todo!()
}

/// `a <op> b` for comparisons, `in`, `not in`, `is`, `is not`.
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    let _ = (op, a, b);
    todo!()
}

/// `a == b` with Python's rules (`1 == 1.0 == True`, containers element-wise).
pub fn py_eq(a: &Value, b: &Value) -> bool {
    let _ = (a, b);
    todo!()
}

/// Ordering for `<`, `sorted`, `min`, `max`; a TypeError for mixed types such as
/// `'<' not supported between instances of 'str' and 'int'`.
pub fn py_cmp(a: &Value, b: &Value) -> PyResult<Ordering> {
    let _ = (a, b);
    todo!()
}

/// `v[index]` for str, tuple, list, dict, range (negative indexes too).
pub fn subscript(v: &Value, index: &Value) -> PyResult {
    let _ = (v, index);
    todo!()
}

/// `v[lower:upper:step]` for str, tuple, list, range.
pub fn slice(v: &Value, lower: Option<&Value>, upper: Option<&Value>, step: Option<&Value>) -> PyResult {
    let _ = (v, lower, upper, step);
    todo!()
}

/// The items of an iterable (`for x in v`): str (characters), tuple, list, dict (keys),
/// range, ResultIterable. Otherwise `TypeError: 'int' object is not iterable`.
pub fn iterate(v: &Value) -> PyResult<Vec<Value>> {
    let _ = v;
    todo!()
}

/// `len(v)`.
pub fn len(v: &Value) -> PyResult<usize> {
    let _ = v;
    todo!()
}
