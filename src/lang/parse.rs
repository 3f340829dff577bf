//! Parsing program text into the syntax tree of `ast` (pest grammar: `grammar/streamlab.pest`).
//!
//! Parsing happens in three steps:
//! 1. [`scan`] walks the tokens of [`lex`] (the one tokenizer, shared with
//!    the REPL's colouring) and splits the source into *logical lines*, the
//!    way Python's tokenizer does: physical lines are joined while a bracket is open or after
//!    a trailing `\`, blank and comment-only lines are skipped, and each logical
//!    line gets an indentation depth. Bracket, string and indentation errors are
//!    found here, with exact positions ("'(' was never closed").
//! 2. Each logical line is parsed with the pest rule `line`, which is either a
//!    simple statement list or a compound-statement header (`def`, `if`, `elif`,
//!    `else`) with an optional same-line body. Pest pairs become `ast` nodes;
//!    every span is shifted by the line's offset so it points into `src`.
//! 3. [`BlockBuilder`] turns the flat list of lines into nested blocks using the
//!    depths from step 1.
//!
//! Errors are phrased for learners: pest's "expected one of these rules" is
//! turned into plain words by [`expected`], one exhaustive match over the rules.

use num_bigint::BigInt;
use num_traits::Num;
use pest::iterators::Pair;
use pest::Parser;
use pest_derive::Parser;

use super::ast::{
    BinOp, BoolOp, ClassDef, CmpOp, Comprehension, Expr, ExprKind, FPart, FunctionDef, Handler,
    ImportName, Keyword, Param, ParamKind, Program, Span, Stmt, StmtKind, Target, WithItem,
};
use super::lex::{self, LexError, Token, TokenKind};

/// A syntax error, phrased for a learner, at a span of the source.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    /// A plain-words message, e.g. "'(' was never closed" or "expected an expression after '='".
    pub message: String,
    /// A stable code for the kind of error (see [`ERROR_CODES`]), e.g.
    /// `E0001` for a bracket that was never closed.
    pub code: &'static str,
    /// How many other syntax errors the program has (see [`parse`]); set on
    /// the error [`parse_program`] returns, 0 elsewhere.
    pub more: usize,
}

impl SyntaxError {
    fn new(span: Span, message: impl Into<String>) -> Self {
        let message = message.into();
        SyntaxError {
            span,
            code: code_of(&message),
            message,
            more: 0,
        }
    }
}

/// How a message shows its kind, for [`ERROR_CODES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    StartsWith(&'static str),
    EndsWith(&'static str),
    Contains(&'static str),
    /// Any message (the last entry).
    Anything,
}

impl Shows {
    fn matches(self, message: &str) -> bool {
        match self {
            Shows::StartsWith(p) => message.starts_with(p),
            Shows::EndsWith(p) => message.ends_with(p),
            Shows::Contains(p) => message.contains(p),
            Shows::Anything => true,
        }
    }
}

/// The code of every kind of syntax error, with how its messages read and
/// what it means. The first entry whose pattern matches a message gives its
/// code (fixed wording only: user text in a message is always quoted and
/// never at the start, except before 'was never closed'). Codes never change
/// meaning; new kinds get new codes.
pub const ERROR_CODES: &[(&str, Shows, &str)] = &[
    (
        "E0001",
        Shows::EndsWith("' was never closed"),
        "a bracket that was never closed",
    ),
    (
        "E0002",
        Shows::StartsWith("unmatched '"),
        "a closing bracket without an opening one",
    ),
    (
        "E0003",
        Shows::StartsWith("closing '"),
        "a closing bracket of the wrong shape",
    ),
    (
        "E0004",
        Shows::StartsWith("unterminated string literal"),
        "a string without its closing quote",
    ),
    (
        "E0005",
        Shows::StartsWith("unterminated triple-quoted"),
        "a triple-quoted string without its closing quotes",
    ),
    (
        "E0006",
        Shows::StartsWith("unexpected end of file after the line continuation"),
        "a '\\' line continuation at the end of the text",
    ),
    (
        "E0006",
        Shows::StartsWith("unexpected character after the line continuation"),
        "a '\\' with more text after it on its line",
    ),
    (
        "E0007",
        Shows::StartsWith("unexpected indent"),
        "a line indented deeper than its block",
    ),
    (
        "E0008",
        Shows::StartsWith("unindent does not match"),
        "an indentation that matches no outer block",
    ),
    (
        "E0009",
        Shows::StartsWith("inconsistent use of tabs"),
        "tabs and spaces mixed in indentation",
    ),
    (
        "E0010",
        Shows::StartsWith("too many levels of indentation"),
        "indentation deeper than Python allows",
    ),
    (
        "E0011",
        Shows::StartsWith("this line is nested too deeply"),
        "brackets and operators nested beyond the limit",
    ),
    (
        "E0011",
        Shows::StartsWith("this expression is nested too deeply"),
        "an expression tree deeper than the limit",
    ),
    (
        "E0012",
        Shows::StartsWith("expected an indented block"),
        "a 'def' or 'if' without a body",
    ),
    (
        "E0013",
        Shows::StartsWith("'elif' without a matching 'if'"),
        "an 'elif' without its 'if'",
    ),
    (
        "E0013",
        Shows::StartsWith("'else' without a matching 'if'"),
        "an 'else' without its 'if'",
    ),
    (
        "E0014",
        Shows::Contains(UNSUPPORTED),
        "Python that streamlab's subset does not support",
    ),
    (
        "E0015",
        Shows::StartsWith("invalid number"),
        "a malformed number",
    ),
    (
        "E0016",
        Shows::StartsWith("truncated \\"),
        "a string escape missing its digits",
    ),
    (
        "E0016",
        Shows::StartsWith("this escape is not a valid character"),
        "a string escape that is no character",
    ),
    ("E0100", Shows::Anything, "any other invalid syntax"),
];

fn code_of(message: &str) -> &'static str {
    ERROR_CODES
        .iter()
        .find(|(_, shows, _)| shows.matches(message))
        .map_or("E0100", |(code, _, _)| code)
}

#[derive(Parser)]
#[grammar = "grammar/streamlab.pest"]
struct LineParser;

/// The suffix of every "you typed real Python we don't handle" message.
const UNSUPPORTED: &str = "not supported in streamlab's Python subset";

/// Deeper nesting than this on one line is refused: pest and the tree builder
/// recurse once per bracket level (and per unary operator, `not`, `lambda`,
/// `else` and `**`), and a hostile input must not overflow the stack. Python
/// itself stops at 200 nested parentheses; real programs stay far below.
const MAX_NESTING: usize = 100;

/// The deepest expression tree accepted (`1 + 1 + ... + 1` with this many
/// operators, or `x.a.a...a`). Chains like these are flat for the grammar but
/// nest in the tree, and every later pass walks the tree recursively; CPython
/// gives up on a chain a few thousand long ("maximum recursion depth exceeded
/// during compilation"). Real programs stay far below.
pub const MAX_EXPR_DEPTH: usize = 1000;

/// Python's tokenizer refuses more than 100 levels of indentation.
const MAX_INDENT: usize = 100;

/// Stack for the parsing thread. Pest's generated code uses large frames
/// (especially in debug builds), so parsing runs on its own thread with room
/// for `MAX_NESTING` levels instead of on whatever small stack the caller has.
const PARSER_STACK: usize = 256 * 1024 * 1024;

/// Run `f` on a thread with a [`PARSER_STACK`]-sized stack (only reserved
/// address space; pages are used as touched). Falls back to the current
/// thread if one cannot be started.
fn with_big_stack<T: Send>(f: impl Fn() -> T + Sync) -> T {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("streamlab-parse".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, &f);
        match spawned {
            Ok(handle) => match handle.join() {
                Ok(v) => v,
                // A panic in the parser is a bug; pass it on unchanged.
                Err(payload) => std::panic::resume_unwind(payload),
            },
            // Spawning failed (resource limits): parse on this thread.
            Err(_) => f(),
        }
    })
}

/// Everything parsing finds in a text: the program when it has no syntax
/// error, its tokens, and the syntax errors.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The program; `None` when there is a syntax error.
    pub program: Option<Program>,
    /// The tokens of the whole text (see [`lex`]).
    pub tokens: Vec<Token>,
    /// The syntax errors: first the one [`parse_program`] reports, then the
    /// others in source order. Parsing goes on after an error at the next
    /// line (a bracket, string or indentation error skips to the next
    /// physical line; an error inside a logical line skips that line), so
    /// there is at most one error per logical line. Errors of block
    /// structure (a missing body, an 'elif' without 'if') are only looked
    /// for while no other error was found.
    pub errors: Vec<SyntaxError>,
}

/// Parse a whole program and keep going after syntax errors (see [`Parsed`]).
pub fn parse(src: &str) -> Parsed {
    with_big_stack(|| parse_here(src))
}

/// Parse a whole program (a `.py` file, or the text of one REPL entry).
/// The error is the first syntax error; its `more` counts the others that
/// [`parse`] would list.
pub fn parse_program(src: &str) -> Result<Program, SyntaxError> {
    let parsed = parse(src);
    if let Some(program) = parsed.program {
        return Ok(program);
    }
    let mut errors = parsed.errors.into_iter();
    let mut first = errors
        .next()
        .unwrap_or_else(|| SyntaxError::new(Span::new(0, 0), "invalid syntax"));
    first.more = errors.len();
    Err(first)
}

fn parse_here(src: &str) -> Parsed {
    let tokens = lex::tokens(src);
    let scan = scan(src, &tokens);
    // Lines before the first scan error decide the first error, as they
    // always did; the lines after it only add errors.
    let cut = scan.first_error_line();
    let mut results = scan.lines.iter().map(|raw| parse_line(src, raw));
    let mut lines = Vec::with_capacity(cut);
    let mut first = None;
    for result in results.by_ref().take(cut) {
        match result {
            Ok(line) => lines.push(line),
            Err(e) => {
                first = Some(e);
                break;
            }
        }
    }
    let first = match first {
        Some(e) => e,
        None => {
            let mut builder = BlockBuilder {
                src,
                lines: &lines,
                pos: 0,
                truncated: scan.errors.first().map(|e| e.error.clone()),
            };
            let built = builder.block(0).and_then(|stmts| {
                match builder.lines.get(builder.pos) {
                    // Only reachable if a line is deeper than any open block.
                    Some(pos) => Err(SyntaxError::new(pos.indent_span, "unexpected indent")),
                    None => Ok(stmts),
                }
            });
            match (built, scan.errors.first()) {
                (Err(e), _) => e,
                (Ok(_), Some(e)) => e.error.clone(),
                (Ok(stmts), None) => {
                    return Parsed {
                        program: Some(Program { stmts }),
                        tokens,
                        errors: Vec::new(),
                    }
                }
            }
        }
    };
    // The other errors: of every logical line not parsed yet, and of the scan.
    let mut others: Vec<SyntaxError> = results.filter_map(Result::err).collect();
    others.extend(scan.errors.into_iter().map(|e| e.error));
    others.retain(|e| *e != first);
    others.sort_by_key(|e| (e.span.start, e.span.end));
    others.dedup();
    let mut errors = vec![first];
    errors.extend(others);
    Parsed {
        program: None,
        tokens,
        errors,
    }
}

/// True when `src` is a prefix of a valid program that needs more lines
/// (an open bracket, a `def`/`if` header without a body yet, a trailing `\`).
/// The REPL uses it to decide between "run" and "continue on the next line".
///
/// A compound statement (`def`, `if`) is also unfinished while its last line is
/// indented and the text does not end with a blank line: as in Python's REPL,
/// an empty line closes the block. Complete text and plainly wrong text both
/// give `false` (the wrong text is then parsed and its error shown).
pub fn is_incomplete(src: &str) -> bool {
    with_big_stack(|| is_incomplete_here(src))
}

fn is_incomplete_here(src: &str) -> bool {
    let scan = scan(src, &lex::tokens(src));
    if let Some(e) = scan.errors.first() {
        return e.at_eof;
    }
    let Some(last) = scan.lines.last() else {
        return false;
    };
    let Ok(parsed) = parse_line(src, last) else {
        return false;
    };
    let header_without_body = parsed.kind.awaits_block();
    let in_block = last.depth > 0;
    let ends_with_blank_line = {
        let tail = &src[last.end..];
        // The rest of the last logical line, then at least one newline, then
        // only blanks: the user entered an empty line.
        match tail.find('\n') {
            Some(nl) => tail[nl + 1..].trim().is_empty() && !tail[..nl].contains('\\'),
            None => false,
        }
    };
    header_without_body || (in_block && !ends_with_blank_line)
}

// ---------------------------------------------------------------------------
// Step 1: logical lines
// ---------------------------------------------------------------------------

/// A logical line of the source: `src[start..end]` without its indentation or
/// trailing comment, possibly spanning several physical lines.
#[derive(Debug, Clone)]
struct RawLine {
    start: usize,
    end: usize,
    /// Indentation depth (0 at top level), from the stack of indentations.
    depth: usize,
    /// The indentation text, for "unexpected indent" carets.
    indent_span: Span,
}

