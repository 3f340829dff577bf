//! `re`: Python's regular expressions on the `regex` crate. A pattern is
//! translated from Python's syntax to the crate's (`\Z`, literal `{`,
//! `[[]`, octal escapes, verbose mode), and what the crate cannot express
//! (look-ahead, look-behind, backreferences, atomic groups, conditionals)
//! is refused with a `re.error` naming it. Searching follows Python's rules
//! for empty matches (`re.findall('a*', 'baaab')` is `['', 'aaa', '', '']`)
//! and reports positions in characters, as Python's str indices are.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use indexmap::IndexMap;
use parking_lot::Mutex;

use super::Attrs;
use crate::lang::compile::call_value;
use crate::lang::native::SigFn;
use crate::lang::registry::Signature;
use crate::lang::value::{Exc, ExcKind, Key, Kwargs, Object, PyResult, Value};

pub const NAMES: &[&str] = &[
    "compile",
    "search",
    "match",
    "fullmatch",
    "findall",
    "finditer",
    "sub",
    "subn",
    "split",
    "escape",
    "purge",
    "error",
    "I",
    "IGNORECASE",
    "M",
    "MULTILINE",
    "S",
    "DOTALL",
    "X",
    "VERBOSE",
    "U",
    "UNICODE",
    "A",
    "ASCII",
];

const IGNORECASE: i64 = 2;
const LOCALE: i64 = 4;
const MULTILINE: i64 = 8;
const DOTALL: i64 = 16;
const UNICODE: i64 = 32;
const VERBOSE: i64 = 64;
const ASCII: i64 = 256;

const FLAG_NAMES: &[(i64, &str)] = &[
    (IGNORECASE, "re.IGNORECASE"),
    (LOCALE, "re.LOCALE"),
    (MULTILINE, "re.MULTILINE"),
    (DOTALL, "re.DOTALL"),
    (VERBOSE, "re.VERBOSE"),
    (ASCII, "re.ASCII"),
];

pub fn make() -> Attrs {
    let mut m: Attrs = IndexMap::new();
    m.insert(
        "compile",
        SigFn::value("compile", "(pattern, flags=0)", |b| {
            pattern_of(&b.get("pattern"), &b.get("flags"))
        }),
    );
    for name in ["search", "match", "fullmatch"] {
        m.insert(
            name,
            SigFn::value(name, "(pattern, string, flags=0)", move |b| {
                let p = compiled(&b.get("pattern"), &b.get("flags"))?;
                p.find(name, &b.get("string"), 0, None)
            }),
        );
    }
    m.insert(
        "findall",
        SigFn::value("findall", "(pattern, string, flags=0)", |b| {
            compiled(&b.get("pattern"), &b.get("flags"))?.findall(&b.get("string"))
        }),
    );
    m.insert(
        "finditer",
        SigFn::value("finditer", "(pattern, string, flags=0)", |b| {
            compiled(&b.get("pattern"), &b.get("flags"))?.finditer(&b.get("string"))
        }),
    );
    for name in ["sub", "subn"] {
        m.insert(
            name,
            SigFn::value(
                name,
                "(pattern, repl, string, count=0, flags=0)",
                move |b| {
                    let p = compiled(&b.get("pattern"), &b.get("flags"))?;
                    let count = super::int_arg(&b.get("count"), "count")?;
                    p.sub(&b.get("repl"), &b.get("string"), count, name == "subn")
                },
            ),
        );
    }
    m.insert(
        "split",
        SigFn::value("split", "(pattern, string, maxsplit=0, flags=0)", |b| {
            let p = compiled(&b.get("pattern"), &b.get("flags"))?;
            let max = super::int_arg(&b.get("maxsplit"), "maxsplit")?;
            p.split(&b.get("string"), max)
        }),
    );
    m.insert(
        "escape",
        SigFn::value("escape", "(pattern)", |b| {
            let s = super::str_arg(&b.get("pattern"), "pattern")?;
            Ok(Value::str(&escape(&s)))
        }),
    );
    m.insert(
        "purge",
        SigFn::value("purge", "()", |_| {
            CACHE.lock().clear();
            Ok(Value::None)
        }),
    );
    m.insert("error", crate::lang::exceptions::class_of(ExcKind::ReError));
    for (names, v) in [
        (["I", "IGNORECASE"], IGNORECASE),
        (["M", "MULTILINE"], MULTILINE),
        (["S", "DOTALL"], DOTALL),
        (["X", "VERBOSE"], VERBOSE),
        (["U", "UNICODE"], UNICODE),
        (["A", "ASCII"], ASCII),
    ] {
        for n in names {
            m.insert(n, Value::Int(v));
        }
    }
    m
}

