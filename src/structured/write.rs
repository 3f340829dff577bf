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
        Cell::Date(_) => json_string(&c.show()),
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

/// CRC-32 with zlib's polynomial, a byte at a time from a table.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |c, b| {
        CRC_TABLE[((c ^ u32::from(*b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// Bytes covered by each checksum in a `.crc` file (Hadoop's default).
const BYTES_PER_CHECKSUM: usize = 512;

/// The checksum file Hadoop's local file system writes beside each file
/// Spark writes: `crc\0`, the bytes per checksum (512), then the CRC-32 of
/// each 512-byte chunk, all big-endian.
///
/// ```
/// use streamlab::structured::write::checksum_file;
/// assert_eq!(checksum_file(b""), b"crc\0\0\0\x02\0");
/// assert_eq!(checksum_file(b"a,1\n").len(), 12);
/// assert_eq!(checksum_file(&[b'x'; 513]).len(), 16);
/// ```
pub fn checksum_file(data: &[u8]) -> Vec<u8> {
    let mut out = b"crc\0".to_vec();
    out.extend_from_slice(&(BYTES_PER_CHECKSUM as u32).to_be_bytes());
    for chunk in data.chunks(BYTES_PER_CHECKSUM) {
        out.extend_from_slice(&crc32(chunk).to_be_bytes());
    }
    out
}

/// The name of `path`'s checksum file: `.NAME.crc` in the same directory.
pub fn checksum_path(path: &std::path::Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.crc"))
}

/// Write `data` to `path` and its checksum file beside it, as Spark does on
/// a local file system (`part-00000-...csv` and `.part-00000-...csv.crc`,
/// `_spark_metadata/0` and `_spark_metadata/.0.crc`, `commits/0` and
/// `commits/.0.crc`), so a directory lists the same names as Spark's.
pub fn write_checked(path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, data)?;
    std::fs::write(checksum_path(path), checksum_file(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_are_hadoops_crc32_per_512_bytes() {
        // zlib's check value for CRC-32.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let data = vec![7u8; 1000];
        let file = checksum_file(&data);
        assert_eq!(&file[..8], b"crc\0\0\0\x02\0");
        assert_eq!(&file[8..12], &crc32(&data[..512]).to_be_bytes());
        assert_eq!(&file[12..16], &crc32(&data[512..]).to_be_bytes());
        assert_eq!(
            checksum_path(std::path::Path::new("d/_spark_metadata/0")),
            std::path::Path::new("d/_spark_metadata/.0.crc")
        );
    }
}
