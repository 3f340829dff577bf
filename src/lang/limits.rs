//! How deep a program may go, and room on the stack to get there.
//!
//! Python counts frames and raises `RecursionError` past
//! `sys.getrecursionlimit()` (1000, the module's own frame included). streamlab
//! counts calls of the learner's functions per thread the same way, so
//! `def f(x): return f(x)` fails like any exception instead of overflowing a
//! native stack: the batch fails, the session goes on.
//!
//! Counting frames is not enough on its own: every interpreter frame is a
//! chain of native frames whose size depends on the expression being
//! evaluated and on the build. So the recursive passes (compile, evaluation,
//! `repr` of nested values) also call [`grow`], which moves onto a fresh stack
//! segment when the current one runs low. Deep syntax is refused earlier, at
//! parse time, with a located `SyntaxError` (see `parse::MAX_EXPR_DEPTH`).

use std::cell::Cell;

use super::value::{Exc, PyResult};
use crate::lang::value::ExcKind;

/// Python's default `sys.getrecursionlimit()`, counting the module frame.
pub const RECURSION_LIMIT: usize = 1000;

/// Stack that must be left before a recursive step goes on on this segment.
/// Large enough for [`GROW_EVERY`] levels of evaluation in a debug build.
const RED_ZONE: usize = 1024 * 1024;

/// Size of each extra stack segment (address space; pages are used as touched).
const SEGMENT: usize = 16 * 1024 * 1024;

/// The compiler wraps every `GROW_EVERY`-th level of an expression's closures
/// in a [`grow`] check, so evaluating a deeply nested expression never runs
/// more than this many levels without checking the stack. Shallow expressions
/// (nearly all) are never wrapped and pay nothing.
pub const GROW_EVERY: usize = 32;

/// Run `f`, first moving to a new stack segment if this one is nearly used up.
#[inline]
pub fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}

thread_local! {
    /// Frames of the learner's functions running on this thread, plus the
    /// module frame Python counts.
    static DEPTH: Cell<usize> = const { Cell::new(1) };
}

/// Held while a Python function runs; dropping it leaves the frame.
pub struct FrameGuard(());

impl Drop for FrameGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Enter a Python frame, or raise `RecursionError` past [`RECURSION_LIMIT`].
#[inline]
pub fn enter_frame() -> PyResult<FrameGuard> {
    DEPTH.with(|d| {
        let depth = d.get();
        if depth >= RECURSION_LIMIT {
            Err(recursion_error())
        } else {
            d.set(depth + 1);
            Ok(FrameGuard(()))
        }
    })
}

/// Python's message, word for word.
pub fn recursion_error() -> Exc {
    Exc::new(ExcKind::RecursionError, "maximum recursion depth exceeded")
}

/// Frames currently counted on this thread (1 when no function runs).
pub fn depth() -> usize {
    DEPTH.with(|d| d.get())
}

/// Most bytes one value a program builds may take (a list's item slots, a
/// string's text). Python would try and perhaps swap the machine to a halt;
/// streamlab raises `MemoryError` before allocating, so a typo like
/// `[0] * 10**8` (3 GiB here) fails like any exception and the session goes on.
pub const MAX_VALUE_BYTES: usize = 1 << 30;

/// Check that a sequence of `items` values fits in [`MAX_VALUE_BYTES`]
/// before building it; `kind` names it in the message ("list", "range").
pub fn check_items(items: usize, kind: &str) -> PyResult<()> {
    let bytes = items.saturating_mul(std::mem::size_of::<super::value::Value>());
    check(bytes, || format!("a {kind} of {items} items"))
}

/// Check that a string of `bytes` bytes fits in [`MAX_VALUE_BYTES`].
pub fn check_text(bytes: usize) -> PyResult<()> {
    check(bytes, || format!("a string of {bytes} characters"))
}

fn check(bytes: usize, what: impl FnOnce() -> String) -> PyResult<()> {
    if bytes <= MAX_VALUE_BYTES {
        return Ok(());
    }
    Err(Exc::new(
        ExcKind::MemoryError,
        format!(
            "{} would need {}, more than the {} one value may use",
            what(),
            gib(bytes),
            gib(MAX_VALUE_BYTES)
        ),
    ))
}

fn gib(bytes: usize) -> String {
    format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
}

/// The most items one generator may yield. Generators run to the end the
/// first time they are used (see `lang::iter`), so one that never stops
/// (`while True: yield n`) ends here, with a MemoryError, within a second
/// or two instead of filling the memory.
pub const MAX_GENERATOR_ITEMS: usize = 5_000_000;
