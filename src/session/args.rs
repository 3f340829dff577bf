//! Binding call arguments to a Python-style parameter list, with Python's
//! error messages (`DStream.window() missing 1 required positional argument: 'windowDuration'`).
//!
//! ```
//! use streamlab::session::args::bind;
//! use streamlab::lang::value::Value;
//! let got = bind("DStream.window", "windowDuration, slideDuration=None", vec![Value::Int(3)], vec![]).unwrap();
//! assert!(matches!(got[0], Some(Value::Int(3))));
//! assert!(got[1].is_none());
//! let err = bind("DStream.window", "windowDuration, slideDuration=None", vec![], vec![]).unwrap_err();
//! assert_eq!(err.msg, "DStream.window() missing 1 required positional argument: 'windowDuration'");
//! ```

use crate::lang::value::{Exc, Kwargs, PyResult, Value};

/// Bind positional and keyword arguments to `params` (`"func, numPartitions=None"`).
/// Returns one slot per parameter; optional parameters not given are `None`.
/// Messages count `self` as Python does for methods (`qualname` contains a dot).
pub fn bind(
    qualname: &str,
    params: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<Vec<Option<Value>>> {
    let specs: Vec<(&str, bool)> = params
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((name, _)) => (name.trim(), false),
            None => (p, true),
        })
        .collect();
    let is_method = qualname.contains('.');
    let offset = usize::from(is_method);
    let n = specs.len();
    let required = specs.iter().filter(|s| s.1).count();
    if args.len() > n {
        let (lo, hi) = (required + offset, n + offset);
        let takes = if lo == hi {
            format!("{hi} positional argument{}", if hi == 1 { "" } else { "s" })
        } else {
            format!("from {lo} to {hi} positional arguments")
        };
        let given = args.len() + offset;
        return Err(Exc::type_error(format!(
            "{qualname}() takes {takes} but {given} {} given",
            if given == 1 { "was" } else { "were" }
        )));
    }
    let mut slots: Vec<Option<Value>> = vec![None; n];
    for (i, a) in args.into_iter().enumerate() {
        slots[i] = Some(a);
    }
    for (k, v) in kwargs {
        match specs.iter().position(|s| s.0 == &*k) {
            Some(i) if slots[i].is_some() => {
                return Err(Exc::type_error(format!(
                    "{qualname}() got multiple values for argument '{k}'"
                )))
            }
            Some(i) => slots[i] = Some(v),
            None => {
                let mut msg = format!("{qualname}() got an unexpected keyword argument '{k}'");
                if let Some(s) = crate::lang::diag::did_you_mean(&k, specs.iter().map(|s| s.0)) {
                    msg.push_str(&format!(". Did you mean '{s}'?"));
                }
                return Err(Exc::type_error(msg));
            }
        }
    }
    let missing: Vec<String> = specs
        .iter()
        .zip(&slots)
        .filter(|(s, v)| s.1 && v.is_none())
        .map(|(s, _)| format!("'{}'", s.0))
        .collect();
    if !missing.is_empty() {
        let count = missing.len();
        let list = match missing.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {}", rest.join(", "), last),
            _ => missing.join(""),
        };
        return Err(Exc::type_error(format!(
            "{qualname}() missing {count} required positional argument{}: {list}",
            if count == 1 { "" } else { "s" }
        )));
    }
    Ok(slots)
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