/// `re.escape(s)`: Python 3.7+'s set of escaped characters.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\\n"),
            '\t' => out.push_str("\\\t"),
            '\r' => out.push_str("\\\r"),
            '\x0b' => out.push_str("\\\x0b"),
            '\x0c' => out.push_str("\\\x0c"),
            c if "()[]{}?*+-|^$\\.&~# ".contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn re_error(msg: impl Into<String>) -> Exc {
    Exc::new(ExcKind::ReError, msg)
}

fn unsupported(what: &str, pos: usize) -> Exc {
    re_error(format!(
        "{what} at position {pos} is outside streamlab's Python: its regular expressions (the Rust regex crate) have no look-around, backreferences, atomic groups or conditionals"
    ))
}

fn hex_escape(out: &mut String, c: char) {
    out.push_str(&format!("\\x{{{:x}}}", c as u32));
}

/// Python's pattern syntax in the regex crate's. `flags` are Python's.
pub fn translate(pat: &str, flags: i64) -> PyResult<String> {
    let chars: Vec<char> = pat.chars().collect();
    let mut verbose = flags & VERBOSE != 0;
    // An inline `(?x)` at the start turns verbose mode on, as in Python.
    if let Some(rest) = pat.strip_prefix("(?") {
        let fl: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if fl.contains('x') && rest[fl.len()..].starts_with(')') {
            verbose = true;
        }
    }
    let mut out = String::new();
    for (bit, text) in [(IGNORECASE, "i"), (MULTILINE, "m"), (DOTALL, "s")] {
        if flags & bit != 0 {
            out.push_str(&format!("(?{text})"));
        }
    }
    if flags & (ASCII | LOCALE) != 0 {
        return Err(re_error(
            "re.ASCII and re.LOCALE are outside streamlab's Python (patterns are Unicode, as Python's default)",
        ));
    }
    let mut i = 0;
    let mut in_class = false;
    let mut class_start = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let Some(&n) = chars.get(i + 1) else {
                return Err(re_error(format!(
                    "bad escape (end of pattern) at position {i}"
                )));
            };
            let start = i;
            i += 2;
            class_start = false;
            match n {
                '1'..='9' if !in_class => {
                    return Err(unsupported("a backreference (\\N)", start));
                }
                '0'..='7' => {
                    let mut code = n.to_digit(8).unwrap_or(0);
                    let mut k = 0;
                    while k < 2 && chars.get(i).is_some_and(|d| ('0'..='7').contains(d)) {
                        code = code * 8 + chars[i].to_digit(8).unwrap_or(0);
                        i += 1;
                        k += 1;
                    }
                    hex_escape(&mut out, char::from_u32(code).unwrap_or('\0'));
                }
                'Z' if !in_class => out.push_str("\\z"),
                'A' | 'b' | 'B' if !in_class => {
                    out.push('\\');
                    out.push(n);
                }
                'b' => out.push_str("\\x08"),
                'd' | 'D' | 's' | 'S' | 'w' | 'W' | 'n' | 't' | 'r' | 'f' | 'v' => {
                    out.push('\\');
                    out.push(n);
                }
                'a' => out.push_str("\\x07"),
                'x' | 'u' | 'U' => {
                    let len = match n {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let digits: String = chars.iter().skip(i).take(len).collect();
                    if digits.len() != len || !digits.chars().all(|d| d.is_ascii_hexdigit()) {
                        return Err(re_error(format!(
                            "incomplete escape \\{n}{digits} at position {start}"
                        )));
                    }
                    i += len;
                    let code = u32::from_str_radix(&digits, 16).unwrap_or(0);
                    let ch = char::from_u32(code).ok_or_else(|| {
                        re_error(format!("bad escape \\{n}{digits} at position {start}"))
                    })?;
                    hex_escape(&mut out, ch);
                }
                c if c.is_ascii_alphanumeric() => {
                    return Err(re_error(format!("bad escape \\{c} at position {start}")));
                }
                c => hex_escape(&mut out, c),
            }
            continue;
        }
        if in_class {
            match c {
                ']' if !class_start => {
                    in_class = false;
                    out.push(']');
                }
                ']' => out.push_str("\\]"),
                '^' if class_start && out.ends_with('[') => {
                    out.push('^');
                    i += 1;
                    continue;
                }
                '[' | '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
            class_start = false;
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                class_start = true;
                out.push('[');
                i += 1;
                continue;
            }
            '#' if verbose => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            c if verbose && c.is_whitespace() => {}
            '(' if chars.get(i + 1) == Some(&'?') => {
                let rest: String = chars[i + 2..].iter().take(3).collect();
                if rest.starts_with("P=") {
                    return Err(unsupported("a named backreference (?P=...)", i));
                } else if rest.starts_with('=') || rest.starts_with('!') {
                    return Err(unsupported("a look-ahead (?=...) or (?!...)", i));
                } else if rest.starts_with("<=") || rest.starts_with("<!") {
                    return Err(unsupported("a look-behind (?<=...) or (?<!...)", i));
                } else if rest.starts_with('>') {
                    return Err(unsupported("an atomic group (?>...)", i));
                } else if rest.starts_with('(') {
                    return Err(unsupported("a conditional group (?(...)...)", i));
                } else if rest.starts_with('#') {
                    while i < chars.len() && chars[i] != ')' {
                        i += 1;
                    }
                } else {
                    out.push('(');
                }
            }
            '{' => {
                let rest: String = chars[i + 1..].iter().collect();
                let close = rest.find('}');
                let body = close.map(|e| &rest[..e]);
                let quantifier = body.filter(|b| {
                    let (lo, hi) = b.split_once(',').unwrap_or((b, ""));
                    (!lo.is_empty() || b.contains(','))
                        && lo.chars().all(|d| d.is_ascii_digit())
                        && hi.chars().all(|d| d.is_ascii_digit())
                        && !(lo.is_empty() && hi.is_empty() && b.len() == 1)
                });
                match quantifier {
                    Some(b) => {
                        let b = if b.starts_with(',') {
                            format!("0{b}")
                        } else {
                            b.to_string()
                        };
                        out.push('{');
                        out.push_str(&b);
                        out.push('}');
                        i += 2 + body.map_or(0, |b| b.chars().count());
                        continue;
                    }
                    None => out.push_str("\\{"),
                }
            }
            '}' => out.push_str("\\}"),
            c => out.push(c),
        }
        i += 1;
    }
    if in_class {
        return Err(re_error(format!(
            "unterminated character set at position {}",
            pat.rfind('[').map_or(0, |b| pat[..b].chars().count())
        )));
    }
    Ok(out)
}

