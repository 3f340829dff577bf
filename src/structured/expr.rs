//! Column expressions: what `col("x") + 1`, `split(value, " ")`,
//! `window(t, "10 minutes")` and `count("*")` build.
//!
//! An expression is built against names ([`Expr::Col`]); [`Expr::bind`]
//! resolves the names against an input schema (Spark's analysis, with its
//! "cannot be resolved" error) and gives an expression that reads cells by
//! index. [`Expr::name`] is the column name Spark gives an unaliased
//! expression (`(len + 1)`, `count(1)`, `lower(word)`).
//!
//! ```
//! use streamlab::structured::expr::{Expr, ArithOp};
//! use streamlab::structured::cell::{Cell, DataType};
//! let e = Expr::Arith(ArithOp::Mul, Box::new(Expr::col("n")), Box::new(Expr::Lit(Cell::Int(2))));
//! assert_eq!(e.name(), "(n * 2)");
//! let schema = vec![("n".to_string(), DataType::Int)];
//! let bound = e.bind(&schema).unwrap();
//! assert_eq!(bound.eval(&vec![Cell::Int(21)], 0), Cell::Int(42));
//! ```

use std::cmp::Ordering;
use std::sync::Arc;

use super::cell::{parse_timestamp, Cell, DataType, Row};

/// A schema: column names and types, in order.
pub type Schema = Vec<(String, DataType)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl ArithOp {
    fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
            ArithOp::Mod => "%",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
}

impl CmpOp {
    /// The operator with its operands swapped (`1 < c` is `c > 1`).
    pub fn flipped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::LtE => CmpOp::GtE,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::GtE => CmpOp::LtE,
            other => other,
        }
    }
}

/// The scalar functions of `pyspark.sql.functions` streamlab offers.
#[derive(Debug, Clone, PartialEq)]
pub enum Func {
    Lower,
    Upper,
    Trim,
    Length,
    /// `split(str, pattern)`: Java regex semantics (trailing empty strings kept).
    Split(Arc<str>),
    ToTimestamp,
    CurrentTimestamp,
    /// `coalesce(a, b, ...)`: the first argument that is not null.
    Coalesce,
    /// `concat(a, b, ...)`: null if any argument is null.
    Concat,
    /// `concat_ws(sep, a, b, ...)`: the first argument is the separator; nulls are skipped.
    ConcatWs,
    /// `regexp_extract(str, pattern, idx)`.
    RegexpExtract,
    /// `regexp_replace(str, pattern, replacement)`.
    RegexpReplace,
    /// `substring(str, pos, len)`: 1-based; a negative position counts from the end.
    Substring,
    /// `date_format(timestamp, pattern)`: Java's datetime pattern letters.
    DateFormat,
    /// `get_json_object(json, path)`.
    GetJsonObject,
    /// `element_at(array, index)`: 1-based; a negative index counts from the end.
    ElementAt,
    /// `size(array)`: -1 for a null array (Spark's default).
    Size,
    /// `array_contains(array, value)`.
    ArrayContains,
    /// `str LIKE pattern` (`%` any text, `_` one character, `\\` escapes).
    Like,
    /// `str RLIKE regex`: the regex matches somewhere in the string.
    RLike,
    /// `x IN (a, b, ...)`: the first argument is `x`.
    In,
    /// `year(d)`, `month(d)`, ...: a part of a date or timestamp, as an int.
    DatePart(DatePart),
    /// `to_date(col[, format])`.
    ToDate,
    /// `date_add(start, days)` / `date_sub(start, days)`.
    DateAdd,
    DateSub,
    /// `datediff(end, start)`: days.
    DateDiff,
    /// `current_date()`: the date of the micro-batch's time.
    CurrentDate,
    /// `date_trunc(unit, timestamp)`.
    DateTrunc,
    /// `unix_timestamp(t, format)`: seconds since the epoch.
    UnixTimestamp,
    /// `from_unixtime(seconds, format)`: text.
    FromUnixtime,
    /// `nanvl(a, b)`: b where a is NaN.
    Nanvl,
    /// `add_months(start, months)`: the day clamped to the month's last.
    AddMonths,
    /// `last_day(date)`: the last day of its month.
    LastDay,
    /// SQL's `if(cond, a, b)`.
    If,
    /// SQL's `nvl(a, b)` and `ifnull(a, b)` (as coalesce; the flag: named ifnull).
    Nvl(bool),
    /// `abs(x)`.
    Abs,
    /// `round(x, scale)`: half away from zero, on the decimal digits Java prints.
    Round,
}

/// The parts of a date or timestamp `year(...)`, `hour(...)`, ... read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Year,
    Month,
    DayOfMonth,
    DayOfWeek,
    DayOfYear,
    Hour,
    Minute,
    Second,
    /// ISO 8601 week of the year (weeks start on Monday; week 1 has 4 days or more).
    WeekOfYear,
    Quarter,
}

impl DatePart {
    pub const ALL: [DatePart; 10] = [
        DatePart::Year,
        DatePart::Month,
        DatePart::DayOfMonth,
        DatePart::DayOfWeek,
        DatePart::DayOfYear,
        DatePart::Hour,
        DatePart::Minute,
        DatePart::Second,
        DatePart::WeekOfYear,
        DatePart::Quarter,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DatePart::Year => "year",
            DatePart::Month => "month",
            DatePart::DayOfMonth => "dayofmonth",
            DatePart::DayOfWeek => "dayofweek",
            DatePart::DayOfYear => "dayofyear",
            DatePart::Hour => "hour",
            DatePart::Minute => "minute",
            DatePart::Second => "second",
            DatePart::WeekOfYear => "weekofyear",
            DatePart::Quarter => "quarter",
        }
    }
}

/// The pattern `unix_timestamp` and `from_unixtime` use when given none.
pub const DEFAULT_TIME_FORMAT: &str = "yyyy-MM-dd HH:mm:ss";

