//! Methods of the builtin types: `str`, `list`, `tuple`, `dict` (and `ResultIterable`).

use std::sync::Arc;

use num_traits::Signed;

use super::ops::{self, is_same, py_eq};
use super::unicode;
use super::value::{Exc, Key, Kwargs, PyResult, Value};
use crate::lang::value::ExcKind;

const STR_METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "count",
    "endswith",
    "expandtabs",
    "find",
    "format",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "upper",
    "zfill",
];
/// Widest padding `zfill` and format specs will produce.
const MAX_WIDTH: usize = 10_000_000;
const TUPLE_METHODS: &[&str] = &["count", "index"];
const LIST_METHODS: &[&str] = &[
    "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse",
    "sort",
];
const DICT_METHODS: &[&str] = &[
    "clear",
    "copy",
    "get",
    "items",
    "keys",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "values",
];

/// The method names of a builtin type (by Python type name), for "did you mean ...?".
pub fn method_names(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "str" => STR_METHODS,
        "list" => LIST_METHODS,
        "tuple" => TUPLE_METHODS,
        "dict" => DICT_METHODS,
        "set" => super::set::SET_METHODS,
        "frozenset" => super::set::FROZENSET_METHODS,
        _ => &[],
    }
}

fn no_attr(recv: &Value, name: &str) -> Exc {
    Exc::attr_error(format!(
        "'{}' object has no attribute '{}'",
        recv.type_name(),
        name
    ))
}

/// Positional arguments after merging the keyword arguments named in `params`.
struct Args {
    vals: Vec<Option<Value>>,
}

impl Args {
    fn get(&self, i: usize) -> Option<&Value> {
        self.vals.get(i).and_then(|v| v.as_ref())
    }
    /// The argument, treating `None` as absent.
    fn opt(&self, i: usize) -> Option<&Value> {
        self.get(i).filter(|v| !v.is_none())
    }
}