#[derive(Debug)]
struct ScanError {
    error: SyntaxError,
    /// The text ended while something was still open (bracket, `\`, triple
    /// quote): more input could make it valid, which `is_incomplete` needs.
    at_eof: bool,
    /// How many logical lines the scan found before this error.
    lines_before: usize,
}

#[derive(Debug)]
struct Scan {
    /// The logical lines without errors, in order.
    lines: Vec<RawLine>,
    /// The errors, in order, each with the number of lines before it.
    errors: Vec<ScanError>,
}

impl Scan {
    /// How many lines come before the first error (all of them if none).
    fn first_error_line(&self) -> usize {
        self.errors
            .first()
            .map_or(self.lines.len(), |e| e.lines_before)
    }
}

/// Split `src`, lexed into `toks`, into logical lines. After an error the
/// scan goes on at the next physical line, except when the error reached the
/// end of the text.
fn scan(src: &str, toks: &[Token]) -> Scan {
    let mut scan = Scan {
        lines: Vec::new(),
        errors: Vec::new(),
    };
    let mut k = 0;
    let mut indents = vec![""];
    while let Err(mut error) = scan_into(src, toks, &mut indents, &mut k, &mut scan.lines) {
        error.lines_before = scan.lines.len();
        let at_eof = error.at_eof;
        scan.errors.push(error);
        if at_eof {
            break;
        }
        // On to the next physical line.
        while let Some(t) = toks.get(k) {
            k += 1;
            if t.kind == TokenKind::Newline {
                break;
            }
        }
    }
    scan
}

/// Scan logical lines from token `*k` on into `lines`, with `indents` the
/// indentations of the open blocks as source text (`""` is the top level).
/// On an error, `*k` is at or after the token where it was found.
fn scan_into<'s>(
    src: &'s str,
    toks: &[Token],
    indents: &mut Vec<&'s str>,
    k: &mut usize,
    lines: &mut Vec<RawLine>,
) -> Result<(), ScanError> {
    let is_indent = |t: &Token| t.kind == TokenKind::Blank && t.text(src) != "\r";
    while let Some(line_start) = toks.get(*k) {
        // At the start of a physical line that begins a logical line.
        let indent_start = line_start.start;
        if is_indent(line_start) {
            *k += 1;
        }
        let Some(first) = toks.get(*k) else {
            break;
        };
        match first.kind {
            // Blank and comment-only lines.
            TokenKind::Comment => {
                *k += 1;
                if toks.get(*k).is_some_and(|t| t.kind == TokenKind::Newline) {
                    *k += 1;
                }
                continue;
            }
            TokenKind::Newline => {
                *k += 1;
                continue;
            }
            TokenKind::Blank if *k + 1 == toks.len() => break,
            _ => {}
        }
        let indent = &src[indent_start..first.start];
        let indent_span = Span::new(indent_start, first.start);
        let top = indents.last().copied().unwrap_or("");
        let mut bad_indent = None;
        if indent != top {
            if indent.starts_with(top) {
                if indents.len() > MAX_INDENT {
                    bad_indent = Some("too many levels of indentation");
                } else {
                    indents.push(indent);
                }
            } else if let Some(level) = indents.iter().position(|s| *s == indent) {
                indents.truncate(level + 1);
            } else if top.starts_with(indent) {
                bad_indent = Some("unindent does not match any outer indentation level");
            } else {
                bad_indent = Some("inconsistent use of tabs and spaces in indentation");
            }
        }
        if let Some(message) = bad_indent {
            // Skip the line (with its brackets) so that a scan going on
            // after the error starts at the next logical line.
            let _ = scan_logical_line(src, toks, k);
            return Err(ScanError {
                error: SyntaxError::new(indent_span, message),
                at_eof: false,
                lines_before: 0,
            });
        }
        let depth = indents.len() - 1;
        let start = first.start;
        let end = scan_logical_line(src, toks, k)?;
        lines.push(RawLine {
            start,
            end,
            depth,
            indent_span,
        });
        // `k` is at the newline ending the logical line (or past the end).
        *k += 1;
    }
    Ok(())
}

/// Scan one logical line starting at token `*k`; returns the end of its last
/// significant token and leaves `*k` on the terminating newline.
fn scan_logical_line(src: &str, toks: &[Token], k: &mut usize) -> Result<usize, ScanError> {
    let b = src.as_bytes();
    let n = b.len();
    // Open brackets: (bracket, offset, nesting tokens counted inside it).
    let mut open: Vec<(u8, usize, Group)> = Vec::new();
    // Nesting tokens (see MAX_NESTING) along the current bracket path.
    let mut nested = 0usize;
    // The same, outside any bracket.
    let mut outer = Group::default();
    // The last byte of the last token that is not whitespace, to tell unary
    // from binary `-`/`+` (0 after a comment or a `\` continuation).
    let mut prev = 0u8;
    let mut end = toks.get(*k).map_or(n, |t| t.start);
    while let Some(&t) = toks.get(*k) {
        let text = t.text(src);
        let first = b[t.start];
        let (bump, lambda) = match t.kind {
            TokenKind::Operator => match first {
                b'-' | b'+' | b'~' => (
                    !(prev.is_ascii_alphanumeric() || b")]}'\"_.".contains(&prev) || prev >= 0x80),
                    false,
                ),
                _ => (text.starts_with("**"), false),
            },
            TokenKind::Keyword => (matches!(text, "not" | "lambda" | "else"), text == "lambda"),
            _ => (false, false),
        };
        let brackets = open.len();
        let group = match open.last_mut() {
            Some(top) => &mut top.2,
            None => &mut outer,
        };
        if bump {
            nested += 1;
            group.count += 1;
            group.lambda_params += usize::from(lambda);
            if nested + brackets > MAX_NESTING {
                return Err(too_deep(t.start));
            }
        }
        if t.kind == TokenKind::Operator {
            match first {
                // The parameters of a `lambda` end at its `:`.
                b':' => group.lambda_params = group.lambda_params.saturating_sub(1),
                // An item ends here: the operators before it no longer enclose
                // what follows (`[-1, -2, -3]` nests one level, not three). A
                // comma between a lambda's parameters ends nothing.
                b',' | b';' if group.lambda_params == 0 => {
                    nested -= group.count;
                    group.count = 0;
                }
                _ => {}
            }
        }
        match t.kind {
            TokenKind::Blank => {}
            TokenKind::Comment | TokenKind::Continuation => prev = 0,
            _ => prev = b[t.end - 1],
        }
        match t.kind {
            TokenKind::Blank | TokenKind::Comment => {}
            TokenKind::Newline if open.is_empty() => return Ok(end),
            TokenKind::Newline => {}
            TokenKind::Error(LexError::UnterminatedString) => {
                let quote = quote_of(src, t);
                // Up to the end of the physical line (an escaped newline
                // inside the string still ends the caret's line).
                let line_end = src[quote..].find('\n').map_or(n, |k| quote + k);
                return Err(ScanError {
                    error: SyntaxError::new(
                        Span::new(quote, line_end.max(quote + 1)),
                        "unterminated string literal (the closing quote is missing)",
                    ),
                    at_eof: false,
                    lines_before: 0,
                });
            }
            TokenKind::Error(LexError::UnterminatedTripleString) => {
                let quote = quote_of(src, t);
                return Err(ScanError {
                    error: SyntaxError::new(
                        Span::new(quote, quote + 3),
                        "unterminated triple-quoted string literal",
                    ),
                    at_eof: true,
                    lines_before: 0,
                });
            }
            TokenKind::Open => {
                if nested + open.len() >= MAX_NESTING {
                    return Err(too_deep(t.start));
                }
                open.push((first, t.start, Group::default()));
                end = t.end;
            }
            TokenKind::Close => {
                match open.pop() {
                    None => {
                        return Err(ScanError {
                            error: SyntaxError::new(t.span(), format!("unmatched '{text}'")),
                            at_eof: false,
                            lines_before: 0,
                        })
                    }
                    Some((o, _, _)) if closer_of(o) != first => {
                        return Err(ScanError {
                            error: SyntaxError::new(
                                t.span(),
                                format!("closing '{text}' does not match opening '{}'", o as char),
                            ),
                            at_eof: false,
                            lines_before: 0,
                        })
                    }
                    Some((_, _, g)) => nested -= g.count,
                }
                end = t.end;
            }
            TokenKind::Continuation if t.end == n => {
                // The text ends right after the `\` or after its newline.
                let span = if t.end - t.start == 1 {
                    t.span()
                } else {
                    Span::new(n, n)
                };
                return Err(ScanError {
                    error: SyntaxError::new(
                        span,
                        "unexpected end of file after the line continuation character '\\'",
                    ),
                    at_eof: true,
                    lines_before: 0,
                });
            }
            TokenKind::Continuation => {}
            // Everything else is significant; a stray `\` or a bad character
            // is reported by the grammar.
            _ => end = t.end,
        }
        *k += 1;
    }
    match open.last() {
        Some(&(o, at, _)) => Err(ScanError {
            error: SyntaxError::new(
                Span::new(at, at + 1),
                format!("'{}' was never closed", o as char),
            ),
            at_eof: true,
            lines_before: 0,
        }),
        None => Ok(end),
    }
}

/// The offset of the opening quote of a string token (after its prefix).
fn quote_of(src: &str, t: Token) -> usize {
    t.start + t.text(src).find(['\'', '"']).unwrap_or(0)
}

/// Nesting tokens counted in one bracket group (or outside any bracket).
#[derive(Default, Clone, Copy)]
struct Group {
    /// `not`, `lambda`, `else`, unary operators and `**` since the last item
    /// separator.
    count: usize,
    /// `lambda`s whose parameter list has not reached its `:` yet.
    lambda_params: usize,
}

fn too_deep(at: usize) -> ScanError {
    ScanError {
        error: SyntaxError::new(
            Span::new(at, at + 1),
            format!("this line is nested too deeply (more than {MAX_NESTING} levels); split it into smaller steps"),
        ),
        at_eof: false,
lines_before: 0,
    }
}