/// The scalar functions SQL expressions (`expr`, `selectExpr`, `where`) can
/// call, by Spark's name, with how many arguments each takes (at least, at
/// most): the one table the SQL parser reads. `split` takes its pattern as
/// a string literal.
pub const SQL_FUNCTIONS: &[(&str, usize, usize)] = &[
    ("lower", 1, 1),
    ("lcase", 1, 1),
    ("upper", 1, 1),
    ("ucase", 1, 1),
    ("trim", 1, 1),
    ("length", 1, 1),
    ("char_length", 1, 1),
    ("split", 2, 2),
    ("current_timestamp", 0, 0),
    ("now", 0, 0),
    ("coalesce", 1, usize::MAX),
    ("concat", 0, usize::MAX),
    ("concat_ws", 1, usize::MAX),
    ("regexp_extract", 2, 3),
    ("regexp_replace", 3, 3),
    ("substring", 2, 3),
    ("substr", 2, 3),
    ("date_format", 2, 2),
    ("get_json_object", 2, 2),
    ("element_at", 2, 2),
    ("size", 1, 1),
    ("array_contains", 2, 2),
    ("year", 1, 1),
    ("month", 1, 1),
    ("day", 1, 1),
    ("dayofmonth", 1, 1),
    ("dayofweek", 1, 1),
    ("dayofyear", 1, 1),
    ("hour", 1, 1),
    ("minute", 1, 1),
    ("second", 1, 1),
    ("to_date", 1, 2),
    ("to_timestamp", 1, 2),
    ("date_add", 2, 2),
    ("date_sub", 2, 2),
    ("datediff", 2, 2),
    ("current_date", 0, 0),
    ("date_trunc", 2, 2),
    ("unix_timestamp", 0, 2),
    ("from_unixtime", 1, 2),
    ("nanvl", 2, 2),
    ("weekofyear", 1, 1),
    ("quarter", 1, 1),
    ("add_months", 2, 2),
    ("last_day", 1, 1),
    ("if", 3, 3),
    ("nvl", 2, 2),
    ("ifnull", 2, 2),
    ("abs", 1, 1),
    ("round", 1, 2),
];

impl Func {
    /// The function a SQL name calls (`split` aside, which needs its pattern).
    pub fn by_name(name: &str) -> Option<Func> {
        Some(match name {
            "lower" | "lcase" => Func::Lower,
            "upper" | "ucase" => Func::Upper,
            "trim" => Func::Trim,
            "length" | "char_length" => Func::Length,
            "to_timestamp" => Func::ToTimestamp,
            "current_timestamp" | "now" => Func::CurrentTimestamp,
            "coalesce" => Func::Coalesce,
            "concat" => Func::Concat,
            "concat_ws" => Func::ConcatWs,
            "regexp_extract" => Func::RegexpExtract,
            "regexp_replace" => Func::RegexpReplace,
            "substring" | "substr" => Func::Substring,
            "date_format" => Func::DateFormat,
            "get_json_object" => Func::GetJsonObject,
            "element_at" => Func::ElementAt,
            "size" => Func::Size,
            "array_contains" => Func::ArrayContains,
            "day" => Func::DatePart(DatePart::DayOfMonth),
            "to_date" => Func::ToDate,
            "date_add" => Func::DateAdd,
            "date_sub" => Func::DateSub,
            "datediff" => Func::DateDiff,
            "current_date" => Func::CurrentDate,
            "date_trunc" => Func::DateTrunc,
            "unix_timestamp" => Func::UnixTimestamp,
            "from_unixtime" => Func::FromUnixtime,
            "nanvl" => Func::Nanvl,
            "add_months" => Func::AddMonths,
            "last_day" => Func::LastDay,
            "if" => Func::If,
            "nvl" => Func::Nvl(false),
            "ifnull" => Func::Nvl(true),
            "abs" => Func::Abs,
            "round" => Func::Round,
            other => {
                return DatePart::ALL
                    .into_iter()
                    .find(|p| p.name() == other)
                    .map(Func::DatePart)
            }
        })
    }

    /// Spark's name of the function, as column names show it.
    pub fn name(&self) -> &'static str {
        match self {
            Func::Lower => "lower",
            Func::Upper => "upper",
            Func::Trim => "trim",
            Func::Length => "length",
            Func::Split(_) => "split",
            Func::ToTimestamp => "to_timestamp",
            Func::CurrentTimestamp => "current_timestamp",
            Func::Coalesce => "coalesce",
            Func::Concat => "concat",
            Func::ConcatWs => "concat_ws",
            Func::RegexpExtract => "regexp_extract",
            Func::RegexpReplace => "regexp_replace",
            Func::Substring => "substring",
            Func::DateFormat => "date_format",
            Func::GetJsonObject => "get_json_object",
            Func::ElementAt => "element_at",
            Func::Size => "size",
            Func::ArrayContains => "array_contains",
            Func::Like => "like",
            Func::RLike => "RLIKE",
            Func::In => "in",
            Func::DatePart(p) => p.name(),
            Func::ToDate => "to_date",
            Func::DateAdd => "date_add",
            Func::DateSub => "date_sub",
            Func::DateDiff => "datediff",
            Func::CurrentDate => "current_date",
            Func::DateTrunc => "date_trunc",
            Func::UnixTimestamp => "unix_timestamp",
            Func::FromUnixtime => "from_unixtime",
            Func::Nanvl => "nanvl",
            Func::AddMonths => "add_months",
            Func::LastDay => "last_day",
            Func::If => "if",
            Func::Nvl(false) => "nvl",
            Func::Nvl(true) => "ifnull",
            Func::Abs => "abs",
            Func::Round => "round",
        }
    }

    /// The arguments with the defaults Spark fills in (and shows in the
    /// column's name): `unix_timestamp()` is of `current_timestamp()`, and
    /// `unix_timestamp`/`from_unixtime` use `yyyy-MM-dd HH:mm:ss`.
    pub fn complete_args(&self, mut args: Vec<Expr>) -> Vec<Expr> {
        let fmt = || Expr::Lit(Cell::str(DEFAULT_TIME_FORMAT));
        match self {
            Func::UnixTimestamp if args.is_empty() => {
                vec![Expr::Func(Func::CurrentTimestamp, Vec::new()), fmt()]
            }
            Func::UnixTimestamp | Func::FromUnixtime if args.len() == 1 => {
                args.push(fmt());
                args
            }
            Func::Round if args.len() == 1 => {
                args.push(Expr::Lit(Cell::Int(0)));
                args
            }
            _ => args,
        }
    }

    /// Check the literal arguments a call needs (patterns, positions) when
    /// the expression is built, so a mistake is reported where it was made.
    pub fn check_args(&self, args: &[Expr]) -> Result<(), String> {
        let lit = |i: usize| match args.get(i) {
            Some(Expr::Lit(c)) => Some(c.clone()),
            _ => None,
        };
        match self {
            Func::Like => match lit(1) {
                Some(Cell::Str(p)) => super::functions::like_regex(&p).map(|_| ()),
                _ => Err("streamlab's LIKE takes its pattern as a string literal".into()),
            },
            Func::RegexpExtract | Func::RegexpReplace | Func::RLike => match lit(1) {
                Some(Cell::Str(p)) => regex::Regex::new(&super::functions::java_regex(&p))
                    .map(|_| ())
                    .map_err(|_| {
                        format!(
                            "{}(): the pattern {:?} is not a regular expression streamlab reads",
                            self.name(),
                            &*p
                        )
                    }),
                _ => Err(format!(
                    "streamlab's {}() takes its pattern as a string literal",
                    self.name()
                )),
            },
            Func::ToDate | Func::ToTimestamp | Func::UnixTimestamp | Func::FromUnixtime
                if args.len() == 2 =>
            {
                match lit(1) {
                    Some(Cell::Str(p)) => super::functions::date_pattern(&p).map(|_| ()),
                    _ => Err(format!(
                        "streamlab's {}() takes its format as a string literal",
                        self.name()
                    )),
                }
            }
            Func::DateTrunc => match lit(0) {
                Some(Cell::Str(_)) => Ok(()),
                _ => Err("streamlab's date_trunc() takes its unit as a string literal".into()),
            },
            Func::DateFormat => match lit(1) {
                Some(Cell::Str(p)) => super::functions::date_pattern(&p).map(|_| ()),
                _ => Err("streamlab's date_format() takes its pattern as a string literal".into()),
            },
            Func::GetJsonObject => match lit(1) {
                Some(Cell::Str(p)) => super::functions::json_path(&p).map(|_| ()).ok_or_else(|| {
                    format!("get_json_object(): streamlab reads paths such as $.a.b and $.a[0], not {:?}", &*p)
                }),
                _ => Err("streamlab's get_json_object() takes its path as a string literal".into()),
            },
            _ => Ok(()),
        }
    }
}

