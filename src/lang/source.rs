//! Reading a program file the way Python reads a `.py` file.
//!
//! Python decodes source as UTF-8, drops a leading byte-order mark (editors on
//! Windows write one), and reads `\r\n` and a lone `\r` as line ends. Every
//! front end that takes a program file (`run`, `export`, `lessons --check`,
//! `:load`) reads it here, so a file means the same thing everywhere.

use std::path::Path;

/// Why a program file could not be read; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {}: {error}", .path.display())]
    Unreadable {
        path: std::path::PathBuf,
        error: std::io::Error,
    },
    #[error("{} is not valid UTF-8 (first bad byte at offset {offset}); save it as UTF-8", .path.display())]
    NotUtf8 {
        path: std::path::PathBuf,
        offset: usize,
    },
    #[error("{}: {error}", .path.display())]
    Notebook {
        path: std::path::PathBuf,
        error: crate::formats::notebook::NotebookError,
    },
}

/// The text of the program at `path`; for a Jupyter notebook (`.ipynb`),
/// its code cells ([`crate::formats::notebook::program`]).
pub fn read_program(path: &Path) -> Result<String, SourceError> {
    let bytes = std::fs::read(path).map_err(|error| SourceError::Unreadable {
        path: path.to_path_buf(),
        error,
    })?;
    let text = program_text(bytes).map_err(|offset| SourceError::NotUtf8 {
        path: path.to_path_buf(),
        offset,
    })?;
    if is_notebook(path) {
        return crate::formats::notebook::program(&text).map_err(|error| SourceError::Notebook {
            path: path.to_path_buf(),
            error,
        });
    }
    Ok(text)
}

/// Is this file a Jupyter notebook (by its extension)?
pub fn is_notebook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case(crate::formats::notebook::EXTENSION))
}

/// Decode program bytes as Python does; `Err` holds the offset of the first
/// byte that is not UTF-8.
pub fn program_text(bytes: Vec<u8>) -> Result<String, usize> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let text = String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to())?;
    Ok(universal_newlines(text))
}

/// `\r\n` and lone `\r` become `\n`.
fn universal_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_13_bom_and_every_line_end_read_as_python_reads_them() {
        let bytes = b"\xEF\xBB\xBFx = 1\ry = 2\r\nz = 3\n".to_vec();
        assert_eq!(program_text(bytes).unwrap(), "x = 1\ny = 2\nz = 3\n");
    }

    #[test]
    fn a_bom_only_at_the_start_is_dropped() {
        let bytes = "x = '\u{FEFF}'\n".as_bytes().to_vec();
        assert_eq!(program_text(bytes).unwrap(), "x = '\u{FEFF}'\n");
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        assert_eq!(program_text(b"x = 1\n\xFF".to_vec()), Err(6));
    }
}