fn closer_of(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

// ---------------------------------------------------------------------------
// Step 2: one logical line with pest
// ---------------------------------------------------------------------------

/// A logical line after parsing: what it is, and where.
#[derive(Debug)]
struct ParsedLine {
    kind: LineKind,
    depth: usize,
    span: Span,
    indent_span: Span,
}

#[derive(Debug)]
enum LineKind {
    Simple(Vec<Stmt>),
    Def {
        name: String,
        name_span: Span,
        params: Vec<Param>,
        body: Option<Vec<Stmt>>,
    },
    If {
        test: Expr,
        body: Option<Vec<Stmt>>,
    },
    Elif {
        test: Expr,
        body: Option<Vec<Stmt>>,
    },
    Else {
        body: Option<Vec<Stmt>>,
    },
    For {
        target: Target,
        iter: Expr,
        body: Option<Vec<Stmt>>,
    },
    While {
        test: Expr,
        body: Option<Vec<Stmt>>,
    },
    Try {
        body: Option<Vec<Stmt>>,
    },
    Except {
        typ: Option<Expr>,
        name: Option<(String, Span)>,
        body: Option<Vec<Stmt>>,
    },
    Finally {
        body: Option<Vec<Stmt>>,
    },
    With {
        items: Vec<WithItem>,
        body: Option<Vec<Stmt>>,
    },
    Class {
        name: String,
        name_span: Span,
        bases: Vec<Expr>,
        keywords: Vec<Keyword>,
        body: Option<Vec<Stmt>>,
    },
    /// `@expr` before a `def` or a `class`.
    Decorator(Expr),
}

impl LineKind {
    /// The same-line body of a compound-statement header (`None` when the
    /// body is an indented block, or for simple statements).
    fn inline_body(&self) -> Option<&Vec<Stmt>> {
        match self {
            LineKind::Simple(_) | LineKind::Decorator(_) => None,
            LineKind::Class { body, .. }
            | LineKind::Def { body, .. }
            | LineKind::If { body, .. }
            | LineKind::Elif { body, .. }
            | LineKind::Else { body }
            | LineKind::For { body, .. }
            | LineKind::While { body, .. }
            | LineKind::Try { body }
            | LineKind::Except { body, .. }
            | LineKind::Finally { body }
            | LineKind::With { body, .. } => body.as_ref(),
        }
    }

    /// True for a compound-statement header whose body is still to come.
    fn awaits_block(&self) -> bool {
        !matches!(self, LineKind::Simple(_)) && self.inline_body().is_none()
    }
}

fn parse_line(src: &str, raw: &RawLine) -> Result<ParsedLine, SyntaxError> {
    let text = &src[raw.start..raw.end];
    let b = Builder { offset: raw.start };
    let mut pairs = LineParser::parse(Rule::line, text).map_err(|e| b.pest_error(text, &e))?;
    let line = pairs
        .next()
        .ok_or_else(|| SyntaxError::new(b.span_at(0, text.len()), "invalid syntax"))?;
    let content = line
        .into_inner()
        .find(|p| p.as_rule() != Rule::EOI)
        .ok_or_else(|| SyntaxError::new(b.span_at(0, text.len()), "invalid syntax"))?;
    let kind = b.line_kind(content)?;
    check_expr_depth(&kind)?;
    Ok(ParsedLine {
        kind,
        depth: raw.depth,
        span: Span::new(raw.start, raw.end),
        indent_span: raw.indent_span,
    })
}

/// Refuse a line whose expressions nest deeper than [`MAX_EXPR_DEPTH`],
/// pointing at the first part that is too deep.
fn check_expr_depth(kind: &LineKind) -> Result<(), SyntaxError> {
    let mut exprs: Vec<&Expr> = Vec::new();
    match kind {
        LineKind::Def { params, .. } => {
            exprs.extend(params.iter().filter_map(|p| p.default.as_ref()));
        }
        LineKind::If { test, .. } | LineKind::Elif { test, .. } | LineKind::While { test, .. } => {
            exprs.push(test)
        }
        LineKind::For { target, iter, .. } => {
            target.for_each_expr(&mut |e| exprs.push(e));
            exprs.push(iter);
        }
        LineKind::Except { typ, .. } => exprs.extend(typ.as_ref()),
        LineKind::With { items, .. } => {
            for item in items {
                exprs.push(&item.context);
                if let Some(t) = &item.target {
                    t.for_each_expr(&mut |e| exprs.push(e));
                }
            }
        }
        LineKind::Class {
            bases, keywords, ..
        } => {
            exprs.extend(bases.iter());
            exprs.extend(keywords.iter().map(|k| &k.value));
        }
        LineKind::Decorator(e) => exprs.push(e),
        LineKind::Simple(_)
        | LineKind::Else { .. }
        | LineKind::Try { .. }
        | LineKind::Finally { .. } => {}
    }
    let stmts = match kind {
        LineKind::Simple(stmts) => Some(stmts),
        other => other.inline_body(),
    };
    for st in stmts.into_iter().flatten() {
        st.for_each_expr(|e| exprs.push(e));
    }
    for e in exprs {
        if let Some(deep) = e.deeper_than(MAX_EXPR_DEPTH) {
            return Err(too_deep_expr(deep.span.start));
        }
    }
    Ok(())
}

fn too_deep_expr(at: usize) -> SyntaxError {
    SyntaxError::new(
        Span::new(at, at + 1),
        format!(
            "this expression is nested too deeply (more than {MAX_EXPR_DEPTH} levels); split it into smaller steps"
        ),
    )
}

/// Turns pest pairs of one logical line into `ast` nodes; `offset` is where
/// the line starts in the program, added to every span.
struct Builder {
    offset: usize,
}

type R<T> = Result<T, SyntaxError>;

impl Builder {
    /// The span of a pair, without the whitespace and comments pest may
    /// have skipped after its last token.
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        self.span_at(s.start(), s.start() + token_end(p.as_str()))
    }

    fn span_at(&self, start: usize, end: usize) -> Span {
        Span::new(self.offset + start, self.offset + end)
    }

    fn line_kind(&self, p: Pair<Rule>) -> R<LineKind> {
        match p.as_rule() {
            Rule::simple_stmts => Ok(LineKind::Simple(self.simple_stmts(p)?)),
            Rule::def_header => {
                let mut name = None;
                let mut params = Vec::new();
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::def_name => name = Some((c.as_str().to_string(), self.span(&c))),
                        Rule::def_params => {
                            params = self.params(c)?;
                        }
                        Rule::simple_stmts => body = Some(self.simple_stmts(c)?),
                        // Return annotations are parsed and dropped.
                        _ => {}
                    }
                }
                let (name, name_span) = name.unwrap_or_default();
                Ok(LineKind::Def {
                    name,
                    name_span,
                    params,
                    body,
                })
            }
            Rule::class_header => {
                let mut name = None;
                let mut bases = Vec::new();
                let mut keywords = Vec::new();
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::class_name => name = Some((c.as_str().to_string(), self.span(&c))),
                        Rule::call_args => (bases, keywords) = self.call_args(c)?,
                        Rule::simple_stmts => body = Some(self.simple_stmts(c)?),
                        _ => {}
                    }
                }
                let (name, name_span) = name.unwrap_or_default();
                Ok(LineKind::Class {
                    name,
                    name_span,
                    bases,
                    keywords,
                    body,
                })
            }
            Rule::decorator => {
                let span = self.span(&p);
                let e = p
                    .into_inner()
                    .find(|c| c.as_rule() == Rule::expr)
                    .ok_or_else(|| self.internal(&span))?;
                Ok(LineKind::Decorator(self.expr(e)?))
            }
            Rule::if_header
            | Rule::elif_header
            | Rule::else_header
            | Rule::while_header
            | Rule::try_header
            | Rule::finally_header => {
                let rule = p.as_rule();
                let span = self.span(&p);
                let mut test = None;
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::expr => test = Some(self.expr(c)?),
                        Rule::simple_stmts => body = Some(self.simple_stmts(c)?),
                        _ => {}
                    }
                }
                match (rule, test) {
                    (Rule::else_header, _) => Ok(LineKind::Else { body }),
                    (Rule::try_header, _) => Ok(LineKind::Try { body }),
                    (Rule::finally_header, _) => Ok(LineKind::Finally { body }),
                    (Rule::if_header, Some(test)) => Ok(LineKind::If { test, body }),
                    (Rule::while_header, Some(test)) => Ok(LineKind::While { test, body }),
                    (_, Some(test)) => Ok(LineKind::Elif { test, body }),
                    (_, None) => Err(self.internal(&span)),
                }
            }
            Rule::for_header => {
                let span = self.span(&p);
                let mut target = None;
                let mut iter = None;
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::target_list => target = Some(self.target_list(c)?),
                        Rule::testlist => iter = Some(self.testlist(c)?),
                        Rule::simple_stmts => body = Some(self.simple_stmts(c)?),
                        _ => {}
                    }
                }
                match (target, iter) {
                    (Some(target), Some(iter)) => Ok(LineKind::For { target, iter, body }),
                    _ => Err(self.internal(&span)),
                }
            }
            Rule::with_header => {
                let mut items = Vec::new();
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::with_item => {
                            let mut context = None;
                            let mut target = None;
                            for part in c.into_inner() {
                                match part.as_rule() {
                                    Rule::expr => context = Some(self.expr(part)?),
                                    Rule::target => target = Some(self.target(part)?),
                                    _ => {}
                                }
                            }
                            let Some(context) = context else {
                                return Err(self.internal(&self.span_at(0, 0)));
                            };
                            items.push(WithItem { context, target });
                        }
                        Rule::simple_stmts => body = Some(self.simple_stmts(c)?),
                        _ => {}
                    }
                }
                Ok(LineKind::With { items, body })
            }
            Rule::except_header => {
                let mut typ = None;
                let mut name = None;
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::expr => typ = Some(self.expr(c)?),
                        Rule::except_name => name = Some((c.as_str().to_string(), self.span(&c))),
                        Rule::simple_stmts => body = Some(self.simple_stmts(c)?),
                        _ => {}
                    }
                }
                Ok(LineKind::Except { typ, name, body })
            }
            _ => Err(self.internal(&self.span_at(0, 0))),
        }
    }

    fn internal(&self, span: &Span) -> SyntaxError {
        SyntaxError::new(*span, "invalid syntax")
    }

    fn simple_stmts(&self, p: Pair<Rule>) -> R<Vec<Stmt>> {
        let mut out = Vec::new();
        for c in p.into_inner() {
            self.simple_stmt(c, &mut out)?;
        }
        Ok(out)
    }

    fn simple_stmt(&self, p: Pair<Rule>, out: &mut Vec<Stmt>) -> R<()> {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::pass_stmt => out.push(Stmt {
                kind: StmtKind::Pass,
                span,
            }),
            Rule::return_stmt => {
                let value = p
                    .into_inner()
                    .find(|c| c.as_rule() == Rule::testlist)
                    .map(|c| self.testlist(c))
                    .transpose()?;
                out.push(Stmt {
                    kind: StmtKind::Return(value),
                    span,
                });
            }
            Rule::yield_stmt => {
                let mut value = None;
                let mut from = false;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::testlist => value = Some(self.testlist(c)?),
                        Rule::yield_from => {
                            from = true;
                            value = self.first_expr(c)?;
                        }
                        _ => {}
                    }
                }
                out.push(Stmt {
                    kind: StmtKind::Expr(Expr {
                        kind: ExprKind::Yield {
                            value: value.map(Box::new),
                            from,
                        },
                        span,
                    }),
                    span,
                });
            }
            Rule::import_stmt => {
                for item in p.into_inner().filter(|c| c.as_rule() == Rule::import_item) {
                    let mut parts = item.into_inner();
                    if let Some(dotted) = parts.find(|c| c.as_rule() == Rule::dotted_name) {
                        let alias = parts
                            .find(|c| c.as_rule() == Rule::name)
                            .map(|n| n.as_str().to_string());
                        out.push(Stmt {
                            kind: StmtKind::Import {
                                module: dotted_text(dotted),
                                names: Vec::new(),
                                alias,
                            },
                            span,
                        });
                    }
                }
            }
            Rule::from_import => {
                let mut module = None;
                let mut names = Vec::new();
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::dotted_name => module = Some(dotted_text(c)),
                        Rule::import_star => names.push(ImportName {
                            name: "*".into(),
                            alias: None,
                            span: self.span(&c),
                        }),
                        Rule::import_names => {
                            for n in c.into_inner().filter(|n| n.as_rule() == Rule::import_name) {
                                let nspan = self.span(&n);
                                let mut ids = n.into_inner().filter(|x| x.as_rule() == Rule::name);
                                let name = ids
                                    .next()
                                    .map(|x| x.as_str().to_string())
                                    .unwrap_or_default();
                                let alias = ids.next().map(|x| x.as_str().to_string());
                                names.push(ImportName {
                                    name,
                                    alias,
                                    span: nspan,
                                });
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(module) = module {
                    out.push(Stmt {
                        kind: StmtKind::Import {
                            module,
                            names,
                            alias: None,
                        },
                        span,
                    });
                }
            }
            Rule::expr_stmt => out.push(self.expr_stmt(p)?),
            Rule::break_stmt => out.push(Stmt {
                kind: StmtKind::Break,
                span,
            }),
            Rule::continue_stmt => out.push(Stmt {
                kind: StmtKind::Continue,
                span,
            }),
            Rule::raise_stmt => {
                let mut exc = None;
                let mut cause = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::expr => exc = Some(self.expr(c)?),
                        Rule::raise_cause => cause = self.first_expr(c)?,
                        _ => {}
                    }
                }
                out.push(Stmt {
                    kind: StmtKind::Raise { exc, cause },
                    span,
                });
            }
            Rule::assert_stmt => {
                let mut test = None;
                let mut msg = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::expr => test = Some(self.expr(c)?),
                        Rule::assert_msg => msg = self.first_expr(c)?,
                        _ => {}
                    }
                }
                let test = test.ok_or_else(|| self.internal(&span))?;
                out.push(Stmt {
                    kind: StmtKind::Assert { test, msg },
                    span,
                });
            }
            Rule::del_stmt => {
                let list = p
                    .into_inner()
                    .find(|c| c.as_rule() == Rule::testlist)
                    .ok_or_else(|| self.internal(&span))?;
                let list = self.testlist(list)?;
                let items = match list.kind {
                    // `del a, b` deletes each; `del (a, b)` too.
                    ExprKind::Tuple(items) | ExprKind::List(items) => items,
                    _ => vec![list],
                };
                let targets = items.iter().map(del_target).collect::<R<Vec<_>>>()?;
                out.push(Stmt {
                    kind: StmtKind::Del(targets),
                    span,
                });
            }
            Rule::global_stmt | Rule::nonlocal_stmt => {
                let global = p.as_rule() == Rule::global_stmt;
                let names: Vec<(String, Span)> = p
                    .into_inner()
                    .filter(|c| c.as_rule() == Rule::scope_name)
                    .map(|c| (c.as_str().to_string(), self.span(&c)))
                    .collect();
                out.push(Stmt {
                    kind: if global {
                        StmtKind::Global(names)
                    } else {
                        StmtKind::Nonlocal(names)
                    },
                    span,
                });
            }
            _ => return Err(self.internal(&span)),
        }
        Ok(())
    }

    fn expr_stmt(&self, p: Pair<Rule>) -> R<Stmt> {
        let span = self.span(&p);
        let mut inner = p.into_inner();
        let first = inner.next().ok_or_else(|| self.internal(&span))?;
        let lhs = self.testlist(first)?;
        let tails: Vec<Pair<Rule>> = inner.collect();
        let Some(tail) = tails.first() else {
            return Ok(Stmt {
                kind: StmtKind::Expr(lhs),
                span,
            });
        };
        match tail.as_rule() {
            Rule::assign_tail => {
                // `a = b = value`: every part but the last is a target.
                let mut parts = vec![lhs];
                for t in tails {
                    let value = t
                        .into_inner()
                        .find(|c| c.as_rule() == Rule::testlist)
                        .ok_or_else(|| self.internal(&span))?;
                    parts.push(self.testlist(value)?);
                }
                let value = parts.pop().ok_or_else(|| self.internal(&span))?;
                let mut targets = parts.iter().map(to_target).collect::<R<Vec<_>>>()?;
                let kind = if targets.len() == 1 {
                    StmtKind::Assign {
                        target: targets.remove(0),
                        value,
                    }
                } else {
                    StmtKind::ChainAssign { targets, value }
                };
                Ok(Stmt { kind, span })
            }
            Rule::ann_tail => {
                if let ExprKind::Tuple(_) | ExprKind::List(_) = lhs.kind {
                    return Err(SyntaxError::new(
                        lhs.span,
                        format!(
                            "only single target (not {}) can be annotated",
                            if matches!(lhs.kind, ExprKind::List(_)) {
                                "list"
                            } else {
                                "tuple"
                            }
                        ),
                    ));
                }
                let target = to_target(&lhs)?;
                let mut annotation = None;
                let mut value = None;
                for c in tail.clone().into_inner() {
                    match c.as_rule() {
                        Rule::expr => annotation = Some(self.expr(c)?),
                        Rule::testlist => value = Some(self.testlist(c)?),
                        _ => {}
                    }
                }
                let annotation = annotation.ok_or_else(|| self.internal(&span))?;
                Ok(Stmt {
                    kind: StmtKind::AnnAssign {
                        target,
                        annotation,
                        value,
                    },
                    span,
                })
            }
            _ => {
                // aug_tail: `x += 1` and friends.
                let mut op = None;
                let mut value = None;
                for c in tail.clone().into_inner() {
                    match c.as_rule() {
                        Rule::aug_op => op = Some((c.as_str().to_string(), self.span(&c))),
                        Rule::testlist => value = Some(self.testlist(c)?),
                        _ => {}
                    }
                }
                let ((sym, op_span), value) = op.zip(value).ok_or_else(|| self.internal(&span))?;
                let op = match sym.as_str() {
                    "+=" => BinOp::Add,
                    "-=" => BinOp::Sub,
                    "*=" => BinOp::Mul,
                    "/=" => BinOp::Div,
                    "//=" => BinOp::FloorDiv,
                    "%=" => BinOp::Mod,
                    "**=" => BinOp::Pow,
                    "|=" => BinOp::BitOr,
                    "&=" => BinOp::BitAnd,
                    "^=" => BinOp::BitXor,
                    "<<=" => BinOp::LShift,
                    ">>=" => BinOp::RShift,
                    "@=" => {
                        return Err(SyntaxError::new(
                            op_span,
                            format!("the '@=' operator is {UNSUPPORTED}"),
                        ))
                    }
                    _ => return Err(self.internal(&op_span)),
                };
                let target = match &lhs.kind {
                    ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                        to_target(&lhs)?
                    }
                    ExprKind::Slice { .. } => {
                        return Err(SyntaxError::new(
                            lhs.span,
                            format!("augmented assignment to a slice is {UNSUPPORTED}"),
                        ))
                    }
                    other => {
                        return Err(SyntaxError::new(
                            lhs.span,
                            format!(
                                "'{}' is an illegal expression for augmented assignment",
                                illegal_aug_name(other)
                            ),
                        ))
                    }
                };
                Ok(Stmt {
                    kind: StmtKind::AugAssign {
                        target,
                        op,
                        op_span,
                        value,
                    },
                    span,
                })
            }
        }
    }

    /// The expression inside a wrapper rule such as `raise_cause`.
    fn first_expr(&self, p: Pair<Rule>) -> R<Option<Expr>> {
        p.into_inner()
            .find(|c| c.as_rule() == Rule::expr)
            .map(|c| self.expr(c))
            .transpose()
    }

    /// `testlist`, `index`, `paren_body`-like lists: one expression, or a
    /// tuple when there is a comma.
    fn testlist(&self, p: Pair<Rule>) -> R<Expr> {
        let span = self.span(&p);
        let mut items = Vec::new();
        let mut comma = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::expr => items.push(self.expr(c)?),
                Rule::star_expr => items.push(self.starred(c)?),
                Rule::trailing_comma => comma = true,
                _ => {}
            }
        }
        if items.len() == 1 && !comma {
            if matches!(items[0].kind, ExprKind::Starred(_)) {
                return Err(SyntaxError::new(span, "can't use starred expression here"));
            }
            return items.pop().ok_or_else(|| self.internal(&span));
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span,
        })
    }

    /// `*value` in a display, a call or an assignment target.
    fn starred(&self, p: Pair<Rule>) -> R<Expr> {
        let span = self.span(&p);
        let inner = p
            .into_inner()
            .find(|c| c.as_rule() != Rule::star_mark && c.as_rule() != Rule::dstar_mark)
            .ok_or_else(|| self.internal(&span))?;
        Ok(Expr {
            kind: ExprKind::Starred(Box::new(self.expr(inner)?)),
            span,
        })
    }

    fn params(&self, p: Pair<Rule>) -> R<Vec<Param>> {
        let mut params: Vec<Param> = Vec::new();
        // After `*` or `*args` parameters are keyword-only.
        let mut kw_only = false;
        let mut bare_star: Option<Span> = None;
        for c in p.into_inner() {
            let span = self.span(&c);
            let rule = c.as_rule();
            if params.iter().any(|q| q.kind == ParamKind::VarKw) {
                return Err(SyntaxError::new(
                    span,
                    "no parameter can follow '**' parameters",
                ));
            }
            let kind = match rule {
                Rule::star_param | Rule::lambda_star => {
                    if kw_only {
                        return Err(SyntaxError::new(span, "'*' may appear only once"));
                    }
                    kw_only = true;
                    ParamKind::VarArgs
                }
                Rule::dstar_param | Rule::lambda_dstar => ParamKind::VarKw,
                _ if kw_only => ParamKind::KwOnly,
                _ => ParamKind::Normal,
            };
            if kind != ParamKind::VarArgs {
                bare_star = None;
            }
            let mut name = String::new();
            let mut default = None;
            for part in c.into_inner() {
                match part.as_rule() {
                    Rule::param_name => name = part.as_str().to_string(),
                    Rule::param_default => {
                        if let Some(e) = part.into_inner().find(|x| x.as_rule() == Rule::expr) {
                            default = Some(self.expr(e)?);
                        }
                    }
                    // Annotations are parsed and dropped.
                    _ => {}
                }
            }
            if params.iter().any(|q| q.name == name) {
                return Err(SyntaxError::new(
                    span,
                    format!("duplicate parameter '{name}' in the function definition"),
                ));
            }
            if kind == ParamKind::VarArgs && name.is_empty() {
                // A bare `*` only marks where keyword-only parameters start.
                bare_star = Some(span);
                continue;
            }
            if kind == ParamKind::Normal
                && default.is_none()
                && params.iter().any(|q| q.default.is_some())
            {
                return Err(SyntaxError::new(
                    span,
                    "a parameter without a default cannot follow a parameter with a default",
                ));
            }
            params.push(Param {
                name,
                default,
                span,
                kind,
            });
        }
        if let Some(span) = bare_star {
            return Err(SyntaxError::new(span, "named arguments must follow bare *"));
        }
        Ok(params)
    }

    fn expr(&self, p: Pair<Rule>) -> R<Expr> {
        let span = self.span(&p);
        let rule = p.as_rule();
        match rule {
            Rule::lambda => {
                let mut params = Vec::new();
                let mut body = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::lambda_params => params = self.params(c)?,
                        Rule::expr => body = Some(self.expr(c)?),
                        _ => {}
                    }
                }
                let body = body.ok_or_else(|| self.internal(&span))?;
                Ok(Expr {
                    kind: ExprKind::Lambda {
                        params,
                        body: Box::new(body),
                    },
                    span,
                })
            }
            Rule::ternary => {
                let mut parts = Vec::with_capacity(3);
                for c in p.into_inner() {
                    if matches!(c.as_rule(), Rule::disjunction | Rule::expr) {
                        parts.push(self.expr(c)?);
                    }
                }
                let mut parts = parts.into_iter();
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(body), None, None) => Ok(body),
                    (Some(body), Some(test), Some(orelse)) => Ok(Expr {
                        kind: ExprKind::IfExp {
                            test: Box::new(test),
                            body: Box::new(body),
                            orelse: Box::new(orelse),
                        },
                        span,
                    }),
                    _ => Err(self.internal(&span)),
                }
            }
            Rule::disjunction | Rule::conjunction => {
                let op = if rule == Rule::disjunction {
                    BoolOp::Or
                } else {
                    BoolOp::And
                };
                let mut values = Vec::new();
                for c in p.into_inner() {
                    if !matches!(c.as_rule(), Rule::kw_or | Rule::kw_and) {
                        values.push(self.expr(c)?);
                    }
                }
                if values.len() == 1 {
                    return values.pop().ok_or_else(|| self.internal(&span));
                }
                Ok(Expr {
                    kind: ExprKind::BoolOp { op, values },
                    span,
                })
            }
            Rule::inversion => {
                let mut inner = p.into_inner();
                let first = inner.next().ok_or_else(|| self.internal(&span))?;
                if first.as_rule() == Rule::kw_not {
                    let operand = inner.next().ok_or_else(|| self.internal(&span))?;
                    Ok(Expr {
                        kind: ExprKind::Not(Box::new(self.expr(operand)?)),
                        span,
                    })
                } else {
                    self.expr(first)
                }
            }
            Rule::comparison => {
                let mut inner = p.into_inner();
                let first = inner.next().ok_or_else(|| self.internal(&span))?;
                let left = self.expr(first)?;
                let mut ops = Vec::new();
                while let Some(op) = inner.next() {
                    let right = inner.next().ok_or_else(|| self.internal(&span))?;
                    ops.push((cmp_op(&op), self.expr(right)?));
                }
                if ops.is_empty() {
                    return Ok(left);
                }
                Ok(Expr {
                    kind: ExprKind::Compare {
                        left: Box::new(left),
                        ops,
                    },
                    span,
                })
            }
            Rule::arith | Rule::term | Rule::bitor | Rule::bitxor | Rule::bitand | Rule::shift => {
                // Left associative: fold `a - b - c` as `(a - b) - c`.
                let mut inner = p.into_inner();
                let first = inner.next().ok_or_else(|| self.internal(&span))?;
                let mut left = self.expr(first)?;
                let mut chain = 0usize;
                while let Some(op) = inner.next() {
                    chain += 1;
                    if chain > MAX_EXPR_DEPTH {
                        // Stop before building a tree this deep.
                        return Err(too_deep_expr(self.span(&op).start));
                    }
                    let right = inner.next().ok_or_else(|| self.internal(&span))?;
                    let right = self.expr(right)?;
                    let op = match op.as_str().trim() {
                        "+" => BinOp::Add,
                        "-" => BinOp::Sub,
                        "*" => BinOp::Mul,
                        "/" => BinOp::Div,
                        "//" => BinOp::FloorDiv,
                        "|" => BinOp::BitOr,
                        "&" => BinOp::BitAnd,
                        "^" => BinOp::BitXor,
                        "<<" => BinOp::LShift,
                        ">>" => BinOp::RShift,
                        _ => BinOp::Mod,
                    };
                    let span = left.span.to(right.span);
                    left = Expr {
                        kind: ExprKind::BinOp {
                            op,
                            left: Box::new(left),
                            right: Box::new(right),
                        },
                        span,
                    };
                }
                Ok(left)
            }
            Rule::factor => {
                let mut inner = p.into_inner();
                let first = inner.next().ok_or_else(|| self.internal(&span))?;
                if first.as_rule() == Rule::unary_op {
                    let operand = inner.next().ok_or_else(|| self.internal(&span))?;
                    let operand = Box::new(self.expr(operand)?);
                    let kind = match first.as_str() {
                        "-" => ExprKind::Neg(operand),
                        "~" => ExprKind::Invert(operand),
                        _ => ExprKind::Pos(operand),
                    };
                    Ok(Expr { kind, span })
                } else {
                    self.expr(first)
                }
            }
            Rule::power => {
                let mut inner = p.into_inner();
                let first = inner.next().ok_or_else(|| self.internal(&span))?;
                let base = self.expr(first)?;
                // Skip the `pow_op` pair, then the exponent.
                match inner.nth(1) {
                    None => Ok(base),
                    Some(exp) => Ok(Expr {
                        kind: ExprKind::BinOp {
                            op: BinOp::Pow,
                            left: Box::new(base),
                            right: Box::new(self.expr(exp)?),
                        },
                        span,
                    }),
                }
            }
            Rule::primary => self.primary(p),
            Rule::expr => {
                let inner = p.into_inner().next().ok_or_else(|| self.internal(&span))?;
                self.expr(inner)
            }
            _ => self.atom(p),
        }
    }

    /// An atom followed by calls, attributes and subscripts, folded left.
    fn primary(&self, p: Pair<Rule>) -> R<Expr> {
        let span = self.span(&p);
        let mut inner = p.into_inner();
        let first = inner.next().ok_or_else(|| self.internal(&span))?;
        let mut value = self.atom(first)?;
        for (chain, trailer) in inner.enumerate() {
            if chain >= MAX_EXPR_DEPTH {
                // Stop before building a tree this deep.
                return Err(too_deep_expr(self.span(&trailer).start));
            }
            let end = self.span(&trailer).end;
            let span = Span::new(value.span.start, end);
            let kind = match trailer.as_rule() {
                Rule::attribute => {
                    let name = trailer
                        .into_inner()
                        .next()
                        .ok_or_else(|| self.internal(&span))?;
                    ExprKind::Attribute {
                        value: Box::new(value),
                        attr: name.as_str().to_string(),
                        attr_span: self.span(&name),
                    }
                }
                Rule::call => {
                    let (args, kwargs) = match trailer
                        .into_inner()
                        .find(|c| c.as_rule() == Rule::call_args)
                    {
                        Some(a) => self.call_args(a)?,
                        None => (Vec::new(), Vec::new()),
                    };
                    ExprKind::Call {
                        func: Box::new(value),
                        args,
                        kwargs,
                    }
                }
                _ => self.subscript(value, trailer, span)?,
            };
            value = Expr { kind, span };
        }
        Ok(value)
    }

    fn subscript(&self, value: Expr, p: Pair<Rule>, span: Span) -> R<ExprKind> {
        let mut index = None;
        let mut tail = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::index => index = Some(c),
                Rule::slice_tail => tail = Some(c),
                _ => {}
            }
        }
        let Some(tail) = tail else {
            let index = index.ok_or_else(|| self.internal(&span))?;
            return Ok(ExprKind::Subscript {
                value: Box::new(value),
                index: Box::new(self.testlist(index)?),
            });
        };
        let lower = match index {
            Some(i) => {
                let e = self.testlist(i)?;
                if matches!(e.kind, ExprKind::Tuple(_)) {
                    return Err(SyntaxError::new(
                        e.span,
                        format!("a slice with several dimensions is {UNSUPPORTED}"),
                    ));
                }
                Some(Box::new(e))
            }
            None => None,
        };
        let mut upper = None;
        let mut step = None;
        for c in tail.into_inner() {
            let rule = c.as_rule();
            if matches!(rule, Rule::slice_upper | Rule::slice_step) {
                let e = c.into_inner().next().ok_or_else(|| self.internal(&span))?;
                let e = Some(Box::new(self.expr(e)?));
                if rule == Rule::slice_upper {
                    upper = e;
                } else {
                    step = e;
                }
            }
        }
        Ok(ExprKind::Slice {
            value: Box::new(value),
            lower,
            upper,
            step,
        })
    }

    fn call_args(&self, p: Pair<Rule>) -> R<(Vec<Expr>, Vec<Keyword>)> {
        let mut args = Vec::new();
        let mut kwargs: Vec<Keyword> = Vec::new();
        let mut generators = Vec::new();
        for c in p.into_inner() {
            let span = self.span(&c);
            match c.as_rule() {
                Rule::expr => {
                    if let Some(k) = kwargs.first() {
                        return Err(SyntaxError::new(
                            span,
                            if k.name.is_empty() {
                                "positional argument follows keyword argument unpacking"
                            } else {
                                "positional argument follows keyword argument"
                            },
                        ));
                    }
                    args.push(self.expr(c)?);
                }
                Rule::star_expr => {
                    if kwargs.iter().any(|k| k.name.is_empty()) {
                        return Err(SyntaxError::new(
                            span,
                            "iterable argument unpacking follows keyword argument unpacking",
                        ));
                    }
                    args.push(self.starred(c)?);
                }
                Rule::dstar_arg => {
                    let value = self.first_expr(c)?.ok_or_else(|| self.internal(&span))?;
                    kwargs.push(Keyword {
                        name: String::new(),
                        value,
                        span,
                    });
                }
                Rule::keyword_arg => {
                    let mut inner = c.into_inner();
                    let name = inner.next().ok_or_else(|| self.internal(&span))?;
                    let value = inner
                        .find(|x| x.as_rule() == Rule::expr)
                        .ok_or_else(|| self.internal(&span))?;
                    let name = name.as_str().to_string();
                    if kwargs.iter().any(|k| k.name == name) {
                        return Err(SyntaxError::new(
                            span,
                            format!("keyword argument '{name}' is repeated"),
                        ));
                    }
                    kwargs.push(Keyword {
                        name,
                        value: self.expr(value)?,
                        span,
                    });
                }
                Rule::comp_for => generators.push(self.comp_for(c)?),
                _ => {}
            }
        }
        if !generators.is_empty() {
            // `f(x for x in xs)`: a generator expression as the only argument.
            if args.len() != 1 || !kwargs.is_empty() {
                return Err(SyntaxError::new(
                    args.first().map(|a| a.span).unwrap_or_default(),
                    "Generator expression must be parenthesized",
                ));
            }
            let elt = args.pop().ok_or_else(|| {
                SyntaxError::new(
                    kwargs.first().map(|k| k.span).unwrap_or_default(),
                    "a generator expression needs an expression before 'for'",
                )
            })?;
            let end = generators
                .last()
                .map(|g: &Comprehension| g.ifs.last().map_or(g.iter.span.end, |e| e.span.end))
                .unwrap_or(elt.span.end);
            let span = Span::new(elt.span.start, end);
            args.push(Expr {
                kind: ExprKind::GeneratorExp {
                    elt: Box::new(elt),
                    generators,
                },
                span,
            });
        }
        Ok((args, kwargs))
    }

    fn comp_for(&self, p: Pair<Rule>) -> R<Comprehension> {
        let span = self.span(&p);
        let mut target = None;
        let mut iter = None;
        let mut ifs = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::target_list => target = Some(self.target_list(c)?),
                Rule::disjunction => iter = Some(self.expr(c)?),
                Rule::comp_if => {
                    if let Some(cond) = c.into_inner().find(|x| x.as_rule() == Rule::disjunction) {
                        ifs.push(self.expr(cond)?);
                    }
                }
                _ => {}
            }
        }
        match (target, iter) {
            (Some(target), Some(iter)) => Ok(Comprehension { target, iter, ifs }),
            _ => Err(self.internal(&span)),
        }
    }

    fn target_list(&self, p: Pair<Rule>) -> R<Target> {
        let span = self.span(&p);
        let mut items = Vec::new();
        let mut comma = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::target => items.push(self.target(c)?),
                Rule::trailing_comma => comma = true,
                _ => {}
            }
        }
        if items.len() == 1 && !comma {
            return items.pop().ok_or_else(|| self.internal(&span));
        }
        Ok(Target::Tuple(items, span))
    }

    fn target(&self, p: Pair<Rule>) -> R<Target> {
        let span = self.span(&p);
        let is_list = p.as_str().starts_with('[');
        let inner = p.into_inner().next().ok_or_else(|| self.internal(&span))?;
        match inner.as_rule() {
            Rule::target_name => Ok(Target::Name(inner.as_str().to_string(), span)),
            Rule::target_star => {
                let name = inner
                    .into_inner()
                    .find(|c| c.as_rule() == Rule::target_name)
                    .ok_or_else(|| self.internal(&span))?;
                let nspan = self.span(&name);
                Ok(Target::Starred(
                    Box::new(Target::Name(name.as_str().to_string(), nspan)),
                    span,
                ))
            }
            _ => {
                // `(a, b)` or `[a, b]`: the span includes the brackets.
                let t = self.target_list(inner)?;
                Ok(match t {
                    Target::Tuple(items, _) => Target::Tuple(items, span),
                    Target::Name(name, s) if is_list => {
                        Target::Tuple(vec![Target::Name(name, s)], span)
                    }
                    name => name,
                })
            }
        }
    }

    fn atom(&self, p: Pair<Rule>) -> R<Expr> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::name => ExprKind::Name(p.as_str().to_string()),
            Rule::kw_none => ExprKind::None,
            Rule::kw_true => ExprKind::Bool(true),
            Rule::kw_false => ExprKind::Bool(false),
            Rule::number => self.number(p)?,
            Rule::strings => {
                let mut parts = Vec::new();
                let mut formatted = false;
                for s in p.into_inner() {
                    formatted |= self.string(s, &mut parts)?;
                }
                if formatted {
                    ExprKind::FString(parts)
                } else {
                    let mut text = String::new();
                    for part in parts {
                        if let FPart::Lit(t) = part {
                            text.push_str(&t);
                        }
                    }
                    ExprKind::Str(text)
                }
            }
            Rule::paren_atom => match p.into_inner().find(|c| c.as_rule() == Rule::paren_body) {
                None => ExprKind::Tuple(Vec::new()),
                Some(body) => {
                    let mut e = self.sequence_body(body, true)?;
                    if matches!(e.kind, ExprKind::Tuple(_) | ExprKind::GeneratorExp { .. }) {
                        // `(a, b)`: the tuple's span includes the parentheses.
                        e.span = span;
                        return Ok(e);
                    }
                    // `(x)` is just x; its span stays on x.
                    return Ok(e);
                }
            },
            Rule::list_atom => match p.into_inner().find(|c| c.as_rule() == Rule::list_body) {
                None => ExprKind::List(Vec::new()),
                Some(body) => match self.sequence_body(body, false)?.kind {
                    ExprKind::Tuple(items) => ExprKind::List(items),
                    ExprKind::GeneratorExp { elt, generators } => {
                        ExprKind::ListComp { elt, generators }
                    }
                    other => other,
                },
            },
            Rule::dict_atom => match p.into_inner().find(|c| c.as_rule() == Rule::brace_body) {
                None => ExprKind::Dict(Vec::new()),
                Some(body) => self.brace_body(body)?,
            },
            _ => self.expr(p)?.kind,
        };
        Ok(Expr { kind, span })
    }

    /// The inside of `( ... )` or `[ ... ]`: a comprehension, or items. For
    /// parentheses a single item without a comma is just that expression; for
    /// lists the items come back as a `Tuple` the caller turns into a `List`.
    fn sequence_body(&self, p: Pair<Rule>, paren: bool) -> R<Expr> {
        let span = self.span(&p);
        let mut items = Vec::new();
        let mut generators = Vec::new();
        let mut comma = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::expr => items.push(self.expr(c)?),
                Rule::star_expr => items.push(self.starred(c)?),
                Rule::comp_for => generators.push(self.comp_for(c)?),
                Rule::trailing_comma => comma = true,
                _ => {}
            }
        }
        if !generators.is_empty() {
            let elt = items.pop().ok_or_else(|| self.internal(&span))?;
            if matches!(elt.kind, ExprKind::Starred(_)) {
                return Err(SyntaxError::new(
                    elt.span,
                    "iterable unpacking cannot be used in comprehension",
                ));
            }
            return Ok(Expr {
                kind: ExprKind::GeneratorExp {
                    elt: Box::new(elt),
                    generators,
                },
                span,
            });
        }
        if paren && items.len() == 1 && !comma {
            if matches!(items[0].kind, ExprKind::Starred(_)) {
                return Err(SyntaxError::new(span, "cannot use starred expression here"));
            }
            return items.pop().ok_or_else(|| self.internal(&span));
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span,
        })
    }

    /// The inside of `{ ... }`: a dict or a set, a display or a comprehension.
    fn brace_body(&self, p: Pair<Rule>) -> R<ExprKind> {
        let span = self.span(&p);
        let mut parts = p.into_inner();
        let first = parts.next().ok_or_else(|| self.internal(&span))?;
        let mut tail = None;
        let mut dict_first: Option<(Option<Expr>, Expr)> = None;
        let mut set_items = Vec::new();
        match first.as_rule() {
            Rule::dstar_item => dict_first = Some((None, self.starred(first)?)),
            Rule::star_expr => set_items.push(self.starred(first)?),
            _ => {
                let key = self.expr(first)?;
                for c in parts.by_ref() {
                    match c.as_rule() {
                        Rule::expr => dict_first = Some((Some(key.clone()), self.expr(c)?)),
                        Rule::dict_tail | Rule::set_tail => {
                            tail = Some(c);
                            break;
                        }
                        _ => {}
                    }
                }
                if dict_first.is_none() {
                    set_items.push(key);
                }
            }
        }
        let tail = match tail {
            Some(t) => Some(t),
            None => parts.find(|c| matches!(c.as_rule(), Rule::dict_tail | Rule::set_tail)),
        };
        let mut generators = Vec::new();
        let mut pairs: Vec<(Option<Expr>, Expr)> = dict_first.into_iter().collect();
        for c in tail.into_iter().flat_map(|t| t.into_inner()) {
            match c.as_rule() {
                Rule::comp_for => generators.push(self.comp_for(c)?),
                Rule::dict_item => {
                    let mut exprs = c.into_inner().filter(|x| x.as_rule() == Rule::expr);
                    match (exprs.next(), exprs.next()) {
                        (Some(k), Some(v)) => pairs.push((Some(self.expr(k)?), self.expr(v)?)),
                        _ => return Err(self.internal(&span)),
                    }
                }
                Rule::dstar_item => pairs.push((None, self.starred(c)?)),
                Rule::expr => set_items.push(self.expr(c)?),
                Rule::star_expr => set_items.push(self.starred(c)?),
                _ => {}
            }
        }
        if !pairs.is_empty() {
            // `**m` is kept as the starred expression; unwrap it here.
            let pairs: Vec<(Option<Expr>, Expr)> = pairs
                .into_iter()
                .map(|(k, v)| match (k, v.kind) {
                    (None, ExprKind::Starred(inner)) => (None, *inner),
                    (k, kind) => (k, Expr { kind, span: v.span }),
                })
                .collect();
            if !generators.is_empty() {
                return match pairs.into_iter().next() {
                    Some((Some(key), value)) => Ok(ExprKind::DictComp {
                        key: Box::new(key),
                        value: Box::new(value),
                        generators,
                    }),
                    _ => Err(SyntaxError::new(
                        span,
                        "dict unpacking cannot be used in dict comprehension",
                    )),
                };
            }
            if pairs.iter().all(|(k, _)| k.is_some()) {
                return Ok(ExprKind::Dict(
                    pairs
                        .into_iter()
                        .filter_map(|(k, v)| k.map(|k| (k, v)))
                        .collect(),
                ));
            }
            return Ok(ExprKind::DictUnpack(pairs));
        }
        if !generators.is_empty() {
            let elt = set_items.pop().ok_or_else(|| self.internal(&span))?;
            if matches!(elt.kind, ExprKind::Starred(_)) {
                return Err(SyntaxError::new(
                    elt.span,
                    "iterable unpacking cannot be used in comprehension",
                ));
            }
            return Ok(ExprKind::SetComp {
                elt: Box::new(elt),
                generators,
            });
        }
        Ok(ExprKind::Set(set_items))
    }

    fn number(&self, p: Pair<Rule>) -> R<ExprKind> {
        let span = self.span(&p);
        let inner = p.into_inner().next().ok_or_else(|| self.internal(&span))?;
        let text: String = inner.as_str().chars().filter(|&c| c != '_').collect();
        match inner.as_rule() {
            Rule::float => text.parse::<f64>().map(ExprKind::Float).map_err(|_| {
                SyntaxError::new(span, format!("invalid number '{}'", inner.as_str()))
            }),
            Rule::imaginary => Err(SyntaxError::new(
                span,
                format!(
                    "complex numbers (like '{}') are {UNSUPPORTED}",
                    inner.as_str()
                ),
            )),
            _ => {
                let lower = text.to_ascii_lowercase();
                let (digits, radix) = if let Some(h) = lower.strip_prefix("0x") {
                    (h, 16)
                } else if let Some(o) = lower.strip_prefix("0o") {
                    (o, 8)
                } else if let Some(b) = lower.strip_prefix("0b") {
                    (b, 2)
                } else {
                    if lower.len() > 1 && lower.starts_with('0') && lower.bytes().any(|b| b != b'0')
                    {
                        return Err(SyntaxError::new(
                            span,
                            "leading zeros in a number are not allowed (write 0o17 for an octal number)",
                        ));
                    }
                    (lower.as_str(), 10)
                };
                BigInt::from_str_radix(digits, radix)
                    .map(ExprKind::Int)
                    .map_err(|_| {
                        SyntaxError::new(span, format!("invalid number '{}'", inner.as_str()))
                    })
            }
        }
    }

    /// Decode one string literal (prefix, quotes, escapes) onto `out`; true
    /// for an f-string.
    fn string(&self, p: Pair<Rule>, out: &mut Vec<FPart>) -> R<bool> {
        let span = self.span(&p);
        let mut prefix = String::new();
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::string_prefix => prefix = c.as_str().to_ascii_lowercase(),
                _ => body = c.into_inner().next(),
            }
        }
        let body = body.ok_or_else(|| self.internal(&span))?;
        if prefix.contains('b') {
            return Err(SyntaxError::new(
                span,
                format!("bytes literals are {UNSUPPORTED}"),
            ));
        }
        let text = body.as_str();
        let start = self.span(&body).start;
        let raw = prefix.contains('r');
        if prefix.contains('f') {
            let mut chars = text.char_indices().peekable();
            let parts = self.fstring_parts(text, start, raw, &mut chars, false)?;
            for part in parts {
                push_part(out, part);
            }
            return Ok(true);
        }
        let mut lit = String::new();
        if raw {
            lit.push_str(&text.replace("\r\n", "\n"));
        } else {
            decode_escapes(text, start, &mut lit)?;
        }
        push_part(out, FPart::Lit(lit));
        Ok(false)
    }

    /// The pieces of an f-string body `text` (at offset `start` of the
    /// program), read from `chars` up to the end, or up to the `}` that
    /// closes a replacement field when `in_spec` (a nested format spec).
    fn fstring_parts(
        &self,
        text: &str,
        start: usize,
        raw: bool,
        chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
        in_spec: bool,
    ) -> R<Vec<FPart>> {
        let mut parts: Vec<FPart> = Vec::new();
        let mut lit_start = chars.peek().map_or(text.len(), |&(i, _)| i);
        let mut lit = String::new();
        let flush = |lit: &mut String, from: usize, to: usize| -> R<()> {
            let piece = &text[from..to];
            if raw {
                lit.push_str(&piece.replace("\r\n", "\n"));
                Ok(())
            } else {
                decode_escapes(piece, start + from, lit)
            }
        };
        let err = |at: usize, msg: &str| {
            SyntaxError::new(
                Span::new(start + at, start + at + 1),
                format!("f-string: {msg}"),
            )
        };
        while let Some(&(i, c)) = chars.peek() {
            match c {
                '{' | '}' if !in_spec && text[i + 1..].starts_with(c) => {
                    flush(&mut lit, lit_start, i)?;
                    lit.push(c);
                    chars.next();
                    chars.next();
                    lit_start = i + 2;
                }
                '}' if in_spec => {
                    flush(&mut lit, lit_start, i)?;
                    if !lit.is_empty() {
                        push_part(&mut parts, FPart::Lit(std::mem::take(&mut lit)));
                    }
                    return Ok(parts);
                }
                '}' => return Err(err(i, "single '}' is not allowed")),
                '{' => {
                    flush(&mut lit, lit_start, i)?;
                    chars.next();
                    let field = self.fstring_field(text, start, raw, chars, i)?;
                    if let Some(FPart::Lit(debug)) = field.first() {
                        lit.push_str(debug);
                    }
                    if !lit.is_empty() {
                        push_part(&mut parts, FPart::Lit(std::mem::take(&mut lit)));
                    }
                    parts.extend(field.into_iter().filter(|p| !matches!(p, FPart::Lit(_))));
                    lit_start = chars.peek().map_or(text.len(), |&(j, _)| j);
                }
                _ => {
                    chars.next();
                }
            }
        }
        if in_spec {
            return Err(err(text.len().saturating_sub(1), "expecting '}'"));
        }
        flush(&mut lit, lit_start, text.len())?;
        if !lit.is_empty() {
            push_part(&mut parts, FPart::Lit(lit));
        }
        Ok(parts)
    }

    /// One replacement field, after its `{` (at `open`): the expression, an
    /// optional `=` (self-documenting: its text comes back first, as a
    /// literal), `!conversion` and `:spec`, through the closing `}`.
    fn fstring_field(
        &self,
        text: &str,
        start: usize,
        raw: bool,
        chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
        open: usize,
    ) -> R<Vec<FPart>> {
        let err = |at: usize, msg: &str| {
            SyntaxError::new(
                Span::new(start + at, start + at + 1),
                format!("f-string: {msg}"),
            )
        };
        let expr_start = open + 1;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut end = None;
        let mut stop = '}';
        while let Some(&(i, c)) = chars.peek() {
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                chars.next();
                continue;
            }
            match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' if depth > 0 => depth -= 1,
                '}' if depth > 0 => depth -= 1,
                '}' | ':' if depth == 0 => {
                    end = Some(i);
                    stop = c;
                    break;
                }
                '!' if depth == 0 && !text[i + 1..].starts_with('=') => {
                    end = Some(i);
                    stop = c;
                    break;
                }
                _ => {}
            }
            chars.next();
        }
        let Some(end) = end else {
            return Err(err(open, "expecting '}'"));
        };
        chars.next();
        let mut expr_text = &text[expr_start..end];
        let mut debug = None;
        let trimmed = expr_text.trim_end();
        if let Some(before) = trimmed.strip_suffix('=') {
            if !before.ends_with(['=', '!', '<', '>']) {
                debug = Some(expr_text.to_string());
                expr_text = before;
            }
        }
        if expr_text.trim().is_empty() {
            return Err(err(open, "valid expression required before '}'"));
        }
        let b = Builder {
            offset: start + expr_start,
        };
        let mut pairs = LineParser::parse(Rule::fstring_expr, expr_text)
            .map_err(|e| b.pest_error(expr_text, &e))?;
        let list = pairs
            .next()
            .and_then(|p| p.into_inner().find(|c| c.as_rule() == Rule::testlist))
            .ok_or_else(|| err(open, "valid expression required before '}'"))?;
        let value = b.testlist(list)?;
        let mut conv = None;
        let mut spec = Vec::new();
        if stop == '!' {
            match chars.next() {
                Some((_, c @ ('r' | 's' | 'a'))) => conv = Some(c),
                Some((i, _)) => {
                    return Err(err(
                        i,
                        "invalid conversion character: expected 's', 'r', or 'a'",
                    ))
                }
                None => return Err(err(end, "expecting '}'")),
            }
            match chars.next() {
                Some((_, '}')) => {}
                Some((_, ':')) => stop = ':',
                Some((i, _)) => return Err(err(i, "expecting '}'")),
                None => return Err(err(text.len().saturating_sub(1), "expecting '}'")),
            }
        }
        if stop == ':' {
            spec = self.fstring_parts(text, start, raw, chars, true)?;
            chars.next();
        }
        if debug.is_some() && conv.is_none() && spec.is_empty() {
            conv = Some('r');
        }
        let mut out = Vec::new();
        if let Some(d) = debug {
            out.push(FPart::Lit(d));
        }
        out.push(FPart::Field {
            value: Box::new(value),
            conv,
            spec,
        });
        Ok(out)
    }
}