fn bind(
    qual: &str,
    short: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
    params: &[&str],
    required: usize,
) -> PyResult<Args> {
    if args.len() > params.len() {
        return Err(if params.is_empty() {
            Exc::type_error(format!(
                "{}() takes no arguments ({} given)",
                qual,
                args.len()
            ))
        } else if params.len() == 1 && required == 1 {
            Exc::type_error(format!(
                "{}() takes exactly one argument ({} given)",
                qual,
                args.len()
            ))
        } else {
            Exc::type_error(format!(
                "{} expected at most {} argument{}, got {}",
                short,
                params.len(),
                if params.len() == 1 { "" } else { "s" },
                args.len()
            ))
        });
    }
    let mut vals: Vec<Option<Value>> = args.into_iter().map(Some).collect();
    vals.resize(params.len(), None);
    for (k, v) in kwargs {
        match params.iter().position(|p| **p == *k) {
            Some(i) if vals[i].is_none() => vals[i] = Some(v),
            Some(_) => {
                return Err(Exc::type_error(format!(
                    "argument for {qual}() given by name ('{k}') and position"
                )))
            }
            None => {
                return Err(Exc::type_error(format!(
                    "{short}() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    let given = vals.iter().take_while(|v| v.is_some()).count();
    if given < required {
        return Err(if params.len() == 1 {
            Exc::type_error(format!("{qual}() takes exactly one argument (0 given)"))
        } else {
            Exc::type_error(format!(
                "{} expected at least {} argument{}, got {}",
                short,
                required,
                if required == 1 { "" } else { "s" },
                given
            ))
        });
    }
    Ok(Args { vals })
}

/// `recv.name(args)` for a builtin-type receiver; AttributeError with Python's message
/// (`'str' object has no attribute 'lowr'`) for unknown names.
pub fn call_method(recv: &Value, name: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    match recv {
        Value::Str(s) => str_method(recv, s, name, args, kwargs),
        Value::Tuple(items) => seq_method(recv, items, name, args, kwargs),
        Value::List(list) => list_method(recv, list, name, args, kwargs),
        Value::Dict(d) if !d.is_plain() => {
            super::stdlib::collections::dict_method(recv, d, name, args, kwargs)
        }
        Value::Dict(_) => dict_method(recv, name, args, kwargs),
        Value::Set(s) => {
            if !kwargs.is_empty() {
                return Err(Exc::type_error(format!(
                    "{}.{name}() takes no keyword arguments",
                    s.type_name()
                )));
            }
            super::set::call_method(recv, s, name, args)
        }
        Value::Object(o) => o.call_method(o, name, args, kwargs),
        Value::Float(x) if name == "is_integer" => {
            bind("float.is_integer", name, args, kwargs, &[], 0)?;
            Ok(Value::Bool(x.is_finite() && x.fract() == 0.0))
        }
        _ => Err(no_attr(recv, name)),
    }
}

fn s(v: String) -> Value {
    Value::Str(Arc::from(v))
}

/// Python's `str.isspace()` for one character.
pub use super::unicode::is_space;

fn str_arg(v: &Value, what: impl FnOnce(&str) -> String) -> PyResult<&str> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(Exc::type_error(what(other.type_name()))),
    }
}

fn must_be_str(v: &Value) -> PyResult<&str> {
    str_arg(v, |t| format!("must be str, not {t}"))
}

fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// The byte offset of the `n`-th character (clamped to the end).
fn byte_at(s: &str, n: usize) -> usize {
    if s.is_ascii() {
        return n.min(s.len());
    }
    s.char_indices().nth(n).map(|(b, _)| b).unwrap_or(s.len())
}

/// Python's start/end arguments of find/count/index, as a byte range of `s`.
fn sub_range(
    s: &str,
    start: Option<&Value>,
    end: Option<&Value>,
) -> PyResult<Option<(usize, usize)>> {
    let n = char_len(s) as i64;
    let conv = |v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v {
            None | Some(Value::None) => Ok(default),
            Some(x @ (Value::Int(_) | Value::Bool(_))) => {
                let i = ops::as_i64(x).unwrap_or(0);
                Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
            }
            Some(Value::BigInt(b)) => Ok(if b.sign() == num_bigint::Sign::Minus {
                0
            } else {
                n
            }),
            Some(_) => Err(Exc::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    };
    let a = conv(start, 0)?;
    let b = conv(end, n)?;
    if a > b {
        return Ok(None);
    }
    Ok(Some((byte_at(s, a as usize), byte_at(s, b as usize))))
}

fn char_index(s: &str, byte: usize) -> i64 {
    if s.is_ascii() {
        byte as i64
    } else {
        s[..byte].chars().count() as i64
    }
}

fn strip_chars(chars: Option<&Value>, name: &str) -> PyResult<Option<Vec<char>>> {
    match chars {
        None => Ok(None),
        Some(Value::Str(c)) => Ok(Some(c.chars().collect())),
        Some(_) => Err(Exc::type_error(format!("{name} arg must be None or str"))),
    }
}

/// `str.split()` (no maxsplit), handing each piece to `each` in order.
pub(crate) fn split_whitespace_each(text: &str, each: &mut dyn FnMut(&str)) {
    if text.is_ascii() {
        // The common case (`line.split()` on ASCII text): Python's ASCII
        // whitespace is space, \t \n \v \f \r and \x1c..\x1f.
        let ws = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f);
        for w in text.as_bytes().split(ws).filter(|w| !w.is_empty()) {
            each(std::str::from_utf8(w).unwrap_or_default());
        }
        return;
    }
    let mut rest = text.trim_start_matches(is_space);
    while !rest.is_empty() {
        match rest.find(is_space) {
            Some(i) => {
                each(&rest[..i]);
                rest = rest[i..].trim_start_matches(is_space);
            }
            None => {
                each(rest);
                break;
            }
        }
    }
}

/// `str.split(sep)` (no maxsplit, `sep` not empty), piece by piece.
pub(crate) fn split_sep_each(text: &str, sep: &str, each: &mut dyn FnMut(&str)) {
    // A one-character separator (the common `split(" ")`) is searched for as
    // a char, which finds it faster; the pieces are the same.
    if let [b] = sep.as_bytes() {
        // One ASCII byte: found with a vectorised search over the whole
        // text; an ASCII byte never occurs inside a longer character, so
        // each piece is whole characters.
        let mut start = 0;
        for i in memchr::memchr_iter(*b, text.as_bytes()) {
            each(text.get(start..i).unwrap_or_default());
            start = i + 1;
        }
        each(text.get(start..).unwrap_or_default());
        return;
    }
    let mut chars = sep.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => text.split(c).for_each(each),
        _ => text.split(sep).for_each(each),
    }
}

pub(crate) fn split_whitespace(text: &str, maxsplit: i64, from_right: bool) -> Vec<Value> {
    let mut out = Vec::new();
    if maxsplit < 0 && !from_right {
        split_whitespace_each(text, &mut |w| out.push(Value::str(w)));
        return out;
    }
    if from_right {
        let mut rest = text.trim_end_matches(is_space);
        while !rest.is_empty() {
            if maxsplit >= 0 && out.len() as i64 >= maxsplit {
                out.push(Value::str(rest));
                break;
            }
            match rest.rfind(is_space) {
                Some(i) => {
                    let c = rest[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
                    out.push(Value::str(&rest[i + c..]));
                    rest = rest[..i].trim_end_matches(is_space);
                }
                None => {
                    out.push(Value::str(rest));
                    break;
                }
            }
        }
        out.reverse();
        return out;
    }
    let mut rest = text.trim_start_matches(is_space);
    while !rest.is_empty() {
        if maxsplit >= 0 && out.len() as i64 >= maxsplit {
            out.push(Value::str(rest));
            break;
        }
        match rest.find(is_space) {
            Some(i) => {
                out.push(Value::str(&rest[..i]));
                rest = rest[i..].trim_start_matches(is_space);
            }
            None => {
                out.push(Value::str(rest));
                break;
            }
        }
    }
    out
}

pub(crate) fn split_sep(text: &str, sep: &str, maxsplit: i64, from_right: bool) -> Vec<Value> {
    if maxsplit < 0 {
        let mut out = Vec::new();
        split_sep_each(text, sep, &mut |w| out.push(Value::str(w)));
        return out;
    }
    let n = maxsplit as usize + 1;
    if from_right {
        let mut v: Vec<Value> = text.rsplitn(n, sep).map(Value::str).collect();
        v.reverse();
        v
    } else {
        text.splitn(n, sep).map(Value::str).collect()
    }
}

fn str_method(
    recv: &Value,
    text: &Arc<str>,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult {
    let q = format!("str.{name}");
    let no_args =
        |args: Vec<Value>, kwargs: Kwargs| bind(&format!("str.{name}"), name, args, kwargs, &[], 0);
    match name {
        "lower" | "upper" | "swapcase" | "title" | "capitalize" | "casefold" => {
            no_args(args, kwargs)?;
            let map = match name {
                "lower" => unicode::lower,
                "upper" => unicode::upper,
                "swapcase" => unicode::swapcase,
                "title" => unicode::title,
                "casefold" => unicode::casefold,
                _ => unicode::capitalize,
            };
            Ok(s(map(text)))
        }
        "isidentifier" | "isprintable" | "isascii" => {
            no_args(args, kwargs)?;
            Ok(Value::Bool(match name {
                "isidentifier" => unicode::is_identifier(text),
                "isprintable" => text.chars().all(unicode::is_printable),
                _ => text.is_ascii(),
            }))
        }
        "center" | "ljust" | "rjust" => {
            let a = bind(&q, name, args, kwargs, &["width", "fillchar"], 1)?;
            let w = int_like(a.get(0).unwrap_or(&Value::None))?;
            let fill = match a.get(1) {
                None => ' ',
                Some(Value::Str(f)) if char_len(f) == 1 => f.chars().next().unwrap_or(' '),
                Some(Value::Str(_)) => {
                    return Err(Exc::type_error(
                        "The fill character must be exactly one character long",
                    ))
                }
                Some(other) => {
                    return Err(Exc::type_error(format!(
                        "{name}() argument 2 must be str, not {}",
                        other.type_name()
                    )))
                }
            };
            let n = char_len(text) as i64;
            if n >= w {
                return Ok(recv.clone());
            }
            if w > MAX_WIDTH as i64 {
                return Err(Exc::new(ExcKind::MemoryError, ""));
            }
            let margin = w - n;
            // CPython's rule: an odd margin puts the extra fill on the left
            // only when the width is odd too.
            let left = match name {
                "ljust" => 0,
                "rjust" => margin,
                _ => margin / 2 + (margin & w & 1),
            };
            let pad = |k: i64| fill.to_string().repeat(k as usize);
            Ok(s(format!("{}{text}{}", pad(left), pad(margin - left))))
        }
        "expandtabs" => {
            let a = bind(&q, name, args, kwargs, &["tabsize"], 0)?;
            let size = match a.get(0) {
                None => 8,
                Some(v) => int_like(v)?,
            };
            let mut out = String::with_capacity(text.len());
            let mut column: i64 = 0;
            for c in text.chars() {
                match c {
                    '\t' => {
                        if size > 0 {
                            let k = size - column % size;
                            if (out.len() as i64).saturating_add(k) > MAX_WIDTH as i64 {
                                return Err(Exc::new(ExcKind::MemoryError, ""));
                            }
                            out.push_str(&" ".repeat(k as usize));
                            column += k;
                        }
                    }
                    '\n' | '\r' => {
                        out.push(c);
                        column = 0;
                    }
                    _ => {
                        out.push(c);
                        column += 1;
                    }
                }
            }
            Ok(s(out))
        }
        "partition" | "rpartition" => {
            let a = bind(&q, name, args, kwargs, &["sep"], 1)?;
            let sep = must_be_str(a.get(0).unwrap_or(&Value::None))?;
            if sep.is_empty() {
                return Err(Exc::value_error("empty separator"));
            }
            let found = if name == "partition" {
                text.find(sep)
            } else {
                text.rfind(sep)
            };
            let parts = match found {
                Some(b) => [&text[..b], sep, &text[b + sep.len()..]],
                None if name == "partition" => [&text[..], "", ""],
                None => ["", "", &text[..]],
            };
            Ok(Value::tuple(parts.iter().map(|p| Value::str(p)).collect()))
        }
        "removeprefix" | "removesuffix" => {
            let a = bind(&q, name, args, kwargs, &["prefix"], 1)?;
            let affix = str_arg(a.get(0).unwrap_or(&Value::None), |t| {
                format!("{name}() argument must be str, not {t}")
            })?;
            let rest = if name == "removeprefix" {
                text.strip_prefix(affix)
            } else {
                text.strip_suffix(affix)
            };
            Ok(match rest {
                Some(r) if !affix.is_empty() => Value::str(r),
                _ => recv.clone(),
            })
        }
        "isdigit" | "isnumeric" | "isdecimal" | "isalpha" | "isalnum" | "isspace" => {
            no_args(args, kwargs)?;
            let class = match name {
                "isdigit" => unicode::is_digit,
                "isnumeric" => unicode::is_numeric,
                "isdecimal" => unicode::is_decimal,
                "isalpha" => unicode::is_alpha,
                "isalnum" => unicode::is_alnum,
                _ => unicode::is_space,
            };
            Ok(Value::Bool(!text.is_empty() && text.chars().all(class)))
        }
        "islower" | "isupper" => {
            no_args(args, kwargs)?;
            Ok(Value::Bool(unicode::is_all_case(text, name == "islower")))
        }
        "istitle" => {
            no_args(args, kwargs)?;
            Ok(Value::Bool(unicode::is_titled(text)))
        }
        "strip" | "lstrip" | "rstrip" => {
            let a = bind(&q, name, args, kwargs, &["chars"], 0)?;
            let chars = strip_chars(a.opt(0), name)?;
            let pred = |c: char| match &chars {
                None => is_space(c),
                Some(set) => set.contains(&c),
            };
            let out = match name {
                "strip" => text.trim_matches(pred),
                "lstrip" => text.trim_start_matches(pred),
                _ => text.trim_end_matches(pred),
            };
            Ok(Value::str(out))
        }
        "split" | "rsplit" => {
            let a = bind(&q, name, args, kwargs, &["sep", "maxsplit"], 0)?;
            let maxsplit = match a.get(1) {
                None => -1,
                Some(v) => int_like(v)?,
            };
            let from_right = name == "rsplit";
            match a.opt(0) {
                None => Ok(Value::list(split_whitespace(text, maxsplit, from_right))),
                Some(Value::Str(sep)) => {
                    if sep.is_empty() {
                        return Err(Exc::value_error("empty separator"));
                    }
                    Ok(Value::list(split_sep(text, sep, maxsplit, from_right)))
                }
                Some(other) => Err(Exc::type_error(format!(
                    "must be str or None, not {}",
                    other.type_name()
                ))),
            }
        }
        "splitlines" => {
            let a = bind(&q, name, args, kwargs, &["keepends"], 0)?;
            let keep = a.get(0).map(|v| v.truthy()).unwrap_or(false);
            let mut out = Vec::new();
            let mut start = 0;
            let bytes: Vec<(usize, char)> = text.char_indices().collect();
            let mut i = 0;
            while i < bytes.len() {
                let (b, c) = bytes[i];
                let is_break = matches!(
                    c,
                    '\n' | '\r'
                        | '\x0b'
                        | '\x0c'
                        | '\x1c'
                        | '\x1d'
                        | '\x1e'
                        | '\u{85}'
                        | '\u{2028}'
                        | '\u{2029}'
                );
                if is_break {
                    let mut end = b + c.len_utf8();
                    if c == '\r' && i + 1 < bytes.len() && bytes[i + 1].1 == '\n' {
                        end += 1;
                        i += 1;
                    }
                    out.push(Value::str(if keep {
                        &text[start..end]
                    } else {
                        &text[start..b]
                    }));
                    start = end;
                }
                i += 1;
            }
            if start < text.len() {
                out.push(Value::str(&text[start..]));
            }
            Ok(Value::list(out))
        }
        "join" => {
            let a = bind(&q, name, args, kwargs, &["iterable"], 1)?;
            let items = ops::iterate(a.get(0).unwrap_or(&Value::None))?;
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Str(x) => {
                        if i > 0 {
                            out.push_str(text);
                        }
                        out.push_str(x);
                    }
                    other => {
                        return Err(Exc::type_error(format!(
                            "sequence item {}: expected str instance, {} found",
                            i,
                            other.type_name()
                        )))
                    }
                }
            }
            Ok(s(out))
        }
        "startswith" | "endswith" => {
            let a = bind(&q, name, args, kwargs, &["prefix", "start", "end"], 1)?;
            let Some((lo, hi)) = sub_range(text, a.get(1), a.get(2))? else {
                return Ok(Value::Bool(false));
            };
            let hay = &text[lo..hi];
            let test = |p: &str| {
                if name == "startswith" {
                    hay.starts_with(p)
                } else {
                    hay.ends_with(p)
                }
            };
            let bad = |t: &str| {
                Exc::type_error(format!(
                    "{name} first arg must be str or a tuple of str, not {t}"
                ))
            };
            match a.get(0).unwrap_or(&Value::None) {
                Value::Str(p) => Ok(Value::Bool(test(p))),
                Value::Tuple(ps) => {
                    for p in ps.iter() {
                        match p {
                            Value::Str(p) => {
                                if test(p) {
                                    return Ok(Value::Bool(true));
                                }
                            }
                            other => {
                                return Err(Exc::type_error(format!(
                                    "tuple for {} must only contain str, not {}",
                                    name,
                                    other.type_name()
                                )))
                            }
                        }
                    }
                    Ok(Value::Bool(false))
                }
                other => Err(bad(other.type_name())),
            }
        }
        "replace" => {
            let a = bind(&q, name, args, kwargs, &["old", "new", "count"], 2)?;
            let old = str_arg(a.get(0).unwrap_or(&Value::None), |t| {
                format!("replace() argument 1 must be str, not {t}")
            })?;
            let new = str_arg(a.get(1).unwrap_or(&Value::None), |t| {
                format!("replace() argument 2 must be str, not {t}")
            })?;
            let count = match a.get(2) {
                None => -1,
                Some(v) => int_like(v)?,
            };
            Ok(s(if count < 0 {
                text.replace(old, new)
            } else {
                text.replacen(old, new, count as usize)
            }))
        }
        "find" | "rfind" | "index" | "rindex" | "count" => {
            let a = bind(&q, name, args, kwargs, &["sub", "start", "end"], 1)?;
            let sub = must_be_str(a.get(0).unwrap_or(&Value::None))?;
            let range = sub_range(text, a.get(1), a.get(2))?;
            if name == "count" {
                let n = match range {
                    None => 0,
                    Some((lo, hi)) => {
                        let hay = &text[lo..hi];
                        if sub.is_empty() {
                            char_len(hay) as i64 + 1
                        } else {
                            hay.matches(sub).count() as i64
                        }
                    }
                };
                return Ok(Value::Int(n));
            }
            let found = range.and_then(|(lo, hi)| {
                let hay = &text[lo..hi];
                let r = if name.starts_with('r') {
                    hay.rfind(sub)
                } else {
                    hay.find(sub)
                };
                r.map(|b| char_index(text, lo + b))
            });
            match found {
                Some(i) => Ok(Value::Int(i)),
                None if name.ends_with("find") => Ok(Value::Int(-1)),
                None => Err(Exc::value_error("substring not found")),
            }
        }
        "zfill" => {
            let a = bind(&q, name, args, kwargs, &["width"], 1)?;
            let w = int_like(a.get(0).unwrap_or(&Value::None))?;
            let n = char_len(text) as i64;
            if n >= w {
                return Ok(recv.clone());
            }
            if w > MAX_WIDTH as i64 {
                return Err(Exc::new(ExcKind::MemoryError, ""));
            }
            let pad = "0".repeat((w - n) as usize);
            let (sign, rest) = match text.strip_prefix(['+', '-']) {
                Some(r) => (&text[..1], r),
                None => ("", &text[..]),
            };
            Ok(s(format!("{sign}{pad}{rest}")))
        }
        "format" => str_format(text, &args, &kwargs).map(s),
        _ => Err(no_attr(recv, name)),
    }
}

fn int_like(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(_) | Value::Bool(_) => Ok(ops::as_i64(v).unwrap_or(0)),
        Value::BigInt(_) => Err(Exc::overflow(
            "Python int too large to convert to C ssize_t",
        )),
        other => Err(Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}

/// `str.format`: `{}`, `{0}`, `{name}`, `{{`/`}}`, `!r`/`!s`, and format specs
/// (`[[fill]align][sign][0][width][,][.precision][type]`).
fn str_format(fmt: &str, args: &[Value], kwargs: &Kwargs) -> PyResult<String> {
    let mut auto = 0usize;
    format_fields(fmt, args, kwargs, &mut auto, 0)
}

/// The replacement fields of `fmt` filled in; `auto` numbers the `{}` fields,
/// counting on through the fields nested in a format spec (`{:>{}}`), which
/// may nest one level deep, as in Python.
fn format_fields(
    fmt: &str,
    args: &[Value],
    kwargs: &Kwargs,
    auto: &mut usize,
    depth: usize,
) -> PyResult<String> {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => return Err(Exc::value_error("Single '}' encountered in format string")),
            '{' => {
                if depth > 1 {
                    return Err(Exc::value_error("Max string recursion exceeded"));
                }
                let mut field = String::new();
                let mut open = 1;
                for d in chars.by_ref() {
                    match d {
                        '{' => open += 1,
                        '}' => open -= 1,
                        _ => {}
                    }
                    if open == 0 {
                        break;
                    }
                    field.push(d);
                }
                if open != 0 {
                    return Err(Exc::value_error("expected '}' before end of string"));
                }
                // The field name ends at the first `!` or `:` outside brackets.
                let mut end = field.len();
                let mut in_brackets = false;
                for (i, d) in field.char_indices() {
                    match d {
                        '[' => in_brackets = true,
                        ']' => in_brackets = false,
                        '!' | ':' if !in_brackets => {
                            end = i;
                            break;
                        }
                        _ => {}
                    }
                }
                let (fname, rest) = field.split_at(end);
                let (conv, spec) = match rest.strip_prefix('!') {
                    Some(r) => match r.split_once(':') {
                        Some((c, sp)) => (Some(c), sp),
                        None => (Some(r), ""),
                    },
                    None => (None, rest.strip_prefix(':').unwrap_or("")),
                };
                let value = field_value(fname, args, kwargs, auto)?;
                let value = match conv {
                    Some("r") => Value::Str(Arc::from(value.repr())),
                    Some("s") => Value::Str(Arc::from(value.to_str())),
                    Some("a") => Value::Str(Arc::from(ascii_repr(&value.repr()))),
                    None => value,
                    Some(other) => {
                        return Err(Exc::value_error(format!(
                            "Unknown conversion specifier {other}"
                        )))
                    }
                };
                let spec = if spec.contains('{') {
                    format_fields(spec, args, kwargs, auto, depth + 1)?
                } else {
                    spec.to_string()
                };
                out.push_str(&format_spec(&value, &spec)?);
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Python's `ascii()` of a repr: every non-ASCII character escaped.
fn ascii_repr(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let n = c as u32;
        match n {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            _ => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

/// The value a replacement field names: `{}`, `{0}`, `{name}`, followed by
/// any `[index]` or `[key]` lookups (`{0[1]}`, `{d[key]}`).
fn field_value(fname: &str, args: &[Value], kwargs: &Kwargs, auto: &mut usize) -> PyResult<Value> {
    let (first, lookups) = match fname.find('[') {
        Some(i) => fname.split_at(i),
        None => (fname, ""),
    };
    let mut value = if first.is_empty() {
        let v = args.get(*auto).cloned().ok_or_else(|| {
            Exc::index_error(format!(
                "Replacement index {auto} out of range for positional args tuple"
            ))
        })?;
        *auto += 1;
        v
    } else if let Ok(i) = first.parse::<usize>() {
        args.get(i).cloned().ok_or_else(|| {
            Exc::index_error(format!(
                "Replacement index {i} out of range for positional args tuple"
            ))
        })?
    } else {
        kwargs
            .iter()
            .find(|(k, _)| **k == *first)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Exc::key_error(format!("'{first}'")))?
    };
    let mut rest = lookups;
    while let Some(r) = rest.strip_prefix('[') {
        let Some(close) = r.find(']') else {
            return Err(Exc::value_error("expected '}' before end of string"));
        };
        let key = &r[..close];
        let index = match key.parse::<i64>() {
            Ok(i) if key.chars().all(|c| c.is_ascii_digit()) => Value::Int(i),
            _ => Value::str(key),
        };
        value = ops::subscript(&value, &index)?;
        rest = &r[close + 1..];
    }
    if !rest.is_empty() {
        return Err(Exc::value_error(
            "Only '.' or '[' may follow ']' in format field specifier",
        ));
    }
    Ok(value)
}

/// `format(value, spec)` for the common specs.
pub fn format_spec(v: &Value, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(v.to_str());
    }
    let cs: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut fill = ' ';
    let mut align: Option<char> = None;
    if cs.len() >= 2 && "<>^=".contains(cs[1]) {
        fill = cs[0];
        align = Some(cs[1]);
        i = 2;
    } else if !cs.is_empty() && "<>^=".contains(cs[0]) {
        align = Some(cs[0]);
        i = 1;
    }
    let mut sign = '-';
    if i < cs.len() && "+- ".contains(cs[i]) {
        sign = cs[i];
        i += 1;
    }
    // `#`: the alternate form (`0x` before hex digits, ...).
    let mut alternate = false;
    if i < cs.len() && cs[i] == '#' {
        alternate = true;
        i += 1;
    }
    if i < cs.len() && cs[i] == '0' {
        if align.is_none() {
            fill = '0';
            align = Some('=');
        }
        i += 1;
    }
    let mut width = 0usize;
    while i < cs.len() && cs[i].is_ascii_digit() {
        width = width
            .saturating_mul(10)
            .saturating_add(cs[i].to_digit(10).unwrap_or(0) as usize);
        i += 1;
    }
    let mut grouping = None;
    if i < cs.len() && (cs[i] == ',' || cs[i] == '_') {
        grouping = Some(cs[i]);
        i += 1;
    }
    let mut prec: Option<usize> = None;
    if i < cs.len() && cs[i] == '.' {
        i += 1;
        let mut p = 0usize;
        while i < cs.len() && cs[i].is_ascii_digit() {
            p = p
                .saturating_mul(10)
                .saturating_add(cs[i].to_digit(10).unwrap_or(0) as usize);
            i += 1;
        }
        prec = Some(p);
    }
    if width > MAX_WIDTH || prec.is_some_and(|p| p > MAX_WIDTH) {
        return Err(Exc::value_error("Too many decimal digits in format string"));
    }
    let ty = cs.get(i).copied();
    if i + 1 < cs.len() {
        return Err(Exc::value_error("Invalid format specifier"));
    }
    let is_num = matches!(
        v,
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Bool(_)
    );
    let mut radix_prefix = "";
    let body = match (v, ty) {
        (Value::Str(x), None | Some('s')) => match prec {
            Some(p) => x.chars().take(p).collect(),
            None => x.to_string(),
        },
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), None | Some('d')) if prec.is_none() => {
            ops::pos(v)?.repr()
        }
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), Some(t @ ('x' | 'X' | 'o' | 'b'))) => {
            let b = ops::as_bigint(v).unwrap_or_default();
            let (neg, m) = (b.is_negative(), b.abs());
            let digits = match t {
                'x' => format!("{m:x}"),
                'X' => format!("{m:X}"),
                'o' => format!("{m:o}"),
                _ => format!("{m:b}"),
            };
            if alternate {
                radix_prefix = match t {
                    'x' => "0x",
                    'X' => "0X",
                    'o' => "0o",
                    _ => "0b",
                };
            }
            format!("{}{digits}", if neg { "-" } else { "" })
        }
        (Value::Int(_) | Value::Bool(_), Some('c')) => {
            let n = ops::as_i64(v).unwrap_or(-1);
            match u32::try_from(n).ok().and_then(char::from_u32) {
                Some(c) => c.to_string(),
                None => return Err(Exc::overflow("%c arg not in range(0x110000)")),
            }
        }
        (_, Some(t @ ('f' | 'F' | 'e' | 'E' | 'g' | 'G' | '%'))) if is_num => {
            let x = ops::to_f64(v)?.unwrap_or(0.0);
            let p = prec.unwrap_or(6);
            match t {
                'f' | 'F' => {
                    if x.is_finite() {
                        format!("{x:.p$}")
                    } else {
                        super::repr::float_repr(x)
                    }
                }
                'e' => ops::format_exp(x, p),
                'E' => ops::format_exp(x, p).to_uppercase(),
                '%' => format!("{:.p$}%", x * 100.0),
                _ => ops::format_general(x, p),
            }
        }
        (Value::Float(x), None) => match prec {
            Some(p) => {
                let g = ops::format_general(*x, p);
                if g.contains(['.', 'e', 'n', 'i']) {
                    g
                } else {
                    format!("{g}.0")
                }
            }
            None => super::repr::float_repr(*x),
        },
        (_, None) if !is_num && !matches!(v, Value::Str(_)) && prec.is_none() && sign == '-' => {
            v.to_str()
        }
        (_, Some(t)) => {
            return Err(Exc::value_error(format!(
                "Unknown format code '{}' for object of type '{}'",
                t,
                v.type_name()
            )))
        }
        _ => return Err(Exc::value_error("Invalid format specifier")),
    };
    let body = if let Some(g) = grouping {
        group_digits(&body, g)
    } else {
        body
    };
    let (sgn, digits) = if is_num {
        match body.strip_prefix('-') {
            Some(d) => ("-".to_string(), d.to_string()),
            None => (
                match sign {
                    '+' => "+".to_string(),
                    ' ' => " ".to_string(),
                    _ => String::new(),
                },
                body,
            ),
        }
    } else {
        (String::new(), body)
    };
    let sgn = format!("{sgn}{radix_prefix}");
    let len = sgn.chars().count() + digits.chars().count();
    let pad = width.saturating_sub(len);
    let align = align.unwrap_or(if is_num { '>' } else { '<' });
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    Ok(match align {
        '<' => format!("{sgn}{digits}{}", fills(pad)),
        '^' => format!("{}{sgn}{digits}{}", fills(pad / 2), fills(pad - pad / 2)),
        '=' => format!("{sgn}{}{digits}", fills(pad)),
        _ => format!("{}{sgn}{digits}", fills(pad)),
    })
}

fn group_digits(body: &str, sep: char) -> String {
    let (sign, rest) = match body.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", body),
    };
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (int_part, tail) = rest.split_at(end);
    let mut out = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    format!("{sign}{out}{tail}")
}

fn seq_method(
    recv: &Value,
    items: &[Value],
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult {
    let kind = recv.type_name();
    let q = format!("{kind}.{name}");
    match name {
        "count" => {
            let a = bind(&q, name, args, kwargs, &["value"], 1)?;
            let x = a.get(0).unwrap_or(&Value::None);
            Ok(Value::Int(
                items
                    .iter()
                    .filter(|y| is_same(y, x) || py_eq(y, x))
                    .count() as i64,
            ))
        }
        "index" => {
            let a = bind(&q, name, args, kwargs, &["value", "start", "stop"], 1)?;
            let x = a.get(0).unwrap_or(&Value::None);
            let n = items.len() as i64;
            let clamp = |v: Option<&Value>, default: i64| -> PyResult<i64> {
                match v {
                    None => Ok(default),
                    Some(v) => {
                        let i = int_like(v)?;
                        Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
                    }
                }
            };
            let lo = clamp(a.get(1), 0)?;
            let hi = clamp(a.get(2), n)?;
            for i in lo..hi {
                let y = &items[i as usize];
                if is_same(y, x) || py_eq(y, x) {
                    return Ok(Value::Int(i));
                }
            }
            Err(Exc::value_error(if kind == "tuple" {
                "tuple.index(x): x not in tuple".to_string()
            } else {
                format!("{} is not in list", x.short_repr())
            }))
        }
        _ => Err(no_attr(recv, name)),
    }
}

pub fn dict_method(recv: &Value, name: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let Value::Dict(d) = recv else {
        return Err(no_attr(recv, name));
    };
    let q = format!("dict.{name}");
    let positional = |args: &Vec<Value>, kwargs: &Kwargs, lo: usize, hi: usize| -> PyResult<()> {
        if !kwargs.is_empty() {
            return Err(Exc::type_error(format!("{q}() takes no keyword arguments")));
        }
        if args.len() < lo {
            return Err(Exc::type_error(format!(
                "{name} expected at least {lo} argument{}, got {}",
                if lo == 1 { "" } else { "s" },
                args.len()
            )));
        }
        if args.len() > hi {
            return Err(Exc::type_error(format!(
                "{name} expected at most {hi} argument{}, got {}",
                if hi == 1 { "" } else { "s" },
                args.len()
            )));
        }
        Ok(())
    };
    match name {
        "get" => {
            positional(&args, &kwargs, 1, 2)?;
            let mut it = args.into_iter();
            let k = Key::new(it.next().unwrap_or(Value::None))?;
            let default = it.next().unwrap_or(Value::None);
            Ok(d.read().get(&k).cloned().unwrap_or(default))
        }
        "keys" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            Ok(Value::list(d.read().keys().map(|k| k.0.clone()).collect()))
        }
        "values" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            Ok(Value::list(d.read().values().cloned().collect()))
        }
        "items" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            Ok(Value::list(
                d.read()
                    .iter()
                    .map(|(k, v)| Value::tuple(vec![k.0.clone(), v.clone()]))
                    .collect(),
            ))
        }
        "setdefault" => {
            positional(&args, &kwargs, 1, 2)?;
            let mut it = args.into_iter();
            let k = Key::new(it.next().unwrap_or(Value::None))?;
            let default = it.next().unwrap_or(Value::None);
            let mut w = d.write();
            Ok(w.entry(k).or_insert(default).clone())
        }
        "pop" => {
            positional(&args, &kwargs, 1, 2)?;
            let mut it = args.into_iter();
            let key = it.next().unwrap_or(Value::None);
            let k = Key::new(key.clone())?;
            let default = it.next();
            let removed = d.write().shift_remove(&k);
            match (removed, default) {
                (Some(v), _) => Ok(v),
                (None, Some(dflt)) => Ok(dflt),
                (None, None) => Err(Exc::key_error_of(key.clone())),
            }
        }
        "popitem" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            match d.write().pop() {
                Some((k, v)) => Ok(Value::tuple(vec![k.0, v])),
                None => Err(Exc::key_error_of(Value::str(
                    "popitem(): dictionary is empty",
                ))),
            }
        }
        "update" => {
            if args.len() > 1 {
                return Err(Exc::type_error(format!(
                    "update expected at most 1 argument, got {}",
                    args.len()
                )));
            }
            let mut entries: Vec<(Key, Value)> = Vec::new();
            if let Some(src) = args.first() {
                match src {
                    Value::Dict(o) => {
                        entries.extend(o.read().iter().map(|(k, v)| (k.clone(), v.clone())))
                    }
                    other => {
                        for (i, item) in ops::iterate(other)?.into_iter().enumerate() {
                            let pair = ops::iterate(&item).map_err(|_| {
                                Exc::type_error(format!(
                                    "cannot convert dictionary update sequence element #{i} to a sequence"
                                ))
                            })?;
                            if pair.len() != 2 {
                                return Err(Exc::value_error(format!(
                                    "dictionary update sequence element #{i} has length {}; 2 is required",
                                    pair.len()
                                )));
                            }
                            let mut p = pair.into_iter();
                            let k = Key::new(p.next().unwrap_or(Value::None))?;
                            entries.push((k, p.next().unwrap_or(Value::None)));
                        }
                    }
                }
            }
            for (k, v) in kwargs {
                entries.push((Key::new(Value::Str(k))?, v));
            }
            let mut w = d.write();
            for (k, v) in entries {
                w.insert(k, v);
            }
            Ok(Value::None)
        }
        "clear" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            d.write().clear();
            Ok(Value::None)
        }
        "copy" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            Ok(Value::dict(d.to_map()))
        }
        _ => Err(no_attr(recv, name)),
    }
}

