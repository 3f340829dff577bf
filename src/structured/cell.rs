//! The values in a DataFrame's cells and their types, printed as Spark prints
//! them in `show()` and the console sink.
//!
//! Timestamps are milliseconds since the Unix epoch, shown in UTC (streamlab's
//! session time zone is UTC; set `spark.sql.session.timeZone` to `UTC` on Spark
//! to compare). A `window(...)` value is a struct of two timestamps.
//!
//! ```
//! use streamlab::structured::cell::Cell;
//! assert_eq!(Cell::Timestamp(1_704_103_200_000).show(), "2024-01-01 10:00:00");
//! assert_eq!(Cell::Window(1_704_103_200_000, 1_704_103_800_000).show(),
//!            "{2024-01-01 10:00:00, 2024-01-01 10:10:00}");
//! assert_eq!(Cell::Double(2.0).show(), "2.0");
//! assert_eq!(Cell::Null.show(), "NULL");
//! ```

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A cell of a row.
#[derive(Debug, Clone)]
pub enum Cell {
    Null,
    Bool(bool),
    /// Spark's `int` and `bigint` (the [`DataType`] says which).
    Int(i64),
    Double(f64),
    Str(Arc<str>),
    /// Milliseconds since the epoch.
    Timestamp(i64),
    /// Spark's `date`: days since the epoch.
    Date(i64),
    /// An event-time window `{start, end}`, in milliseconds, end exclusive.
    Window(i64, i64),
    /// What `split` returns.
    Array(Arc<Vec<Cell>>),
}

/// One row: its cells in schema order.
pub type Row = Vec<Cell>;

/// Column types, named as Spark's `simpleString` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataType {
    String,
    Int,
    Long,
    Double,
    Boolean,
    Timestamp,
    Date,
    /// `struct<start:timestamp,end:timestamp>`
    Window,
    /// `array<string>`
    StringArray,
    /// `array<int>`, `array<bigint>`, `array<double>` (what `collect_list`
    /// and `collect_set` of numbers give).
    IntArray,
    LongArray,
    DoubleArray,
    /// The type of a `lit(None)`.
    Null,
}

impl DataType {
    /// The type a `cast("...")` names, Spark's spellings included.
    pub fn parse(name: &str) -> Option<DataType> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "string" => DataType::String,
            "int" | "integer" => DataType::Int,
            "long" | "bigint" => DataType::Long,
            "double" | "float" => DataType::Double,
            "boolean" | "bool" => DataType::Boolean,
            "timestamp" => DataType::Timestamp,
            "date" => DataType::Date,
            _ => return None,
        })
    }

    /// Spark's name of the type (`CAST(x AS INT)` uses the upper-case form).
    pub fn sql_name(self) -> &'static str {
        match self {
            DataType::String => "string",
            DataType::Int => "int",
            DataType::Long => "bigint",
            DataType::Double => "double",
            DataType::Boolean => "boolean",
            DataType::Timestamp => "timestamp",
            DataType::Date => "date",
            DataType::Window => "struct<start:timestamp,end:timestamp>",
            DataType::StringArray => "array<string>",
            DataType::IntArray => "array<int>",
            DataType::LongArray => "array<bigint>",
            DataType::DoubleArray => "array<double>",
            DataType::Null => "void",
        }
    }

    /// The name `printSchema()` gives the type (`integer`, `long`, ...).
    pub fn type_name(self) -> &'static str {
        match self {
            DataType::Int => "integer",
            DataType::Long => "long",
            DataType::Null => "void",
            DataType::Window => "struct",
            DataType::StringArray
            | DataType::IntArray
            | DataType::LongArray
            | DataType::DoubleArray => "array",
            other => other.sql_name(),
        }
    }

    /// True for the array types.
    pub fn is_array(self) -> bool {
        self.element() != DataType::Null
    }

    /// The type of an array's items (`Null` for a type that is no array).
    pub fn element(self) -> DataType {
        match self {
            DataType::StringArray => DataType::String,
            DataType::IntArray => DataType::Int,
            DataType::LongArray => DataType::Long,
            DataType::DoubleArray => DataType::Double,
            _ => DataType::Null,
        }
    }

    /// The array of items of this type (strings for the types streamlab
    /// keeps no array of).
    pub fn array_of(self) -> DataType {
        match self {
            DataType::Int => DataType::IntArray,
            DataType::Long => DataType::LongArray,
            DataType::Double => DataType::DoubleArray,
            _ => DataType::StringArray,
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, DataType::Int | DataType::Long | DataType::Double)
    }
}

