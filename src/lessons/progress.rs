//! The learner's progress: how many steps of each lesson passed, in a small
//! TOML file (`progress.toml` in the data directory) rewritten whole.
//!
//! ```toml
//! # streamlab lesson progress
//! version = 1
//!
//! [lessons]
//! 1 = 2
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

pub const VERSION: u32 = 1;

/// Why the progress file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("no data directory (set STREAMLAB_HOME)")]
    NoDataDir,
    /// The data directory could not be created (the message is the I/O
    /// error's alone, as it always was).
    #[error("{error}")]
    CreateDir { dir: PathBuf, error: std::io::Error },
    #[error("cannot write {}: {error}", .path.display())]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// Lesson number -> steps passed.
    pub done: BTreeMap<usize, usize>,
}

fn path() -> Option<PathBuf> {
    crate::paths::progress_file()
}

impl Progress {
    /// Read the file; a missing or unreadable file is no progress yet.
    pub fn load() -> Progress {
        path()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|t| Progress::parse(&t))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> Progress {
        let mut done = BTreeMap::new();
        let mut in_lessons = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                in_lessons = line == "[lessons]";
                continue;
            }
            if !in_lessons || line.starts_with('#') {
                continue;
            }
            if let Some((k, v)) = line.split_once('=') {
                if let (Ok(k), Ok(v)) = (k.trim().trim_matches('"').parse(), v.trim().parse()) {
                    done.insert(k, v);
                }
            }
        }
        Progress { done }
    }

    pub fn render(&self) -> String {
        let mut s = format!("# streamlab lesson progress\nversion = {VERSION}\n\n[lessons]\n");
        for (k, v) in &self.done {
            s.push_str(&format!("{k} = {v}\n"));
        }
        s
    }

    /// Write the whole file (errors are reported, not fatal).
    pub fn save(&self) -> Result<(), SaveError> {
        let p = path().ok_or(SaveError::NoDataDir)?;
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|error| SaveError::CreateDir {
                dir: d.to_path_buf(),
                error,
            })?;
        }
        std::fs::write(&p, self.render()).map_err(|error| SaveError::Write { path: p, error })
    }

    /// Record that `steps` steps of `lesson` passed (never goes back).
    pub fn record(&mut self, lesson: usize, steps: usize) {
        let e = self.done.entry(lesson).or_insert(0);
        *e = (*e).max(steps);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut p = Progress::default();
        p.record(1, 2);
        p.record(1, 1);
        p.record(3, 1);
        assert_eq!(Progress::parse(&p.render()), p);
        assert_eq!(p.done[&1], 2);
    }
}
