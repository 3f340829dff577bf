//! Small text formats parsed with nom: things a learner types on the command
//! line or in a `:command` (durations; Spark's interval strings such as
//! `"10 minutes"`; demo scripts and log records
//! later). The PySpark language itself is parsed with pest in [`crate::lang`].

pub mod command;
pub mod duration;
pub mod interval;
pub mod notebook;
