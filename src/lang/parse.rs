//! Parsing program text into the syntax tree of `ast` (pest grammar: `grammar/streamlab.pest`).

use super::ast::{Program, Span};

/// A syntax error, phrased for a learner, at a span of the source.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    /// A plain-words message, e.g. "'(' was never closed" or "expected an expression after '='".
    pub message: String,
}

/// Parse a whole program (a `.py` file, or the text of one REPL entry).
pub fn parse_program(src: &str) -> Result<Program, SyntaxError> {
    let _ = src;
    todo!()
}

/// True when `src` is a prefix of a valid program that needs more lines
/// (an open bracket, a `def`/`if` header without a body yet, a trailing `\`).
/// The REPL uses it to decide between "run" and "continue on the next line".
pub fn is_incomplete(src: &str) -> bool {
    let _ = src;
    todo!()
}
