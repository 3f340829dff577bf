//! Where streamlab keeps its own files, and the one history both front ends
//! share.
//!
//! Everything lives in the data directory: `$STREAMLAB_HOME` if set, else
//! `$XDG_DATA_HOME/streamlab`, else `~/.local/share/streamlab`. In it:
//! `history` (the REPL history of the terminal UI and of `streamlab repl`
//! alike, in rustyline's multi-line format) and `progress.toml` (lessons).

use std::path::{Path, PathBuf};

/// How many entries the history keeps.
pub const HISTORY_CAP: usize = 1_000;

/// streamlab's data directory (see the module doc); `None` when no variable
/// says where a home is.
pub fn data_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(home) = var("STREAMLAB_HOME") {
        return Some(home);
    }
    let data = var("XDG_DATA_HOME").or_else(|| var("HOME").map(|h| h.join(".local/share")))?;
    Some(data.join("streamlab"))
}

/// The REPL history file.
pub fn history_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("history"))
}

/// The lessons' progress file.
pub fn progress_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("progress.toml"))
}

/// The first line of a history file in the format rustyline writes: each
/// entry on one line, with `\` and newline escaped as `\\` and `\n`.
const HISTORY_HEADER: &str = "#V2";

/// The history entries in `path`, oldest first; none if it cannot be read.
pub fn read_history(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut lines = text.lines().peekable();
    let escaped = lines.peek() == Some(&HISTORY_HEADER);
    if escaped {
        lines.next();
    }
    lines
        .filter(|l| !l.is_empty())
        .map(|l| if escaped { unescape(l) } else { l.to_string() })
        .collect()
}

/// Write the last [`HISTORY_CAP`] of `entries` to `path` (creating its
/// directory), in the format [`read_history`] and rustyline read.
pub fn write_history(path: &Path, entries: &[String]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let start = entries.len().saturating_sub(HISTORY_CAP);
    let mut text = format!("{HISTORY_HEADER}\n");
    for e in &entries[start..] {
        text.push_str(&e.replace('\\', "\\\\").replace('\n', "\\n"));
        text.push('\n');
    }
    std::fs::write(path, text)
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_round_trips_multi_line_entries_and_backslashes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/history");
        let entries = vec![
            "def f(x):\n    return x".to_string(),
            r"s = 'a\nb'".to_string(),
            "ssc.start()".to_string(),
        ];
        write_history(&path, &entries).unwrap();
        assert_eq!(read_history(&path), entries);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("#V2\ndef f(x):\\n    return x\n"),
            "{text}"
        );
    }

    #[test]
    fn history_keeps_the_newest_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        let entries: Vec<String> = (0..HISTORY_CAP + 5).map(|i| format!("x = {i}")).collect();
        write_history(&path, &entries).unwrap();
        let read = read_history(&path);
        assert_eq!(read.len(), HISTORY_CAP);
        assert_eq!(read[0], "x = 5");
    }

    #[test]
    fn the_history_of_the_plain_repl_is_read_by_the_ui() {
        // rustyline writes the file `streamlab repl` keeps; the UI reads it.
        use rustyline::history::{FileHistory, History};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        let mut h = FileHistory::new();
        h.add("def f(x):\n    return x").unwrap();
        h.add("x = 1").unwrap();
        h.save(&path).unwrap();
        assert_eq!(read_history(&path), ["def f(x):\n    return x", "x = 1"]);
        // And the UI's file is read by rustyline.
        write_history(&path, &["a\nb".to_string(), "c".to_string()]).unwrap();
        let mut h = FileHistory::new();
        h.load(&path).unwrap();
        assert_eq!(h.len(), 2);
    }
}
