//! The small SQL expressions `selectExpr("length(value) AS n")` and
//! `where("n > 3")` accept: column names (plain or in backticks), numbers,
//! 'strings', `+ - * / %`, comparisons (`= == != <> < <= > >=`), `AND`, `OR`,
//! `NOT`, `[NOT] LIKE`, `[NOT] RLIKE`, `[NOT] IN (...)`, `[NOT] BETWEEN a AND b`,
//! parentheses, `CAST(x AS type)`, the functions lower, upper, trim,
//! length, to_timestamp and current_timestamp, the aggregates count, sum,
//! avg, min and max, and `AS alias`; and the `SELECT` queries `spark.sql`
//! runs over temporary views ([`parse_sql_query`]). Anything else is refused
//! with a message that says what is accepted (Spark accepts all of SQL here).
//!
//! ```
//! use streamlab::structured::sql::parse_sql_expr;
//! assert_eq!(parse_sql_expr("length(value) AS n").unwrap().name(), "n");
//! assert_eq!(parse_sql_expr("n >= 3").unwrap().name(), "(n >= 3)");
//! assert_eq!(parse_sql_expr("n > 1 AND NOT n = 3").unwrap().name(), "((n > 1) AND (NOT (n = 3)))");
//! assert_eq!(parse_sql_expr("n NOT LIKE 'a%'").unwrap().name(), "(NOT n LIKE a%)");
//! assert_eq!(parse_sql_expr("n BETWEEN 1 AND 4").unwrap().name(), "((n >= 1) AND (n <= 4))");
//! assert!(parse_sql_expr("n LIKE 'a%' ESCAPE '#'").is_err());
//! ```

use super::cell::{Cell, DataType};
use super::expr::{AggFn, ArithOp, CmpOp, Expr, Func, SQL_FUNCTIONS};

/// What the error messages say is accepted (the functions are listed by
/// [`accepted_functions`]).
pub const ACCEPTED: &str = "column names, numbers, 'strings', + - * / %, comparisons, AND/OR/NOT, IS [NOT] NULL, [NOT] LIKE/RLIKE/IN/BETWEEN, CASE WHEN, CAST(x AS type), struct fields (window.start), function calls, and AS alias";

