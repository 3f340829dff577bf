//! Error reports a learner can act on: `file:line:col`, the line, a caret under
//! the spot, and a hint ("did you mean 'reduceByKey'?").
//!
//! ```
//! use streamlab::lang::diag::{Diagnostic, did_you_mean};
//! use streamlab::lang::ast::Span;
//! let src = "x = (1 + 2\n";
//! let d = Diagnostic::new("SyntaxError", "'(' was never closed", Some(Span::new(4, 5)));
//! let text = d.render("prog.py", src);
//! assert!(text.contains("prog.py:1:5"));
//! assert!(text.contains("    ^"));
//! assert_eq!(did_you_mean("reduceByKy", ["map", "reduceByKey"].into_iter()), Some("reduceByKey"));
//! ```

use std::fmt::Write;

use super::ast::Span;
use super::parse::SyntaxError;
use super::repr::shorten;
use super::value::Exc;

/// The most characters of a source line a report shows (around the caret).
pub const SOURCE_LINE_MAX: usize = 160;
/// The most characters of a message or note line in a report.
pub const MESSAGE_LINE_MAX: usize = 400;

/// One error to show: a kind (`SyntaxError`, `TypeError`, ...), a message,
/// maybe a location and extra notes (the lambda's source, the record).
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub kind: String,
    pub message: String,
    pub span: Option<Span>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(kind: &str, message: &str, span: Option<Span>) -> Self {
        Diagnostic {
            kind: kind.to_string(),
            message: message.to_string(),
            span,
            notes: Vec::new(),
        }
    }

    /// From a syntax error; when the program has more of them, a note says
    /// how many ("and 2 more errors"). The first one is the one to fix first.
    pub fn from_syntax(e: &SyntaxError) -> Self {
        let mut d = Diagnostic::new("SyntaxError", &e.message, Some(e.span));
        match e.more {
            0 => {}
            1 => d.notes.push("and 1 more error".into()),
            n => d.notes.push(format!("and {n} more errors")),
        }
        d
    }

    /// From a Python exception, with its task context as notes.
    pub fn from_exc(e: &Exc) -> Self {
        let name = match &e.user {
            Some(_) => e.type_name(),
            None => e.kind.qualified_name(),
        };
        let mut d = Diagnostic::new(name, &e.msg, e.span);
        if let Some(hint) = builtin_attribute_hint(e) {
            // As CPython's traceback adds it: shown, not part of str(e).
            d.message.push_str(&hint);
        }
        if let Some(t) = &e.task {
            if let Some(src) = &t.func_source {
                d.notes.push(format!("in the function: {src}"));
            }
            d.notes.push(format!("applied to the record: {}", t.record));
        }
        d
    }

    /// The report as text, without colours:
    ///
    /// ```text
    /// error: TypeError: unsupported operand type(s) for +: 'int' and 'str'
    ///   --> prog.py:7:28
    ///    |
    ///  7 | pairs.map(lambda kv: kv[1] + "x").pprint()
    ///    |                      ^^^^^^^^^^^
    ///    = in the function: lambda kv: kv[1] + "x"
    /// ```
    ///
    /// No line of it carries megabytes: the message and notes are shortened
    /// ([`shorten`]), and a long source line shows [`SOURCE_LINE_MAX`]
    /// characters around the caret.
    pub fn render(&self, file: &str, src: &str) -> String {
        let mut out = String::new();
        if self.message.is_empty() {
            let _ = writeln!(out, "error: {}", self.kind);
        } else {
            let _ = writeln!(
                out,
                "error: {}: {}",
                self.kind,
                shorten(&self.message, MESSAGE_LINE_MAX)
            );
        }
        if let Some(span) = self.span {
            let (line, col) = line_col(src, span.start);
            let text = src.lines().nth(line - 1).unwrap_or("");
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(out, "{pad}--> {file}:{line}:{col}");
            let _ = writeln!(out, "{pad} |");
            // Caret width: the span on this line, at least one column.
            let line_start = span.start - (col_byte_offset(src, span.start));
            let line_end = line_start + text.len();
            let end = span.end.min(line_end).max(span.start);
            let width = src
                .get(span.start..end)
                .map(|s| s.chars().count())
                .unwrap_or(1)
                .max(1);
            // A long line: the part around the caret, with `...` for the rest.
            let count = text.chars().count();
            let (from, to) = if count <= SOURCE_LINE_MAX {
                (0, count)
            } else {
                let from = (col - 1)
                    .saturating_sub(SOURCE_LINE_MAX / 2)
                    .min(count - SOURCE_LINE_MAX);
                (from, from + SOURCE_LINE_MAX)
            };
            let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(i, _)| i);
            let (before, after) = (
                if from > 0 { "..." } else { "" },
                if to < count { "..." } else { "" },
            );
            let _ = writeln!(
                out,
                "{line} | {before}{}{after}",
                &text[byte(from)..byte(to)]
            );
            let lead: String = " ".repeat(before.len())
                + &text
                    .chars()
                    .skip(from)
                    .take((col - 1).saturating_sub(from))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect::<String>();
            let width = width.min(to.saturating_sub(col - 1)).max(1);
            let _ = writeln!(out, "{pad} | {lead}{}", "^".repeat(width));
        }
        let pad = match self.span {
            Some(span) => " ".repeat(line_col(src, span.start).0.to_string().len()),
            None => String::new(),
        };
        for n in &self.notes {
            let _ = writeln!(out, "{pad} = {}", shorten(n, MESSAGE_LINE_MAX));
        }
        out
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

