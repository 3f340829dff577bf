//! `json`: `loads`/`dumps` (and `load`/`dump` on files) with Python's exact
//! output and errors. A decoding error is a `JSONDecodeError` (a
//! `ValueError`) whose message names the line, column and character
//! (`Expecting value: line 1 column 1 (char 0)`), counted in characters as
//! Python counts them.

use indexmap::IndexMap;
use num_bigint::BigInt;

use super::Attrs;
use crate::lang::compile::call_value;
use crate::lang::native::SigFn;
use crate::lang::value::{Exc, ExcKind, Key, PyResult, Value};

pub const NAMES: &[&str] = &["loads", "dumps", "load", "dump", "JSONDecodeError"];

const DUMPS_SIG: &str = "(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None, separators=None, default=None, sort_keys=False)";

pub fn make() -> Attrs {
    IndexMap::from([
        (
            "loads",
            SigFn::value("loads", "(s, *, object_hook=None)", |b| {
                let s = match b.get("s") {
                    Value::Str(s) => s,
                    other => {
                        return Err(Exc::type_error(format!(
                            "the JSON object must be str, bytes or bytearray, not {}",
                            other.type_name()
                        )))
                    }
                };
                loads(&s, &b.get("object_hook"))
            }),
        ),
        (
            "load",
            SigFn::value("load", "(fp, *, object_hook=None)", |b| {
                let text = crate::lang::compile::call_method(&b.get("fp"), "read", vec![], Vec::new())?;
                let Value::Str(s) = text else {
                    return Err(Exc::type_error(format!(
                        "the JSON object must be str, bytes or bytearray, not {}",
                        text.type_name()
                    )));
                };
                loads(&s, &b.get("object_hook"))
            }),
        ),
        (
            "dumps",
            SigFn::value("dumps", DUMPS_SIG, |b| {
                Ok(Value::str(&dumps(&b.get("obj"), &Options::from(&b)?)?))
            }),
        ),
        (
            "dump",
            SigFn::value(
                "dump",
                "(obj, fp, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None, separators=None, default=None, sort_keys=False)",
                |b| {
                    let text = dumps(&b.get("obj"), &Options::from(&b)?)?;
                    crate::lang::compile::call_method(&b.get("fp"), "write", vec![Value::str(&text)], Vec::new())?;
                    Ok(Value::None)
                },
            ),
        ),
        (
            "JSONDecodeError",
            crate::lang::exceptions::class_of(ExcKind::JSONDecodeError),
        ),
    ])
}

// ---------------------------------------------------------------- decoding

struct Parser<'a> {
    chars: Vec<char>,
    text: &'a str,
    hook: &'a Value,
    depth: usize,
}