/// The SQL functions streamlab reads, for messages: the scalar functions of
/// [`SQL_FUNCTIONS`] and the aggregates.
pub fn accepted_functions() -> String {
    let mut names: Vec<&str> = SQL_FUNCTIONS.iter().map(|f| f.0).collect();
    names.extend([
        "explode",
        "count",
        "sum",
        "avg",
        "mean",
        "min",
        "max",
        "first",
        "last",
        "collect_list",
        "collect_set",
    ]);
    names.join(", ")
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(String),
    Str(String),
    Op(&'static str),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

/// What is wrong with a SQL expression streamlab was given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SqlProblem {
    #[error("a `quoted` name is not closed")]
    UnclosedName,
    #[error("a string is not closed")]
    UnclosedString,
    #[error("unexpected character '{0}'")]
    BadChar(char),
    #[error("expected {0}")]
    Expected(&'static str),
    #[error("'{0}' is not a number")]
    NotANumber(String),
    #[error("'{0}' is not supported")]
    Unsupported(String),
    #[error("unknown type '{0}'")]
    UnknownType(String),
    #[error("the function '{0}' is not supported (streamlab's SQL functions: {list})", list = accepted_functions())]
    UnsupportedFunction(String),
    #[error("{name}() takes {want} argument(s)")]
    Arity { name: String, want: usize },
    #[error("unexpected {0}")]
    Unexpected(String),
    #[error("{0}")]
    BadArgument(String),
    #[error("the expression ends too early")]
    EndsEarly,
    #[error("the expression nests more than {0} levels deep")]
    TooDeep(usize),
}

/// A SQL expression streamlab cannot read: the text and what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("streamlab reads simple SQL expressions only ({ACCEPTED}); in \"{text}\": {problem}")]
pub struct SqlError {
    pub text: String,
    pub problem: SqlProblem,
}

fn tokenize(s: &str) -> Result<Vec<Tok>, SqlProblem> {
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && cs.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let st = i;
            while i < cs.len() && (cs[i].is_ascii_digit() || cs[i] == '.') {
                i += 1;
            }
            out.push(Tok::Num(cs[st..i].iter().collect()));
        } else if c.is_alphabetic() || c == '_' {
            let st = i;
            // A qualified name (`t.word`) is one token: refused as a column
            // it does not name, after the query's other clauses were read.
            while i < cs.len()
                && (cs[i].is_alphanumeric()
                    || cs[i] == '_'
                    || (cs[i] == '.'
                        && cs
                            .get(i + 1)
                            .is_some_and(|c| c.is_alphabetic() || *c == '_')))
            {
                i += 1;
            }
            out.push(Tok::Ident(cs[st..i].iter().collect()));
        } else if c == '`' {
            let st = i + 1;
            i += 1;
            while i < cs.len() && cs[i] != '`' {
                i += 1;
            }
            if i >= cs.len() {
                return Err(SqlProblem::UnclosedName);
            }
            out.push(Tok::Ident(cs[st..i].iter().collect()));
            i += 1;
        } else if c == '\'' || c == '"' {
            let st = i + 1;
            i += 1;
            while i < cs.len() && cs[i] != c {
                i += 1;
            }
            if i >= cs.len() {
                return Err(SqlProblem::UnclosedString);
            }
            out.push(Tok::Str(cs[st..i].iter().collect()));
            i += 1;
        } else {
            let two: String = cs[i..(i + 2).min(cs.len())].iter().collect();
            let op = match two.as_str() {
                "==" => Some("=="),
                "!=" => Some("!="),
                "<>" => Some("<>"),
                "<=" => Some("<="),
                ">=" => Some(">="),
                "||" => Some("||"),
                _ => None,
            };
            if let Some(op) = op {
                out.push(Tok::Op(op));
                i += 2;
                continue;
            }
            out.push(match c {
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                '[' => Tok::LBracket,
                ']' => Tok::RBracket,
                ',' => Tok::Comma,
                '+' => Tok::Op("+"),
                '-' => Tok::Op("-"),
                '*' => Tok::Op("*"),
                '/' => Tok::Op("/"),
                '%' => Tok::Op("%"),
                '=' => Tok::Op("="),
                '<' => Tok::Op("<"),
                '>' => Tok::Op(">"),
                other => return Err(SqlProblem::BadChar(other)),
            });
            i += 1;
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    /// Nesting of parentheses, NOT and unary minus so far.
    depth: usize,
}

/// How deeply an expression may nest: user text must not exhaust the stack.
const MAX_DEPTH: usize = 200;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w.eq_ignore_ascii_case(k))
    }
    fn expect(&mut self, t: Tok, what: &'static str) -> Result<(), SqlProblem> {
        if self.next() == Some(t) {
            Ok(())
        } else {
            Err(SqlProblem::Expected(what))
        }
    }

    /// `a OR b`, `a AND b`, `NOT a` over comparisons (SQL's precedence).
    fn condition(&mut self) -> Result<Expr, SqlProblem> {
        let mut e = self.conjunction()?;
        while self.keyword("or") {
            self.pos += 1;
            e = Expr::Logic(false, Box::new(e), Box::new(self.conjunction()?));
        }
        Ok(e)
    }

    fn conjunction(&mut self) -> Result<Expr, SqlProblem> {
        let mut e = self.negation()?;
        while self.keyword("and") {
            self.pos += 1;
            e = Expr::Logic(true, Box::new(e), Box::new(self.negation()?));
        }
        Ok(e)
    }

    fn negation(&mut self) -> Result<Expr, SqlProblem> {
        if self.keyword("not") {
            self.pos += 1;
            let e = self.nested(Parser::negation)?;
            return Ok(Expr::Not(Box::new(e)));
        }
        self.comparison()
    }

    /// `inner` one level deeper, refused past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        inner: fn(&mut Parser) -> Result<Expr, SqlProblem>,
    ) -> Result<Expr, SqlProblem> {
        if self.depth >= MAX_DEPTH {
            return Err(SqlProblem::TooDeep(MAX_DEPTH));
        }
        self.depth += 1;
        // Each level takes several frames: grow the stack rather than overflow it.
        let e = stacker::maybe_grow(64 * 1024, 1024 * 1024, || inner(self));
        self.depth -= 1;
        e
    }

    /// `CASE [x] WHEN a THEN b ... [ELSE c] END`, after `CASE`; `CASE x
    /// WHEN a` compares `x = a`, as Spark names it.
    fn case(&mut self) -> Result<Expr, SqlProblem> {
        let subject = if self.keyword("when") {
            None
        } else {
            Some(self.condition()?)
        };
        let mut branches = Vec::new();
        while self.keyword("when") {
            self.pos += 1;
            let c = self.condition()?;
            let c = match &subject {
                Some(x) => Expr::Cmp(CmpOp::Eq, Box::new(x.clone()), Box::new(c)),
                None => c,
            };
            self.word("THEN")?;
            branches.push((c, self.condition()?));
        }
        if branches.is_empty() {
            return Err(SqlProblem::Expected("WHEN after CASE"));
        }
        let otherwise = if self.keyword("else") {
            self.pos += 1;
            Some(Box::new(self.condition()?))
        } else {
            None
        };
        self.word("END")?;
        Ok(Expr::Case(branches, otherwise))
    }

    fn comparison(&mut self) -> Result<Expr, SqlProblem> {
        let left = self.sum()?;
        if self.keyword("is") {
            self.pos += 1;
            let not = self.keyword("not");
            if not {
                self.pos += 1;
            }
            if !self.keyword("null") {
                return Err(SqlProblem::Expected("NULL after IS [NOT]"));
            }
            self.pos += 1;
            return Ok(Expr::IsNull(Box::new(left), not));
        }
        // `x [NOT] LIKE p`, `[NOT] RLIKE`, `[NOT] IN (...)`, `[NOT] BETWEEN a AND b`.
        let predicate = |w: &Tok| {
            matches!(w, Tok::Ident(w) if ["like", "rlike", "regexp", "in", "between"]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k)))
        };
        let negated = self.keyword("not") && self.toks.get(self.pos + 1).is_some_and(predicate);
        if negated || self.peek().is_some_and(predicate) {
            if negated {
                self.pos += 1;
            }
            let e = self.predicate(left)?;
            return Ok(if negated { Expr::Not(Box::new(e)) } else { e });
        }
        let op = match self.peek() {
            Some(Tok::Op("=" | "==")) => CmpOp::Eq,
            Some(Tok::Op("!=" | "<>")) => CmpOp::NotEq,
            Some(Tok::Op("<")) => CmpOp::Lt,
            Some(Tok::Op("<=")) => CmpOp::LtE,
            Some(Tok::Op(">")) => CmpOp::Gt,
            Some(Tok::Op(">=")) => CmpOp::GtE,
            _ => return Ok(left),
        };
        self.pos += 1;
        let right = self.sum()?;
        Ok(Expr::Cmp(op, Box::new(left), Box::new(right)))
    }

    /// The predicate after `x` (and an optional NOT): LIKE, RLIKE, IN or BETWEEN.
    fn predicate(&mut self, left: Expr) -> Result<Expr, SqlProblem> {
        let Some(Tok::Ident(w)) = self.next() else {
            return Err(SqlProblem::Expected("LIKE, RLIKE, IN or BETWEEN"));
        };
        let call = |f: Func, args: Vec<Expr>| {
            f.check_args(&args).map_err(SqlProblem::BadArgument)?;
            Ok(Expr::Func(f, args))
        };
        match w.to_ascii_lowercase().as_str() {
            "like" => {
                let p = self.sum()?;
                if self.keyword("escape") {
                    return Err(SqlProblem::Unsupported("LIKE ... ESCAPE".into()));
                }
                call(Func::Like, vec![left, p])
            }
            "rlike" | "regexp" => {
                let p = self.sum()?;
                call(Func::RLike, vec![left, p])
            }
            "in" => {
                self.expect(Tok::LParen, "'(' after IN")?;
                if self.keyword("select") {
                    return Err(SqlProblem::Unsupported("IN (SELECT ...)".into()));
                }
                let mut args = vec![left];
                args.extend(self.list(Parser::sum)?);
                self.expect(Tok::RParen, "')'")?;
                Ok(Expr::Func(Func::In, args))
            }
            _ => {
                let low = self.sum()?;
                self.word("AND")?;
                let high = self.sum()?;
                Ok(Expr::Logic(
                    true,
                    Box::new(Expr::Cmp(CmpOp::GtE, Box::new(left.clone()), Box::new(low))),
                    Box::new(Expr::Cmp(CmpOp::LtE, Box::new(left), Box::new(high))),
                ))
            }
        }
    }

    fn sum(&mut self) -> Result<Expr, SqlProblem> {
        let mut e = self.product()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("+")) => ArithOp::Add,
                Some(Tok::Op("-")) => ArithOp::Sub,
                Some(Tok::Op("||")) => {
                    // `a || b` is concat(a, b), at the level of + and -.
                    self.pos += 1;
                    e = Expr::Func(Func::Concat, vec![e, self.product()?]);
                    continue;
                }
                _ => return Ok(e),
            };
            self.pos += 1;
            e = Expr::Arith(op, Box::new(e), Box::new(self.product()?));
        }
    }

    fn product(&mut self) -> Result<Expr, SqlProblem> {
        let mut e = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("*")) => ArithOp::Mul,
                Some(Tok::Op("/")) => ArithOp::Div,
                Some(Tok::Op("%")) => ArithOp::Mod,
                _ => return Ok(e),
            };
            self.pos += 1;
            e = Expr::Arith(op, Box::new(e), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, SqlProblem> {
        if matches!(self.peek(), Some(Tok::Op("-"))) {
            self.pos += 1;
            let e = self.nested(Parser::unary)?;
            return Ok(Expr::Neg(Box::new(e)));
        }
        let mut e = self.atom()?;
        // `arr[0]`: an array's item, counted from 0.
        while matches!(self.peek(), Some(Tok::LBracket)) {
            self.pos += 1;
            let i = match self.next() {
                Some(Tok::Num(n)) => n.parse::<i64>().map_err(|_| SqlProblem::NotANumber(n))?,
                _ => return Err(SqlProblem::Expected("a whole number in [...]")),
            };
            self.expect(Tok::RBracket, "']'")?;
            e = Expr::GetItem(Box::new(e), i);
        }
        Ok(e)
    }

    /// `INTERVAL 10 MINUTES` (also `'10' MINUTE`, `1 HOUR 30 MINUTES`), after
    /// the word INTERVAL.
    fn interval(&mut self) -> Result<Expr, SqlProblem> {
        let mut ms: i64 = 0;
        let mut any = false;
        loop {
            let n = match self.peek() {
                Some(Tok::Num(n)) => n.clone(),
                Some(Tok::Str(s)) => s.trim().to_string(),
                _ => break,
            };
            self.pos += 1;
            let n: i64 = n.parse().map_err(|_| SqlProblem::NotANumber(n.clone()))?;
            let Some(Tok::Ident(unit)) = self.next() else {
                return Err(SqlProblem::Expected("a unit in INTERVAL n unit"));
            };
            let size = super::expr::interval_unit_ms(&unit).ok_or(SqlProblem::Expected(
                "a unit (SECONDS, MINUTES, HOURS, DAYS) in INTERVAL n unit",
            ))?;
            ms = ms.saturating_add(n.saturating_mul(size));
            any = true;
        }
        if !any {
            return Err(SqlProblem::Expected("a number in INTERVAL n unit"));
        }
        Ok(Expr::Interval(ms))
    }

    fn atom(&mut self) -> Result<Expr, SqlProblem> {
        match self.next() {
            Some(Tok::Num(n)) => {
                if let Ok(i) = n.parse::<i64>() {
                    Ok(Expr::Lit(Cell::Int(i)))
                } else {
                    n.parse::<f64>()
                        .map(|d| Expr::Lit(Cell::Double(d)))
                        .map_err(|_| SqlProblem::NotANumber(n.to_string()))
                }
            }
            Some(Tok::Str(s)) => Ok(Expr::Lit(Cell::str(&s))),
            Some(Tok::LParen) => {
                let e = self.nested(Parser::condition)?;
                self.expect(Tok::RParen, "')'")?;
                Ok(e)
            }
            Some(Tok::Op("*")) => Ok(Expr::Star),
            Some(Tok::Ident(w)) => {
                if !matches!(self.peek(), Some(Tok::LParen)) {
                    return match w.to_ascii_lowercase().as_str() {
                        "true" => Ok(Expr::Lit(Cell::Bool(true))),
                        "false" => Ok(Expr::Lit(Cell::Bool(false))),
                        "null" => Ok(Expr::Lit(Cell::Null)),
                        "case" => self.nested(Parser::case),
                        "interval" if matches!(self.peek(), Some(Tok::Num(_) | Tok::Str(_))) => {
                            self.interval()
                        }
                        // Typed literals: DATE'2024-01-01', TIMESTAMP'2024-01-01 10:00:00'.
                        l @ ("date" | "timestamp") if matches!(self.peek(), Some(Tok::Str(_))) => {
                            let Some(Tok::Str(text)) = self.next() else {
                                return Err(SqlProblem::EndsEarly);
                            };
                            let cell = if l == "date" {
                                super::cell::parse_date(&text).map(Cell::Date)
                            } else {
                                super::cell::parse_timestamp(&text).map(Cell::Timestamp)
                            };
                            cell.map(Expr::Lit).ok_or_else(|| {
                                SqlProblem::BadArgument(format!(
                                    "[INVALID_TYPED_LITERAL] The value of the typed literal \"{}\" is invalid: '{text}'.",
                                    l.to_uppercase()
                                ))
                            })
                        }
                        "and" | "or" | "not" | "when" | "like" | "in" | "is" | "between"
                        | "having" | "join" | "union" => {
                            Err(SqlProblem::Unsupported(w.to_string()))
                        }
                        _ => Ok(Expr::Col(w)),
                    };
                }
                self.pos += 1;
                let lname = w.to_ascii_lowercase();
                if lname == "cast" {
                    let e = self.nested(Parser::comparison)?;
                    if !self.keyword("as") {
                        return Err(SqlProblem::Expected("AS in CAST(x AS type)"));
                    }
                    self.pos += 1;
                    let Some(Tok::Ident(t)) = self.next() else {
                        return Err(SqlProblem::Expected("a type name in CAST(x AS type)"));
                    };
                    let ty = DataType::parse(&t)
                        .ok_or_else(|| SqlProblem::UnknownType(t.to_string()))?;
                    self.expect(Tok::RParen, "')'")?;
                    return Ok(Expr::Cast(Box::new(e), ty));
                }
                // count(DISTINCT x)
                let distinct = lname == "count" && self.keyword("distinct");
                if distinct {
                    self.pos += 1;
                }
                let mut args = Vec::new();
                if !matches!(self.peek(), Some(Tok::RParen)) {
                    loop {
                        args.push(self.nested(Parser::condition)?);
                        if matches!(self.peek(), Some(Tok::Comma)) {
                            self.pos += 1;
                        } else {
                            break;
                        }
                    }
                }
                self.expect(Tok::RParen, "')'")?;
                if distinct {
                    return match args.as_slice() {
                        [a] => Ok(Expr::Agg(AggFn::CountDistinct, Some(Box::new(a.clone())))),
                        _ => Err(SqlProblem::Arity {
                            name: "count(DISTINCT ...)".into(),
                            want: 1,
                        }),
                    };
                }
                // int(x), string(x), ...: a cast, named as its argument (as Spark names it).
                if let (Some(t), [a]) = (cast_function(&lname), args.as_slice()) {
                    let name = a.name();
                    return Ok(Expr::Alias(
                        Box::new(Expr::Cast(Box::new(a.clone()), t)),
                        name,
                    ));
                }
                // explode(array): one row per item (a select item by itself).
                if lname == "explode" {
                    return match <[Expr; 1]>::try_from(args) {
                        Ok([a]) => Ok(Expr::Explode(Box::new(a))),
                        Err(_) => Err(SqlProblem::Arity {
                            name: w.to_string(),
                            want: 1,
                        }),
                    };
                }
                if let Some(f) = AggFn::by_name(&lname) {
                    return match (f, args.len(), args.first()) {
                        // count(*) and count(1) count rows; Spark names both count(1).
                        (AggFn::Count, 1, Some(Expr::Star | Expr::Lit(Cell::Int(1)))) => {
                            Ok(Expr::Agg(f, None))
                        }
                        (_, 1, Some(Expr::Star)) => Err(SqlProblem::Unsupported(format!("{w}(*)"))),
                        (_, 1, Some(a)) => Ok(Expr::Agg(f, Some(Box::new(a.clone())))),
                        _ => Err(SqlProblem::Arity {
                            name: w.to_string(),
                            want: 1,
                        }),
                    };
                }
                let Some(&(_, least, most)) = SQL_FUNCTIONS.iter().find(|f| f.0 == lname) else {
                    return Err(SqlProblem::UnsupportedFunction(w.to_string()));
                };
                if args.len() < least || args.len() > most {
                    return Err(SqlProblem::Arity {
                        name: w.to_string(),
                        want: least,
                    });
                }
                let f = if lname == "split" {
                    match args.pop() {
                        Some(Expr::Lit(Cell::Str(p))) => Func::Split(p),
                        _ => {
                            return Err(SqlProblem::Unsupported(
                                "split() with a pattern that is not a 'string'".into(),
                            ))
                        }
                    }
                } else {
                    Func::by_name(&lname)
                        .ok_or_else(|| SqlProblem::UnsupportedFunction(w.to_string()))?
                };
                let args = f.complete_args(args);
                f.check_args(&args).map_err(SqlProblem::BadArgument)?;
                Ok(Expr::Func(f, args))
            }
            Some(t) => Err(SqlProblem::Unexpected(format!("{t:?}"))),
            None => Err(SqlProblem::EndsEarly),
        }
    }
}

