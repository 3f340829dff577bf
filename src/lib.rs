//! streamlab: learn Spark Streaming by doing.
//!
//! Source code layout, one concept per module:
//! - [`lang`]: the Python-subset language (grammar, syntax tree, values, compiler).

#![forbid(unsafe_code)]

pub mod lang;
