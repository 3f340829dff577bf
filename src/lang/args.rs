//! Arguments as the engine and the session read them: durations, counts,
//! strings, and binding a call to a parameter list by position (with
//! Python's error messages, `DStream.window() missing 1 required positional argument: 'windowDuration'`).
//!
//! ```
//! use streamlab::lang::args::bind;
//! use streamlab::lang::value::Value;
//! let got = bind("DStream.window", "windowDuration, slideDuration=None", vec![Value::Int(3)], vec![]).unwrap();
//! assert!(matches!(got[0], Some(Value::Int(3))));
//! assert!(got[1].is_none());
//! let err = bind("DStream.window", "windowDuration, slideDuration=None", vec![], vec![]).unwrap_err();
//! assert_eq!(err.msg, "DStream.window() missing 1 required positional argument: 'windowDuration'");
//! ```

use crate::lang::registry::Signature;
use crate::lang::value::{Exc, Kwargs, PyResult, Value};

/// Bind positional and keyword arguments to `params` (`"func, numPartitions=None"`)
/// with [`Signature::bind`]. Returns one slot per parameter; optional
/// parameters not given are `None`. For callers that take arguments by
/// position; the registry's methods take them by name from a [`Bound`](crate::lang::registry::Bound).
pub fn bind(
    qualname: &str,
    params: &'static str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Vec<Option<Value>>> {
    Ok(Signature::parse(params)
        .bind(qualname, args, kwargs)?
        .into_slots())
}

/// A duration in seconds (int or float) as milliseconds, `int(seconds * 1000)` as PySpark does.
pub fn duration_ms(what: &str, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(i.saturating_mul(1000)),
        Value::Bool(b) => Ok(i64::from(*b) * 1000),
        Value::Float(f) if f.is_finite() => Ok((f * 1000.0).trunc() as i64),
        other => Err(Exc::type_error(format!(
            "{what} must be a number of seconds (an int or a float), not {}",
            other.short_repr()
        ))),
    }
}

/// A non-negative count (`numPartitions`, `num`).
pub fn count_arg(what: &str, v: &Value) -> PyResult<usize> {
    match v {
        Value::Int(i) if *i >= 0 => Ok(*i as usize),
        Value::Bool(b) => Ok(usize::from(*b)),
        Value::Int(i) => Err(Exc::value_error(format!(
            "{what} must not be negative, got {i}"
        ))),
        other => Err(Exc::type_error(format!(
            "{what} must be an int, not {}",
            other.type_name()
        ))),
    }
}

/// A string argument.
pub fn str_arg(what: &str, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(Exc::type_error(format!(
            "{what} must be a str, not {}",
            other.type_name()
        ))),
    }
}