/// Append a piece to an f-string, joining adjacent literal text.
fn push_part(parts: &mut Vec<FPart>, part: FPart) {
    if let (Some(FPart::Lit(last)), FPart::Lit(more)) = (parts.last_mut(), &part) {
        last.push_str(more);
        return;
    }
    parts.push(part);
}

/// The length of `text` up to the end of its last token: `text` starts at a
/// token and may end with whitespace, `\` continuations and comments.
fn token_end(text: &str) -> usize {
    let mut t = text;
    let mut cut_newline = false;
    loop {
        let trimmed = t.trim_end_matches([' ', '\t', '\x0C', '\r', '\n']);
        let cut = &t[trimmed.len()..];
        let newline = cut.starts_with('\n') || cut.starts_with("\r\n");
        cut_newline |= cut.contains('\n');
        t = trimmed;
        // No token ends with a backslash: this one is a line continuation.
        match t.strip_suffix('\\') {
            Some(rest) if newline => t = rest,
            _ => break,
        }
    }
    let last_line = t.rsplit('\n').next().unwrap_or(t);
    if cut_newline && last_line.contains('#') {
        // A comment may hide in the tail (inside brackets); only the lexer
        // knows a `#` in a string from a comment. Rare, so the slow path is fine.
        return lex(t).last().map_or(t.len(), |tok| tok.end);
    }
    t.len()
}

