//! File sources with a schema: `readStream.csv(path)` / `json(path)` (and
//! `format("csv"|"json").load(path)`), read as Spark 3.5 reads them in its
//! default PERMISSIVE mode.
//!
//! - `path` is a directory (its files, except those starting with `.` or `_`)
//!   or a pattern whose last part has `*`, `?` or `[...]` (`logs/*.csv`).
//! - A trigger takes the files that appeared since the last one, oldest first
//!   (by modification time, then name), at most `maxFilesPerTrigger` of them.
//!   Each small file is one partition, and Spark orders a batch's partitions
//!   by file size, largest first: that is the order of a stateless query's rows.
//! - CSV: fields split at `sep` (default `,`), `"` quotes a field (`\"` inside
//!   quotes is a quote); with `header` the first line of each file is skipped.
//!   An unquoted empty field is null; a field that does not parse as its
//!   column's type is null; missing fields are null, extra ones are dropped.
//! - JSON: one object per line; a field missing or of the wrong type is null;
//!   a line that is not a JSON object is a row of nulls; a string column takes
//!   any JSON value as its text.
//!
//! ```
//! use streamlab::structured::cell::DataType;
//! use streamlab::structured::files::{FileFormat, parse_file};
//! let schema = vec![("name".to_string(), DataType::String), ("n".to_string(), DataType::Int)];
//! let csv = FileFormat::Csv { header: true, sep: ',' };
//! let rows = parse_file("name,n\ncat,1\n\"a,b\",x\n", &csv, &schema);
//! assert_eq!(rows[1][0].show(), "a,b");
//! assert!(rows[1][1].is_null());
//! ```

use std::path::{Path, PathBuf};

use super::cell::{parse_timestamp, Cell, DataType, Row};
use super::expr::Schema;

/// How a file's text becomes rows.
#[derive(Debug, Clone, PartialEq)]
pub enum FileFormat {
    Csv {
        header: bool,
        sep: char,
    },
    Json,
    /// One `value` row per line (`spark.read.text`).
    Text,
}

impl FileFormat {
    pub fn name(&self) -> &'static str {
        match self {
            FileFormat::Csv { .. } => "csv",
            FileFormat::Json => "json",
            FileFormat::Text => "text",
        }
    }
}

/// One file source: where, how, and how many files a trigger takes.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSource {
    pub path: String,
    pub format: FileFormat,
    pub schema: Schema,
    pub max_files_per_trigger: Option<usize>,
}

/// A cell of `t` from a text field (CSV).
fn cell_of_text(s: &str, t: DataType) -> Cell {
    match t {
        DataType::String => Cell::str(s),
        DataType::Int => s.parse::<i32>().map_or(Cell::Null, |n| Cell::Int(n as i64)),
        DataType::Long => s.parse::<i64>().map_or(Cell::Null, Cell::Int),
        DataType::Double => s.parse::<f64>().map_or(Cell::Null, Cell::Double),
        DataType::Boolean => match s.to_ascii_lowercase().as_str() {
            "true" => Cell::Bool(true),
            "false" => Cell::Bool(false),
            _ => Cell::Null,
        },
        DataType::Timestamp => parse_timestamp(s).map_or(Cell::Null, Cell::Timestamp),
        DataType::Date => crate::structured::cell::parse_date(s).map_or(Cell::Null, Cell::Date),
        _ => Cell::Null,
    }
}

/// A cell of `t` from a JSON value.
fn cell_of_json(v: &serde_json::Value, t: DataType) -> Cell {
    use serde_json::Value as J;
    match (t, v) {
        (_, J::Null) => Cell::Null,
        (DataType::String, J::String(s)) => Cell::str(s),
        (DataType::String, other) => Cell::str(&other.to_string()),
        (DataType::Int, J::Number(n)) => n
            .as_i64()
            .filter(|n| i32::try_from(*n).is_ok())
            .map_or(Cell::Null, Cell::Int),
        (DataType::Long, J::Number(n)) => n.as_i64().map_or(Cell::Null, Cell::Int),
        (DataType::Double, J::Number(n)) => n.as_f64().map_or(Cell::Null, Cell::Double),
        (DataType::Boolean, J::Bool(b)) => Cell::Bool(*b),
        (DataType::Timestamp, J::String(s)) => {
            parse_timestamp(s).map_or(Cell::Null, Cell::Timestamp)
        }
        (DataType::Date, J::String(s)) => {
            crate::structured::cell::parse_date(s).map_or(Cell::Null, Cell::Date)
        }
        _ => Cell::Null,
    }
}