impl Cell {
    pub fn str(s: &str) -> Cell {
        Cell::Str(Arc::from(s))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null)
    }

    /// The cell as Spark's `show()` prints it (before truncation); Spark 3.5
    /// prints a null as `NULL`, in `show()` and in the console sink alike.
    pub fn show(&self) -> String {
        match self {
            Cell::Null => "NULL".into(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Double(d) => java_double(*d),
            Cell::Str(s) => s.to_string(),
            Cell::Timestamp(ms) => format_timestamp(*ms),
            Cell::Date(d) => format_date_days(*d),
            Cell::Window(s, e) => format!("{{{}, {}}}", format_timestamp(*s), format_timestamp(*e)),
            Cell::Array(items) => {
                let parts: Vec<String> = items.iter().map(|c| c.show()).collect();
                format!("[{}]", parts.join(", "))
            }
        }
    }

    /// A number, for arithmetic and numeric comparisons (strings that read as
    /// numbers count, as Spark casts them).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::Int(i) => Some(*i as f64),
            Cell::Double(d) => Some(*d),
            Cell::Bool(b) => Some(*b as i64 as f64),
            Cell::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Spark's ordering of two non-null cells of comparable types.
    pub fn compare(&self, other: &Cell) -> Option<Ordering> {
        match (self, other) {
            (Cell::Null, _) | (_, Cell::Null) => None,
            (Cell::Int(a), Cell::Int(b)) => Some(a.cmp(b)),
            (Cell::Str(a), Cell::Str(b)) => Some(a.cmp(b)),
            (Cell::Bool(a), Cell::Bool(b)) => Some(a.cmp(b)),
            (Cell::Timestamp(a), Cell::Timestamp(b)) => Some(a.cmp(b)),
            (Cell::Date(a), Cell::Date(b)) => Some(a.cmp(b)),
            // A date meets a timestamp as its midnight, as Spark casts it.
            (Cell::Date(a), Cell::Timestamp(b)) => Some(a.saturating_mul(DAY_MS).cmp(b)),
            (Cell::Timestamp(a), Cell::Date(b)) => Some(a.cmp(&b.saturating_mul(DAY_MS))),
            (Cell::Date(a), Cell::Str(s)) => parse_date(s).map(|b| a.cmp(&b)),
            (Cell::Str(s), Cell::Date(b)) => parse_date(s).map(|a| a.cmp(b)),
            (Cell::Window(a, x), Cell::Window(b, y)) => Some((a, x).cmp(&(b, y))),
            (Cell::Timestamp(a), Cell::Str(s)) => parse_timestamp(s).map(|b| a.cmp(&b)),
            (Cell::Str(s), Cell::Timestamp(b)) => parse_timestamp(s).map(|a| a.cmp(b)),
            _ => {
                let (a, b) = (self.as_f64()?, other.as_f64()?);
                a.partial_cmp(&b)
            }
        }
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Cell) -> bool {
        match (self, other) {
            (Cell::Null, Cell::Null) => true,
            (Cell::Bool(a), Cell::Bool(b)) => a == b,
            (Cell::Int(a), Cell::Int(b)) => a == b,
            (Cell::Double(a), Cell::Double(b)) => a.to_bits() == b.to_bits(),
            (Cell::Str(a), Cell::Str(b)) => a == b,
            (Cell::Timestamp(a), Cell::Timestamp(b)) => a == b,
            (Cell::Date(a), Cell::Date(b)) => a == b,
            (Cell::Window(a, x), Cell::Window(b, y)) => a == b && x == y,
            (Cell::Array(a), Cell::Array(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Cell {}

impl Hash for Cell {
    fn hash<H: Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Cell::Null => {}
            Cell::Bool(b) => b.hash(h),
            Cell::Int(i) => i.hash(h),
            Cell::Double(d) => d.to_bits().hash(h),
            Cell::Str(s) => s.hash(h),
            Cell::Timestamp(t) | Cell::Date(t) => t.hash(h),
            Cell::Window(a, b) => (a, b).hash(h),
            Cell::Array(items) => items.hash(h),
        }
    }
}

/// Java's `Double.toString`, which Spark uses to show doubles: at least one
/// digit after the point, scientific notation below 1e-3 and from 1e7 on.
pub fn java_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if d == 0.0 {
        return if d.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let a = d.abs();
    if (1e-3..1e7).contains(&a) {
        let s = format!("{d}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        // Rust prints `1.5e7` / `1e-5`; Java prints `1.5E7` / `1.0E-5`.
        let s = format!("{d:e}");
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mant = if mant.contains('.') {
            mant.to_string()
        } else {
            format!("{mant}.0")
        };
        format!("{mant}E{exp}")
    }
}

/// `2024-01-01 10:00:00`, with a fraction of a second only when there is one
/// (`2024-01-01 10:00:00.5`), in UTC.
pub fn format_timestamp(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let frac = ms.rem_euclid(1000);
    let Some(dt) = chrono::DateTime::from_timestamp(secs, 0) else {
        return ms.to_string();
    };
    let n = dt.naive_utc();
    let base = {
        use chrono::{Datelike, Timelike};
        if (0..=9999).contains(&n.year()) {
            // Field by field: far cheaper than a strftime pattern, and every
            // record of a report is shown with its time.
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                n.year(),
                n.month(),
                n.day(),
                n.hour(),
                n.minute(),
                n.second()
            )
        } else {
            n.format("%Y-%m-%d %H:%M:%S").to_string()
        }
    };
    if frac == 0 {
        base
    } else {
        format!("{base}.{}", format!("{frac:03}").trim_end_matches('0'))
    }
}

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// A date (days since the epoch) as Spark shows it: `2024-01-01`.
pub fn format_date_days(days: i64) -> String {
    let ts = format_timestamp(days.saturating_mul(DAY_MS));
    ts.split(' ').next().unwrap_or_default().to_string()
}

/// Parse what a cast to date accepts: `2024-01-01`, optionally followed by
/// a time (`2024-01-01 10:00:00`, `2024-01-01T10:00`), which is dropped.
pub fn parse_date(text: &str) -> Option<i64> {
    let t = text.trim();
    let day = t.split([' ', 'T']).next()?;
    let mut parts = day.splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let d: u32 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    Some(
        date.signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?)
            .num_days(),
    )
}

/// Parse what `to_timestamp(col)` and casts to timestamp accept:
/// `2024-01-01 10:00:00` (optionally with a fraction), `2024-01-01T10:00:00`
/// and `2024-01-01`; None when the text is not a timestamp (Spark gives null).
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, fmt) {
            return Some(dt.and_utc().timestamp_millis());
        }
    }
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_like_java() {
        assert_eq!(java_double(7.5), "7.5");
        assert_eq!(java_double(10.0), "10.0");
        assert_eq!(java_double(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(java_double(1e7), "1.0E7");
        assert_eq!(java_double(1.5e-5), "1.5E-5");
        assert_eq!(java_double(-2.25), "-2.25");
    }

    #[test]
    fn timestamps_round_trip() {
        let ms = parse_timestamp("2024-01-01 10:03:00").expect("parses");
        assert_eq!(format_timestamp(ms), "2024-01-01 10:03:00");
        assert_eq!(
            format_timestamp(parse_timestamp("2024-01-01 10:03:00.250").expect("parses")),
            "2024-01-01 10:03:00.25"
        );
        assert_eq!(parse_timestamp("2024-01-01"), Some(1_704_067_200_000));
        assert_eq!(parse_timestamp("yesterday"), None);
    }
}
