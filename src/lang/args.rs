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
/// Durations longer than [`MAX_DURATION_MS`] are refused: batch times are
/// epoch milliseconds, and a longer interval would overflow them.
pub fn duration_ms(what: &str, v: &Value) -> PyResult<i64> {
    let ms = match v {
        Value::Int(i) => i.saturating_mul(1000),
        Value::Bool(b) => i64::from(*b) * 1000,
        Value::Float(f) if f.is_finite() => (f * 1000.0).trunc() as i64,
        other => {
            return Err(Exc::type_error(format!(
                "{what} must be a number of seconds (an int or a float), not {}",
                other.short_repr()
            )))
        }
    };
    if ms.unsigned_abs() > MAX_DURATION_MS as u64 {
        return Err(Exc::value_error(format!(
            "{what} of {} seconds is too long: streamlab runs durations up to 100 years ({} seconds)",
            v.short_repr(),
            MAX_DURATION_MS / 1000
        )));
    }
    Ok(ms)
}

/// The longest batch, window, slide or checkpoint interval: 100 years.
pub const MAX_DURATION_MS: i64 = 100 * 365 * 24 * 3600 * 1000;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_milliseconds_and_bounded() {
        assert_eq!(duration_ms("d", &Value::Int(2)).unwrap(), 2000);
        assert_eq!(duration_ms("d", &Value::Float(0.5)).unwrap(), 500);
        let err = duration_ms("batchDuration", &Value::Int(10_i64.pow(18))).unwrap_err();
        assert!(format!("{err:?}").contains("too long"), "{err:?}");
        assert!(duration_ms("d", &Value::Float(-1e300)).is_err());
        let limit = MAX_DURATION_MS / 1000;
        assert_eq!(
            duration_ms("d", &Value::Int(limit)).unwrap(),
            MAX_DURATION_MS
        );
    }
}
