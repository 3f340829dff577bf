//! The one tokenizer of streamlab's Python subset.
//!
//! Every reader of program text that needs to know where strings, comments,
//! brackets and names are asks this module: the parser's pre-pass (logical
//! lines, indentation, bracket nesting), the wording of syntax errors, and the
//! REPL's colouring and bracket matching. The pest grammar then parses one
//! logical line at a time.
//!
//! The lexer never fails and never panics: text it cannot read becomes a
//! [`TokenKind::Error`] token (an unterminated string, a `$`, a stray `\`).
//! Its tokens cover the input exactly, in order and without gaps, so that
//! whitespace, newlines and comments are tokens too. It runs in linear time:
//! every byte is looked at a bounded number of times.
//!
//! ```
//! use streamlab::lang::lex::{tokens, TokenKind};
//!
//! let src = "x = f'{a}'  # note";
//! let kinds: Vec<_> = tokens(src).iter().map(|t| (t.text(src), t.kind)).collect();
//! assert_eq!(kinds, [
//!     ("x", TokenKind::Name),
//!     (" ", TokenKind::Blank),
//!     ("=", TokenKind::Operator),
//!     (" ", TokenKind::Blank),
//!     ("f'{a}'", TokenKind::String),
//!     ("  ", TokenKind::Blank),
//!     ("# note", TokenKind::Comment),
//! ]);
//! ```

use super::ast::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An identifier that is not a keyword.
    Name,
    /// One of Python's [`KEYWORDS`] (all of them, also those the subset refuses).
    Keyword,
    /// `12`, `1.5`, `.5`, `1e-3`, `0x1f`, `1_000`, `2j`, and also malformed
    /// ones such as `12abc` (digits, letters, underscores and dots).
    Number,
    /// A terminated string literal with its prefix (`r`, `b`, `f`, `u`, `rb`,
    /// ...), single or triple quoted. An f-string is one token.
    String,
    /// `+`, `**=`, `->`, `.`, `,`, `:`, ...
    Operator,
    /// `(`, `[` or `{`.
    Open,
    /// `)`, `]` or `}`.
    Close,
    /// `#` up to the end of the physical line (the newline is not part of it).
    Comment,
    /// `\n` or `\r\n`.
    Newline,
    /// A run of spaces, tabs and form feeds (what indentation is made of), or
    /// a lone `\r` not followed by `\n` (a token of its own).
    Blank,
    /// A `\` ending a physical line, with the newline after it (`\` at the
    /// very end of the text is one too, without a newline).
    Continuation,
    /// Text that cannot be Python.
    Error(LexError),
}

/// Why a piece of text is an [`TokenKind::Error`] token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LexError {
    /// A single-quoted string without its closing quote; the token ends
    /// before the newline (or at the end of the text).
    UnterminatedString,
    /// A triple-quoted string without its closing quotes; the token runs to
    /// the end of the text.
    UnterminatedTripleString,
    /// A `\` with something other than a newline after it.
    StrayBackslash,
    /// One character that starts no token: `$`, `?`, a non-ASCII space, ...
    BadChar,
}

/// A token: its kind and the bytes `start..end` of the source it came from
/// (non-empty, on char boundaries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The token's text in `src`, the text it was lexed from.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }

    /// Whitespace, newlines, continuations and comments carry no meaning
    /// for the grammar; every other token does.
    pub fn is_trivia(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Blank | TokenKind::Newline | TokenKind::Continuation | TokenKind::Comment
        )
    }
}

/// Python's keywords (all of them, so that `class` is a keyword even though
/// the subset refuses it).
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Operators of three, then two characters.
const LONG_OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "**", "//", "==", "!=", "<=", ">=", "->", "<<", ">>", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=",
];

/// Operators of one character.
const SHORT_OPS: &[u8] = b"+-*/%@&|^~<>=!:,;.";

/// String prefixes, compared without case.
const PREFIXES: &[&str] = &["r", "b", "f", "u", "rb", "br", "fr", "rf"];

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// All tokens of `src`, covering it exactly.
pub fn tokens(src: &str) -> Vec<Token> {
    Lexer::new(src).collect()
}