/// The fields of one CSV line: (text, was it quoted).
fn csv_fields(line: &str, sep: char) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut field = String::new();
    let (mut quoted, mut in_quotes) = (false, false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '\\' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => in_quotes = false,
                c => field.push(c),
            }
        } else if c == sep {
            out.push((std::mem::take(&mut field), quoted));
            quoted = false;
        } else if c == '"' && field.is_empty() && !quoted {
            in_quotes = true;
            quoted = true;
        } else {
            field.push(c);
        }
    }
    out.push((field, quoted));
    out
}

/// The column names of a CSV read without a schema: the header's fields,
/// or `_c0`, `_c1`, ... as many as the first line has.
pub fn header_names(first_line: &str, sep: char, header: bool) -> Vec<String> {
    csv_fields(first_line.strip_suffix('\r').unwrap_or(first_line), sep)
        .into_iter()
        .enumerate()
        .map(|(i, (name, _))| {
            if header && !name.is_empty() {
                name
            } else {
                format!("_c{i}")
            }
        })
        .collect()
}

/// The rows of one file's text.
pub fn parse_file(text: &str, format: &FileFormat, schema: &Schema) -> Vec<Row> {
    let lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    match format {
        FileFormat::Text => crate::sources::replay::split_lines(text)
            .into_iter()
            .map(|l| vec![Cell::str(&l.to_str())])
            .collect(),
        FileFormat::Csv { header, sep } => lines
            .filter(|l| !l.is_empty())
            .skip(usize::from(*header))
            .map(|l| {
                let fields = csv_fields(l, *sep);
                schema
                    .iter()
                    .enumerate()
                    .map(|(i, (_, t))| match fields.get(i) {
                        None => Cell::Null,
                        Some((s, false)) if s.is_empty() => Cell::Null,
                        Some((s, _)) => cell_of_text(s, *t),
                    })
                    .collect()
            })
            .collect(),
        FileFormat::Json => lines
            .filter(|l| !l.trim().is_empty())
            .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
                Ok(serde_json::Value::Object(obj)) => schema
                    .iter()
                    .map(|(name, t)| obj.get(name).map_or(Cell::Null, |v| cell_of_json(v, *t)))
                    .collect(),
                _ => vec![Cell::Null; schema.len()],
            })
            .collect(),
    }
}

/// True if `name` matches a glob pattern of `*`, `?` and `[...]`.
fn glob_match(pattern: &[char], name: &[char]) -> bool {
    match pattern.first() {
        None => name.is_empty(),
        Some('*') => (0..=name.len()).any(|i| glob_match(&pattern[1..], &name[i..])),
        Some('?') => !name.is_empty() && glob_match(&pattern[1..], &name[1..]),
        Some('[') => {
            let Some(end) = pattern.iter().position(|c| *c == ']') else {
                return name.first() == Some(&'[') && glob_match(&pattern[1..], &name[1..]);
            };
            let Some(c) = name.first() else { return false };
            let class = &pattern[1..end];
            let (negate, class) = match class.first() {
                Some('^' | '!') => (true, &class[1..]),
                _ => (false, class),
            };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == '-' {
                    hit |= class[i] <= *c && *c <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == *c;
                    i += 1;
                }
            }
            hit != negate && glob_match(&pattern[end + 1..], &name[1..])
        }
        Some(p) => name.first() == Some(p) && glob_match(&pattern[1..], &name[1..]),
    }
}