/// The aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFn {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    /// `first(col)`: the first value seen (nulls included).
    First,
    /// `last(col)`: the last value seen (nulls included).
    Last,
    /// `collect_list(col)`: the non-null values, in the order seen.
    CollectList,
    /// `collect_set(col)`: the distinct non-null values.
    CollectSet,
    /// `countDistinct(col)`: the number of distinct non-null values (not on
    /// streams, where Spark refuses distinct aggregations).
    CountDistinct,
}

impl AggFn {
    pub fn name(self) -> &'static str {
        match self {
            AggFn::Count | AggFn::CountDistinct => "count",
            AggFn::Sum => "sum",
            AggFn::Avg => "avg",
            AggFn::Min => "min",
            AggFn::Max => "max",
            AggFn::First => "first",
            AggFn::Last => "last",
            AggFn::CollectList => "collect_list",
            AggFn::CollectSet => "collect_set",
        }
    }

    /// The aggregate a SQL name calls (`count(DISTINCT x)` aside).
    pub fn by_name(name: &str) -> Option<AggFn> {
        Some(match name {
            "count" => AggFn::Count,
            "sum" => AggFn::Sum,
            "avg" | "mean" => AggFn::Avg,
            "min" => AggFn::Min,
            "max" => AggFn::Max,
            "first" => AggFn::First,
            "last" => AggFn::Last,
            "collect_list" => AggFn::CollectList,
            "collect_set" => AggFn::CollectSet,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A column by name, before binding.
    Col(String),
    /// A column by index in the input row, after binding (the name kept for display).
    Ref(usize, String),
    Lit(Cell),
    Alias(Box<Expr>, String),
    Cast(Box<Expr>, DataType),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    /// SQL's `a AND b` (`true` for AND, `false` for OR), with three-valued logic.
    Logic(bool, Box<Expr>, Box<Expr>),
    /// SQL's `NOT a`.
    Not(Box<Expr>),
    Func(Func, Vec<Expr>),
    /// `arr[i]` / `arr.getItem(i)`: null when out of range.
    GetItem(Box<Expr>, i64),
    /// `explode(arr)`: one output row per element (only directly in `select`).
    Explode(Box<Expr>),
    /// `window(time, size, slide, start)`, milliseconds: every window containing
    /// the time (only directly in `groupBy`).
    Window {
        time: Box<Expr>,
        size_ms: i64,
        slide_ms: i64,
        start_ms: i64,
    },
    /// `session_window(time, gap)`: the session of each row (only directly in
    /// `groupBy` of a stream, in append or complete mode; static DataFrames
    /// refuse it, see [`super::plan::AnalysisError::SessionWindowNotRun`]).
    SessionWindow {
        time: Box<Expr>,
        gap_ms: i64,
    },
    /// `w.start` / `w.end` of a window column (`true`: the end).
    WindowField(Box<Expr>, bool),
    /// An aggregate; `None` is `count("*")`.
    Agg(AggFn, Option<Box<Expr>>),
    /// `when(c, v).when(...).otherwise(e)` / `CASE WHEN c THEN v ... ELSE e END`:
    /// the value of the first branch whose condition is true.
    Case(Vec<(Expr, Expr)>, Option<Box<Expr>>),
    /// `c.isNull()` / `c IS NULL` (`true`: `isNotNull` / `IS NOT NULL`).
    IsNull(Box<Expr>, bool),
    /// `*` in `select("*")`.
    Star,
    /// `INTERVAL 10 MINUTES`: a day-time interval, in milliseconds; a
    /// timestamp plus or minus one is a timestamp.
    Interval(i64),
}

impl Expr {
    pub fn col(name: &str) -> Expr {
        Expr::Col(name.to_string())
    }

    /// The column name Spark gives this expression when it is not aliased.
    pub fn name(&self) -> String {
        match self {
            Expr::Col(n) | Expr::Ref(_, n) => n.clone(),
            Expr::Lit(Cell::Date(d)) => format!("DATE '{}'", super::cell::format_date_days(*d)),
            Expr::Lit(Cell::Timestamp(ms)) => {
                format!("TIMESTAMP '{}'", super::cell::format_timestamp(*ms))
            }
            Expr::Lit(c) => c.show(),
            Expr::Alias(_, n) => n.clone(),
            Expr::Cast(e, t) => format!("CAST({} AS {})", e.name(), t.sql_name().to_uppercase()),
            Expr::Arith(op, a, b) => format!("({} {} {})", a.name(), op.symbol(), b.name()),
            Expr::Cmp(op, a, b) => {
                let (a, b) = (a.name(), b.name());
                match op {
                    CmpOp::Eq => format!("({a} = {b})"),
                    CmpOp::NotEq => format!("(NOT ({a} = {b}))"),
                    CmpOp::Lt => format!("({a} < {b})"),
                    CmpOp::LtE => format!("({a} <= {b})"),
                    CmpOp::Gt => format!("({a} > {b})"),
                    CmpOp::GtE => format!("({a} >= {b})"),
                }
            }
            Expr::Neg(e) => format!("(- {})", e.name()),
            Expr::Logic(and, a, b) => format!(
                "({} {} {})",
                a.name(),
                if *and { "AND" } else { "OR" },
                b.name()
            ),
            Expr::Not(e) => format!("(NOT {})", e.name()),
            Expr::Func(f, args) => {
                let a: Vec<String> = args.iter().map(|e| e.name()).collect();
                match f {
                    Func::Split(p) => format!("split({}, {p}, -1)", a.join(", ")),
                    // Spark shows the position argument, 1 unless given.
                    Func::RegexpReplace => format!("regexp_replace({}, 1)", a.join(", ")),
                    // Spark's default group is 1, and it shows it.
                    Func::RegexpExtract if a.len() == 2 => {
                        format!("regexp_extract({}, 1)", a.join(", "))
                    }
                    // The length defaults to "the rest of the string".
                    Func::Substring if a.len() == 2 => {
                        format!("substring({}, 2147483647)", a.join(", "))
                    }
                    Func::Like => format!("{} LIKE {}", a[0], a[1..].join(", ")),
                    Func::In => format!("({} IN ({}))", a[0], a[1..].join(", ")),
                    Func::If => format!("(IF({}))", a.join(", ")),
                    f => format!("{}({})", f.name(), a.join(", ")),
                }
            }
            Expr::Case(branches, otherwise) => {
                let mut s = String::from("CASE");
                for (c, v) in branches {
                    s.push_str(&format!(" WHEN {} THEN {}", c.name(), v.name()));
                }
                if let Some(e) = otherwise {
                    s.push_str(&format!(" ELSE {}", e.name()));
                }
                s.push_str(" END");
                s
            }
            Expr::IsNull(e, false) => format!("({} IS NULL)", e.name()),
            Expr::IsNull(e, true) => format!("({} IS NOT NULL)", e.name()),
            Expr::GetItem(e, i) => format!("{}[{i}]", e.name()),
            Expr::Explode(_) => "col".into(),
            Expr::Window { .. } => "window".into(),
            Expr::SessionWindow { .. } => "session_window".into(),
            Expr::WindowField(w, end) => {
                format!("{}.{}", w.name(), if *end { "end" } else { "start" })
            }
            Expr::Agg(f, None) => format!("{}(1)", f.name()),
            Expr::Agg(AggFn::CountDistinct, Some(e)) => format!("count(DISTINCT {})", e.name()),
            Expr::Agg(f, Some(e)) => format!("{}({})", f.name(), e.name()),
            Expr::Star => "*".into(),
            Expr::Interval(ms) => interval_name(*ms),
        }
    }

    /// The name of a column `select` produces: [`Expr::name`], except that a
    /// cast at the top of a named column keeps the column's name
    /// (`col("n").cast("int")` and `CAST(n AS INT)` are `n`, as recorded on
    /// PySpark 3.5.9); a cast of anything else (`CAST(w.start AS BIGINT)`)
    /// and a cast inside other expressions show the cast.
    pub fn output_name(&self) -> String {
        match self {
            Expr::Cast(e, _) if matches!(**e, Expr::Col(_) | Expr::Ref(..) | Expr::Alias(..)) => {
                e.output_name()
            }
            Expr::Cast(..) => self.name(),
            // A struct field selected alone is named by the field.
            Expr::WindowField(_, end) => if *end { "end" } else { "start" }.into(),
            e => e.name(),
        }
    }

    /// The expression without a top-level alias.
    pub fn unaliased(&self) -> &Expr {
        match self {
            Expr::Alias(e, _) => e.unaliased(),
            e => e,
        }
    }

    /// True if an aggregate function occurs anywhere inside.
    pub fn has_agg(&self) -> bool {
        self.any(&|e| matches!(e, Expr::Agg(..)))
    }

    pub fn has_explode(&self) -> bool {
        self.any(&|e| matches!(e, Expr::Explode(_)))
    }

    pub fn has_window(&self) -> bool {
        self.any(&|e| matches!(e, Expr::Window { .. } | Expr::SessionWindow { .. }))
    }

    pub fn has_session_window(&self) -> bool {
        self.any(&|e| matches!(e, Expr::SessionWindow { .. }))
    }

    /// True if `pred` holds for this expression or one inside it.
    pub fn any(&self, pred: &dyn Fn(&Expr) -> bool) -> bool {
        if pred(self) {
            return true;
        }
        match self {
            Expr::Alias(e, _)
            | Expr::Cast(e, _)
            | Expr::Neg(e)
            | Expr::Not(e)
            | Expr::GetItem(e, _)
            | Expr::Explode(e)
            | Expr::WindowField(e, _)
            | Expr::IsNull(e, _)
            | Expr::Agg(_, Some(e)) => e.any(pred),
            Expr::Window { time, .. } | Expr::SessionWindow { time, .. } => time.any(pred),
            Expr::Arith(_, a, b) | Expr::Cmp(_, a, b) | Expr::Logic(_, a, b) => {
                a.any(pred) || b.any(pred)
            }
            Expr::Func(_, args) => args.iter().any(|a| a.any(pred)),
            Expr::Case(branches, otherwise) => {
                branches.iter().any(|(c, v)| c.any(pred) || v.any(pred))
                    || otherwise.as_ref().is_some_and(|e| e.any(pred))
            }
            _ => false,
        }
    }

    /// The input column names this expression reads (after binding: by index).
    pub fn columns(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Ref(i, _) => out.push(*i),
            Expr::Alias(e, _)
            | Expr::Cast(e, _)
            | Expr::Neg(e)
            | Expr::Not(e)
            | Expr::GetItem(e, _)
            | Expr::Explode(e)
            | Expr::WindowField(e, _)
            | Expr::IsNull(e, _)
            | Expr::Agg(_, Some(e)) => e.columns(out),
            Expr::Window { time, .. } | Expr::SessionWindow { time, .. } => time.columns(out),
            Expr::Arith(_, a, b) | Expr::Cmp(_, a, b) | Expr::Logic(_, a, b) => {
                a.columns(out);
                b.columns(out);
            }
            Expr::Func(_, args) => args.iter().for_each(|a| a.columns(out)),
            Expr::Case(branches, otherwise) => {
                for (c, v) in branches {
                    c.columns(out);
                    v.columns(out);
                }
                if let Some(e) = otherwise {
                    e.columns(out);
                }
            }
            _ => {}
        }
    }

    /// Resolve column names against `schema`; the error is Spark's
    /// `UNRESOLVED_COLUMN` message.
    pub fn bind(&self, schema: &Schema) -> Result<Expr, BindError> {
        let b = |e: &Expr| e.bind(schema).map(Box::new);
        Ok(match self {
            Expr::Col(name) => match schema.iter().position(|(n, _)| n == name) {
                Some(i) => Expr::Ref(i, name.clone()),
                // `w.start` / `w.end` of a window column.
                None if window_field(name, schema).is_some() => {
                    let (i, base, end) = window_field(name, schema).unwrap_or_default();
                    Expr::WindowField(Box::new(Expr::Ref(i, base)), end)
                }
                None => {
                    return Err(BindError::Unresolved {
                        name: name.clone(),
                        candidates: schema.iter().map(|(n, _)| n.clone()).collect(),
                    })
                }
            },
            Expr::Ref(..) | Expr::Lit(_) | Expr::Star | Expr::Interval(_) => self.clone(),
            Expr::Alias(e, n) => Expr::Alias(b(e)?, n.clone()),
            Expr::Cast(e, t) => Expr::Cast(b(e)?, *t),
            Expr::Arith(op, x, y) => Expr::Arith(*op, b(x)?, b(y)?),
            Expr::Cmp(op, x, y) => Expr::Cmp(*op, b(x)?, b(y)?),
            Expr::Neg(e) => Expr::Neg(b(e)?),
            Expr::Logic(and, x, y) => Expr::Logic(*and, b(x)?, b(y)?),
            Expr::WindowField(e, end) => Expr::WindowField(b(e)?, *end),
            Expr::SessionWindow { time, gap_ms } => {
                let t = b(time)?;
                if t.data_type(schema) != DataType::Timestamp {
                    return Err(BindError::WindowTime {
                        time: time.name(),
                        found: t.data_type(schema),
                    });
                }
                Expr::SessionWindow {
                    time: t,
                    gap_ms: *gap_ms,
                }
            }
            Expr::Not(e) => Expr::Not(b(e)?),
            Expr::Func(f, args) => Expr::Func(
                f.clone(),
                args.iter()
                    .map(|a| a.bind(schema))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::GetItem(e, i) => Expr::GetItem(b(e)?, *i),
            Expr::IsNull(e, not) => Expr::IsNull(b(e)?, *not),
            Expr::Case(branches, otherwise) => Expr::Case(
                branches
                    .iter()
                    .map(|(c, v)| Ok((c.bind(schema)?, v.bind(schema)?)))
                    .collect::<Result<_, BindError>>()?,
                match otherwise {
                    Some(e) => Some(b(e)?),
                    None => None,
                },
            ),
            Expr::Explode(e) => Expr::Explode(b(e)?),
            Expr::Window {
                time,
                size_ms,
                slide_ms,
                start_ms,
            } => {
                let t = b(time)?;
                if t.data_type(schema) != DataType::Timestamp {
                    return Err(BindError::WindowTime {
                        time: time.name(),
                        found: t.data_type(schema),
                    });
                }
                Expr::Window {
                    time: t,
                    size_ms: *size_ms,
                    slide_ms: *slide_ms,
                    start_ms: *start_ms,
                }
            }
            Expr::Agg(f, e) => Expr::Agg(
                *f,
                match e {
                    Some(e) => Some(b(e)?),
                    None => None,
                },
            ),
        })
    }

    /// The type of the expression's values over `schema` (bound or not).
    pub fn data_type(&self, schema: &Schema) -> DataType {
        match self {
            Expr::Col(n) => schema
                .iter()
                .find(|(m, _)| m == n)
                .map(|c| c.1)
                .unwrap_or(DataType::Null),
            Expr::Ref(i, _) => schema.get(*i).map(|c| c.1).unwrap_or(DataType::Null),
            Expr::Lit(c) => match c {
                Cell::Null => DataType::Null,
                Cell::Bool(_) => DataType::Boolean,
                Cell::Int(_) => DataType::Int,
                Cell::Double(_) => DataType::Double,
                Cell::Str(_) => DataType::String,
                Cell::Timestamp(_) => DataType::Timestamp,
                Cell::Date(_) => DataType::Date,
                Cell::Window(..) => DataType::Window,
                Cell::Array(_) => DataType::StringArray,
            },
            Expr::Alias(e, _) => e.data_type(schema),
            Expr::Cast(_, t) => *t,
            Expr::Arith(_, a, b) if matches!(b.as_ref(), Expr::Interval(_)) => a.data_type(schema),
            Expr::Arith(op, a, b) => {
                let (x, y) = (a.data_type(schema), b.data_type(schema));
                if *op == ArithOp::Div {
                    DataType::Double
                } else if matches!(x, DataType::Int | DataType::Long)
                    && matches!(y, DataType::Int | DataType::Long)
                {
                    if x == DataType::Long || y == DataType::Long {
                        DataType::Long
                    } else {
                        DataType::Int
                    }
                } else {
                    DataType::Double
                }
            }
            Expr::Cmp(..) | Expr::Logic(..) | Expr::Not(_) => DataType::Boolean,
            Expr::Neg(e) => e.data_type(schema),
            Expr::Func(f, args) => match f {
                Func::Length | Func::Size | Func::DatePart(_) | Func::DateDiff => DataType::Int,
                Func::Split(_) => DataType::StringArray,
                Func::ToTimestamp | Func::CurrentTimestamp | Func::DateTrunc => DataType::Timestamp,
                Func::ToDate
                | Func::DateAdd
                | Func::DateSub
                | Func::CurrentDate
                | Func::AddMonths
                | Func::LastDay => DataType::Date,
                Func::UnixTimestamp => DataType::Long,
                Func::Nanvl | Func::Nvl(_) => common_type(args.iter().map(|a| a.data_type(schema))),
                Func::If => common_type(args.iter().skip(1).map(|a| a.data_type(schema))),
                Func::Abs | Func::Round => match args.first().map(|a| a.data_type(schema)) {
                    Some(t @ (DataType::Int | DataType::Long)) => t,
                    _ => DataType::Double,
                },
                Func::ArrayContains | Func::Like | Func::RLike | Func::In => DataType::Boolean,
                Func::Coalesce => common_type(args.iter().map(|a| a.data_type(schema))),
                Func::ElementAt => args
                    .first()
                    .map_or(DataType::Null, |a| a.data_type(schema).element()),
                _ => DataType::String,
            },
            Expr::Case(branches, otherwise) => common_type(
                branches
                    .iter()
                    .map(|(_, v)| v)
                    .chain(otherwise.as_deref())
                    .map(|v| v.data_type(schema)),
            ),
            Expr::IsNull(..) => DataType::Boolean,
            Expr::GetItem(e, _) | Expr::Explode(e) => e.data_type(schema).element(),
            Expr::Window { .. } | Expr::SessionWindow { .. } => DataType::Window,
            Expr::WindowField(..) => DataType::Timestamp,
            Expr::Agg(f, e) => match f {
                AggFn::Count => DataType::Long,
                AggFn::Avg => DataType::Double,
                AggFn::Sum => match e.as_ref().map(|e| e.data_type(schema)) {
                    Some(DataType::Int | DataType::Long) => DataType::Long,
                    _ => DataType::Double,
                },
                AggFn::CountDistinct => DataType::Long,
                AggFn::Min | AggFn::Max | AggFn::First | AggFn::Last => e
                    .as_ref()
                    .map(|e| e.data_type(schema))
                    .unwrap_or(DataType::Null),
                AggFn::CollectList | AggFn::CollectSet => e
                    .as_ref()
                    .map(|e| e.data_type(schema).array_of())
                    .unwrap_or(DataType::Null),
            },
            Expr::Star => DataType::Null,
            // Only a timestamp's offset: its arithmetic gives a timestamp.
            Expr::Interval(_) => DataType::Long,
        }
    }

    /// Evaluate on one bound row. `now_ms` is the trigger's time, what
    /// `current_timestamp()` returns (the same for every row of a trigger, as in
    /// Spark). Explode, window and aggregates are evaluated by the operators
    /// that own them; here they give their argument's value.
    pub fn eval(&self, row: &Row, now_ms: i64) -> Cell {
        match self {
            Expr::Ref(i, _) => row.get(*i).cloned().unwrap_or(Cell::Null),
            Expr::Col(_) | Expr::Star => Cell::Null,
            Expr::Lit(c) => c.clone(),
            Expr::Alias(e, _) => e.eval(row, now_ms),
            Expr::Cast(e, t) => cast(e.eval(row, now_ms), *t),
            Expr::Arith(op @ (ArithOp::Add | ArithOp::Sub), a, b)
                if matches!(b.as_ref(), Expr::Interval(_)) =>
            {
                let (Cell::Timestamp(t), Expr::Interval(ms)) = (a.eval(row, now_ms), b.as_ref())
                else {
                    return Cell::Null;
                };
                Cell::Timestamp(if *op == ArithOp::Add {
                    t.saturating_add(*ms)
                } else {
                    t.saturating_sub(*ms)
                })
            }
            Expr::Arith(op, a, b) => arith(*op, &a.eval(row, now_ms), &b.eval(row, now_ms)),
            Expr::Interval(ms) => Cell::Int(*ms),
            Expr::Cmp(op, a, b) => {
                let (x, y) = (a.eval(row, now_ms), b.eval(row, now_ms));
                match x.compare(&y) {
                    None => Cell::Null,
                    Some(o) => Cell::Bool(match op {
                        CmpOp::Eq => o == Ordering::Equal,
                        CmpOp::NotEq => o != Ordering::Equal,
                        CmpOp::Lt => o == Ordering::Less,
                        CmpOp::LtE => o != Ordering::Greater,
                        CmpOp::Gt => o == Ordering::Greater,
                        CmpOp::GtE => o != Ordering::Less,
                    }),
                }
            }
            Expr::Logic(and, a, b) => {
                let truth = |c: Cell| match c {
                    Cell::Bool(v) => Some(v),
                    _ => None,
                };
                let x = truth(a.eval(row, now_ms));
                // Three-valued: false AND null is false, true OR null is true.
                if x == Some(!*and) {
                    return Cell::Bool(!*and);
                }
                match (x, truth(b.eval(row, now_ms))) {
                    (_, Some(y)) if y != *and => Cell::Bool(y),
                    (Some(_), Some(y)) => Cell::Bool(y),
                    _ => Cell::Null,
                }
            }
            Expr::Not(e) => match e.eval(row, now_ms) {
                Cell::Bool(v) => Cell::Bool(!v),
                _ => Cell::Null,
            },
            Expr::Neg(e) => match e.eval(row, now_ms) {
                Cell::Int(i) => Cell::Int(i.wrapping_neg()),
                Cell::Double(d) => Cell::Double(-d),
                other => match other.as_f64() {
                    Some(d) => Cell::Double(-d),
                    None => Cell::Null,
                },
            },
            Expr::Func(f, args) if f.is_unary() && args.len() <= 1 => {
                let a = args
                    .first()
                    .map(|a| a.eval(row, now_ms))
                    .unwrap_or(Cell::Null);
                func(f, a, now_ms)
            }
            Expr::Func(f, args) => {
                let vals: Vec<Cell> = args.iter().map(|a| a.eval(row, now_ms)).collect();
                super::functions::call(f, &vals)
            }
            Expr::Case(branches, otherwise) => {
                for (c, v) in branches {
                    if c.eval(row, now_ms) == Cell::Bool(true) {
                        return v.eval(row, now_ms);
                    }
                }
                otherwise
                    .as_ref()
                    .map_or(Cell::Null, |e| e.eval(row, now_ms))
            }
            Expr::IsNull(e, not) => Cell::Bool(e.eval(row, now_ms).is_null() != *not),
            Expr::GetItem(e, i) => match e.eval(row, now_ms) {
                Cell::Array(items) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| items.get(i).cloned())
                    .unwrap_or(Cell::Null),
                _ => Cell::Null,
            },
            Expr::Explode(e) | Expr::Window { time: e, .. } => e.eval(row, now_ms),
            Expr::SessionWindow { time, .. } => time.eval(row, now_ms),
            Expr::WindowField(e, end) => match e.eval(row, now_ms) {
                Cell::Window(s, e) => Cell::Timestamp(if *end { e } else { s }),
                _ => Cell::Null,
            },
            Expr::Agg(_, Some(e)) => e.eval(row, now_ms),
            Expr::Agg(_, None) => Cell::Int(1),
        }
    }
}

/// `name` as `column.start` or `column.end` of a window column of `schema`:
/// the column's index and name, and whether it is the end.
fn window_field(name: &str, schema: &Schema) -> Option<(usize, String, bool)> {
    let (base, field) = name.rsplit_once('.')?;
    let end = match field {
        "start" => false,
        "end" => true,
        _ => return None,
    };
    let i = schema
        .iter()
        .position(|(n, t)| n == base && *t == DataType::Window)?;
    Some((i, base.to_string(), end))
}

/// Why an expression does not resolve against a schema; the messages are Spark's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BindError {
    /// No column has the name: the name and the schema's column names.
    #[error("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `{name}` cannot be resolved. Did you mean one of the following? [{}].", backquoted(.candidates))]
    Unresolved {
        name: String,
        candidates: Vec<String>,
    },
    /// `window(time, ...)` over a column that is not a timestamp.
    #[error("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"window({time}, ...)\" due to data type mismatch: the time column must be a timestamp, but `{time}` is of type \"{}\"; convert it with to_timestamp(...)", .found.sql_name().to_uppercase())]
    WindowTime { time: String, found: DataType },
}