/// The tokens of a text one at a time (see [`tokens`]).
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer { src, pos: 0 }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        let rest = &self.src[start..];
        let c = rest.chars().next()?;
        let (kind, len) = lex_one(rest, c);
        self.pos = start + len;
        Some(Token {
            kind,
            start,
            end: self.pos,
        })
    }
}

/// The token at the start of `rest` (whose first char is `c`): its kind and
/// its length in bytes (at least one char).
fn lex_one(rest: &str, c: char) -> (TokenKind, usize) {
    use TokenKind::*;
    let b = rest.as_bytes();
    match c {
        ' ' | '\t' | '\x0C' => {
            let len = b
                .iter()
                .position(|x| !matches!(x, b' ' | b'\t' | b'\x0C'))
                .unwrap_or(b.len());
            (Blank, len)
        }
        '\n' => (Newline, 1),
        '\r' if b.get(1) == Some(&b'\n') => (Newline, 2),
        '\r' => (Blank, 1),
        '#' => (Comment, rest.find('\n').unwrap_or(rest.len())),
        '\\' => match &b[1..] {
            [] => (Continuation, 1),
            [b'\n', ..] => (Continuation, 2),
            [b'\r', b'\n', ..] => (Continuation, 3),
            _ => (Error(LexError::StrayBackslash), 1),
        },
        '(' | '[' | '{' => (Open, 1),
        ')' | ']' | '}' => (Close, 1),
        _ => {
            if let Some(prefix) = string_prefix(rest) {
                let (len, kind) = string_len(rest, prefix);
                return (kind, len);
            }
            if is_ident_start(c) {
                let len = rest
                    .find(|ch: char| !is_ident_char(ch))
                    .unwrap_or(rest.len());
                let kind = if KEYWORDS.contains(&&rest[..len]) {
                    Keyword
                } else {
                    Name
                };
                return (kind, len);
            }
            if c.is_ascii_digit() || (c == '.' && b.get(1).is_some_and(u8::is_ascii_digit)) {
                return (Number, number_len(b));
            }
            if let Some(op) = LONG_OPS.iter().find(|op| rest.starts_with(**op)) {
                return (Operator, op.len());
            }
            if c.is_ascii() && SHORT_OPS.contains(&b[0]) {
                return (Operator, 1);
            }
            (Error(LexError::BadChar), c.len_utf8())
        }
    }
}

/// When a string starts at `rest` (a quote, or up to two prefix letters and
/// a quote): the length of its prefix.
fn string_prefix(rest: &str) -> Option<usize> {
    let letters = rest
        .bytes()
        .take(3)
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if !matches!(rest.as_bytes().get(letters), Some(b'\'' | b'"')) {
        return None;
    }
    let prefix = &rest[..letters];
    (letters == 0 || PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(prefix))).then_some(letters)
}

/// The length of the string literal at the start of `rest`, whose quote is
/// at `quote`, and its kind (an error when it is not terminated). A backslash
/// always protects the next character (even in raw strings a `\'` does not
/// end the string).
fn string_len(rest: &str, quote: usize) -> (usize, TokenKind) {
    let b = rest.as_bytes();
    let q = b[quote];
    let triple = b[quote..].starts_with(&[q, q, q]);
    let mut i = quote + if triple { 3 } else { 1 };
    while i < b.len() {
        match b[i] {
            b'\\' => {
                // The backslash and the whole next character.
                i += 1;
                if let Some(c) = rest[i..].chars().next() {
                    i += c.len_utf8();
                }
            }
            b'\n' if !triple => return (i, TokenKind::Error(LexError::UnterminatedString)),
            x if x == q && !triple => return (i + 1, TokenKind::String),
            x if x == q && b[i..].starts_with(&[q, q, q]) => return (i + 3, TokenKind::String),
            // Quotes, backslashes and newlines are ASCII: the bytes of other
            // characters never match them, so stepping by bytes is safe.
            _ => i += 1,
        }
    }
    let error = if triple {
        LexError::UnterminatedTripleString
    } else {
        LexError::UnterminatedString
    };
    (b.len(), TokenKind::Error(error))
}

