//! Syntax colouring for what a learner is typing, as a pure function shared
//! by the terminal UI and `streamlab repl`.
//!
//! The tokens come from [`crate::lang::lex`], the tokenizer the parser uses
//! too; this module only decides their colours. The lexer never fails and
//! never panics, so half-typed, wrong and unfinished text is coloured on
//! every keystroke; text it cannot read becomes [`TokenKind::Error`] (an
//! unterminated string, a `$`).
//!
//! ```
//! use streamlab::session::highlight::{tokens, TokenKind};
//!
//! let src = "lines.map(len)  # sizes";
//! let kinds: Vec<_> = tokens(src).into_iter().map(|(r, k)| (&src[r], k)).collect();
//! assert_eq!(kinds, [
//!     ("lines", TokenKind::Name),
//!     (".", TokenKind::Operator),
//!     ("map", TokenKind::Method),
//!     ("(", TokenKind::Bracket),
//!     ("len", TokenKind::Builtin),
//!     (")", TokenKind::Bracket),
//!     ("# sizes", TokenKind::Comment),
//! ]);
//! ```

use std::ops::Range;

use crate::lang::lex::{self, LexError, TokenKind as Lex};

/// What a piece of source is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// `def`, `lambda`, `return`, `None`, `True`, ...
    Keyword,
    /// A builtin function name (`len`, `sorted`, ...) not after a dot.
    Builtin,
    Name,
    /// A name right after a dot: `map` in `lines.map`.
    Method,
    Number,
    String,
    Comment,
    Operator,
    Bracket,
    /// Text that cannot be Python: an unterminated string, a stray `$`.
    Error,
}

/// Python's keywords (all of them, so that learners see `class` coloured
/// even though the subset refuses it).
pub use crate::lang::lex::KEYWORDS;

/// The tokens of `src`: byte ranges (on char boundaries, in order, not
/// overlapping) and their kinds. Whitespace and newlines are not tokens.
pub fn tokens(src: &str) -> Vec<(Range<usize>, TokenKind)> {
    let toks = lex::tokens(src);
    let mut out: Vec<(Range<usize>, TokenKind)> = Vec::new();
    let after_dot = |out: &[(Range<usize>, TokenKind)]| {
        out.last()
            .is_some_and(|(r, k)| *k == TokenKind::Operator && &src[r.clone()] == ".")
    };
    // Blank to the end of the physical line from token `k` on.
    let rest_of_line_blank = |k: usize| {
        toks[k..]
            .iter()
            .find(|t| !(t.kind == Lex::Blank || is_odd_space(t, src)))
            .is_none_or(|t| t.kind == Lex::Newline)
    };
    for (k, t) in toks.iter().enumerate() {
        let range = t.start..t.end;
        let kind = match t.kind {
            Lex::Blank | Lex::Newline => continue,
            // Unusual spaces (a no-break space) stay uncoloured.
            Lex::Error(LexError::BadChar) if is_odd_space(t, src) => continue,
            Lex::Comment => TokenKind::Comment,
            Lex::String => TokenKind::String,
            Lex::Number => TokenKind::Number,
            Lex::Open | Lex::Close => TokenKind::Bracket,
            Lex::Operator => TokenKind::Operator,
            Lex::Name | Lex::Keyword => {
                if after_dot(&out) {
                    TokenKind::Method
                } else if t.kind == Lex::Keyword {
                    TokenKind::Keyword
                } else if crate::lang::builtins::names().contains(&t.text(src))
                    || crate::lang::exceptions::names().any(|n| n == t.text(src))
                {
                    TokenKind::Builtin
                } else {
                    TokenKind::Name
                }
            }
            // Only the `\` of a continuation, not its newline.
            Lex::Continuation => {
                out.push((t.start..t.start + 1, TokenKind::Operator));
                continue;
            }
            // A `\` with only blanks after it on the line is a continuation
            // being typed.
            Lex::Error(LexError::StrayBackslash) if rest_of_line_blank(k + 1) => {
                TokenKind::Operator
            }
            Lex::Error(_) => TokenKind::Error,
        };
        out.push((range, kind));
    }
    out
}

/// A character the lexer refuses that is whitespace all the same.
fn is_odd_space(t: &lex::Token, src: &str) -> bool {
    t.kind == Lex::Error(LexError::BadChar) && t.text(src).chars().all(char::is_whitespace)
}