/// The type a cast function (`int(x)`, `string(x)`, ...) casts to.
fn cast_function(name: &str) -> Option<DataType> {
    match name {
        "boolean" | "int" | "bigint" | "double" | "float" | "string" | "timestamp" | "date" => {
            DataType::parse(name)
        }
        _ => None,
    }
}

/// The keywords that end a select item or a clause of a query.
const CLAUSE_WORDS: &[&str] = &["from", "where", "group", "order", "limit", "having"];

/// A `SELECT` query `spark.sql` runs on temporary views.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectQuery {
    pub distinct: bool,
    /// The select list (`*` is [`Expr::Star`]), aliases as [`Expr::Alias`].
    pub items: Vec<Expr>,
    /// The view's name.
    pub from: String,
    pub filter: Option<Expr>,
    pub group_by: Vec<Expr>,
    /// `HAVING cond`: a condition on the groups (it may use aggregates).
    pub having: Option<Expr>,
    /// Sort keys, each ascending or not; a number is a select item (1-based).
    pub order_by: Vec<(Expr, bool)>,
    pub limit: Option<usize>,
}

/// What `spark.sql` reads: `SELECT [DISTINCT] items FROM view [WHERE cond]
/// [GROUP BY exprs] [HAVING cond] [ORDER BY expr [ASC|DESC], ...] [LIMIT n]`.
pub const QUERY_ACCEPTED: &str = "SELECT [DISTINCT] ... FROM view [WHERE ...] [GROUP BY ...] [ORDER BY ... [ASC|DESC]] [LIMIT n], with count/sum/avg/min/max";

