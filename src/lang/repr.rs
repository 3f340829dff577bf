//! How values print: Python's `repr()` and `str()`.

use super::value::Value;

impl Value {
    /// Python's `repr(v)`: `'it'`, `"it's"`, `(1,)`, `0.30000000000000004`, `1e+16`, `None`.
    pub fn repr(&self) -> String {
        todo!()
    }
    /// Python's `str(v)`: like repr except that a top-level string prints bare.
    pub fn to_str(&self) -> String {
        todo!()
    }
}

/// Python's `repr(float)`.
pub fn float_repr(x: f64) -> String {
    let _ = x;
    todo!()
}