/// `a.b.c` from a `dotted_name` pair (whitespace around dots is dropped).
fn dotted_text(p: Pair<Rule>) -> String {
    p.into_inner()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// How CPython names an expression that cannot take `+=`
/// ("'tuple' is an illegal expression for augmented assignment").
fn illegal_aug_name(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Call { .. } => "function call",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::None
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_) => "literal",
        _ => "expression",
    }
}

fn cmp_op(p: &Pair<Rule>) -> CmpOp {
    let text: String = p.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
    match text.as_str() {
        "==" => CmpOp::Eq,
        "!=" => CmpOp::NotEq,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::LtE,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::GtE,
        "in" => CmpOp::In,
        "is" => CmpOp::Is,
        _ if text.starts_with("not") => CmpOp::NotIn,
        _ => CmpOp::IsNot,
    }
}

/// Turn the left side of `=` into an assignment target.
fn to_target(e: &Expr) -> R<Target> {
    match &e.kind {
        ExprKind::Name(n) => Ok(Target::Name(n.clone(), e.span)),
        ExprKind::Tuple(items) | ExprKind::List(items) => Ok(Target::Tuple(
            items.iter().map(to_target).collect::<R<Vec<_>>>()?,
            e.span,
        )),
        ExprKind::Attribute {
            value,
            attr,
            attr_span,
        } => Ok(Target::Attribute {
            value: value.clone(),
            attr: attr.clone(),
            attr_span: *attr_span,
            span: e.span,
        }),
        ExprKind::Subscript { value, index } => Ok(Target::Subscript {
            value: value.clone(),
            index: index.clone(),
            span: e.span,
        }),
        ExprKind::Slice { .. } => Err(SyntaxError::new(
            e.span,
            format!("assigning to a slice is {UNSUPPORTED}; build a new list instead"),
        )),
        ExprKind::Starred(inner) => Ok(Target::Starred(Box::new(to_target(inner)?), e.span)),
        other => Err(SyntaxError::new(
            e.span,
            format!(
                "cannot assign to {}; the left side of '=' must be a name",
                describe_expr(other)
            ),
        )),
    }
}

