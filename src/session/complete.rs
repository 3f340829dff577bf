//! Tab completion as a pure function, shared by the terminal UI and
//! `streamlab repl`: given the line, the cursor, the session's names and a
//! way to look a name's value up, what could the word at the cursor become?
//!
//! - At the start of a `:command`: the commands of
//!   [`COMMANDS`](crate::formats::command::COMMANDS); after `:zoom` and
//!   friends, pane names; after `:help`, commands and DStream methods.
//! - After `x.`: the methods of x's value (DStream, StreamingContext,
//!   SparkContext, RDD, str, list, dict, any object's `attr_names`). When the
//!   receiver is a call chain (`lines.flatMap(f).`), its type is inferred
//!   from the chain's first name and the methods called (a DStream method
//!   returns a DStream, `ssc.socketTextStream(...)` is a DStream,
//!   `sc.parallelize(...)` an RDD); when that fails, nothing is offered.
//! - Inside a method call: its keyword arguments (`filterFunc=`), read from
//!   the method's parameter list, leaving out those already given.
//! - Elsewhere: the session's names, Python builtins and keywords.
//!
//! Candidates are deduplicated and sorted: first those that start with the
//! typed word exactly, then those that match it ignoring case.
//!
//! ```
//! use streamlab::session::complete::complete;
//!
//! let names = vec!["lines".to_string(), "limit".to_string()];
//! let (start, found) = complete("li", 2, &names, &|_| None);
//! assert_eq!(start, 0);
//! let texts: Vec<_> = found.iter().map(|c| c.text.as_str()).collect();
//! assert_eq!(texts, ["limit", "lines", "list"]);
//! ```

use crate::formats::command::{Pane, COMMANDS};
use crate::lang::registry::{ClassInfo, Returns};
use crate::lang::value::Value;
use crate::session::dstream::DSTREAM;
use crate::session::highlight::{tokens, TokenKind};
use crate::session::surface;

/// What a candidate is (the UI may mark kinds differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CandidateKind {
    /// A name the session bound (`lines`, `sc`).
    Name,
    Builtin,
    Keyword,
    /// A method or attribute, after a dot.
    Method,
    /// A keyword argument of the call around the cursor (`filterFunc=`).
    Argument,
    /// A `:command` name.
    Command,
    /// A `:command`'s argument (a pane, `key`).
    CommandArgument,
}

/// One way to complete the word at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What replaces the text from the returned start to the cursor.
    pub text: String,
    /// What a menu shows: a method with its parameters
    /// (`map(f, preservesPartitioning=False)`), a command with its usage
    /// (`:step [N]`), otherwise the text.
    pub display: String,
    /// One line on what it does, when known.
    pub doc: Option<&'static str>,
    pub kind: CandidateKind,
}

impl Candidate {
    fn new(text: &str, kind: CandidateKind) -> Candidate {
        Candidate {
            text: text.to_string(),
            display: text.to_string(),
            doc: None,
            kind,
        }
    }
}

/// Keywords worth offering: those the subset accepts.
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "break", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "not", "or", "pass", "raise", "return", "try", "while",
];

/// Str methods that return a str (so `s.lower().` completes str methods).
const STR_TO_STR: &[&str] = &[
    "capitalize",
    "format",
    "join",
    "lower",
    "lstrip",
    "replace",
    "rstrip",
    "strip",
    "swapcase",
    "title",
    "upper",
    "zfill",
];

