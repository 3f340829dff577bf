//! The small SQL expressions `selectExpr("length(value) AS n")` and
//! `where("n > 3")` accept: column names (plain or in backticks), numbers,
//! 'strings', `+ - * / %`, comparisons (`= == != <> < <= > >=`), parentheses,
//! `CAST(x AS type)`, the functions lower, upper, trim, length, to_timestamp
//! and current_timestamp, and `AS alias`. Anything else is refused with a
//! message that says what is accepted (Spark accepts all of SQL here).
//!
//! ```
//! use streamlab::structured::sql::parse_sql_expr;
//! assert_eq!(parse_sql_expr("length(value) AS n").unwrap().name(), "n");
//! assert_eq!(parse_sql_expr("n >= 3").unwrap().name(), "(n >= 3)");
//! assert!(parse_sql_expr("n > 1 AND n < 3").is_err());
//! ```

use super::cell::{Cell, DataType};
use super::expr::{ArithOp, CmpOp, Expr, Func};

/// What the error messages say is accepted.
pub const ACCEPTED: &str = "column names, numbers, 'strings', + - * / %, comparisons, CAST(x AS type), lower/upper/trim/length/to_timestamp/current_timestamp(...) and AS alias";

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(String),
    Str(String),
    Op(&'static str),
    LParen,
    RParen,
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
    #[error("the function '{0}' is not supported")]
    UnsupportedFunction(String),
    #[error("{name}() takes {want} argument(s)")]
    Arity { name: String, want: usize },
    #[error("unexpected {0}")]
    Unexpected(String),
    #[error("the expression ends too early")]
    EndsEarly,
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
            while i < cs.len() && (cs[i].is_alphanumeric() || cs[i] == '_') {
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
}

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

    fn comparison(&mut self) -> Result<Expr, SqlProblem> {
        let left = self.sum()?;
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

    fn sum(&mut self) -> Result<Expr, SqlProblem> {
        let mut e = self.product()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("+")) => ArithOp::Add,
                Some(Tok::Op("-")) => ArithOp::Sub,
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
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
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
                let e = self.comparison()?;
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
                        "and" | "or" | "not" | "case" | "when" | "like" | "in" | "is"
                        | "between" => Err(SqlProblem::Unsupported(w.to_string())),
                        _ => Ok(Expr::Col(w)),
                    };
                }
                self.pos += 1;
                let lname = w.to_ascii_lowercase();
                if lname == "cast" {
                    let e = self.comparison()?;
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
                let mut args = Vec::new();
                if !matches!(self.peek(), Some(Tok::RParen)) {
                    loop {
                        args.push(self.comparison()?);
                        if matches!(self.peek(), Some(Tok::Comma)) {
                            self.pos += 1;
                        } else {
                            break;
                        }
                    }
                }
                self.expect(Tok::RParen, "')'")?;
                let f = match lname.as_str() {
                    "lower" | "lcase" => Func::Lower,
                    "upper" | "ucase" => Func::Upper,
                    "trim" => Func::Trim,
                    "length" | "char_length" => Func::Length,
                    "to_timestamp" => Func::ToTimestamp,
                    "current_timestamp" | "now" => Func::CurrentTimestamp,
                    _ => return Err(SqlProblem::UnsupportedFunction(w.to_string())),
                };
                let want = usize::from(f != Func::CurrentTimestamp);
                if args.len() != want {
                    return Err(SqlProblem::Arity {
                        name: w.to_string(),
                        want,
                    });
                }
                Ok(Expr::Func(f, args))
            }
            Some(t) => Err(SqlProblem::Unexpected(format!("{t:?}"))),
            None => Err(SqlProblem::EndsEarly),
        }
    }
}

/// Parse one SQL expression, with an optional alias (`expr AS name` or `expr name`).
pub fn parse_sql_expr(text: &str) -> Result<Expr, SqlError> {
    let fail = |problem: SqlProblem| SqlError {
        text: text.to_string(),
        problem,
    };
    let toks = tokenize(text).map_err(fail)?;
    let mut p = Parser { toks, pos: 0 };
    let e = p.comparison().map_err(fail)?;
    let e = if p.keyword("as") {
        p.pos += 1;
        match p.next() {
            Some(Tok::Ident(a)) => Expr::Alias(Box::new(e), a),
            _ => return Err(fail(SqlProblem::Expected("a name after AS"))),
        }
    } else if let Some(Tok::Ident(a)) = p.peek().cloned() {
        if matches!(a.to_ascii_lowercase().as_str(), "and" | "or") {
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
    }

    #[test]
    fn unsupported_sql_says_what_is_accepted() {
        for bad in [
            "a LIKE 'x%'",
            "count(*) + ",
            "case when a then b end",
            "split(value, ' ')",
        ] {
            let err = parse_sql_expr(bad).unwrap_err();
            assert_eq!(err.text, bad);
            assert!(
                err.to_string().contains("simple SQL expressions only"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn each_problem_is_typed() {
        let problem = |text: &str| parse_sql_expr(text).unwrap_err().problem;
        assert!(matches!(problem("a LIKE 'x%'"), SqlProblem::Unexpected(_)));
        assert_eq!(problem("a AS"), SqlProblem::Expected("a name after AS"));
        assert_eq!(problem("'open"), SqlProblem::UnclosedString);
        assert_eq!(problem("a +"), SqlProblem::EndsEarly);
        assert_eq!(problem("a ? b"), SqlProblem::BadChar('?'));
        assert_eq!(
            problem("split(value, ' ')"),
            SqlProblem::UnsupportedFunction("split".into())
        );
    }
}