/// A compiled pattern: `re.compile(...)`.
pub struct Pattern {
    pattern: Arc<str>,
    flags: i64,
    re: regex::Regex,
    /// The pattern anchored at the start (`match`) and at both ends (`fullmatch`).
    anchored: regex::Regex,
    full: regex::Regex,
}

/// Compiled patterns by (pattern, flags), as Python's `re` caches them.
type Cache = HashMap<(Arc<str>, i64), Arc<Pattern>>;

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn build(pattern: &Arc<str>, flags: i64) -> PyResult<Arc<Pattern>> {
    let key = (pattern.clone(), flags);
    if let Some(p) = CACHE.lock().get(&key) {
        return Ok(p.clone());
    }
    let text = translate(pattern, flags)?;
    let compile = |t: &str| {
        regex::RegexBuilder::new(t)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| {
                let detail = e.to_string();
                let last = detail.lines().last().unwrap_or("").trim().to_string();
                re_error(format!(
                    "cannot compile the pattern {}: {}",
                    crate::lang::repr::str_repr(pattern),
                    last.strip_prefix("error: ").unwrap_or(&last)
                ))
            })
    };
    let p = Arc::new(Pattern {
        pattern: pattern.clone(),
        flags: flags | UNICODE,
        re: compile(&text)?,
        anchored: compile(&format!("\\A(?:{text})"))?,
        full: compile(&format!("\\A(?:{text})\\z"))?,
    });
    let mut cache = CACHE.lock();
    if cache.len() >= 512 {
        cache.clear();
    }
    cache.insert(key, p.clone());
    Ok(p)
}