/// What a receiver is known to be.
#[derive(Clone)]
enum Kind {
    /// A class of the registry (DStream, StreamingContext, SparkContext, RDD).
    Class(&'static ClassInfo),
    /// A builtin type by its Python name (`str`, `list`, `dict`).
    Builtin(&'static str),
    /// Any other object: its attribute names.
    Object(Vec<&'static str>),
}

/// A member of a receiver: name, parameters (None for attributes), doc.
type Member = (&'static str, Option<&'static str>, Option<&'static str>);

impl Kind {
    fn of(v: &Value) -> Option<Kind> {
        Some(match v {
            Value::Str(_) => Kind::Builtin("str"),
            Value::List(_) | Value::Tuple(_) => Kind::Builtin("list"),
            Value::Dict(_) => Kind::Builtin("dict"),
            Value::Object(o) => match surface::class_of(&**o) {
                Some(c) => Kind::Class(c),
                None => Kind::Object(o.attr_names()),
            },
            _ => return None,
        })
    }

    fn members(&self) -> Vec<Member> {
        match self {
            Kind::Class(c) => c
                .methods
                .iter()
                .map(|m| (m.name, Some(m.signature.text), Some(m.doc)))
                .chain(c.attributes.iter().map(|a| (a.name, None, Some(a.doc))))
                .collect(),
            Kind::Builtin(t) => crate::lang::methods::method_names(t)
                .iter()
                .map(|n| (*n, None, None))
                .collect(),
            Kind::Object(names) => names.iter().map(|n| (*n, None, None)).collect(),
        }
    }

    fn params(&self, method: &str) -> Option<&'static str> {
        self.members()
            .into_iter()
            .find(|m| m.0 == method)
            .and_then(|m| m.1)
    }

    /// What calling `method` on this returns, when the chain can go on.
    fn call(&self, method: &str) -> Option<Kind> {
        match self {
            Kind::Class(c) => Kind::returned(c.method(method)?.returns),
            Kind::Builtin("str") => match method {
                m if STR_TO_STR.contains(&m) => Some(Kind::Builtin("str")),
                "split" | "rsplit" | "splitlines" => Some(Kind::Builtin("list")),
                _ => None,
            },
            Kind::Builtin("dict") => {
                matches!(method, "keys" | "values" | "items").then_some(Kind::Builtin("list"))
            }
            _ => None,
        }
    }

    /// An attribute read without a call (`ssc.sparkContext`).
    fn attr(&self, name: &str) -> Option<Kind> {
        match self {
            Kind::Class(c) => Kind::returned(c.attribute(name)?.returns),
            _ => None,
        }
    }

    /// The kind of what a registry method or attribute returns.
    fn returned(r: Returns) -> Option<Kind> {
        match r {
            Returns::Class(name) => match surface::class(name) {
                Some(c) => Some(Kind::Class(c)),
                None => Some(Kind::Builtin(name)),
            },
            Returns::Nothing | Returns::Unknown => None,
        }
    }
}

type Tokens = Vec<(std::ops::Range<usize>, TokenKind)>;

fn is_ident(k: TokenKind) -> bool {
    matches!(
        k,
        TokenKind::Name | TokenKind::Builtin | TokenKind::Keyword | TokenKind::Method
    )
}

/// The kind of the expression made of `toks[..end]`'s last primary
/// (a name, a string, a call chain), if it can be known.
fn kind_before(
    src: &str,
    toks: &Tokens,
    end: usize,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> Option<Kind> {
    let last = end.checked_sub(1)?;
    let (range, kind) = toks[last].clone();
    let text = &src[range];
    let after_dot = last >= 1 && &src[toks[last - 1].0.clone()] == ".";
    match kind {
        TokenKind::String => Some(Kind::Builtin("str")),
        TokenKind::Method if after_dot => kind_before(src, toks, last - 1, lookup)?.attr(text),
        k if is_ident(k) => Kind::of(&lookup(text)?),
        TokenKind::Bracket if text == ")" => {
            let open = matching_open(src, toks, last)?;
            let callee = open.checked_sub(1)?;
            let (crange, ckind) = toks[callee].clone();
            let called_on_dot = callee >= 1 && &src[toks[callee - 1].0.clone()] == ".";
            if ckind != TokenKind::Method || !called_on_dot {
                return None;
            }
            kind_before(src, toks, callee - 1, lookup)?.call(&src[crange])
        }
        _ => None,
    }
}

/// The index of the bracket token opening the one closed at `close`.
fn matching_open(src: &str, toks: &Tokens, close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..=close).rev() {
        if toks[i].1 != TokenKind::Bracket {
            continue;
        }
        match &src[toks[i].0.clone()] {
            ")" | "]" | "}" => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
        }
    }
    None
}

/// The innermost bracket still open at the end of `toks`, by index.
fn innermost_open(src: &str, toks: &Tokens) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..toks.len()).rev() {
        if toks[i].1 != TokenKind::Bracket {
            continue;
        }
        match &src[toks[i].0.clone()] {
            ")" | "]" | "}" => depth += 1,
            _ if depth == 0 => return Some(i),
            _ => depth -= 1,
        }
    }
    None
}

/// Parameter names from a signature like `func, invFunc=None, *dstreams`.
fn param_names(params: &str) -> Vec<(&str, &str)> {
    params
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with('*'))
        .map(|p| (p.split('=').next().unwrap_or(p).trim(), p))
        .collect()
}