/// The position of the bracket matching the one at `cursor` (or, when there
/// is none there, the one just before `cursor`, where the cursor rests after
/// typing it). Brackets inside strings and comments are skipped; a bracket
/// without a partner, or of the wrong shape, gives `None`.
pub fn matching_bracket(src: &str, cursor: usize) -> Option<usize> {
    let brackets: Vec<(usize, u8)> = tokens(src)
        .into_iter()
        .filter(|(_, k)| *k == TokenKind::Bracket)
        .map(|(r, _)| (r.start, src.as_bytes()[r.start]))
        .collect();
    let at = |pos: usize| brackets.iter().position(|(p, _)| *p == pos);
    let index = at(cursor).or_else(|| cursor.checked_sub(1).and_then(at))?;
    let (_, b) = brackets[index];
    let partner = |b: u8| match b {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
    };
    let opening = matches!(b, b'(' | b'[' | b'{');
    let mut depth = 0usize;
    let walk: Box<dyn Iterator<Item = &(usize, u8)>> = if opening {
        Box::new(brackets[index..].iter())
    } else {
        Box::new(brackets[..=index].iter().rev())
    };
    for &(pos, c) in walk {
        let same_side = matches!(c, b'(' | b'[' | b'{') == opening;
        if same_side {
            depth += 1;
        } else {
            depth -= 1;
            if depth == 0 {
                return (c == partner(b)).then_some(pos);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use TokenKind::*;

    fn kinds(src: &str) -> Vec<(&str, TokenKind)> {
        tokens(src).into_iter().map(|(r, k)| (&src[r], k)).collect()
    }

    #[test]
    fn a_pipeline_line() {
        assert_eq!(
            kinds("counts = pairs.reduceByKey(lambda a, b: a + b)"),
            [
                ("counts", Name),
                ("=", Operator),
                ("pairs", Name),
                (".", Operator),
                ("reduceByKey", Method),
                ("(", Bracket),
                ("lambda", Keyword),
                ("a", Name),
                (",", Operator),
                ("b", Name),
                (":", Operator),
                ("a", Name),
                ("+", Operator),
                ("b", Name),
                (")", Bracket),
            ]
        );
    }

    #[test]
    fn keywords_builtins_and_methods() {
        assert_eq!(
            kinds("def f(x): return None if x else sorted(x).count"),
            [
                ("def", Keyword),
                ("f", Name),
                ("(", Bracket),
                ("x", Name),
                (")", Bracket),
                (":", Operator),
                ("return", Keyword),
                ("None", Keyword),
                ("if", Keyword),
                ("x", Name),
                ("else", Keyword),
                ("sorted", Builtin),
                ("(", Bracket),
                ("x", Name),
                (")", Bracket),
                (".", Operator),
                ("count", Method),
            ]
        );
        // A method named like a builtin is a method.
        assert_eq!(kinds("rdd.sum")[2], ("sum", Method));
        assert_eq!(kinds("x . map")[2], ("map", Method));
    }

    #[test]
    fn numbers() {
        for n in [
            "0", "12", "1.5", ".5", "1e-3", "2E+10", "0x1f", "1_000", "3j", "1.",
        ] {
            assert_eq!(kinds(n), [(n, Number)], "{n}");
        }
        assert_eq!(kinds("x-1"), [("x", Name), ("-", Operator), ("1", Number)]);
        assert_eq!(kinds("0x1e-2")[1], ("-", Operator));
    }

    #[test]
    fn strings_and_comments() {
        assert_eq!(kinds("'a b'"), [("'a b'", String)]);
        assert_eq!(kinds(r#""it's""#), [(r#""it's""#, String)]);
        assert_eq!(kinds(r"'a\'b'"), [(r"'a\'b'", String)]);
        assert_eq!(kinds(r"r'\d+'"), [(r"r'\d+'", String)]);
        assert_eq!(kinds("f'{x}'"), [("f'{x}'", String)]);
        assert_eq!(kinds("'''a\n'b'\n'''"), [("'''a\n'b'\n'''", String)]);
        assert_eq!(
            kinds("s.split(' ')  # words (all)"),
            [
                ("s", Name),
                (".", Operator),
                ("split", Method),
                ("(", Bracket),
                ("' '", String),
                (")", Bracket),
                ("# words (all)", Comment),
            ]
        );
        // A name that merely starts like a prefix is a name.
        assert_eq!(kinds("rb"), [("rb", Name)]);
        assert_eq!(kinds("bar'x'"), [("bar", Name), ("'x'", String)]);
    }

    #[test]
    fn issue_15_statement_keywords_and_exception_classes() {
        assert_eq!(
            kinds("for k in d: break"),
            [
                ("for", Keyword),
                ("k", Name),
                ("in", Keyword),
                ("d", Name),
                (":", Operator),
                ("break", Keyword),
            ]
        );
        assert_eq!(kinds("try:")[0], ("try", Keyword));
        assert_eq!(kinds("except ValueError as e:")[1], ("ValueError", Builtin));
        assert_eq!(kinds("raise KeyError")[0], ("raise", Keyword));
    }

    #[test]
    fn errors() {
        assert_eq!(kinds("'abc"), [("'abc", Error)]);
        assert_eq!(
            kinds("'abc\nx"),
            [("'abc", Error), ("x", Name)],
            "an unterminated short string ends at the line's end"
        );
        assert_eq!(kinds("\"\"\"abc\n"), [("\"\"\"abc\n", Error)]);
        assert_eq!(kinds("a $ b")[1], ("$", Error));
        assert_eq!(kinds("a ? b")[1], ("?", Error));
        assert_eq!(kinds("x = 1 + \\\n 2")[4], ("\\", Operator));
        assert_eq!(kinds("x \\ y")[1], ("\\", Error));
    }

    #[test]
    fn operators() {
        assert_eq!(
            kinds("a**2 // b != c -> d ... e"),
            [
                ("a", Name),
                ("**", Operator),
                ("2", Number),
                ("//", Operator),
                ("b", Name),
                ("!=", Operator),
                ("c", Name),
                ("->", Operator),
                ("d", Name),
                ("...", Operator),
                ("e", Name),
            ]
        );
    }

    #[test]
    fn unicode_names_and_text() {
        assert_eq!(
            kinds("café = 'naïve'"),
            [("café", Name), ("=", Operator), ("'naïve'", String)]
        );
        assert_eq!(kinds("'日本"), [("'日本", Error)]);
    }

    #[test]
    fn brackets_match_outside_strings_and_comments() {
        let src = "f(a[1], {'(': 2})  # )";
        assert_eq!(matching_bracket(src, 1), Some(16));
        assert_eq!(matching_bracket(src, 16), Some(1));
        assert_eq!(matching_bracket(src, 17), Some(1), "just after the bracket");
        assert_eq!(matching_bracket(src, 3), Some(5));
        assert_eq!(matching_bracket(src, 8), Some(15));
        assert_eq!(matching_bracket(src, 10), None, "inside a string");
        assert_eq!(matching_bracket(src, 21), None, "inside a comment");
        assert_eq!(matching_bracket("f(x", 1), None, "no partner yet");
        assert_eq!(matching_bracket("(]", 0), None, "the wrong shape");
        assert_eq!(matching_bracket("x", 5), None);
        assert_eq!(matching_bracket("", 0), None);
    }

    proptest! {
        #[test]
        fn never_panics_and_covers_the_text_in_order(src in "\\PC{0,60}") {
            let toks = tokens(&src);
            let mut last = 0;
            for (r, _) in &toks {
                prop_assert!(r.start >= last && r.start < r.end && r.end <= src.len());
                prop_assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
                last = r.end;
            }
            // Only whitespace lies between tokens.
            let mut covered = vec![false; src.len()];
            for (r, _) in &toks {
                for c in &mut covered[r.clone()] { *c = true; }
            }
            for (i, ch) in src.char_indices() {
                prop_assert!(covered[i] || ch.is_whitespace(), "{:?} at {}", ch, i);
            }
            for cursor in 0..=src.len() + 1 {
                if let Some(m) = matching_bracket(&src, cursor) {
                    let brackets = "()[]{}";
                    prop_assert!(brackets.contains(&src[m..m + 1]));
                }
            }
        }

        #[test]
        fn never_panics_on_python_like_text(src in "[a-z0-9_ .,:'\"#()\\[\\]{}\\\\\n=+*-]{0,60}") {
            let _ = tokens(&src);
            for cursor in 0..=src.len() {
                let _ = matching_bracket(&src, cursor);
            }
        }
    }
}