/// A query streamlab cannot read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("streamlab runs simple queries only ({QUERY_ACCEPTED}; expressions: {ACCEPTED}); in \"{text}\": {problem}")]
pub struct QueryError {
    pub text: String,
    pub problem: SqlProblem,
}

impl Parser {
    fn item(&mut self) -> Result<Expr, SqlProblem> {
        let e = self.condition()?;
        if self.keyword("as") {
            self.pos += 1;
            return match self.next() {
                Some(Tok::Ident(a)) => Ok(Expr::Alias(Box::new(e), a)),
                _ => Err(SqlProblem::Expected("a name after AS")),
            };
        }
        match self.peek().cloned() {
            Some(Tok::Ident(a)) if !CLAUSE_WORDS.contains(&a.to_ascii_lowercase().as_str()) => {
                if matches!(
                    a.to_ascii_lowercase().as_str(),
                    "like" | "in" | "is" | "between" | "rlike" | "join" | "union"
                ) {
                    return Err(SqlProblem::Unsupported(a));
                }
                self.pos += 1;
                Ok(Expr::Alias(Box::new(e), a))
            }
            _ => Ok(e),
        }
    }

    fn list(
        &mut self,
        one: fn(&mut Parser) -> Result<Expr, SqlProblem>,
    ) -> Result<Vec<Expr>, SqlProblem> {
        let mut out = vec![one(self)?];
        while matches!(self.peek(), Some(Tok::Comma)) {
            self.pos += 1;
            out.push(one(self)?);
        }
        Ok(out)
    }