fn col_byte_offset(src: &str, offset: usize) -> usize {
    let before = src.get(..offset.min(src.len())).unwrap_or("");
    before.rsplit('\n').next().map(|l| l.len()).unwrap_or(0)
}

/// Python's `AttributeError` for `obj.name`, with "Did you mean: ...?" when
/// one of `candidates` is a likely typo of `name`.
pub fn no_attribute<'a>(
    type_name: &str,
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Exc {
    let mut msg = format!("'{type_name}' object has no attribute '{name}'");
    if let Some(s) = did_you_mean(name, candidates) {
        msg.push_str(&format!(". Did you mean: '{s}'?"));
    }
    Exc::attr_error(msg)
}

/// The candidate closest to `name` if it is close enough to be a likely typo
/// (edit distance at most a third of the length, case differences cheap).
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = distance(name, c);
        let limit = (name.chars().count().max(c.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Damerau-Levenshtein distance (adjacent swaps count 1), comparing case-insensitively
/// but charging 1 for a case-only difference when the letters otherwise match.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// ". Did you mean: 'split'?" for an AttributeError on a builtin type
/// (`'str' object has no attribute 'spilt'`) whose name is close to one of
/// the type's methods. Registered classes (DStream, RDD, ...) put the hint in
/// their message already.
fn builtin_attribute_hint(e: &Exc) -> Option<String> {
    if e.kind != super::value::ExcKind::AttributeError || e.msg.contains("Did you mean") {
        return None;
    }
    let rest = e.msg.strip_prefix('\'')?;
    let (type_name, rest) = rest.split_once("' object has no attribute '")?;
    let name = rest.strip_suffix('\'')?;
    let names = super::methods::method_names(type_name);
    did_you_mean(name, names.iter().copied()).map(|s| format!(". Did you mean: '{s}'?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 17: `l.spilt()` on a str got no hint while DStream methods did.
    /// The hint is in the report only: `str(e)` stays CPython's.
    #[test]
    fn issue_17_a_misspelt_method_of_a_builtin_type_gets_a_hint() {
        let e = crate::lang::methods::call_method(
            &crate::lang::value::Value::str("a b"),
            "spilt",
            vec![],
            Default::default(),
        )
        .expect_err("no such method");
        assert_eq!(e.msg, "'str' object has no attribute 'spilt'");
        assert_eq!(
            Diagnostic::from_exc(&e).message,
            "'str' object has no attribute 'spilt'. Did you mean: 'split'?"
        );
        let far = crate::lang::methods::call_method(
            &crate::lang::value::Value::str("a"),
            "zzzzzz",
            vec![],
            Default::default(),
        )
        .expect_err("no such method");
        assert_eq!(Diagnostic::from_exc(&far).message, far.msg);
    }

    /// Issue 13: a 260 KB source line is shown as the part around the caret,
    /// with the caret still under the spot; messages and notes are shortened.
    #[test]
    fn issue_13_a_long_source_line_shows_the_part_around_the_caret() {
        let src = format!("x = [{}] + nope\n", "1, ".repeat(90_000));
        let at = src.find("nope").expect("nope");
        let mut d = Diagnostic::new(
            "NameError",
            &format!("name {} is not defined", "n".repeat(1_000_000)),
            Some(Span::new(at, at + 4)),
        );
        d.notes
            .push(format!("applied to the record: {}", "r".repeat(1_000_000)));
        let text = d.render("<repl>", &src);
        assert!(text.len() < 2_000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with("(1,000,020 characters)"), "{}", lines[0]);
        let shown = lines[3];
        let caret = lines[4];
        assert!(
            shown.starts_with("1 | ...") && shown.ends_with("+ nope"),
            "{shown}"
        );
        let col = caret.find('^').expect("a caret");
        assert_eq!(&shown[col..col + 4], "nope", "{shown}\n{caret}");
        assert_eq!(caret.matches('^').count(), 4);
        assert!(lines[5].ends_with("(1,000,023 characters)"), "{}", lines[5]);
    }

    #[test]
    fn suggestions() {
        let names = [
            "map",
            "flatMap",
            "reduceByKey",
            "reduceByKeyAndWindow",
            "pprint",
        ];
        assert_eq!(
            did_you_mean("reducebykey", names.into_iter()),
            Some("reduceByKey")
        );
        assert_eq!(did_you_mean("flatmap", names.into_iter()), Some("flatMap"));
        assert_eq!(did_you_mean("pprnit", names.into_iter()), Some("pprint"));
        assert_eq!(did_you_mean("zzz", names.into_iter()), None);
    }

    #[test]
    fn caret_under_span() {
        let src = "a = 1\nb = a +\n";
        let d = Diagnostic::new(
            "SyntaxError",
            "expected an expression",
            Some(Span::new(13, 14)),
        );
        let r = d.render("p.py", src);
        assert!(r.contains("--> p.py:2:8"), "{r}");
        assert!(r.contains("2 | b = a +\n  |        ^"), "{r}");
    }
}
