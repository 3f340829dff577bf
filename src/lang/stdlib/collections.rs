//! `collections`.

use super::Attrs;

pub const NAMES: &[&str] = &[];

pub fn make() -> Attrs {
    Attrs::new()
}

/// The items of a namedtuple instance (a tuple in Python), if `v` is one.
pub fn tuple_items(v: &crate::lang::value::Value) -> Option<Vec<crate::lang::value::Value>> {
    let _ = v;
    None
}