    fn word(&mut self, k: &'static str) -> Result<(), SqlProblem> {
        if self.keyword(k) {
            self.pos += 1;
            Ok(())
        } else {
            Err(SqlProblem::Expected(k))
        }
    }

    fn query(&mut self) -> Result<SelectQuery, SqlProblem> {
        self.word("SELECT")?;
        let distinct = self.keyword("distinct");
        if distinct {
            self.pos += 1;
        }
        let items = self.list(Parser::item)?;
        self.word("FROM")?;
        let from = match self.next() {
            Some(Tok::Ident(v)) => v,
            _ => return Err(SqlProblem::Expected("a view name after FROM")),
        };
        let mut q = SelectQuery {
            distinct,
            items,
            from,
            filter: None,
            group_by: Vec::new(),
            having: None,
            order_by: Vec::new(),
            limit: None,
        };
        if self.keyword("where") {
            self.pos += 1;
            q.filter = Some(self.condition()?);
        }
        if self.keyword("group") {
            self.pos += 1;
            self.word("BY")?;
            q.group_by = self.list(Parser::comparison)?;
        }
        if self.keyword("having") {
            self.pos += 1;
            q.having = Some(self.condition()?);
        }
        if self.keyword("order") {
            self.pos += 1;
            self.word("BY")?;
            loop {
                let e = self.comparison()?;
                let asc = if self.keyword("desc") {
                    self.pos += 1;
                    false
                } else {
                    if self.keyword("asc") {
                        self.pos += 1;
                    }
                    true
                };
                q.order_by.push((e, asc));
                if matches!(self.peek(), Some(Tok::Comma)) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }
        if self.keyword("limit") {
            self.pos += 1;
            q.limit = match self.next() {
                Some(Tok::Num(n)) => Some(n.parse().map_err(|_| SqlProblem::NotANumber(n))?),
                _ => return Err(SqlProblem::Expected("a number after LIMIT")),
            };
        }
        match self.peek() {
            None => Ok(q),
            Some(Tok::Ident(w)) => Err(SqlProblem::Unsupported(w.clone())),
            Some(t) => Err(SqlProblem::Unexpected(format!("{t:?}"))),
        }
    }
}

/// Parse a `SELECT` query (a trailing `;` is allowed).
pub fn parse_sql_query(text: &str) -> Result<SelectQuery, QueryError> {
    let fail = |problem: SqlProblem| QueryError {
        text: text.to_string(),
        problem,
    };
    let body = text.trim().trim_end_matches(';');
    let toks = tokenize(body).map_err(fail)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    p.query().map_err(fail)
}

/// Parse one SQL expression, with an optional alias (`expr AS name` or `expr name`).
pub fn parse_sql_expr(text: &str) -> Result<Expr, SqlError> {
    let fail = |problem: SqlProblem| SqlError {
        text: text.to_string(),
        problem,
    };
    let toks = tokenize(text).map_err(fail)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let e = p.condition().map_err(fail)?;
    let e = if p.keyword("as") {
        p.pos += 1;
        match p.next() {
            Some(Tok::Ident(a)) => Expr::Alias(Box::new(e), a),
            _ => return Err(fail(SqlProblem::Expected("a name after AS"))),
        }
    } else if let Some(Tok::Ident(a)) = p.peek().cloned() {
        if matches!(
            a.to_ascii_lowercase().as_str(),
            "like" | "in" | "is" | "between" | "rlike"
        ) {
            return Err(fail(SqlProblem::Unsupported(a)));
        }
        p.pos += 1;
        Expr::Alias(Box::new(e), a)
    } else {
        e
    };
    if p.pos < p.toks.len() {
        return Err(fail(SqlProblem::Unexpected(format!("{:?}", p.toks[p.pos]))));
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_literals_add_to_timestamps_and_a_column_may_be_named_interval() {
        let e = parse_sql_expr("t + interval 1 hour 30 minutes").unwrap();
        let Expr::Arith(ArithOp::Add, _, b) = &e else {
            panic!("an addition: {e:?}")
        };
        assert!(matches!(b.as_ref(), Expr::Interval(5_400_000)));
        assert_eq!(
            parse_sql_expr("INTERVAL '10' MINUTE").unwrap().name(),
            "INTERVAL '10' MINUTE"
        );
        let bound = e
            .bind(&vec![("t".to_string(), DataType::Timestamp)])
            .unwrap();
        assert_eq!(
            bound.eval(&vec![Cell::Timestamp(1_000)], 0),
            Cell::Timestamp(5_401_000)
        );
        assert!(matches!(parse_sql_expr("interval").unwrap(), Expr::Col(_)));
        assert!(parse_sql_expr("interval 3 fortnights").is_err());
    }

    #[test]
    fn names_follow_spark() {
        assert_eq!(parse_sql_expr("value").unwrap().name(), "value");
        assert_eq!(
            parse_sql_expr("upper(value)").unwrap().name(),
            "upper(value)"
        );
        assert_eq!(parse_sql_expr("n * 2 + 1").unwrap().name(), "((n * 2) + 1)");
        assert_eq!(parse_sql_expr("`my col` x").unwrap().name(), "x");
        assert_eq!(
            parse_sql_expr("CAST(n AS string)").unwrap().name(),
            "CAST(n AS STRING)"
        );
        // A cast of a column keeps the column's name (PySpark 3.5.9).
        assert_eq!(
            parse_sql_expr("CAST(n AS long)").unwrap().output_name(),
            "n"
        );
        assert_eq!(
            parse_sql_expr("CAST(n AS DOUBLE) * 2")
                .unwrap()
                .output_name(),
            "(CAST(n AS DOUBLE) * 2)"
        );
    }

    #[test]
    fn unsupported_sql_says_what_is_accepted() {
        for bad in [
            "a LIKE 'x%' ESCAPE '#'",
            "count(*) + ",
            "case a end",
            "from_json(value, 'a INT')",
        ] {
            let err = parse_sql_expr(bad).unwrap_err();
            assert_eq!(err.text, bad);
            assert!(
                err.to_string().contains("simple SQL expressions only"),
                "{bad}: {err}"
            );
        }
    }

    /// Names recorded on PySpark 3.5.9 for a window column `s`.
    #[test]
    fn window_fields_are_named_as_spark_names_them() {
        let schema = vec![("s".to_string(), DataType::Window)];
        let named = |text: &str| {
            let e = parse_sql_expr(text).unwrap().bind(&schema).unwrap();
            (e.output_name(), e.data_type(&schema))
        };
        assert_eq!(
            named("CAST(s.start AS LONG)"),
            ("CAST(s.start AS BIGINT)".into(), DataType::Long)
        );
        assert_eq!(named("s.end"), ("end".into(), DataType::Timestamp));
        assert_eq!(
            named("CAST(s.end AS LONG) - CAST(s.start AS LONG) AS d").0,
            "d"
        );
        let row = vec![Cell::Window(10_000, 25_500)];
        let e = parse_sql_expr("CAST(s.end AS LONG) - CAST(s.start AS LONG)")
            .unwrap()
            .bind(&schema)
            .unwrap();
        assert_eq!(e.eval(&row, 0), Cell::Int(15));
    }

    #[test]
    fn queries_have_their_clauses() {
        let q = parse_sql_query(
            "select word, count(*) as total from words where word != '' group by word order by total desc, 1 limit 3;",
        )
        .unwrap();
        assert_eq!(q.items.len(), 2);
        assert_eq!(q.items[1].name(), "total");
        assert_eq!(q.items[1].unaliased().name(), "count(1)");
        assert_eq!(q.from, "words");
        assert_eq!(
            q.filter.as_ref().map(|f| f.name()).as_deref(),
            Some("(NOT (word = ))")
        );
        assert_eq!(q.group_by, vec![Expr::col("word")]);
        assert_eq!(q.order_by[0], (Expr::col("total"), false));
        assert_eq!(q.order_by[1], (Expr::Lit(Cell::Int(1)), true));
        assert_eq!(q.limit, Some(3));
        let having = parse_sql_query("select a, count(*) from t group by a having count(*) > 1")
            .unwrap()
            .having
            .map(|h| h.name());
        assert_eq!(having.as_deref(), Some("(count(1) > 1)"));
        let bad = parse_sql_query("select * from a join b").unwrap_err();
        assert_eq!(bad.problem, SqlProblem::Unsupported("join".into()));
        assert!(parse_sql_query("delete from words").is_err());
    }

    /// Names and results recorded on PySpark 3.5.9.
    #[test]
    fn like_in_between_are_named_and_evaluated_as_spark_does() {
        let schema = vec![
            ("value".to_string(), DataType::String),
            ("n".to_string(), DataType::Int),
        ];
        let run = |text: &str, row: Vec<Cell>| {
            let e = parse_sql_expr(text).unwrap().bind(&schema).unwrap();
            (e.output_name(), e.eval(&row, 0).show())
        };
        let cat = || vec![Cell::str("cat"), Cell::Int(3)];
        let none = || vec![Cell::Null, Cell::Int(5)];
        assert_eq!(
            run("value like 'c%'", cat()),
            ("value LIKE c%".into(), "true".into())
        );
        assert_eq!(
            run("value not like 'c%'", cat()),
            ("(NOT value LIKE c%)".into(), "false".into())
        );
        assert_eq!(run("value like '_a_'", cat()).1, "true");
        assert_eq!(run("value like '_a'", cat()).1, "false");
        assert_eq!(run("value like 'c%'", none()).1, "NULL");
        assert_eq!(
            run("value in ('dog', 'owl')", cat()),
            ("(value IN (dog, owl))".into(), "false".into())
        );
        assert_eq!(
            run("value not in ('dog')", cat()),
            ("(NOT (value IN (dog)))".into(), "true".into())
        );
        assert_eq!(
            run("n in (null, 3)", cat()),
            ("(n IN (NULL, 3))".into(), "true".into())
        );
        assert_eq!(run("n in (null, 4)", cat()).1, "NULL");
        assert_eq!(
            run("n between 1 and 4", cat()),
            ("((n >= 1) AND (n <= 4))".into(), "true".into())
        );
        assert_eq!(run("n not between 1 and 4", none()).1, "true");
        assert_eq!(
            run("value rlike '^c'", cat()),
            ("RLIKE(value, ^c)".into(), "true".into())
        );
        assert_eq!(
            run("value not rlike 'c'", cat()),
            ("(NOT RLIKE(value, c))".into(), "false".into())
        );
    }

    #[test]
    fn each_problem_is_typed() {
        let problem = |text: &str| parse_sql_expr(text).unwrap_err().problem;
        assert_eq!(
            problem("a LIKE 'x%' ESCAPE '#'"),
            SqlProblem::Unsupported("LIKE ... ESCAPE".into())
        );
        assert_eq!(
            problem("a IN (SELECT b FROM t)"),
            SqlProblem::Unsupported("IN (SELECT ...)".into())
        );
        assert_eq!(problem("a BETWEEN 1"), SqlProblem::Expected("AND"));
        assert_eq!(problem("a AS"), SqlProblem::Expected("a name after AS"));
        assert_eq!(problem("'open"), SqlProblem::UnclosedString);
        assert_eq!(problem("a +"), SqlProblem::EndsEarly);
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(problem(&deep), SqlProblem::TooDeep(MAX_DEPTH));
        assert_eq!(
            problem(&"NOT ".repeat(10_000)),
            SqlProblem::TooDeep(MAX_DEPTH)
        );
        let calls = format!("{}a{}", "lower(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(problem(&calls), SqlProblem::TooDeep(MAX_DEPTH));
        assert_eq!(
            problem(&format!("{}1", "- ".repeat(10_000))),
            SqlProblem::TooDeep(MAX_DEPTH)
        );
        assert_eq!(problem("a ? b"), SqlProblem::BadChar('?'));
        assert_eq!(
            problem("from_json(value, 'a INT')"),
            SqlProblem::UnsupportedFunction("from_json".into())
        );
        assert!(parse_sql_expr("from_json(value, 'a INT')")
            .unwrap_err()
            .to_string()
            .contains("get_json_object"));
        assert_eq!(
            problem("a IS 3"),
            SqlProblem::Expected("NULL after IS [NOT]")
        );
        assert_eq!(problem("CASE WHEN a THEN 1"), SqlProblem::Expected("END"));
        assert!(matches!(
            problem("date_format(t, 'yyyy QQ')"),
            SqlProblem::BadArgument(m) if m.contains("'Q'")
        ));
    }

    /// Names recorded on PySpark 3.5.9 (`expr(...)` over a static DataFrame).
    #[test]
    fn new_expressions_are_named_as_spark_names_them() {
        let name = |t: &str| parse_sql_expr(t).unwrap().name();
        assert_eq!(
            name("CASE WHEN n > 5 THEN 'big' WHEN n IS NULL THEN 'none' ELSE 'small' END"),
            "CASE WHEN (n > 5) THEN big WHEN (n IS NULL) THEN none ELSE small END"
        );
        assert_eq!(
            name("CASE n WHEN 3 THEN 'three' ELSE 'other' END"),
            "CASE WHEN (n = 3) THEN three ELSE other END"
        );
        assert_eq!(name("m IS NOT NULL"), "(m IS NOT NULL)");
        assert_eq!(name("substring(s, 2, 2)"), "substring(s, 2, 2)");
        assert_eq!(name("concat(s, '?')"), "concat(s, ?)");
        assert_eq!(name("coalesce(m, 'dflt')"), "coalesce(m, dflt)");
        assert_eq!(
            name("regexp_replace(s, 'a', 'A')"),
            "regexp_replace(s, a, A, 1)"
        );
        assert_eq!(name("concat_ws(',', s, m)"), "concat_ws(,, s, m)");
        assert_eq!(name("count(DISTINCT s)"), "count(DISTINCT s)");
        assert_eq!(name("split(value, ',')[0]"), "split(value, ,, -1)[0]");
    }

    #[test]
    fn case_and_is_null_evaluate_with_sql_semantics() {
        let schema = vec![("n".to_string(), DataType::Int)];
        let e = parse_sql_expr("CASE WHEN n > 5 THEN 'big' WHEN n IS NULL THEN 'none' END")
            .unwrap()
            .bind(&schema)
            .unwrap();
        assert_eq!(e.eval(&vec![Cell::Int(9)], 0), Cell::str("big"));
        assert_eq!(e.eval(&vec![Cell::Null], 0), Cell::str("none"));
        assert_eq!(e.eval(&vec![Cell::Int(1)], 0), Cell::Null);
        assert_eq!(e.data_type(&schema), DataType::String);
    }
}