/// A target of `del`: names, items and tuples of them.
fn del_target(e: &Expr) -> R<Target> {
    match &e.kind {
        ExprKind::Attribute { .. } => Err(SyntaxError::new(
            e.span,
            format!("deleting an attribute is {UNSUPPORTED}"),
        )),
        ExprKind::Slice { .. } => Err(SyntaxError::new(
            e.span,
            format!("deleting a slice is {UNSUPPORTED}"),
        )),
        ExprKind::Tuple(items) | ExprKind::List(items) => Ok(Target::Tuple(
            items.iter().map(del_target).collect::<R<Vec<_>>>()?,
            e.span,
        )),
        ExprKind::Name(_) | ExprKind::Subscript { .. } => to_target(e),
        other => Err(SyntaxError::new(
            e.span,
            format!("cannot delete {}", describe_expr(other)),
        )),
    }
}

fn describe_expr(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Call { .. } => "a function call",
        ExprKind::Lambda { .. } => "a lambda",
        ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) => "a literal",
        ExprKind::None | ExprKind::Bool(_) => "a constant",
        ExprKind::Compare { .. } => "a comparison",
        ExprKind::Dict(_) => "a dict",
        ExprKind::ListComp { .. } => "a comprehension",
        ExprKind::IfExp { .. } => "a conditional expression",
        _ => "an expression",
    }
}

