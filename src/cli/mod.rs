//! The command line: `streamlab run PROGRAM.py` and friends.

pub mod printer;
pub mod repl;
pub mod run;