/// The data files `path` names now, oldest first (modification time, then
/// path), each with its size.
pub fn list_files(path: &str) -> std::io::Result<Vec<(PathBuf, u64)>> {
    let p = Path::new(path);
    let has_glob = |s: &str| s.contains(['*', '?', '[']);
    let (dir, pattern): (PathBuf, Option<Vec<char>>) = match p.file_name() {
        Some(name) if has_glob(&name.to_string_lossy()) => (
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
            Some(name.to_string_lossy().chars().collect()),
        ),
        _ if p.is_file() => {
            let len = std::fs::metadata(p)?.len();
            return Ok(vec![(p.to_path_buf(), len)]);
        }
        _ => (p.to_path_buf(), None),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        if let Some(pat) = &pattern {
            if !glob_match(pat, &name.chars().collect::<Vec<_>>()) {
                continue;
            }
        }
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified = meta.modified().ok();
        files.push((modified, entry.path(), meta.len()));
    }
    files.sort();
    Ok(files.into_iter().map(|(_, p, len)| (p, len)).collect())
}

/// The partitions of a batch of files: one per file, largest first (ties
/// keep their order), as Spark packs small files.
pub fn read_batch(
    files: &[(PathBuf, u64)],
    src: &FileSource,
    status: &mut Vec<String>,
) -> Vec<Vec<Row>> {
    let mut by_size: Vec<&(PathBuf, u64)> = files.iter().collect();
    by_size.sort_by_key(|b| std::cmp::Reverse(b.1));
    by_size
        .into_iter()
        .filter_map(|(f, _)| match std::fs::read(f) {
            Ok(bytes) => Some(parse_file(
                &String::from_utf8_lossy(&bytes),
                &src.format,
                &src.schema,
            )),
            Err(e) => {
                status.push(format!("cannot read {}: {e}", f.display()));
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        vec![
            ("device".to_string(), DataType::String),
            ("signal".to_string(), DataType::Int),
            ("t".to_string(), DataType::Timestamp),
        ]
    }

    fn shown(rows: &[Row]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(Cell::show).collect())
            .collect()
    }

    #[test]
    fn csv_fields_parse_as_their_column_types_or_are_null() {
        let csv = FileFormat::Csv {
            header: false,
            sep: ';',
        };
        let rows = parse_file(
            "a;12;2024-01-01 10:00:00\nb;x;\n\"c;d\";3\n",
            &csv,
            &schema(),
        );
        assert_eq!(
            shown(&rows),
            [
                ["a", "12", "2024-01-01 10:00:00"],
                ["b", "NULL", "NULL"],
                ["c;d", "3", "NULL"]
            ]
        );
    }

    #[test]
    fn json_lines_take_fields_by_name() {
        let rows = parse_file(
            "{\"signal\": 5, \"device\": \"d1\"}\nnot json\n{\"device\": 7, \"signal\": \"9\"}\n",
            &FileFormat::Json,
            &schema(),
        );
        assert_eq!(
            shown(&rows),
            [
                ["d1", "5", "NULL"],
                ["NULL", "NULL", "NULL"],
                ["7", "NULL", "NULL"]
            ]
        );
    }

    #[test]
    fn globs_match_names() {
        let m = |p: &str, n: &str| {
            glob_match(
                &p.chars().collect::<Vec<_>>(),
                &n.chars().collect::<Vec<_>>(),
            )
        };
        assert!(m("*.csv", "a.csv"));
        assert!(!m("*.csv", "a.json"));
        assert!(m("part-[0-9]?.json", "part-12.json"));
        assert!(!m("part-[!0-9]*", "part-1"));
    }

    #[test]
    fn a_batch_reads_the_largest_file_first() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "x,1\n").unwrap();
        std::fs::write(dir.path().join("b.csv"), "y,2\nz,3\n").unwrap();
        let src = FileSource {
            path: dir.path().join("*.csv").to_string_lossy().into_owned(),
            format: FileFormat::Csv {
                header: false,
                sep: ',',
            },
            schema: schema(),
            max_files_per_trigger: None,
        };
        let files = list_files(&src.path).unwrap();
        assert_eq!(files.len(), 2);
        let parts = read_batch(&files, &src, &mut Vec::new());
        let firsts: Vec<String> = parts.iter().map(|p| p[0][0].show()).collect();
        assert_eq!(firsts, ["y", "x"]);
    }
}