/// `` `a`, `b` ``.
fn backquoted(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

/// Every window `[start, start + size)` containing `t`, oldest first; windows
/// are aligned to `start_ms` (mod slide) from the epoch, end exclusive.
///
/// ```
/// use streamlab::structured::expr::windows_of;
/// // 10-minute windows sliding by 5: 12:07:30 is in [12:00,12:10) and [12:05,12:15).
/// let t = 12 * 3_600_000 + 7 * 60_000 + 30_000;
/// let w = windows_of(t, 600_000, 300_000, 0);
/// assert_eq!(w, vec![(43_200_000, 43_800_000), (43_500_000, 44_100_000)]);
/// ```
pub fn windows_of(t: i64, size_ms: i64, slide_ms: i64, start_ms: i64) -> Vec<(i64, i64)> {
    if size_ms <= 0 || slide_ms <= 0 {
        return Vec::new();
    }
    // The latest window start at or before t.
    let last = t - (t - start_ms).rem_euclid(slide_ms);
    let mut out = Vec::new();
    let mut s = last;
    while s > t - size_ms {
        out.push((s, s + size_ms));
        s -= slide_ms;
    }
    out.reverse();
    out
}

/// Spark's (non-ANSI) casts: a value that does not convert becomes null.
pub fn cast(c: Cell, t: DataType) -> Cell {
    if c.is_null() {
        return Cell::Null;
    }
    match t {
        DataType::String => match c {
            Cell::Str(_) => c,
            other => Cell::str(&other.show()),
        },
        DataType::Int | DataType::Long => match c {
            Cell::Int(i) => Cell::Int(if t == DataType::Int {
                i as i32 as i64
            } else {
                i
            }),
            Cell::Double(d) if d.is_finite() => Cell::Int(d.trunc() as i64),
            Cell::Bool(b) => Cell::Int(b as i64),
            Cell::Str(s) => {
                let s = s.trim();
                match s.parse::<i64>() {
                    Ok(i) if t == DataType::Long || i32::try_from(i).is_ok() => Cell::Int(i),
                    Ok(_) => Cell::Null,
                    // "1.9" casts to 1, as in Spark.
                    Err(_) => match s.parse::<f64>() {
                        Ok(d) if d.is_finite() => Cell::Int(d.trunc() as i64),
                        _ => Cell::Null,
                    },
                }
            }
            Cell::Timestamp(ms) => Cell::Int(ms.div_euclid(1000)),
            _ => Cell::Null,
        },
        DataType::Date => match c {
            Cell::Date(_) => c,
            Cell::Timestamp(ms) => Cell::Date(ms.div_euclid(super::cell::DAY_MS)),
            Cell::Str(s) => super::cell::parse_date(&s).map_or(Cell::Null, Cell::Date),
            _ => Cell::Null,
        },
        DataType::Double => match c.as_f64() {
            Some(d) => Cell::Double(d),
            None => Cell::Null,
        },
        DataType::Boolean => match c {
            Cell::Bool(_) => c,
            Cell::Int(i) => Cell::Bool(i != 0),
            Cell::Double(d) => Cell::Bool(d != 0.0),
            Cell::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "t" | "yes" | "y" | "1" => Cell::Bool(true),
                "false" | "f" | "no" | "n" | "0" => Cell::Bool(false),
                _ => Cell::Null,
            },
            _ => Cell::Null,
        },
        DataType::Timestamp => match c {
            Cell::Timestamp(_) => c,
            Cell::Date(d) => Cell::Timestamp(d.saturating_mul(super::cell::DAY_MS)),
            Cell::Str(s) => parse_timestamp(&s).map_or(Cell::Null, Cell::Timestamp),
            Cell::Int(secs) => Cell::Timestamp(secs.saturating_mul(1000)),
            // Seconds with a fraction; streamlab keeps milliseconds.
            Cell::Double(secs) if secs.is_finite() => {
                Cell::Timestamp((secs * 1000.0).floor() as i64)
            }
            _ => Cell::Null,
        },
        _ => c,
    }
}

