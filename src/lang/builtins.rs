//! Python's builtin functions that the subset offers.

use super::value::Value;

/// The builtin called `name` (`len`, `sorted`, ...), as a callable value.
pub fn lookup(name: &str) -> Option<Value> {
    let _ = name;
    todo!()
}

/// Every builtin name, for completion and "did you mean ...?".
pub fn names() -> &'static [&'static str] {
    todo!()
}
