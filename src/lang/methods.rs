//! Methods of the builtin types: `str`, `list`, `tuple`, `dict` (and `ResultIterable`).

use super::value::{Kwargs, PyResult, Value};

/// `recv.name(args)` for a builtin-type receiver; AttributeError with Python's message
/// (`'str' object has no attribute 'lowr'`) for unknown names.
pub fn call_method(recv: &Value, name: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let _ = (recv, name, args, kwargs);
    todo!()
}

/// The method names of a builtin type (by Python type name), for "did you mean ...?".
pub fn method_names(type_name: &str) -> &'static [&'static str] {
    let _ = type_name;
    todo!()
}