/// Keyword arguments of the call the cursor is in (not yet given).
fn keyword_arguments(
    src: &str,
    toks: &Tokens,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> Vec<Candidate> {
    let Some(open) = innermost_open(src, toks) else {
        return Vec::new();
    };
    if &src[toks[open].0.clone()] != "(" || open < 2 {
        return Vec::new();
    }
    let (mrange, mkind) = toks[open - 1].clone();
    if mkind != TokenKind::Method || &src[toks[open - 2].0.clone()] != "." {
        return Vec::new();
    }
    let Some(params) =
        kind_before(src, toks, open - 2, lookup).and_then(|k| k.params(&src[mrange]))
    else {
        return Vec::new();
    };
    // Names already given as `name=` at this call's level.
    let mut given = Vec::new();
    let mut depth = 0usize;
    for i in open + 1..toks.len() {
        let t = &src[toks[i].0.clone()];
        match toks[i].1 {
            TokenKind::Bracket if matches!(t, "(" | "[" | "{") => depth += 1,
            TokenKind::Bracket => depth = depth.saturating_sub(1),
            k if depth == 0
                && is_ident(k)
                && toks.get(i + 1).is_some_and(|n| &src[n.0.clone()] == "=") =>
            {
                given.push(t);
            }
            _ => {}
        }
    }
    param_names(params)
        .into_iter()
        .filter(|(name, _)| !given.contains(name))
        .map(|(name, spec)| Candidate {
            text: format!("{name}="),
            display: if spec.contains('=') {
                spec.to_string()
            } else {
                format!("{name}=")
            },
            doc: None,
            kind: CandidateKind::Argument,
        })
        .collect()
}

/// Completions of a `:command` line (`before` is the text up to the cursor).
fn complete_command(before: &str, cursor: usize) -> (usize, Vec<Candidate>) {
    let lead = before.trim_start();
    let body = &lead[1..];
    let Some((cmd, arg_part)) = body.split_once(char::is_whitespace) else {
        let found = COMMANDS
            .iter()
            .map(|(name, usage, doc)| Candidate {
                text: name.to_string(),
                display: usage.to_string(),
                doc: Some(doc),
                kind: CandidateKind::Command,
            })
            .collect();
        return (cursor - body.len(), finish(found, body));
    };
    let word = arg_part.rsplit(char::is_whitespace).next().unwrap_or("");
    let start = cursor - word.len();
    let arg = CandidateKind::CommandArgument;
    let found: Vec<Candidate> = match cmd {
        "zoom" | "hide" | "show" | "focus" => Pane::ALL
            .iter()
            .map(|p| Candidate::new(p.name(), arg))
            .collect(),
        "sort" => vec![Candidate::new("key", arg), Candidate::new("value", arg)],
        "layout" => crate::formats::command::LAYOUTS
            .iter()
            .map(|(name, doc, _)| Candidate {
                doc: Some(doc),
                ..Candidate::new(name, arg)
            })
            .collect(),
        "help" => COMMANDS
            .iter()
            .map(|(name, _, doc)| Candidate {
                doc: Some(doc),
                ..Candidate::new(name, arg)
            })
            .chain(DSTREAM.info.methods.iter().map(|m| Candidate {
                doc: Some(m.doc),
                ..Candidate::new(m.name, arg)
            }))
            .collect(),
        _ => Vec::new(),
    };
    (start, finish(found, word))
}

/// Filter by prefix, deduplicate (first wins), order: exact-case matches,
/// then case-insensitive ones, each sorted.
fn finish(found: Vec<Candidate>, word: &str) -> Vec<Candidate> {
    let lower = word.to_lowercase();
    let mut exact = Vec::new();
    let mut folded = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for c in found {
        if !seen.insert(c.text.clone()) {
            continue;
        }
        if c.text.starts_with(word) {
            exact.push(c);
        } else if c.text.to_lowercase().starts_with(&lower) {
            folded.push(c);
        }
    }
    exact.sort_by(|a, b| a.text.cmp(&b.text));
    folded.sort_by(|a, b| a.text.cmp(&b.text));
    exact.extend(folded);
    exact
}

/// Completions for the word ending at `cursor` (a byte offset; clamped to the
/// line and to a char boundary). Returns where that word starts and the
/// candidates, which replace `line[start..cursor]`.
pub fn complete(
    line: &str,
    cursor: usize,
    names: &[String],
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> (usize, Vec<Candidate>) {
    let mut cursor = cursor.min(line.len());
    while !line.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let before = &line[..cursor];
    if before.trim_start().starts_with(':') {
        return complete_command(before, cursor);
    }
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(cursor, |(i, _)| i);
    let word = &before[start..];
    let none = (cursor, Vec::new());
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return none;
    }
    let head = &before[..start];
    let toks = tokens(head);
    // Inside a string or a comment (tokenizing up to the word: an open
    // string or a comment runs to its end).
    if let Some((r, k)) = toks.last() {
        let open_string = *k == TokenKind::Error && head[r.clone()].contains(['\'', '"']);
        if r.end == head.len() && (*k == TokenKind::Comment || open_string) {
            return none;
        }
    }
    let after_dot = toks.last().is_some_and(|(r, k)| {
        *k == TokenKind::Operator && &head[r.clone()] == "." && r.end == head.len()
    });
    if after_dot {
        let found = match kind_before(head, &toks, toks.len() - 1, lookup) {
            Some(kind) => kind
                .members()
                .into_iter()
                .map(|(name, params, doc)| Candidate {
                    text: name.to_string(),
                    display: match params {
                        Some(p) => format!("{name}({p})"),
                        None => name.to_string(),
                    },
                    doc,
                    kind: CandidateKind::Method,
                })
                .collect(),
            None => Vec::new(),
        };
        return (start, finish(found, word));
    }
    let mut found = keyword_arguments(head, &toks, lookup);
    if !word.is_empty() {
        found.extend(names.iter().map(|n| Candidate::new(n, CandidateKind::Name)));
        found.extend(
            crate::lang::builtins::names()
                .iter()
                .copied()
                .chain(crate::lang::exceptions::names())
                .map(|n| Candidate::new(n, CandidateKind::Builtin)),
        );
        found.extend(
            KEYWORDS
                .iter()
                .map(|n| Candidate::new(n, CandidateKind::Keyword)),
        );
    }
    (start, finish(found, word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::driver::RunOptions;
    use crate::session::live::{Entered, LiveHost, Repl};

    fn repl() -> Repl {
        let (tx, _rx) = tokio::sync::mpsc::channel(16);
        let host = LiveHost::new(tx, RunOptions::default());
        let mut r = Repl::new(host, "local[2]", 1000).expect("repl");
        for line in [
            "lines = ssc.queueStream([['a b']])",
            "words = lines.flatMap(lambda l: l.split(' '))",
            "greeting = 'hello'",
            "nums = [1, 2]",
            "table = {'a': 1}",
            "rdd = sc.parallelize([1, 2])",
            "lineCount = 3",
            "import pyspark.sql.functions as F",
        ] {
            assert!(matches!(r.submit(line), Entered::Ok { .. }), "{line}");
        }
        r
    }

    fn texts_at(r: &Repl, line: &str, cursor: usize) -> (usize, Vec<String>) {
        let names = r.names();
        let (start, found) = complete(line, cursor, &names, &|n| r.lookup(n));
        (start, found.into_iter().map(|c| c.text).collect())
    }

    fn texts(r: &Repl, line: &str) -> Vec<String> {
        texts_at(r, line, line.len()).1
    }

    #[test]
    fn global_names_builtins_and_keywords() {
        let r = repl();
        assert_eq!(
            texts_at(&r, "x = li", 6),
            (4, vec!["lineCount".into(), "lines".into(), "list".into()])
        );
        assert_eq!(texts(&r, "lam"), ["lambda"]);
        assert_eq!(
            texts(&r, "No"),
            [
                "None",
                "NotADirectoryError",
                "NotImplemented",
                "NotImplementedError",
                "not"
            ]
        );
        assert_eq!(texts(&r, "ValueE"), ["ValueError"]);
        assert_eq!(texts(&r, "whi"), ["while"]);
        assert_eq!(texts(&r, "sor"), ["sorted"]);
        assert_eq!(texts(&r, "ss"), ["ssc"]);
        // Case-sensitive matches first, then the others.
        assert_eq!(texts(&r, "l")[..3], ["lambda", "len", "lineCount"]);
        assert_eq!(
            texts(&r, "n"),
            [
                "next",
                "not",
                "nums",
                "NameError",
                "None",
                "NotADirectoryError",
                "NotImplemented",
                "NotImplementedError"
            ]
        );
        assert!(
            texts(&r, "").is_empty(),
            "nothing to complete on an empty word"
        );
        assert!(texts(&r, "x = 12").is_empty());
    }

    #[test]
    fn dstream_methods_with_signatures_and_docs() {
        let r = repl();
        let names = r.names();
        let (start, found) = complete("words.red", 9, &names, &|n| r.lookup(n));
        assert_eq!(start, 6);
        let got: Vec<_> = found
            .iter()
            .map(|c| (c.text.as_str(), c.display.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("reduce", "reduce(func)"),
                ("reduceByKey", "reduceByKey(func, numPartitions=None)"),
                ("reduceByKeyAndWindow", "reduceByKeyAndWindow(func, invFunc, windowDuration, slideDuration=None, numPartitions=None, filterFunc=None)"),
                ("reduceByWindow", "reduceByWindow(reduceFunc, invReduceFunc, windowDuration, slideDuration)"),
            ]
        );
        assert_eq!(
            found[0].doc,
            Some("Merge all records of each batch into one with func.")
        );
        assert_eq!(found[0].kind, CandidateKind::Method);
        assert_eq!(texts(&r, "lines.").len(), DSTREAM.info.methods.len());
        assert_eq!(texts(&r, "lines.ppr"), ["pprint"]);
        assert_eq!(texts(&r, "lines.PPR"), ["pprint"], "case-insensitive");
    }

    #[test]
    fn contexts_rdds_and_builtin_types() {
        let r = repl();
        assert_eq!(texts(&r, "ssc.sock"), ["socketTextStream"]);
        assert_eq!(texts(&r, "ssc.sparkContext.par"), ["parallelize"]);
        assert_eq!(texts(&r, "sc.set"), ["setLogLevel"]);
        assert_eq!(texts(&r, "sc.def"), ["defaultParallelism"]);
        assert_eq!(texts(&r, "rdd.col"), ["collect", "collectAsMap"]);
        assert_eq!(texts(&r, "greeting.up"), ["upper"]);
        assert_eq!(texts(&r, "'a b'.spl"), ["split", "splitlines"]);
        assert_eq!(texts(&r, "nums.ind"), ["index"]);
        assert_eq!(texts(&r, "table.it"), ["items"]);
        assert!(
            texts(&r, "lineCount.").is_empty(),
            "ints have no methods here"
        );
        assert!(texts(&r, "unknown.ma").is_empty());
    }

    #[test]
    fn call_chains_from_a_dstream() {
        let r = repl();
        assert_eq!(
            texts(&r, "lines.flatMap(lambda l: l.split(' ')).ma"),
            [
                "map",
                "mapPartitions",
                "mapPartitionsWithIndex",
                "mapValues"
            ]
        );
        assert_eq!(
            texts(
                &r,
                "lines.map(f).filter(g).reduceByKeyAndWindow(a, b, 30, 10).ppr"
            ),
            ["pprint"]
        );
        assert_eq!(
            texts(&r, "ssc.socketTextStream('localhost', 9999).flatM"),
            ["flatMap", "flatMapValues"]
        );
        assert_eq!(
            texts(&r, "sc.parallelize([1]).coll"),
            ["collect", "collectAsMap"]
        );
        assert_eq!(texts(&r, "greeting.lower().spl"), ["split", "splitlines"]);
        assert!(
            texts(&r, "lines.pprint().ma").is_empty(),
            "pprint returns None"
        );
        assert!(
            texts(&r, "f(x).ma").is_empty(),
            "a plain function's result is unknown"
        );
        assert!(texts(&r, "(lines).ma").is_empty());
    }

    #[test]
    fn call_chains_of_structured_streaming() {
        let r = repl();
        assert_eq!(
            texts(&r, "spark.readStream.format('socket').op"),
            ["option", "options"]
        );
        assert_eq!(
            texts(
                &r,
                "spark.readStream.format('socket').load().groupBy('value').c"
            ),
            ["count"]
        );
        assert_eq!(
            texts(
                &r,
                "spark.readStream.text('d').writeStream.outputMode('append').st"
            ),
            ["start"]
        );
        assert_eq!(
            texts(
                &r,
                "spark.readStream.text('d').select('value').writeStream.start().aw"
            ),
            ["awaitTermination"]
        );
        assert_eq!(texts(&r, "F.spl"), ["split"]);
        assert_eq!(
            texts(&r, "F.window(df.ts, "),
            [
                "slideDuration=",
                "startTime=",
                "timeColumn=",
                "windowDuration="
            ]
        );
        assert_eq!(texts(&r, "F.col('x').ali"), ["alias"]);
        assert_eq!(
            texts(&r, "spark.readStream.load().writeStream.trigger("),
            ["availableNow=", "continuous=", "once=", "processingTime="]
        );
    }

    #[test]
    fn keyword_arguments_of_the_enclosing_call() {
        let r = repl();
        assert_eq!(
            texts(&r, "words.reduceByKeyAndWindow(f, None, 30, 10, fil"),
            [
                "filter",
                "filterFunc=",
                "FileExistsError",
                "FileNotFoundError"
            ]
        );
        assert_eq!(
            texts(
                &r,
                "x = lines.reduceByKeyAndWindow(f, None, 30, 10, numPartitions=2, "
            ),
            [
                "filterFunc=",
                "func=",
                "invFunc=",
                "slideDuration=",
                "windowDuration="
            ]
        );
        assert_eq!(
            texts(&r, "lines.pprint(n"),
            [
                "next",
                "not",
                "num=",
                "nums",
                "NameError",
                "None",
                "NotADirectoryError",
                "NotImplemented",
                "NotImplementedError"
            ]
        );
        assert_eq!(texts(&r, "ssc.queueStream([[1]], def"), ["def", "default="]);
        assert_eq!(
            texts(&r, "lines.map(lambda x: f(x, n"),
            [
                "next",
                "not",
                "nums",
                "NameError",
                "None",
                "NotADirectoryError",
                "NotImplemented",
                "NotImplementedError"
            ],
            "inside f(, not map("
        );
        assert_eq!(
            texts(&r, "lines.window(30, [sl"),
            Vec::<String>::new(),
            "in a list"
        );
        let names = r.names();
        let (_, found) = complete("lines.pprint(", 13, &names, &|n| r.lookup(n));
        assert_eq!(found[0].display, "num=10");
        assert_eq!(found[0].kind, CandidateKind::Argument);
    }

    #[test]
    fn nothing_inside_strings_and_comments() {
        let r = repl();
        assert!(texts(&r, "x = 'li").is_empty());
        assert!(texts(&r, "x = \"lines.ma").is_empty());
        assert!(texts(&r, "x = 1  # li").is_empty());
        assert_eq!(texts(&r, "x = 'a' + li"), ["lineCount", "lines", "list"]);
    }

    #[test]
    fn the_cursor_may_be_mid_line() {
        let r = repl();
        let line = "lines.ma(f).pprint()";
        assert_eq!(
            texts_at(&r, line, 8),
            (
                6,
                vec![
                    "map".into(),
                    "mapPartitions".into(),
                    "mapPartitionsWithIndex".into(),
                    "mapValues".into()
                ]
            )
        );
        // Out of range and mid-character cursors are clamped.
        assert_eq!(texts_at(&r, "li", 99).0, 0);
        assert_eq!(texts_at(&r, "é", 1), (0, vec![]));
    }

    #[test]
    fn commands_and_their_arguments() {
        let names: Vec<String> = Vec::new();
        let run = |line: &str| {
            let (start, found) = complete(line, line.len(), &names, &|_| None);
            (start, found.into_iter().map(|c| c.text).collect::<Vec<_>>())
        };
        assert_eq!(run(":st"), (1, vec!["step".to_string()]));
        assert_eq!(run(":re").1, ["reset", "restart", "resume"]);
        assert_eq!(run(":").1.len(), COMMANDS.len());
        assert_eq!(run(":zoom ti"), (6, vec!["timeline".to_string()]));
        assert_eq!(run(":focus s").1, ["state", "stats"]);
        assert_eq!(run(":sort v").1, ["value"]);
        assert_eq!(run(":layout w").1, ["windows"]);
        assert_eq!(
            run(":layout ").1.len(),
            crate::formats::command::LAYOUTS.len()
        );
        assert_eq!(run(":help reduceByKeyA").1, ["reduceByKeyAndWindow"]);
        assert_eq!(run(":help pa").1, ["partitionBy", "pause"]);
        assert!(run(":load wor").1.is_empty());
        let (_, found) = complete(":ste", 4, &names, &|_| None);
        assert_eq!(found[0].display, ":step [N]");
        assert!(found[0].doc.is_some());
    }
}