fn pattern_of(pattern: &Value, flags: &Value) -> PyResult<Value> {
    Ok(Value::object(PatternObj(compiled(pattern, flags)?)))
}

/// The pattern a function was given: a string, or one already compiled.
fn compiled(pattern: &Value, flags: &Value) -> PyResult<Arc<Pattern>> {
    let flags = super::int_arg(flags, "flags")?;
    match pattern {
        Value::Str(s) => build(s, flags),
        Value::Object(o) => match o.as_any().downcast_ref::<PatternObj>() {
            Some(p) if flags == 0 => Ok(p.0.clone()),
            Some(_) => Err(Exc::value_error(
                "cannot process flags argument with a compiled pattern",
            )),
            None => Err(Exc::type_error(
                "first argument must be string or compiled pattern",
            )),
        },
        _ => Err(Exc::type_error(
            "first argument must be string or compiled pattern",
        )),
    }
}

/// Byte offset to character index in `s`.
fn char_index(s: &str, byte: usize) -> usize {
    if s.is_ascii() {
        byte
    } else {
        s[..byte].chars().count()
    }
}

/// Character index to byte offset (clamped to the string).
fn byte_index(s: &str, ch: usize) -> usize {
    if s.is_ascii() {
        return ch.min(s.len());
    }
    s.char_indices().nth(ch).map_or(s.len(), |(b, _)| b)
}

fn text_arg(v: &Value) -> PyResult<Arc<str>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(Exc::type_error(format!(
            "expected string or bytes-like object, got '{}'",
            other.type_name()
        ))),
    }
}

type Spans = Vec<Option<(usize, usize)>>;

fn spans_of(c: &regex::Captures) -> Spans {
    (0..c.len())
        .map(|i| c.get(i).map(|m| (m.start(), m.end())))
        .collect()
}

impl Pattern {
    fn groups(&self) -> usize {
        self.re.captures_len() - 1
    }

    /// Every match from byte `start` to `end`, with Python's rule for empty
    /// matches: one is allowed right after a non-empty match, but not right
    /// after another empty match at the same place.
    fn all(&self, text: &str, start: usize, end: usize, limit: usize) -> Vec<Spans> {
        let hay = &text[..end];
        let mut out = Vec::new();
        let mut pos = start;
        let mut after_empty = false;
        while pos <= hay.len() && (limit == 0 || out.len() < limit) {
            let Some(c) = self.re.captures_at(hay, pos) else {
                break;
            };
            let Some(m) = c.get(0) else { break };
            if after_empty && m.start() == pos && m.end() == pos {
                match hay[pos..].chars().next() {
                    Some(ch) => pos += ch.len_utf8(),
                    None => break,
                }
                after_empty = false;
                continue;
            }
            after_empty = m.start() == m.end();
            pos = m.end();
            out.push(spans_of(&c));
        }
        out
    }

    fn find(
        self: &Arc<Self>,
        how: &str,
        string: &Value,
        pos: i64,
        endpos: Option<i64>,
    ) -> PyResult {
        let text = text_arg(string)?;
        let nchars = text.chars().count() as i64;
        let pos = pos.clamp(0, nchars) as usize;
        let endpos = endpos.unwrap_or(nchars).clamp(0, nchars) as usize;
        let (start, end) = (byte_index(&text, pos), byte_index(&text, endpos));
        if start > end {
            return Ok(Value::None);
        }
        let hay = &text[..end];
        let spans = match how {
            "search" => self.re.captures_at(hay, start).map(|c| spans_of(&c)),
            _ => {
                let re = if how == "match" {
                    &self.anchored
                } else {
                    &self.full
                };
                re.captures(&hay[start..]).map(|c| {
                    spans_of(&c)
                        .into_iter()
                        .map(|s| s.map(|(a, b)| (a + start, b + start)))
                        .collect()
                })
            }
        };
        Ok(match spans {
            Some(spans) => self.match_value(&text, spans, pos, endpos),
            None => Value::None,
        })
    }

    fn match_value(
        self: &Arc<Self>,
        text: &Arc<str>,
        spans: Spans,
        pos: usize,
        endpos: usize,
    ) -> Value {
        Value::object(Match {
            pattern: self.clone(),
            string: text.clone(),
            spans,
            pos,
            endpos,
        })
    }