/// Spark's name of a day-time interval literal: `INTERVAL '10' MINUTE`.
fn interval_name(ms: i64) -> String {
    for (unit, size) in [
        ("DAY", 86_400_000),
        ("HOUR", 3_600_000),
        ("MINUTE", 60_000),
        ("SECOND", 1000),
    ] {
        if ms % size == 0 {
            return format!("INTERVAL '{}' {unit}", ms / size);
        }
    }
    format!("INTERVAL '{}' SECOND", ms as f64 / 1000.0)
}

/// The milliseconds of an interval unit as SQL spells it (`minutes`, `HOUR`).
pub fn interval_unit_ms(unit: &str) -> Option<i64> {
    Some(match unit.to_ascii_lowercase().trim_end_matches('s') {
        "millisecond" => 1,
        "second" => 1000,
        "minute" => 60_000,
        "hour" => 3_600_000,
        "day" => 86_400_000,
        "week" => 7 * 86_400_000,
        _ => return None,
    })
}

fn arith(op: ArithOp, a: &Cell, b: &Cell) -> Cell {
    if let (Cell::Int(x), Cell::Int(y)) = (a, b) {
        return match op {
            ArithOp::Add => Cell::Int(x.wrapping_add(*y)),
            ArithOp::Sub => Cell::Int(x.wrapping_sub(*y)),
            ArithOp::Mul => Cell::Int(x.wrapping_mul(*y)),
            ArithOp::Div if *y == 0 => Cell::Null,
            ArithOp::Div => Cell::Double(*x as f64 / *y as f64),
            ArithOp::Mod if *y == 0 => Cell::Null,
            ArithOp::Mod => Cell::Int(x.wrapping_rem(*y)),
        };
    }
    let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
        return Cell::Null;
    };
    match op {
        ArithOp::Add => Cell::Double(x + y),
        ArithOp::Sub => Cell::Double(x - y),
        ArithOp::Mul => Cell::Double(x * y),
        ArithOp::Div | ArithOp::Mod if y == 0.0 => Cell::Null,
        ArithOp::Div => Cell::Double(x / y),
        ArithOp::Mod => Cell::Double(x % y),
    }
}