/// The length of the number at the start of `b`: digits, letters,
/// underscores and dots, plus a sign right after an exponent `e` (not in a
/// hexadecimal number, where `e` is a digit).
fn number_len(b: &[u8]) -> usize {
    let hex = b.starts_with(b"0x") || b.starts_with(b"0X");
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let exponent_sign =
            (x == b'+' || x == b'-') && !hex && i > 0 && matches!(b[i - 1], b'e' | b'E');
        if x.is_ascii_alphanumeric() || x == b'_' || x == b'.' || exponent_sign {
            i += 1;
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use LexError::*;
    use TokenKind::*;

    fn kinds(src: &str) -> Vec<(&str, TokenKind)> {
        tokens(src).iter().map(|t| (t.text(src), t.kind)).collect()
    }

    /// The tokens that are not whitespace or newlines.
    fn solid(src: &str) -> Vec<(&str, TokenKind)> {
        kinds(src)
            .into_iter()
            .filter(|(_, k)| !matches!(k, Blank | Newline))
            .collect()
    }

    #[test]
    fn names_and_keywords() {
        assert_eq!(
            solid("lambda x: not café_2 is None"),
            [
                ("lambda", Keyword),
                ("x", Name),
                (":", Operator),
                ("not", Keyword),
                ("café_2", Name),
                ("is", Keyword),
                ("None", Keyword),
            ]
        );
        // A keyword at the start of a longer name is a name.
        for w in ["input", "iffy", "nothing", "format", "_if", "class_"] {
            assert_eq!(kinds(w), [(w, Name)], "{w}");
        }
        // Refused keywords are keywords all the same.
        assert_eq!(kinds("class"), [("class", Keyword)]);
    }

    #[test]
    fn numbers() {
        for n in [
            "0", "12", "1.5", ".5", "1e-3", "2E+10", "0x1f", "1_000", "3j", "1.", "12abc",
        ] {
            assert_eq!(kinds(n), [(n, Number)], "{n}");
        }
        assert_eq!(kinds("x-1"), [("x", Name), ("-", Operator), ("1", Number)]);
        assert_eq!(
            kinds("0x1e-2"),
            [("0x1e", Number), ("-", Operator), ("2", Number)]
        );
        assert_eq!(kinds("x.y"), [("x", Name), (".", Operator), ("y", Name)]);
    }

    #[test]
    fn strings_with_prefixes_triple_quotes_and_f_strings() {
        for s in [
            "'a b'",
            r#""it's""#,
            r"'a\'b'",
            r"r'\d+'",
            "f'{x}'",
            "F\"{x!r}\"",
            "rb'x'",
            "Br'x'",
            "u'x'",
            "'''a\n'b'\n'''",
            "\"\"\"x\"\"\"",
            "'a\\\nb'",
            "''",
        ] {
            assert_eq!(kinds(s), [(s, String)], "{s}");
        }
        // A name that merely starts like a prefix is a name.
        assert_eq!(kinds("rb"), [("rb", Name)]);
        assert_eq!(kinds("bar'x'"), [("bar", Name), ("'x'", String)]);
        assert_eq!(kinds("_r'x'"), [("_r", Name), ("'x'", String)]);
        // Brackets and `#` inside a string belong to it.
        assert_eq!(kinds("'(# )'"), [("'(# )'", String)]);
    }

    #[test]
    fn unterminated_strings_are_error_tokens() {
        assert_eq!(kinds("'abc"), [("'abc", Error(UnterminatedString))]);
        assert_eq!(
            kinds("f'abc\nx"),
            [
                ("f'abc", Error(UnterminatedString)),
                ("\n", Newline),
                ("x", Name)
            ],
            "a short string ends at the line's end"
        );
        assert_eq!(
            kinds("'''abc\nx = 1"),
            [("'''abc\nx = 1", Error(UnterminatedTripleString))]
        );
        assert_eq!(kinds("'日本"), [("'日本", Error(UnterminatedString))]);
        assert_eq!(kinds("'a\\"), [("'a\\", Error(UnterminatedString))]);
    }

    #[test]
    fn operators_and_brackets() {
        assert_eq!(
            solid("a**=2 // b != c -> d ... e := f[g](h){i}"),
            [
                ("a", Name),
                ("**=", Operator),
                ("2", Number),
                ("//", Operator),
                ("b", Name),
                ("!=", Operator),
                ("c", Name),
                ("->", Operator),
                ("d", Name),
                ("...", Operator),
                ("e", Name),
                (":=", Operator),
                ("f", Name),
                ("[", Open),
                ("g", Name),
                ("]", Close),
                ("(", Open),
                ("h", Name),
                (")", Close),
                ("{", Open),
                ("i", Name),
                ("}", Close),
            ]
        );
        for op in [
            "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "=", "!", ":", ",", ";",
            ".",
        ] {
            assert_eq!(kinds(op), [(op, Operator)], "{op}");
        }
    }

    #[test]
    fn comments_newlines_and_blanks() {
        assert_eq!(
            kinds("  x # (note)\r\n\t\x0Cy\rz\n"),
            [
                ("  ", Blank),
                ("x", Name),
                (" ", Blank),
                ("# (note)\r", Comment),
                ("\n", Newline),
                ("\t\x0C", Blank),
                ("y", Name),
                ("\r", Blank),
                ("z", Name),
                ("\n", Newline),
            ]
        );
        assert_eq!(kinds("a\r\nb")[1], ("\r\n", Newline));
    }

    #[test]
    fn continuations_and_stray_backslashes() {
        assert_eq!(
            kinds("x = \\\n1 + \\\r\n2 \\"),
            [
                ("x", Name),
                (" ", Blank),
                ("=", Operator),
                (" ", Blank),
                ("\\\n", Continuation),
                ("1", Number),
                (" ", Blank),
                ("+", Operator),
                (" ", Blank),
                ("\\\r\n", Continuation),
                ("2", Number),
                (" ", Blank),
                ("\\", Continuation),
            ]
        );
        assert_eq!(kinds("x \\ y")[2], ("\\", Error(StrayBackslash)));
    }

    #[test]
    fn bad_characters_are_one_char_error_tokens() {
        assert_eq!(kinds("a$b")[1], ("$", Error(BadChar)));
        assert_eq!(kinds("?")[0], ("?", Error(BadChar)));
        assert_eq!(kinds("`")[0], ("`", Error(BadChar)));
        assert_eq!(kinds("\u{a0}")[0], ("\u{a0}", Error(BadChar)));
        assert_eq!(kinds("€€"), [("€", Error(BadChar)), ("€", Error(BadChar))]);
        assert_eq!(kinds("\x0B")[0], ("\x0B", Error(BadChar)));
    }

    #[test]
    fn long_hostile_inputs_lex_in_one_pass() {
        // Shapes that would be quadratic if a token were rescanned from each
        // of its bytes: many quotes, backslashes, brackets, an open string.
        let n = 200_000;
        for piece in ["'", "\"\"\"", "\\ ", "(", "#", "1e", "r'", "\u{a0}", "'\\"] {
            let src = piece.repeat(n);
            let toks = tokens(&src);
            assert!(toks.len() <= src.len());
            assert_eq!(toks.last().map(|t| t.end), Some(src.len()));
        }
    }

    fn check_cover(src: &str) -> Result<(), TestCaseError> {
        let toks = tokens(src);
        let mut at = 0;
        for t in &toks {
            prop_assert_eq!(t.start, at);
            prop_assert!(t.end > t.start && t.end <= src.len());
            prop_assert!(src.is_char_boundary(t.start) && src.is_char_boundary(t.end));
            at = t.end;
        }
        prop_assert_eq!(at, src.len());
        Ok(())
    }

    proptest! {
        #[test]
        fn never_panics_and_covers_any_text(src in "\\PC{0,80}") {
            check_cover(&src)?;
        }

        #[test]
        fn never_panics_and_covers_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            check_cover(&std::string::String::from_utf8_lossy(&bytes))?;
        }

        #[test]
        fn never_panics_on_python_like_text(src in "[a-zA-Z0-9_ .,:;'\"#()\\[\\]{}\\\\\r\n\t=+*/-]{0,80}") {
            check_cover(&src)?;
        }
    }
}
