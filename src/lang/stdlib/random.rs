//! `random`.

use super::Attrs;

pub const NAMES: &[&str] = &[];

pub fn make() -> Attrs {
    Attrs::new()
}