fn func(f: &Func, a: Cell, now_ms: i64) -> Cell {
    if matches!(f, Func::CurrentTimestamp) {
        return Cell::Timestamp(now_ms);
    }
    if matches!(f, Func::CurrentDate) {
        return Cell::Date(now_ms.div_euclid(super::cell::DAY_MS));
    }
    if a.is_null() {
        return Cell::Null;
    }
    let text = match &a {
        Cell::Str(s) => s.to_string(),
        other => other.show(),
    };
    match f {
        Func::Lower => Cell::str(&text.to_lowercase()),
        Func::Upper => Cell::str(&text.to_uppercase()),
        // Spark's trim removes spaces only (not tabs).
        Func::Trim => Cell::str(text.trim_matches(' ')),
        Func::Length => Cell::Int(text.chars().count() as i64),
        Func::Split(pattern) => Cell::Array(Arc::new(
            java_split(&text, pattern)
                .into_iter()
                .map(|s| Cell::str(&s))
                .collect(),
        )),
        Func::ToTimestamp => match a {
            Cell::Timestamp(_) => a,
            Cell::Date(d) => Cell::Timestamp(d.saturating_mul(super::cell::DAY_MS)),
            _ => parse_timestamp(&text).map_or(Cell::Null, Cell::Timestamp),
        },
        Func::ToDate => cast(a, DataType::Date),
        Func::DatePart(p) => super::functions::date_part(*p, &a),
        // Functions of several arguments are evaluated by `functions::call`.
        _ => Cell::Null,
    }
}