    fn findall(&self, string: &Value) -> PyResult {
        let text = text_arg(string)?;
        let groups = self.groups();
        let piece = |s: Option<(usize, usize)>| Value::str(s.map_or("", |(a, b)| &text[a..b]));
        let items = self
            .all(&text, 0, text.len(), 0)
            .into_iter()
            .map(|sp| match groups {
                0 => piece(sp[0]),
                1 => piece(sp[1]),
                _ => Value::tuple(sp[1..].iter().map(|s| piece(*s)).collect()),
            })
            .collect();
        Ok(Value::list(items))
    }

    fn finditer(self: &Arc<Self>, string: &Value) -> PyResult {
        let text = text_arg(string)?;
        let n = text.chars().count();
        let items = self
            .all(&text, 0, text.len(), 0)
            .into_iter()
            .map(|sp| self.match_value(&text, sp, 0, n))
            .collect();
        Ok(crate::lang::iter::PyIter::over("callable_iterator", items))
    }

    fn group_index(&self, g: &Value) -> PyResult<usize> {
        let found = match g {
            Value::Int(i) => usize::try_from(*i).ok().filter(|i| *i <= self.groups()),
            Value::Bool(b) => Some(usize::from(*b)),
            Value::Str(name) => self.re.capture_names().position(|n| n == Some(&**name)),
            _ => None,
        };
        found.ok_or_else(|| Exc::index_error("no such group"))
    }

    /// A replacement template (`r'\1-\g<name>'`) as literal text and groups.
    fn template(&self, repl: &str) -> PyResult<Vec<Piece>> {
        let chars: Vec<char> = repl.chars().collect();
        let mut out = Vec::new();
        let mut lit = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != '\\' {
                lit.push(c);
                i += 1;
                continue;
            }
            let start = i;
            let Some(&n) = chars.get(i + 1) else {
                return Err(re_error(format!(
                    "bad escape (end of pattern) at position {start}"
                )));
            };
            i += 2;
            let group = match n {
                'g' => {
                    if chars.get(i) != Some(&'<') {
                        return Err(re_error(format!("missing < at position {i}")));
                    }
                    let close = chars[i..].iter().position(|c| *c == '>').ok_or_else(|| {
                        re_error(format!(
                            "missing >, unterminated name at position {}",
                            i + 1
                        ))
                    })?;
                    let name: String = chars[i + 1..i + close].iter().collect();
                    i += close + 1;
                    if let Ok(num) = name.parse::<usize>() {
                        if num > self.groups() {
                            return Err(re_error(format!(
                                "invalid group reference {num} at position {}",
                                start + 3
                            )));
                        }
                        num
                    } else {
                        self.re
                            .capture_names()
                            .position(|n| n == Some(name.as_str()))
                            .ok_or_else(|| {
                                Exc::index_error(format!("unknown group name '{name}'"))
                            })?
                    }
                }
                '1'..='9' => {
                    let mut num = n.to_digit(10).unwrap_or(0) as usize;
                    if let Some(d) = chars.get(i).and_then(|d| d.to_digit(10)) {
                        num = num * 10 + d as usize;
                        i += 1;
                    }
                    if num > self.groups() {
                        return Err(re_error(format!(
                            "invalid group reference {num} at position {}",
                            start + 1
                        )));
                    }
                    num
                }
                _ => {
                    match n {
                        'n' => lit.push('\n'),
                        't' => lit.push('\t'),
                        'r' => lit.push('\r'),
                        'f' => lit.push('\x0c'),
                        'v' => lit.push('\x0b'),
                        'a' => lit.push('\x07'),
                        'b' => lit.push('\x08'),
                        '\\' => lit.push('\\'),
                        '0' => lit.push('\0'),
                        c if c.is_ascii_alphanumeric() => {
                            return Err(re_error(format!("bad escape \\{c} at position {start}")));
                        }
                        c => {
                            lit.push('\\');
                            lit.push(c);
                        }
                    }
                    continue;
                }
            };
            if !lit.is_empty() {
                out.push(Piece::Lit(std::mem::take(&mut lit)));
            }
            out.push(Piece::Group(group));
        }
        if !lit.is_empty() {
            out.push(Piece::Lit(lit));
        }
        Ok(out)
    }

    fn sub(self: &Arc<Self>, repl: &Value, string: &Value, count: i64, subn: bool) -> PyResult {
        let text = text_arg(string)?;
        let template = match repl {
            Value::Str(r) => Some(self.template(r)?),
            r if crate::lang::classes::callable(r) => None,
            other => {
                return Err(Exc::type_error(format!(
                    "expected str instance, {} found",
                    other.type_name()
                )))
            }
        };
        let matches = if count < 0 {
            Vec::new()
        } else {
            self.all(&text, 0, text.len(), count as usize)
        };
        let n = matches.len();
        let nchars = text.chars().count();
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for sp in matches {
            let Some((a, b)) = sp[0] else { continue };
            out.push_str(&text[last..a]);
            match &template {
                Some(t) => {
                    for p in t {
                        match p {
                            Piece::Lit(s) => out.push_str(s),
                            Piece::Group(g) => {
                                if let Some((x, y)) = sp[*g] {
                                    out.push_str(&text[x..y]);
                                }
                            }
                        }
                    }
                }
                None => {
                    let m = self.match_value(&text, sp, 0, nchars);
                    match call_value(repl, vec![m], Vec::new())? {
                        Value::Str(s) => out.push_str(&s),
                        other => {
                            return Err(Exc::type_error(format!(
                                "expected str instance, {} found",
                                other.type_name()
                            )))
                        }
                    }
                }
            }
            last = b;
        }
        out.push_str(&text[last..]);
        let s = Value::str(&out);
        Ok(if subn {
            Value::tuple(vec![s, Value::Int(n as i64)])
        } else {
            s
        })
    }

    fn split(&self, string: &Value, maxsplit: i64) -> PyResult {
        let text = text_arg(string)?;
        if maxsplit < 0 {
            return Ok(Value::list(vec![Value::Str(text)]));
        }
        let mut out = Vec::new();
        let mut last = 0;
        for sp in self.all(&text, 0, text.len(), maxsplit as usize) {
            let Some((a, b)) = sp[0] else { continue };
            out.push(Value::str(&text[last..a]));
            for g in &sp[1..] {
                out.push(g.map_or(Value::None, |(x, y)| Value::str(&text[x..y])));
            }
            last = b;
        }
        out.push(Value::str(&text[last..]));
        Ok(Value::list(out))
    }

    fn flags_text(&self) -> Option<String> {
        let names: Vec<&str> = FLAG_NAMES
            .iter()
            .filter(|(bit, _)| self.flags & bit != 0)
            .map(|(_, n)| *n)
            .collect();
        (!names.is_empty()).then(|| names.join("|"))
    }
}

