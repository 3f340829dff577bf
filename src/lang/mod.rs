//! The streamlab language: a strict subset of Python, as PySpark programs use it.
//!
//! Source text goes through these stages, each with its own types:
//! - `lex` cuts it into tokens (the one tokenizer: the parser's pre-pass, error
//!   wording and the REPL's colouring all use it);
//! - `parse` (pest grammar in `grammar/streamlab.pest`) gives the syntax tree of `ast`, with spans;
//! - `compile` turns the tree into closures, once, resolving names to slots;
//! - the closures run over [`value::Value`]s, whose behaviour (`repr`, arithmetic,
//!   comparison, hashing, builtins, methods) follows Python 3 exactly.
//!
//! `diag` renders syntax and runtime errors with file:line:col and a caret.

pub mod args;
pub mod ast;
pub mod builtins;
pub mod classes;
pub mod compile;
pub mod diag;
pub mod exceptions;
pub mod hash;
pub mod iter;
pub mod lex;
pub mod limits;
pub mod methods;
pub mod native;
pub mod ops;
pub mod parse;
pub mod registry;
pub mod repr;
pub mod set;
pub mod shape;
pub mod source;
pub mod stdlib;
pub mod unicode;
pub mod value;