impl Func {
    /// The functions of one argument, evaluated without collecting arguments.
    fn is_unary(&self) -> bool {
        matches!(
            self,
            Func::Lower
                | Func::Upper
                | Func::Trim
                | Func::Length
                | Func::Split(_)
                | Func::ToTimestamp
                | Func::CurrentTimestamp
                | Func::CurrentDate
                | Func::ToDate
                | Func::DatePart(_)
        )
    }
}

/// The type of values that may come from several expressions (a `CASE`'s
/// branches, `coalesce`'s arguments): Spark's common type, for the types
/// streamlab has (numbers widen to the widest, anything else with a string is a string).
pub fn common_type(types: impl Iterator<Item = DataType>) -> DataType {
    let mut out = DataType::Null;
    for t in types {
        out = match (out, t) {
            (a, DataType::Null) => a,
            (DataType::Null, b) => b,
            (a, b) if a == b => a,
            (a, b) if a.is_numeric() && b.is_numeric() => {
                if a == DataType::Double || b == DataType::Double {
                    DataType::Double
                } else {
                    DataType::Long
                }
            }
            _ => DataType::String,
        };
    }
    out
}

/// A pattern compiled once per thread (a query evaluates the same few
/// patterns for every row); at most [`REGEX_CACHE`] are kept.
pub(crate) fn compiled(pattern: &str) -> Option<regex::Regex> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<String, Option<regex::Regex>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(r) = c.get(pattern) {
            return r.clone();
        }
        if c.len() >= REGEX_CACHE {
            c.clear();
        }
        let r = regex::Regex::new(pattern).ok();
        c.insert(pattern.to_string(), r.clone());
        r
    })
}