/// Decode Python escapes in a non-raw string body. `start` is the body's
/// offset in the program, for error spans. Unknown escapes keep their
/// backslash, as Python does.
fn decode_escapes(text: &str, start: usize, out: &mut String) -> R<()> {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
            // CRLF inside a triple-quoted string reads as one newline.
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\r' => {
                if matches!(chars.peek(), Some((_, '\n'))) {
                    chars.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0C'),
            'v' => out.push('\x0B'),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            v = v * 8 + d.to_digit(8).unwrap_or(0);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            'x' | 'u' | 'U' => {
                let len = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                for _ in 0..len {
                    match chars.peek().and_then(|&(_, d)| d.to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            chars.next();
                        }
                        None => {
                            let end = chars.peek().map_or(text.len(), |&(k, _)| k);
                            return Err(SyntaxError::new(
                                Span::new(start + i, start + end),
                                format!("truncated \\{e} escape: it needs {len} hex digits"),
                            ));
                        }
                    }
                }
                match char::from_u32(v) {
                    Some(ch) => out.push(ch),
                    None => {
                        let end = chars.peek().map_or(text.len(), |&(k, _)| k);
                        return Err(SyntaxError::new(
                            Span::new(start + i, start + end),
                            "this escape is not a valid character",
                        ));
                    }
                }
            }
            'N' => {
                return Err(SyntaxError::new(
                    Span::new(start + i, start + i + 2),
                    format!("\\N{{...}} escapes are {UNSUPPORTED}"),
                ))
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Step 3: blocks from indentation
// ---------------------------------------------------------------------------

struct BlockBuilder<'a> {
    src: &'a str,
    lines: &'a [ParsedLine],
    pos: usize,
    /// The scan error that cut the program short, if any: reaching the end of
    /// the lines while a block still needs a body reports this error instead
    /// (the real problem is the unclosed bracket, not the missing body).
    truncated: Option<SyntaxError>,
}

impl BlockBuilder<'_> {
    /// The statements of a block whose lines are at `depth`.
    fn block(&mut self, depth: usize) -> R<Vec<Stmt>> {
        let mut stmts = Vec::new();
        while let Some(line) = self.lines.get(self.pos) {
            if line.depth < depth {
                break;
            }
            if line.depth > depth {
                return Err(SyntaxError::new(line.indent_span, "unexpected indent"));
            }
            self.pos += 1;
            self.statement(line, &mut stmts)?;
        }
        Ok(stmts)
    }

    fn statement(&mut self, line: &ParsedLine, out: &mut Vec<Stmt>) -> R<()> {
        match &line.kind {
            LineKind::Simple(stmts) => out.extend(stmts.iter().cloned()),
            LineKind::Def {
                name,
                name_span,
                params,
                body,
            } => {
                let body = self.body(line, body, "def")?;
                let span = Span::new(line.span.start, self.last_end(line));
                out.push(Stmt {
                    kind: StmtKind::Def(FunctionDef {
                        name: name.clone(),
                        name_span: *name_span,
                        params: params.clone(),
                        body,
                        decorators: Vec::new(),
                    }),
                    span,
                });
            }
            LineKind::Class {
                name,
                name_span,
                bases,
                keywords,
                body,
            } => {
                let body = self.body(line, body, "class")?;
                let span = Span::new(line.span.start, self.last_end(line));
                out.push(Stmt {
                    kind: StmtKind::Class(ClassDef {
                        name: name.clone(),
                        name_span: *name_span,
                        bases: bases.clone(),
                        keywords: keywords.clone(),
                        body,
                        decorators: Vec::new(),
                    }),
                    span,
                });
            }
            LineKind::Decorator(e) => {
                // The decorated `def` or `class` is the next line at the
                // same indentation; its statement starts at the first `@`.
                let mut decorators = vec![e.clone()];
                let mut decorated = Vec::new();
                match self.lines.get(self.pos) {
                    Some(next)
                        if next.depth == line.depth
                            && matches!(
                                next.kind,
                                LineKind::Def { .. }
                                    | LineKind::Class { .. }
                                    | LineKind::Decorator(_)
                            ) =>
                    {
                        self.pos += 1;
                        self.statement(next, &mut decorated)?;
                    }
                    _ => {
                        return Err(SyntaxError::new(
                            e.span,
                            "a decorator must be followed by a 'def' or a 'class' on the next line",
                        ))
                    }
                }
                let Some(mut st) = decorated.pop() else {
                    return Err(SyntaxError::new(e.span, "invalid syntax"));
                };
                match &mut st.kind {
                    StmtKind::Def(d) => {
                        decorators.append(&mut d.decorators);
                        d.decorators = decorators;
                    }
                    StmtKind::Class(c) => {
                        decorators.append(&mut c.decorators);
                        c.decorators = decorators;
                    }
                    _ => {}
                }
                st.span = Span::new(line.span.start, st.span.end);
                out.push(st);
            }
            LineKind::If { test, body } => {
                let mut branches = vec![(test.clone(), self.body(line, body, "if")?)];
                let mut orelse = None;
                while let Some(next) = self.lines.get(self.pos) {
                    if next.depth != line.depth {
                        break;
                    }
                    match &next.kind {
                        LineKind::Elif { test, body } => {
                            self.pos += 1;
                            branches.push((test.clone(), self.body(next, body, "elif")?));
                        }
                        LineKind::Else { body } => {
                            self.pos += 1;
                            orelse = Some(self.body(next, body, "else")?);
                            break;
                        }
                        _ => break,
                    }
                }
                let span = Span::new(line.span.start, self.last_end(line));
                out.push(Stmt {
                    kind: StmtKind::If { branches, orelse },
                    span,
                });
            }
            LineKind::For { target, iter, body } => {
                let body = self.body(line, body, "for")?;
                let orelse = self.loop_else(line)?;
                let span = Span::new(line.span.start, self.last_end(line));
                out.push(Stmt {
                    kind: StmtKind::For {
                        target: target.clone(),
                        iter: iter.clone(),
                        body,
                        orelse,
                    },
                    span,
                });
            }
            LineKind::While { test, body } => {
                let body = self.body(line, body, "while")?;
                let orelse = self.loop_else(line)?;
                let span = Span::new(line.span.start, self.last_end(line));
                out.push(Stmt {
                    kind: StmtKind::While {
                        test: test.clone(),
                        body,
                        orelse,
                    },
                    span,
                });
            }
            LineKind::Try { body } => {
                let body = self.body(line, body, "try")?;
                let mut handlers: Vec<Handler> = Vec::new();
                let mut orelse = None;
                let mut finalbody = None;
                while let Some(next) = self.lines.get(self.pos) {
                    if next.depth != line.depth {
                        break;
                    }
                    match &next.kind {
                        LineKind::Except { typ, name, body } if orelse.is_none() => {
                            if let Some(bare) = handlers.iter().find(|h| h.typ.is_none()) {
                                return Err(SyntaxError::new(
                                    keyword_span_at(bare.span, "except"),
                                    "default 'except:' must be last",
                                ));
                            }
                            self.pos += 1;
                            let hbody = self.body(next, body, "except")?;
                            handlers.push(Handler {
                                typ: typ.clone(),
                                name: name.clone(),
                                body: hbody,
                                span: next.span,
                            });
                        }
                        LineKind::Else { body } if !handlers.is_empty() && orelse.is_none() => {
                            self.pos += 1;
                            orelse = Some(self.body(next, body, "else")?);
                        }
                        LineKind::Finally { body } => {
                            self.pos += 1;
                            finalbody = Some(self.body(next, body, "finally")?);
                            break;
                        }
                        _ => break,
                    }
                }
                if handlers.is_empty() && finalbody.is_none() {
                    let at = self
                        .lines
                        .get(self.pos)
                        .map_or(self.last_end(line), |l| l.span.start);
                    return Err(SyntaxError::new(
                        Span::new(at, at),
                        format!(
                            "expected 'except' or 'finally' block after 'try' on line {}",
                            line_of(self.src, line.span.start)
                        ),
                    ));
                }
                let span = Span::new(line.span.start, self.last_end(line));
                out.push(Stmt {
                    kind: StmtKind::Try {
                        body,
                        handlers,
                        orelse,
                        finalbody,
                    },
                    span,
                });
            }
            LineKind::With { items, body } => {
                let body = self.body(line, body, "with")?;
                let span = Span::new(line.span.start, self.last_end(line));
                out.push(Stmt {
                    kind: StmtKind::With {
                        items: items.clone(),
                        body,
                    },
                    span,
                });
            }
            LineKind::Except { .. } => {
                return Err(SyntaxError::new(
                    keyword_span(line, "except"),
                    "'except' without a matching 'try' before it (at the same indentation)",
                ))
            }
            LineKind::Finally { .. } => {
                return Err(SyntaxError::new(
                    keyword_span(line, "finally"),
                    "'finally' without a matching 'try' before it (at the same indentation)",
                ))
            }
            LineKind::Elif { .. } => {
                return Err(SyntaxError::new(
                    keyword_span(line, "elif"),
                    "'elif' without a matching 'if' before it (at the same indentation)",
                ))
            }
            LineKind::Else { .. } => {
                return Err(SyntaxError::new(
                    keyword_span(line, "else"),
                    "'else' without a matching 'if' before it (at the same indentation)",
                ))
            }
        }
        Ok(())
    }

    /// The body of a compound statement: its same-line statements, or the
    /// indented block that follows.
    fn body(
        &mut self,
        header: &ParsedLine,
        inline: &Option<Vec<Stmt>>,
        what: &str,
    ) -> R<Vec<Stmt>> {
        if let Some(stmts) = inline {
            return Ok(stmts.clone());
        }
        match self.lines.get(self.pos) {
            Some(next) if next.depth > header.depth => self.block(next.depth),
            Some(next) => Err(SyntaxError::new(
                Span::new(next.span.start, next.span.start),
                format!(
                    "expected an indented block after '{what}' on line {}",
                    line_of(self.src, header.span.start)
                ),
            )),
            None => Err(self.truncated.clone().unwrap_or_else(|| {
                SyntaxError::new(
                    Span::new(header.span.end, header.span.end),
                    format!("expected an indented block after '{what}'"),
                )
            })),
        }
    }

    /// The `else:` block of a `for` or `while` loop, if the next line at the
    /// loop's depth is one.
    fn loop_else(&mut self, header: &ParsedLine) -> R<Option<Vec<Stmt>>> {
        match self.lines.get(self.pos) {
            Some(next) if next.depth == header.depth => match &next.kind {
                LineKind::Else { body } => {
                    self.pos += 1;
                    Ok(Some(self.body(next, body, "else")?))
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// The end of the last line consumed so far (a compound statement ends
    /// with its last body line).
    fn last_end(&self, header: &ParsedLine) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|k| self.lines.get(k))
            .map_or(header.span.end, |l| l.span.end.max(header.span.end))
    }
}

fn keyword_span(line: &ParsedLine, kw: &str) -> Span {
    keyword_span_at(line.span, kw)
}

fn keyword_span_at(span: Span, kw: &str) -> Span {
    Span::new(span.start, span.start + kw.len())
}

/// 1-based line number of a byte offset.
fn line_of(src: &str, pos: usize) -> usize {
    src.as_bytes()[..pos.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

// ---------------------------------------------------------------------------
// Errors: from pest's "expected rules" to a learner's phrase
// ---------------------------------------------------------------------------

/// What a rule stands for when pest says it expected it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Any rule that starts an expression.
    Expr,
    /// An operator or other continuation of an expression just parsed.
    Op,
    /// The end of the statement.
    End,
    /// A specific token, with a priority (higher wins) and its phrase.
    Token(u8, &'static str),
}

/// Every grammar rule in plain words. Exhaustive on purpose: a new rule must
/// say how it reads in an error message.
fn expected(rule: Rule) -> Want {
    use Want::*;
    match rule {
        Rule::EOI => End,
        // Silent rules never show up in errors, but the match stays exhaustive.
        Rule::WHITESPACE | Rule::COMMENT | Rule::digitpart | Rule::exponent => Op,
        Rule::simple_stmt | Rule::argument | Rule::atom => Expr,
        Rule::trailer => Op,
        // Statements and headers: failing at their start means "a statement".
        Rule::line | Rule::simple_stmts | Rule::expr_stmt | Rule::testlist | Rule::index => Expr,
        Rule::def_header | Rule::if_header | Rule::elif_header | Rule::else_header => Expr,
        Rule::for_header | Rule::while_header | Rule::try_header => Expr,
        Rule::except_header | Rule::finally_header | Rule::with_header => Expr,
        Rule::with_item => Expr,
        Rule::return_stmt | Rule::pass_stmt | Rule::import_stmt | Rule::from_import => Expr,
        Rule::break_stmt | Rule::continue_stmt | Rule::raise_stmt | Rule::assert_stmt => Expr,
        Rule::del_stmt | Rule::global_stmt | Rule::nonlocal_stmt => Expr,
        Rule::raise_cause => Token(30, "the exception after 'from'"),
        Rule::assert_msg => Token(30, "the message after ','"),
        Rule::scope_name => Token(60, "a variable name"),
        Rule::for_in => Token(70, "'in' after the loop variable of the 'for'"),
        Rule::except_name => Token(60, "a name after 'as'"),
        Rule::ann_tail => Op,
        Rule::ann_colon => Op,
        Rule::def_name => Token(60, "a function name after 'def'"),
        Rule::class_header | Rule::decorator | Rule::kw_class => Expr,
        Rule::class_name => Token(60, "a class name after 'class'"),
        Rule::decorator_at => Expr,
        Rule::params_open => Token(60, "'(' after the function name"),
        Rule::params_close => Token(40, "')' or ',' in the parameter list"),
        Rule::def_params | Rule::def_param | Rule::lambda_param | Rule::param_name => {
            Token(30, "a parameter name")
        }
        Rule::def_param_item | Rule::lambda_param_item => Token(30, "a parameter name"),
        Rule::star_param | Rule::dstar_param | Rule::lambda_star | Rule::lambda_dstar => {
            Token(30, "a parameter name")
        }
        Rule::star_mark | Rule::dstar_mark => Expr,
        Rule::yield_stmt | Rule::kw_yield => Expr,
        Rule::yield_from => Expr,
        Rule::seq_item | Rule::star_expr | Rule::dstar_arg | Rule::dstar_item => Expr,
        Rule::brace_body | Rule::dict_tail | Rule::dict_entry | Rule::set_tail => Expr,
        Rule::target_star => Token(60, "a loop variable name after 'for'"),
        Rule::fstring_expr => Expr,
        Rule::lambda_params => Token(30, "a parameter name"),
        Rule::annotation => Token(20, "':' and a type annotation"),
        Rule::param_default | Rule::param_eq => Token(20, "'=' and a default value"),
        Rule::return_ann => Token(20, "'->' and a return annotation"),
        Rule::block_colon => Token(45, "':' at the end of the line"),
        Rule::import_item | Rule::dotted_name | Rule::module_part => Token(60, "a module name"),
        Rule::import_names | Rule::import_name | Rule::import_star => {
            Token(60, "the names to import after 'import'")
        }
        Rule::assign_tail | Rule::assign_eq => Op,
        Rule::aug_tail | Rule::aug_op => Op,
        Rule::trailing_comma => Op,
        Rule::expr | Rule::lambda | Rule::ternary | Rule::disjunction | Rule::conjunction => Expr,
        Rule::inversion | Rule::comparison | Rule::arith | Rule::term | Rule::factor => Expr,
        Rule::bitor | Rule::bitxor | Rule::bitand | Rule::shift => Expr,
        Rule::bitor_op | Rule::bitxor_op | Rule::bitand_op | Rule::shift_op => Op,
        Rule::power | Rule::primary | Rule::unary_op => Expr,
        Rule::lambda_colon => Token(50, "':' after the lambda parameters"),
        Rule::ternary_else => Token(
            70,
            "'else' to finish the conditional expression 'a if condition else b'",
        ),
        Rule::cmp_op
        | Rule::lt
        | Rule::gt
        | Rule::not_in
        | Rule::is_not
        | Rule::add_op
        | Rule::mul_op
        | Rule::pow_op => Op,
        Rule::attribute | Rule::call | Rule::subscript | Rule::call_open => Op,
        Rule::attr_name => Token(60, "an attribute name after '.'"),
        Rule::call_close => Token(40, "')' or ',' in the argument list"),
        Rule::call_args | Rule::keyword_arg => Expr,
        Rule::slice_tail | Rule::slice_colon => Op,
        Rule::slice_upper | Rule::slice_step => Expr,
        Rule::subscript_close => Token(40, "']' to close the subscript"),
        Rule::paren_atom | Rule::list_atom | Rule::dict_atom => Expr,
        Rule::paren_body | Rule::list_body | Rule::dict_item => Expr,
        Rule::paren_close => Token(40, "')' or ','"),
        Rule::list_close => Token(40, "']' or ',' in the list"),
        Rule::dict_colon => Token(45, "':' between a key and its value in the dict"),
        Rule::dict_close => Token(40, "'}' or ','"),
        Rule::comp_for => Op,
        Rule::comp_in => Token(70, "'in' after the loop variable of the comprehension"),
        Rule::comp_if => Op,
        Rule::target_list | Rule::target | Rule::target_name => {
            Token(60, "a loop variable name after 'for'")
        }
        Rule::number | Rule::float | Rule::imaginary | Rule::int => Expr,
        Rule::strings | Rule::string | Rule::string_prefix => Expr,
        Rule::long_dq | Rule::long_sq | Rule::short_dq | Rule::short_sq => Expr,
        Rule::long_dq_body | Rule::long_sq_body | Rule::short_dq_body | Rule::short_sq_body => Expr,
        Rule::name | Rule::keyword => Expr,
        Rule::kw_none | Rule::kw_true | Rule::kw_false | Rule::kw_lambda | Rule::kw_not => Expr,
        Rule::kw_def | Rule::kw_return | Rule::kw_pass | Rule::kw_from => Expr,
        Rule::kw_elif | Rule::kw_else => Expr,
        Rule::kw_import => Token(60, "'import' after the module name"),
        Rule::kw_as => Op,
        Rule::kw_if | Rule::kw_or | Rule::kw_and | Rule::kw_in | Rule::kw_is | Rule::kw_for => Op,
        Rule::kw_while | Rule::kw_break | Rule::kw_continue | Rule::kw_try => Expr,
        Rule::kw_except | Rule::kw_finally | Rule::kw_raise | Rule::kw_assert => Expr,
        Rule::kw_del | Rule::kw_global | Rule::kw_nonlocal | Rule::kw_with => Expr,
    }
}

/// Python keywords that start statements streamlab does not support.
const UNSUPPORTED_STATEMENTS: &[(&str, &str)] = &[("async", "'async' is"), ("await", "'await' is")];

impl Builder {
    /// Turn a pest failure on `text` (one logical line) into a learner's message.
    fn pest_error(&self, text: &str, e: &pest::error::Error<Rule>) -> SyntaxError {
        let pos = match e.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        let positives: &[Rule] = match &e.variant {
            pest::error::ErrorVariant::ParsingError { positives, .. } => positives,
            pest::error::ErrorVariant::CustomError { .. } => &[],
        };
        let (span, message) = describe_failure(text, pos, positives);
        SyntaxError::new(self.span_at(span.start, span.end), message)
    }
}

/// The message for a parse failure at `pos` of `text`, where pest tried `positives`.
fn describe_failure(text: &str, pos: usize, positives: &[Rule]) -> (Span, String) {
    let toks = lex(text);
    let found = toks.iter().find(|t| t.end > pos).copied();
    let prev = toks.iter().rev().find(|t| t.end <= pos).copied();
    // First token of its statement: at the start of the line, or after `;` or a header's `:`.
    let at_stmt_start = prev.is_none_or(|p| matches!(&text[p.start..p.end], ";" | ":"));
    let found_span = found.map_or(Span::new(text.len(), text.len()), |t| {
        Span::new(t.start, t.end)
    });
    let found_text = found.map(|t| &text[t.start..t.end]);

    // Python features someone may type: say so instead of "invalid syntax".
    if let Some(f) = found {
        let word = &text[f.start..f.end];
        if let Some((_, what)) = UNSUPPORTED_STATEMENTS.iter().find(|(k, _)| *k == word) {
            if at_stmt_start || matches!(word, "yield" | "await") {
                return (
                    found_span,
                    format!("{what} not supported in streamlab's Python subset"),
                );
            }
        }
        if word == "yield" && !at_stmt_start {
            return (
                found_span,
                format!("'yield' as an expression (such as 'x = yield v') is {UNSUPPORTED}; write 'yield v' as a statement"),
            );
        }
        let unsupported_op = match word {
            ":=" => Some("the walrus operator ':=' is"),
            "@" => Some("the '@' operator is"),
            "..." => Some("'...' (Ellipsis) is"),
            _ => None,
        };
        if let Some(what) = unsupported_op {
            return (found_span, format!("{what} {UNSUPPORTED}"));
        }
        if word == "=" && !positives.iter().any(|&r| expected(r) == Want::Expr) {
            return (
                found_span,
                "unexpected '=' here: use '==' to compare two values, and assign to one name at a time"
                    .into(),
            );
        }
        if let Some(p) = prev {
            if &text[p.start..p.end] == "print" && p.start == 0 && starts_expr(&f, text) {
                return (
                    Span::new(p.start, f.end),
                    "missing parentheses in call to 'print': write print(...)".into(),
                );
            }
        }
        if word == "\\" {
            return (
                found_span,
                "unexpected character after the line continuation character '\\'".into(),
            );
        }
        if f.kind == TokenKind::Number && !is_plain_number(word) {
            return (found_span, format!("invalid number '{word}'"));
        }
        if f.kind == TokenKind::Error(LexError::BadChar) {
            return (found_span, format!("invalid character '{word}' here"));
        }
    }

    let wants: Vec<Want> = positives.iter().map(|&r| expected(r)).collect();
    let best_token = wants
        .iter()
        .filter_map(|w| match w {
            Want::Token(p, s) => Some((*p, *s)),
            _ => None,
        })
        .max_by_key(|(p, _)| *p);
    let wants_expr = wants.contains(&Want::Expr);
    let continues = wants.iter().any(|w| matches!(w, Want::Op | Want::End));
    let found_starts_expr = found.is_some_and(|t| starts_expr(&t, text));
    let found_phrase = match found_text {
        Some(t) => format!(", found '{t}'"),
        None => String::new(),
    };

    // A high-priority specific token ('else' in `a if c`, 'in' in a comprehension).
    if let Some((p, phrase)) = best_token {
        if p >= 70 {
            return (found_span, format!("expected {phrase}{found_phrase}"));
        }
    }
    // Two expressions side by side: `f(x y)`, `print "hi"`.
    if continues && found_starts_expr && !wants_expr {
        if let (Some(p), Some(f)) = (prev, found) {
            let two = format!("{} {}", &text[p.start..p.end], &text[f.start..f.end]);
            return (
                Span::new(p.start, f.end),
                format!("invalid syntax: '{two}' needs an operator or a comma between them"),
            );
        }
    }
    if let Some((_, phrase)) = best_token {
        if !(wants_expr && found_starts_expr) {
            return (found_span, format!("expected {phrase}{found_phrase}"));
        }
    }
    if wants_expr {
        let after = match prev {
            Some(p) => format!(" after '{}'", &text[p.start..p.end]),
            None => String::new(),
        };
        return match found_text {
            None => (found_span, format!("expected an expression{after}")),
            Some(t) if prev.is_none() => (
                found_span,
                format!("invalid syntax: a statement cannot start with '{t}'"),
            ),
            Some(t) => (
                found_span,
                format!("expected an expression{after}, found '{t}'"),
            ),
        };
    }
    match found_text {
        Some(t) => (found_span, format!("invalid syntax: unexpected '{t}' here")),
        None => (found_span, "invalid syntax: the line ends too early".into()),
    }
}

fn is_plain_number(word: &str) -> bool {
    // What the lexer calls a number but the grammar rejected, e.g. `12abc`.
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches('j');
    w.parse::<f64>().is_ok()
        || w.replace('_', "").parse::<f64>().is_ok()
        || ["0x", "0o", "0b"].iter().any(|p| w.starts_with(p))
}

/// The tokens of `text` that mean something to the grammar (no whitespace,
/// newlines, continuations or comments), for wording errors. `text` is a
/// piece of a logical line, so a `\` at its end was followed by more text in
/// the source: a stray backslash, not a continuation.
fn lex(text: &str) -> Vec<Token> {
    lex::Lexer::new(text)
        .filter(|t| !t.is_trivia() || t.text(text) == "\\")
        .collect()
}

/// True when a token can start an expression (so that `f(x y)` is two
/// expressions side by side).
fn starts_expr(t: &Token, text: &str) -> bool {
    match t.kind {
        TokenKind::Number | TokenKind::String | TokenKind::Open => true,
        TokenKind::Name | TokenKind::Keyword => !matches!(
            t.text(text),
            "and" | "or" | "if" | "else" | "elif" | "for" | "in" | "is" | "as" | "import" | "from"
        ),
        _ => false,
    }
}