enum Piece {
    Lit(String),
    Group(usize),
}

/// Whether `v` is a compiled pattern (compared by pattern and flags).
pub fn overloads_eq(v: &Value) -> bool {
    v.downcast::<PatternObj>().is_some()
}

/// A compiled pattern as a program sees it (`re.Pattern`).
pub struct PatternObj(Arc<Pattern>);

impl Object for PatternObj {
    fn type_name(&self) -> &str {
        "re.Pattern"
    }
    fn repr(&self) -> String {
        let p = crate::lang::repr::str_repr(&self.0.pattern);
        match self.0.flags_text() {
            Some(f) => format!("re.compile({p}, {f})"),
            None => format!("re.compile({p})"),
        }
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        let p = &self.0;
        Ok(match name {
            "pattern" => Value::Str(p.pattern.clone()),
            "flags" => Value::Int(p.flags),
            "groups" => Value::Int(p.groups() as i64),
            "groupindex" => {
                let mut map = IndexMap::new();
                for (i, n) in p.re.capture_names().enumerate() {
                    if let Some(n) = n {
                        map.insert(Key::new(Value::str(n))?, Value::Int(i as i64));
                    }
                }
                Value::dict(map)
            }
            _ => {
                return Err(crate::lang::diag::no_attribute(
                    "re.Pattern",
                    name,
                    PATTERN_ATTRS.iter().copied(),
                ))
            }
        })
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let p = &self.0;
        let bind = |sig: &'static str| Signature::parse(sig).bind(name, args, kwargs);
        match name {
            "search" | "match" | "fullmatch" => {
                let b = bind("(string, pos=0, endpos=None)")?;
                let endpos = match b.get("endpos") {
                    Value::None => None,
                    v => Some(super::int_arg(&v, "endpos")?),
                };
                p.find(
                    name,
                    &b.get("string"),
                    super::int_arg(&b.get("pos"), "pos")?,
                    endpos,
                )
            }
            "findall" => p.findall(&bind("(string)")?.get("string")),
            "finditer" => p.finditer(&bind("(string)")?.get("string")),
            "sub" | "subn" => {
                let b = bind("(repl, string, count=0)")?;
                let count = super::int_arg(&b.get("count"), "count")?;
                p.sub(&b.get("repl"), &b.get("string"), count, name == "subn")
            }
            "split" => {
                let b = bind("(string, maxsplit=0)")?;
                p.split(
                    &b.get("string"),
                    super::int_arg(&b.get("maxsplit"), "maxsplit")?,
                )
            }
            _ => self
                .get_attr(this, name)
                .and_then(|f| call_value(&f, Vec::new(), Vec::new())),
        }
    }
    fn compare_op(
        &self,
        _this: &Arc<dyn Object>,
        op: crate::lang::ast::CmpOp,
        other: &Value,
    ) -> Option<PyResult> {
        use crate::lang::ast::CmpOp;
        let same = other
            .downcast::<PatternObj>()
            .is_some_and(|o| o.0.pattern == self.0.pattern && o.0.flags == self.0.flags);
        match op {
            CmpOp::Eq => Some(Ok(Value::Bool(same))),
            CmpOp::NotEq => Some(Ok(Value::Bool(!same))),
            _ => None,
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        PATTERN_ATTRS.to_vec()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

const PATTERN_ATTRS: &[&str] = &[
    "search",
    "match",
    "fullmatch",
    "findall",
    "finditer",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
];

const MATCH_ATTRS: &[&str] = &[
    "group",
    "groups",
    "groupdict",
    "start",
    "end",
    "span",
    "expand",
    "string",
    "re",
    "pos",
    "endpos",
    "lastindex",
    "lastgroup",
];

/// A match: `re.Match`.
pub struct Match {
    pattern: Arc<Pattern>,
    string: Arc<str>,
    /// Byte spans of each group.
    spans: Spans,
    pos: usize,
    endpos: usize,
}

impl Match {
    fn group(&self, g: &Value, default: &Value) -> PyResult {
        let i = self.pattern.group_index(g)?;
        Ok(match self.spans[i] {
            Some((a, b)) => Value::str(&self.string[a..b]),
            None => default.clone(),
        })
    }

    fn span(&self, g: &Value) -> PyResult<(i64, i64)> {
        let i = self.pattern.group_index(g)?;
        Ok(match self.spans[i] {
            Some((a, b)) => (
                char_index(&self.string, a) as i64,
                char_index(&self.string, b) as i64,
            ),
            None => (-1, -1),
        })
    }
}

impl Object for Match {
    fn type_name(&self) -> &str {
        "re.Match"
    }
    fn repr(&self) -> String {
        let (a, b) = self.span(&Value::Int(0)).unwrap_or((0, 0));
        let text = self
            .group(&Value::Int(0), &Value::None)
            .unwrap_or(Value::None);
        format!("<re.Match object; span=({a}, {b}), match={}>", text.repr())
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        Ok(match name {
            "string" => Value::Str(self.string.clone()),
            "re" => Value::object(PatternObj(self.pattern.clone())),
            "pos" => Value::Int(self.pos as i64),
            "endpos" => Value::Int(self.endpos as i64),
            "lastindex" => {
                // The group that closed last: the matched group ending last
                // (the outermost when several end together).
                let mut best: Option<(usize, usize, usize)> = None;
                for (i, s) in self.spans.iter().enumerate().skip(1) {
                    if let Some((a, b)) = s {
                        if best.is_none_or(|(_, ba, bb)| *b > bb || (*b == bb && *a < ba)) {
                            best = Some((i, *a, *b));
                        }
                    }
                }
                best.map_or(Value::None, |(i, _, _)| Value::Int(i as i64))
            }
            "lastgroup" => {
                let idx = self.get_attr(_this, "lastindex")?;
                match idx {
                    Value::Int(i) => self
                        .pattern
                        .re
                        .capture_names()
                        .nth(i as usize)
                        .flatten()
                        .map_or(Value::None, Value::str),
                    _ => Value::None,
                }
            }
            _ => {
                return Err(crate::lang::diag::no_attribute(
                    "re.Match",
                    name,
                    MATCH_ATTRS.iter().copied(),
                ))
            }
        })
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let bind = |sig: &'static str| Signature::parse(sig).bind(name, args, kwargs);
        match name {
            "group" => {
                let b = bind("(*groups)")?;
                match b.rest() {
                    [] => self.group(&Value::Int(0), &Value::None),
                    [g] => self.group(g, &Value::None),
                    gs => Ok(Value::tuple(
                        gs.iter()
                            .map(|g| self.group(g, &Value::None))
                            .collect::<PyResult<_>>()?,
                    )),
                }
            }
            "groups" => {
                let d = bind("(default=None)")?.get("default");
                Ok(Value::tuple(
                    (1..self.spans.len())
                        .map(|i| self.group(&Value::Int(i as i64), &d))
                        .collect::<PyResult<_>>()?,
                ))
            }
            "groupdict" => {
                let d = bind("(default=None)")?.get("default");
                let mut map = IndexMap::new();
                for (i, n) in self.pattern.re.capture_names().enumerate() {
                    if let Some(n) = n {
                        map.insert(
                            Key::new(Value::str(n))?,
                            self.group(&Value::Int(i as i64), &d)?,
                        );
                    }
                }
                Ok(Value::dict(map))
            }
            "start" | "end" | "span" => {
                let (a, b) = self.span(&bind("(group=0)")?.get("group"))?;
                Ok(match name {
                    "start" => Value::Int(a),
                    "end" => Value::Int(b),
                    _ => Value::tuple(vec![Value::Int(a), Value::Int(b)]),
                })
            }
            "expand" => {
                let t = bind("(template)")?.get("template");
                let t = super::str_arg(&t, "template")?;
                let mut out = String::new();
                for p in self.pattern.template(&t)? {
                    match p {
                        Piece::Lit(s) => out.push_str(&s),
                        Piece::Group(g) => {
                            if let Some((a, b)) = self.spans[g] {
                                out.push_str(&self.string[a..b]);
                            }
                        }
                    }
                }
                Ok(Value::str(&out))
            }
            _ => self
                .get_attr(this, name)
                .and_then(|f| call_value(&f, Vec::new(), Vec::new())),
        }
    }
    fn subscript(&self, _this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        Some(self.group(index, &Value::None))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        MATCH_ATTRS.to_vec()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Arc<Pattern> {
        build(&Arc::from(s), 0).unwrap()
    }

    #[test]
    fn empty_matches_follow_pythons_rule() {
        let v = p("a*").findall(&Value::str("baaab")).unwrap();
        assert_eq!(v.repr(), "['', 'aaa', '', '']");
        let v = p("x*")
            .sub(&Value::str("-"), &Value::str("abc"), 0, false)
            .unwrap();
        assert_eq!(v.repr(), "'-a-b-c-'");
    }

    #[test]
    fn findall_and_split_follow_group_semantics() {
        assert_eq!(
            p(r"(\w)(\d)?").findall(&Value::str("a1b")).unwrap().repr(),
            "[('a', '1'), ('b', '')]"
        );
        assert_eq!(
            p(r"(,)|;").split(&Value::str("a,b;c"), 0).unwrap().repr(),
            "['a', ',', 'b', None, 'c']"
        );
        assert_eq!(
            p(r"(?P<y>\d+)-(?P<m>\d+)")
                .sub(&Value::str(r"\g<m>/\1"), &Value::str("2024-05"), 0, false)
                .unwrap()
                .repr(),
            "'05/2024'"
        );
    }

    #[test]
    fn translation_and_refusals() {
        assert_eq!(translate(r"a{x}\Z[[]", 0).unwrap(), r"a\{x\}\z[\[]");
        assert_eq!(translate(r"a{,3}", 0).unwrap(), r"a{0,3}");
        let e = translate(r"(?<=a)b", 0).unwrap_err();
        assert!(e.msg.contains("look-behind"), "{}", e.msg);
        assert_eq!(escape("a.b c"), r"a\.b\ c");
        assert!(p(&escape("a.b&c~d-e#f g")).re.is_match("a.b&c~d-e#f g"));
    }
}
