//! Turning a file into the lines a producer sends.

use std::path::Path;

/// Lines of a text without their endings (`\n` or `\r\n`). A final line
/// ending does not make an extra empty line; blank lines inside are kept.
pub fn split_lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// A file's lines, with the lines that are not valid UTF-8 repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLines {
    pub lines: Vec<String>,
    /// Line numbers (from 1) where invalid bytes were replaced with U+FFFD.
    pub repaired: Vec<usize>,
}

impl FileLines {
    /// Warnings to print, one per repaired line, at most `max` and a summary.
    pub fn warnings(&self, file: &str, max: usize) -> Vec<String> {
        let mut out: Vec<String> = self
            .repaired
            .iter()
            .take(max)
            .map(|n| {
                format!(
                    "warning: {file} line {n} is not valid UTF-8; invalid bytes were replaced with U+FFFD"
                )
            })
            .collect();
        if self.repaired.len() > max {
            out.push(format!(
                "warning: {file}: {} more lines with invalid UTF-8 were repaired the same way",
                self.repaired.len() - max
            ));
        }
        out
    }
}

/// Split raw bytes into lines; lines must be text, so invalid UTF-8 bytes
/// become U+FFFD and the line is remembered.
pub fn lines_from_bytes(bytes: &[u8]) -> FileLines {
    let mut lines = Vec::new();
    let mut repaired = Vec::new();
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    if bytes.is_empty() {
        return FileLines { lines, repaired };
    }
    for (i, raw) in body.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        match std::str::from_utf8(raw) {
            Ok(s) => lines.push(s.to_string()),
            Err(_) => {
                repaired.push(i + 1);
                lines.push(String::from_utf8_lossy(raw).into_owned());
            }
        }
    }
    FileLines { lines, repaired }
}

/// Read a file's lines.
pub fn read_lines(path: &Path) -> std::io::Result<FileLines> {
    Ok(lines_from_bytes(&std::fs::read(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_line_reader() {
        assert_eq!(split_lines("a\n\nb\r\nc\n"), vec!["a", "", "b", "c"]);
        assert_eq!(
            lines_from_bytes(b"a\n\nb\r\nc\n").lines,
            vec!["a", "", "b", "c"]
        );
        assert_eq!(lines_from_bytes(b"a\nb").lines, vec!["a", "b"]);
        assert_eq!(lines_from_bytes(b"").lines, Vec::<String>::new());
        assert_eq!(lines_from_bytes(b"\n").lines, vec![""]);
    }

    #[test]
    fn repairs_invalid_utf8_and_names_the_line() {
        let f = lines_from_bytes(b"ok\nbad \xff here\nfine\n");
        assert_eq!(f.lines, vec!["ok", "bad \u{FFFD} here", "fine"]);
        assert_eq!(f.repaired, vec![2]);
        assert_eq!(
            f.warnings("x.txt", 5),
            vec![
                "warning: x.txt line 2 is not valid UTF-8; invalid bytes were replaced with U+FFFD"
            ]
        );
        let many = lines_from_bytes(b"\xff\n\xff\n\xff\n");
        assert_eq!(many.warnings("y", 2).len(), 3);
        assert!(many.warnings("y", 2)[2].contains("1 more lines"));
    }
}