const REGEX_CACHE: usize = 64;

/// Split like Java's `String.split(regex, -1)`: trailing empty strings kept;
/// a zero-width match at the start gives no leading empty string.
pub fn java_split(text: &str, pattern: &str) -> Vec<String> {
    // A pattern without regex syntax is a plain separator (Java takes the
    // same shortcut); the common `split(col, " ")` never builds a regex.
    if !pattern.is_empty()
        && !pattern.contains([
            '.', '$', '|', '(', ')', '[', ']', '{', '}', '^', '?', '*', '+', '\\',
        ])
    {
        return text.split(pattern).map(str::to_string).collect();
    }
    let Some(re) = compiled(pattern) else {
        return vec![text.to_string()];
    };
    let mut out = Vec::new();
    let mut last = 0;
    for m in re.find_iter(text) {
        if m.start() == 0 && m.end() == 0 {
            continue;
        }
        if m.start() == m.end() && m.start() == text.len() {
            break;
        }
        out.push(text[last..m.start()].to_string());
        last = m.end();
    }
    out.push(text[last..].to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_empty_strings_like_java() {
        assert_eq!(java_split("cat dog", " "), ["cat", "dog"]);
        assert_eq!(java_split("  a ", " "), ["", "", "a", ""]);
        assert_eq!(java_split("a,b", ","), ["a", "b"]);
        assert_eq!(java_split("a  b", "\\s+"), ["a", "b"]);
        assert_eq!(java_split("", " "), [""]);
    }

    #[test]
    fn every_record_lands_in_size_over_slide_windows() {
        for t in [0i64, 1, 299_999, 300_000, 43_650_000, -5] {
            let w = windows_of(t, 600_000, 300_000, 0);
            assert_eq!(w.len(), 2, "t = {t}");
            assert!(w.iter().all(|(s, e)| *s <= t && t < *e));
        }
        assert_eq!(
            windows_of(43_800_000, 600_000, 600_000, 0),
            [(43_800_000, 44_400_000)]
        );
        assert_eq!(windows_of(10, 600_000, 180_000, 0).len(), 4);
    }

    #[test]
    fn casts_that_fail_give_null() {
        assert_eq!(cast(Cell::str("12"), DataType::Int), Cell::Int(12));
        assert_eq!(cast(Cell::str("x"), DataType::Int), Cell::Null);
        assert_eq!(cast(Cell::Int(3), DataType::String), Cell::str("3"));
        assert_eq!(cast(Cell::str("1.5"), DataType::Double), Cell::Double(1.5));
    }

    #[test]
    fn unresolved_columns_name_the_candidates() {
        let schema = vec![("value".to_string(), DataType::String)];
        let err = Expr::col("valu").bind(&schema).unwrap_err();
        assert_eq!(
            err,
            BindError::Unresolved {
                name: "valu".into(),
                candidates: vec!["value".into()]
            }
        );
        let err = err.to_string();
        assert!(err.contains("`valu` cannot be resolved"), "{err}");
        assert!(err.contains("[`value`]"), "{err}");
    }
}