/// The methods of a list: `count` and `index` as a tuple's, and those that
/// change it in place.
fn list_method(
    recv: &Value,
    list: &Arc<super::value::List>,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult {
    let q = format!("list.{name}");
    match name {
        "count" | "index" => {
            let items = list.to_vec();
            seq_method(recv, &items, name, args, kwargs)
        }
        "append" => {
            let a = bind(&q, name, args, kwargs, &["object"], 1)?;
            let x = a.get(0).cloned().unwrap_or(Value::None);
            let mut w = list.write();
            super::limits::check_items(w.len() + 1, "list")?;
            w.push(x);
            Ok(Value::None)
        }
        "extend" => {
            let a = bind(&q, name, args, kwargs, &["iterable"], 1)?;
            // Read the new items first: `a.extend(a)` doubles the list.
            let more = ops::iterate(a.get(0).unwrap_or(&Value::None))?;
            let mut w = list.write();
            super::limits::check_items(w.len() + more.len(), "list")?;
            w.extend(more);
            Ok(Value::None)
        }
        "insert" => {
            if !kwargs.is_empty() {
                return Err(Exc::type_error("list.insert() takes no keyword arguments"));
            }
            if args.len() != 2 {
                return Err(Exc::type_error(format!(
                    "insert expected 2 arguments, got {}",
                    args.len()
                )));
            }
            let i = int_like(&args[0])?;
            let x = args[1].clone();
            let mut w = list.write();
            let n = w.len() as i64;
            let at = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
            w.insert(at, x);
            Ok(Value::None)
        }
        "pop" => {
            let a = bind(&q, name, args, kwargs, &["index"], 0)?;
            let i = match a.get(0) {
                Some(v) => int_like(v)?,
                None => -1,
            };
            let mut w = list.write();
            if w.is_empty() {
                return Err(Exc::index_error("pop from empty list"));
            }
            let n = w.len() as i64;
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return Err(Exc::index_error("pop index out of range"));
            }
            Ok(w.remove(j as usize))
        }
        "remove" => {
            let a = bind(&q, name, args, kwargs, &["value"], 1)?;
            let x = a.get(0).cloned().unwrap_or(Value::None);
            let items = list.to_vec();
            match items.iter().position(|y| is_same(y, &x) || py_eq(y, &x)) {
                Some(i) => {
                    let mut w = list.write();
                    if i < w.len() {
                        w.remove(i);
                    }
                    Ok(Value::None)
                }
                None => Err(Exc::value_error("list.remove(x): x not in list")),
            }
        }
        "reverse" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            list.write().reverse();
            Ok(Value::None)
        }
        "clear" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            list.write().clear();
            Ok(Value::None)
        }
        "copy" => {
            bind(&q, name, args, kwargs, &[], 0)?;
            Ok(Value::list(list.to_vec()))
        }
        "sort" => {
            if !args.is_empty() {
                return Err(Exc::type_error("sort() takes no positional arguments"));
            }
            let mut key = None;
            let mut reverse = false;
            for (k, v) in kwargs {
                match &*k {
                    "key" => key = Some(v).filter(|v| !v.is_none()),
                    "reverse" => reverse = v.truthy(),
                    other => {
                        return Err(Exc::type_error(format!(
                            "sort() got an unexpected keyword argument '{other}'"
                        )))
                    }
                }
            }
            // Sort a copy (the key function may read the list), then store it.
            let items = list.to_vec();
            let sorted = super::builtins::sort_values(items, key.as_ref(), reverse)?;
            *list.write() = sorted;
            Ok(Value::None)
        }
        _ => Err(no_attr(recv, name)),
    }
}