/// `json.loads(s)`.
pub fn loads(text: &str, object_hook: &Value) -> PyResult {
    let mut p = Parser {
        chars: text.chars().collect(),
        text,
        hook: object_hook,
        depth: 0,
    };
    let start = p.skip_ws(0);
    let (v, end) = p.value(start)?;
    let end = p.skip_ws(end);
    if end != p.chars.len() {
        return Err(p.error("Extra data", end));
    }
    Ok(v)
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl Parser<'_> {
    fn error(&self, what: &str, pos: usize) -> Exc {
        let before = &self.chars[..pos.min(self.chars.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let col = match before.iter().rposition(|c| *c == '\n') {
            Some(nl) => pos - nl,
            None => pos + 1,
        };
        let _ = self.text;
        Exc::new(
            ExcKind::JSONDecodeError,
            format!("{what}: line {line} column {col} (char {pos})"),
        )
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.chars.len() && is_ws(self.chars[i]) {
            i += 1;
        }
        i
    }

    fn starts(&self, i: usize, word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        self.chars.get(i..i + w.len()) == Some(&w[..])
    }

    fn value(&mut self, i: usize) -> PyResult<(Value, usize)> {
        let Some(&c) = self.chars.get(i) else {
            return Err(self.error("Expecting value", i));
        };
        match c {
            '"' => {
                let (s, end) = self.string(i + 1)?;
                Ok((Value::str(&s), end))
            }
            '{' => self.object(i + 1),
            '[' => self.array(i + 1),
            'n' if self.starts(i, "null") => Ok((Value::None, i + 4)),
            't' if self.starts(i, "true") => Ok((Value::Bool(true), i + 4)),
            'f' if self.starts(i, "false") => Ok((Value::Bool(false), i + 5)),
            'N' if self.starts(i, "NaN") => Ok((Value::Float(f64::NAN), i + 3)),
            'I' if self.starts(i, "Infinity") => Ok((Value::Float(f64::INFINITY), i + 8)),
            '-' if self.starts(i, "-Infinity") => Ok((Value::Float(f64::NEG_INFINITY), i + 9)),
            '-' | '0'..='9' => self.number(i),
            _ => Err(self.error("Expecting value", i)),
        }
    }

    fn number(&self, start: usize) -> PyResult<(Value, usize)> {
        let c = &self.chars;
        let digit = |i: usize| c.get(i).is_some_and(|d| d.is_ascii_digit());
        let mut i = start;
        if c[i] == '-' {
            i += 1;
        }
        if !digit(i) {
            return Err(self.error("Expecting value", start));
        }
        if c[i] == '0' {
            i += 1;
        } else {
            while digit(i) {
                i += 1;
            }
        }
        let mut is_float = false;
        if c.get(i) == Some(&'.') && digit(i + 1) {
            i += 1;
            while digit(i) {
                i += 1;
            }
            is_float = true;
        }
        if matches!(c.get(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(c.get(j), Some('+' | '-')) {
                j += 1;
            }
            if digit(j) {
                while digit(j) {
                    j += 1;
                }
                i = j;
                is_float = true;
            }
        }
        let text: String = c[start..i].iter().collect();
        let v = if is_float {
            Value::Float(text.parse::<f64>().unwrap_or(f64::NAN))
        } else {
            match text.parse::<i64>() {
                Ok(n) => Value::Int(n),
                Err(_) => match text.parse::<BigInt>() {
                    Ok(b) => crate::lang::ops::int_from_big(b),
                    Err(_) => return Err(self.error("Expecting value", start)),
                },
            }
        };
        Ok((v, i))
    }

    /// A string whose opening quote is just before `start`.
    fn string(&self, start: usize) -> PyResult<(String, usize)> {
        let c = &self.chars;
        let mut out = String::new();
        let mut i = start;
        loop {
            let Some(&ch) = c.get(i) else {
                return Err(self.error("Unterminated string starting at", start - 1));
            };
            match ch {
                '"' => return Ok((out, i + 1)),
                '\\' => {
                    let Some(&e) = c.get(i + 1) else {
                        return Err(self.error("Unterminated string starting at", start - 1));
                    };
                    i += 2;
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let hi = self
                                .hex4(i)
                                .ok_or_else(|| self.error("Invalid \\uXXXX escape", i - 1))?;
                            i += 4;
                            let mut code = hi;
                            if (0xD800..0xDC00).contains(&hi)
                                && c.get(i) == Some(&'\\')
                                && c.get(i + 1) == Some(&'u')
                            {
                                let lo = self
                                    .hex4(i + 2)
                                    .ok_or_else(|| self.error("Invalid \\uXXXX escape", i + 1))?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    i += 6;
                                }
                            }
                            // A lone surrogate cannot be held in a Rust string.
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.error("Invalid \\escape", i - 2)),
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error("Invalid control character at", i));
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    fn hex4(&self, i: usize) -> Option<u32> {
        let digits = self.chars.get(i..i + 4)?;
        let s: String = digits.iter().collect();
        if !digits.iter().all(|d| d.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(&s, 16).ok()
    }

    fn enter(&mut self, i: usize) -> PyResult<()> {
        self.depth += 1;
        if self.depth > crate::lang::limits::RECURSION_LIMIT {
            let _ = i;
            return Err(Exc::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while decoding a JSON document",
            ));
        }
        Ok(())
    }

    fn array(&mut self, start: usize) -> PyResult<(Value, usize)> {
        self.enter(start)?;
        let mut items = Vec::new();
        let mut i = self.skip_ws(start);
        if self.chars.get(i) == Some(&']') {
            self.depth -= 1;
            return Ok((Value::list(items), i + 1));
        }
        loop {
            let (v, end) = self.value(i)?;
            items.push(v);
            i = self.skip_ws(end);
            match self.chars.get(i) {
                Some(']') => break,
                Some(',') => i = self.skip_ws(i + 1),
                _ => return Err(self.error("Expecting ',' delimiter", i)),
            }
        }
        self.depth -= 1;
        Ok((Value::list(items), i + 1))
    }

    fn object(&mut self, start: usize) -> PyResult<(Value, usize)> {
        self.enter(start)?;
        let mut map: IndexMap<Key, Value> = IndexMap::new();
        let mut i = self.skip_ws(start);
        if self.chars.get(i) == Some(&'}') {
            self.depth -= 1;
            return Ok((self.hooked(map)?, i + 1));
        }
        loop {
            if self.chars.get(i) != Some(&'"') {
                return Err(self.error("Expecting property name enclosed in double quotes", i));
            }
            let (k, end) = self.string(i + 1)?;
            i = self.skip_ws(end);
            if self.chars.get(i) != Some(&':') {
                return Err(self.error("Expecting ':' delimiter", i));
            }
            i = self.skip_ws(i + 1);
            let (v, end) = self.value(i)?;
            map.insert(Key::new(Value::str(&k))?, v);
            i = self.skip_ws(end);
            match self.chars.get(i) {
                Some('}') => break,
                Some(',') => i = self.skip_ws(i + 1),
                _ => return Err(self.error("Expecting ',' delimiter", i)),
            }
        }
        self.depth -= 1;
        Ok((self.hooked(map)?, i + 1))
    }

    fn hooked(&self, map: IndexMap<Key, Value>) -> PyResult {
        let d = Value::dict(map);
        if self.hook.is_none() {
            return Ok(d);
        }
        call_value(self.hook, vec![d], Vec::new())
    }
}

// ---------------------------------------------------------------- encoding

/// How `dumps` writes.
pub struct Options {
    ensure_ascii: bool,
    allow_nan: bool,
    skipkeys: bool,
    sort_keys: bool,
    indent: Option<String>,
    item_sep: String,
    key_sep: String,
    default: Value,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ensure_ascii: true,
            allow_nan: true,
            skipkeys: false,
            sort_keys: false,
            indent: None,
            item_sep: ", ".into(),
            key_sep: ": ".into(),
            default: Value::None,
        }
    }
}

impl Options {
    fn from(b: &crate::lang::registry::Bound) -> PyResult<Options> {
        if !b.get("cls").is_none() {
            return Err(Exc::new(
                ExcKind::NotImplementedError,
                "json.dumps(cls=...) is outside streamlab's Python; pass default= instead",
            ));
        }
        let indent = match b.get("indent") {
            Value::None => None,
            Value::Str(s) => Some(s.to_string()),
            v => Some(" ".repeat(usize::try_from(super::int_arg(&v, "indent")?).unwrap_or(0))),
        };
        let (item_sep, key_sep) = match b.get("separators") {
            Value::None => (
                if indent.is_some() { "," } else { ", " }.to_string(),
                ": ".to_string(),
            ),
            v => {
                let parts = crate::lang::ops::iterate(&v)?;
                match &parts[..] {
                    [Value::Str(a), Value::Str(k)] => (a.to_string(), k.to_string()),
                    _ => {
                        return Err(Exc::value_error(format!(
                            "separators must be a pair of strings, not {}",
                            v.repr()
                        )))
                    }
                }
            }
        };
        Ok(Options {
            ensure_ascii: b.get("ensure_ascii").truthy(),
            allow_nan: b.get("allow_nan").truthy(),
            skipkeys: b.get("skipkeys").truthy(),
            sort_keys: b.get("sort_keys").truthy(),
            indent,
            item_sep,
            key_sep,
            default: b.get("default"),
        })
    }
}

/// `json.dumps(v)` with these options.
pub fn dumps(v: &Value, opts: &Options) -> PyResult<String> {
    let mut out = String::new();
    encode(v, opts, 0, &mut out)?;
    Ok(out)
}

/// A JSON string literal for `s`.
pub fn quote(s: &str, ensure_ascii: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ensure_ascii && (c as u32) > 0x7e) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn float_text(x: f64, opts: &Options) -> PyResult<String> {
    if x.is_finite() {
        return Ok(crate::lang::repr::float_repr(x));
    }
    if !opts.allow_nan {
        return Err(Exc::value_error(format!(
            "Out of range float values are not JSON compliant: {}",
            crate::lang::repr::float_repr(x)
        )));
    }
    Ok(if x.is_nan() {
        "NaN"
    } else if x > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
    .to_string())
}

fn newline(opts: &Options, depth: usize, out: &mut String) {
    if let Some(ind) = &opts.indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

fn encode(v: &Value, opts: &Options, depth: usize, out: &mut String) -> PyResult<()> {
    if depth > crate::lang::limits::RECURSION_LIMIT {
        return Err(Exc::value_error("Circular reference detected"));
    }
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(_) | Value::BigInt(_) => out.push_str(&v.repr()),
        Value::Float(x) => out.push_str(&float_text(*x, opts)?),
        Value::Str(s) => quote(s, opts.ensure_ascii, out),
        Value::Tuple(_) | Value::List(_) => {
            let items = v.items().map(|i| i.to_vec()).unwrap_or_default();
            encode_list(&items, opts, depth, out)?;
        }
        Value::Dict(d) => {
            let mut entries: Vec<(Value, Value)> = d
                .read()
                .iter()
                .map(|(k, v)| (k.0.clone(), v.clone()))
                .collect();
            if opts.sort_keys {
                let mut err = None;
                entries.sort_by(|a, b| {
                    crate::lang::ops::py_cmp(&a.0, &b.0).unwrap_or_else(|e| {
                        err.get_or_insert(e);
                        std::cmp::Ordering::Equal
                    })
                });
                if let Some(e) = err {
                    return Err(e);
                }
            }
            if entries.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            let mut first = true;
            for (k, val) in entries {
                let key = match &k {
                    Value::Str(s) => s.to_string(),
                    Value::Int(_) | Value::BigInt(_) => k.repr(),
                    Value::Float(x) => float_text(*x, opts)?,
                    Value::Bool(b) => b.to_string(),
                    Value::None => "null".into(),
                    _ if opts.skipkeys => continue,
                    other => {
                        return Err(Exc::type_error(format!(
                            "keys must be str, int, float, bool or None, not {}",
                            other.type_name()
                        )))
                    }
                };
                if !first {
                    out.push_str(&opts.item_sep);
                }
                first = false;
                newline(opts, depth + 1, out);
                quote(&key, opts.ensure_ascii, out);
                out.push_str(&opts.key_sep);
                encode(&val, opts, depth + 1, out)?;
            }
            newline(opts, depth, out);
            out.push('}');
        }
        other => {
            if let Some(nt) = super::collections::tuple_items(other) {
                return encode_list(&nt, opts, depth, out);
            }
            if opts.default.is_none() {
                return Err(Exc::type_error(format!(
                    "Object of type {} is not JSON serializable",
                    other.type_name()
                )));
            }
            let replaced = call_value(&opts.default, vec![other.clone()], Vec::new())?;
            encode(&replaced, opts, depth + 1, out)?;
        }
    }
    Ok(())
}

fn encode_list(items: &[Value], opts: &Options, depth: usize, out: &mut String) -> PyResult<()> {
    if items.is_empty() {
        out.push_str("[]");
        return Ok(());
    }
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&opts.item_sep);
        }
        newline(opts, depth + 1, out);
        encode(item, opts, depth + 1, out)?;
    }
    newline(opts, depth, out);
    out.push(']');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        loads(s, &Value::None).unwrap_err().msg
    }

    #[test]
    fn decoding_errors_name_line_column_and_char_as_python() {
        assert_eq!(err(""), "Expecting value: line 1 column 1 (char 0)");
        assert_eq!(err("[1,]"), "Expecting value: line 1 column 4 (char 3)");
        assert_eq!(
            err("{\"a\":1,}"),
            "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"
        );
        assert_eq!(
            err("{\"a\" 1}"),
            "Expecting ':' delimiter: line 1 column 6 (char 5)"
        );
        assert_eq!(
            err("[1 2]"),
            "Expecting ',' delimiter: line 1 column 4 (char 3)"
        );
        assert_eq!(
            err("\"abc"),
            "Unterminated string starting at: line 1 column 1 (char 0)"
        );
        assert_eq!(
            err("\"a\\x\""),
            "Invalid \\escape: line 1 column 3 (char 2)"
        );
        assert_eq!(
            err("\"\\u12\""),
            "Invalid \\uXXXX escape: line 1 column 3 (char 2)"
        );
        assert_eq!(err("1.5e"), "Extra data: line 1 column 4 (char 3)");
        assert_eq!(err("01"), "Extra data: line 1 column 2 (char 1)");
        assert_eq!(
            err("\"a\nb\""),
            "Invalid control character at: line 1 column 3 (char 2)"
        );
        assert_eq!(err("  \n  x"), "Expecting value: line 2 column 3 (char 5)");
    }

    #[test]
    fn decodes_values_as_python_does() {
        let v = loads(
            r#"{"a": [1, 2.5, -0, 1e2, 123456789012345678901234567890], "b": "\ud83d\ude00\u00e9", "c": null, "d": true}"#,
            &Value::None,
        )
        .unwrap();
        assert_eq!(
            v.repr(),
            "{'a': [1, 2.5, 0, 100.0, 123456789012345678901234567890], 'b': '😀é', 'c': None, 'd': True}"
        );
    }

    #[test]
    fn encodes_as_python_does() {
        let v = loads(r#"{"a":[1,2.0,{"b":null}],"é":"é😀"}"#, &Value::None).unwrap();
        assert_eq!(
            dumps(&v, &Options::default()).unwrap(),
            r#"{"a": [1, 2.0, {"b": null}], "\u00e9": "\u00e9\ud83d\ude00"}"#
        );
        let opts = Options {
            indent: Some("  ".into()),
            item_sep: ",".into(),
            sort_keys: true,
            ..Options::default()
        };
        let v = loads(r#"{"b":{},"a":[1,[],{}]}"#, &Value::None).unwrap();
        assert_eq!(
            dumps(&v, &opts).unwrap(),
            "{\n  \"a\": [\n    1,\n    [],\n    {}\n  ],\n  \"b\": {}\n}"
        );
    }
}
