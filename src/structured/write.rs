//! The text of the files `df.write` makes, as Spark 3.5 writes them: csv
//! (univocity's quoting, `\` escaping quotes), json lines (Jackson's escapes,
//! null fields left out) and text; timestamps in Spark's default
//! `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in UTC.
//!
//! ```
//! use streamlab::structured::cell::Cell;
//! use streamlab::structured::write::{csv_line, json_line};
//! let row = vec![Cell::str("a,b"), Cell::Null, Cell::Int(3)];
//! assert_eq!(csv_line(&row, ','), "\"a,b\",,3");
//! let names = vec!["w".to_string(), "x".to_string(), "n".to_string()];
//! assert_eq!(json_line(&names, &row), "{\"w\":\"a,b\",\"n\":3}");
//! ```

use super::cell::{java_double, Cell};

/// A timestamp as Spark's csv and json writers print it (UTC).
fn iso_timestamp(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(t) => format!("{}.{milli:03}Z", t.format("%Y-%m-%dT%H:%M:%S")),
        None => ms.to_string(),
    }
}

/// A cell's text in a csv or text file (null: nothing).
fn plain(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Double(d) => java_double(*d),
        Cell::Timestamp(ms) => iso_timestamp(*ms),
        other => other.show(),
    }
}

/// One csv line: a value with the separator, a quote, a line break or a
/// backslash is quoted (a quote inside escaped as `\"`); an empty string is `""`.
pub fn csv_line(row: &[Cell], sep: char) -> String {
    let mut out = Vec::with_capacity(row.len());
    for c in row {
        let text = plain(c);
        let quote = matches!(c, Cell::Str(s) if s.is_empty())
            || text.contains([sep, '"', '\n', '\r', '\\']);
        out.push(if quote {
            format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
        } else {
            text
        });
    }
    out.join(&sep.to_string())
}

/// A string as Jackson writes it in JSON.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_value(c: &Cell) -> String {
    match c {
        Cell::Null => "null".into(),
        Cell::Bool(b) => b.to_string(),
        Cell::Int(i) => i.to_string(),
        Cell::Double(d) if d.is_finite() => java_double(*d),
        Cell::Double(d) => json_string(&java_double(*d)),
        Cell::Str(s) => json_string(s),
        Cell::Timestamp(ms) => json_string(&iso_timestamp(*ms)),
        Cell::Window(s, e) => format!(
            "{{\"start\":{},\"end\":{}}}",
            json_string(&iso_timestamp(*s)),
            json_string(&iso_timestamp(*e))
        ),
        Cell::Array(items) => format!(
            "[{}]",
            items.iter().map(json_value).collect::<Vec<_>>().join(",")
        ),
    }
}

/// One json line: the row's non-null fields by name.
pub fn json_line(names: &[String], row: &[Cell]) -> String {
    let fields: Vec<String> = names
        .iter()
        .zip(row)
        .filter(|(_, c)| !c.is_null())
        .map(|(n, c)| format!("{}:{}", json_string(n), json_value(c)))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// One text line: the row's single string column.
pub fn text_line(row: &[Cell]) -> String {
    row.first().map(plain).unwrap_or_default()
}
