//! Hashing: Python's `hash()` (as under PYTHONHASHSEED=0, which PySpark sets for its
//! workers), PySpark's `portable_hash`, and [`Key`] for dicts and shuffles.

use std::hash::{Hash, Hasher};

use super::value::{Key, PyResult, Value};

impl Key {
    /// A key for a dict or a shuffle; `TypeError: unhashable type: 'list'` for lists and dicts.
    pub fn new(v: Value) -> PyResult<Key> {
        let _ = v;
        todo!()
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        let _ = other;
        todo!()
    }
}
impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let _ = state;
        todo!()
    }
}

/// Python's `hash(v)` with PYTHONHASHSEED=0.
pub fn py_hash(v: &Value) -> PyResult<i64> {
    let _ = v;
    todo!()
}

/// PySpark's `portable_hash(v)`: 0 for None, its own combine for tuples, `hash()` otherwise.
pub fn portable_hash(v: &Value) -> PyResult<i64> {
    let _ = v;
    todo!()
}

/// The shuffle partition of a key: `portable_hash(key) % n` with Python's non-negative `%`.
pub fn partition_for(key: &Value, n: usize) -> PyResult<usize> {
    let _ = (key, n);
    todo!()
}
