//! The scalar functions of several arguments (`coalesce`, `concat`,
//! `regexp_extract`, `substring`, `date_format`, `get_json_object`,
//! `element_at`, ...), evaluated as Spark 3.5 evaluates them with ANSI mode
//! off (its default): a value that does not fit gives null, not an error.
//!
//! ```
//! use streamlab::structured::cell::Cell;
//! use streamlab::structured::expr::Func;
//! use streamlab::structured::functions::call;
//! let s = Cell::str("bb-7");
//! assert_eq!(call(&Func::Substring, &[s.clone(), Cell::Int(-2), Cell::Int(2)]), Cell::str("-7"));
//! assert_eq!(call(&Func::RegexpExtract, &[s, Cell::str(r"(\d+)"), Cell::Int(1)]), Cell::str("7"));
//! ```

use super::cell::Cell;
use super::cell::DAY_MS;
use super::expr::{compiled, DatePart, Func};

/// The regular expression of a SQL `LIKE` pattern: `%` is any text, `_`
/// one character, `\\` makes the next character plain; the whole string
/// must match. A pattern ending in a lone `\\` is refused, as Spark does.
///
/// ```
/// use streamlab::structured::functions::like_regex;
/// assert_eq!(like_regex("a%_.").unwrap(), "(?s)^a.*.\\.$");
/// assert!(like_regex("ab\\").is_err());
/// ```
pub fn like_regex(pattern: &str) -> Result<String, String> {
    let mut out = String::from("(?s)^");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            '\\' => match chars.next() {
                Some(n @ ('%' | '_' | '\\')) => out.push_str(&regex::escape(&n.to_string())),
                _ => {
                    return Err(format!(
                        "the LIKE pattern '{pattern}' is invalid: the escape character is not allowed to precede a character other than %, _ or itself"
                    ))
                }
            },
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    Ok(out)
}

/// Evaluate `f` on its arguments' values.
pub fn call(f: &Func, a: &[Cell]) -> Cell {
    let arg = |i: usize| a.get(i).cloned().unwrap_or(Cell::Null);
    match f {
        Func::Coalesce => a
            .iter()
            .find(|c| !c.is_null())
            .cloned()
            .unwrap_or(Cell::Null),
        Func::Concat => {
            let mut out = String::new();
            for c in a {
                match c {
                    Cell::Null => return Cell::Null,
                    c => out.push_str(&text(c)),
                }
            }
            Cell::str(&out)
        }
        Func::ConcatWs => {
            let sep = match arg(0) {
                Cell::Null => return Cell::Null,
                c => text(&c),
            };
            let mut parts = Vec::new();
            for c in &a[1.min(a.len())..] {
                match c {
                    Cell::Null => {}
                    Cell::Array(items) => {
                        parts.extend(items.iter().filter(|i| !i.is_null()).map(text))
                    }
                    c => parts.push(text(c)),
                }
            }
            Cell::str(&parts.join(&sep))
        }
        Func::RegexpExtract => {
            let (Cell::Str(s), Cell::Str(p)) = (arg(0), arg(1)) else {
                return Cell::Null;
            };
            let idx = match a.get(2) {
                None => 1,
                Some(Cell::Int(i)) => *i,
                Some(_) => return Cell::Null,
            };
            let Some(re) = compiled(&java_regex(&p)) else {
                return Cell::Null;
            };
            match re.captures(&s) {
                // No match: the empty string, as in Spark.
                None => Cell::str(""),
                Some(caps) => match usize::try_from(idx).ok().filter(|i| *i < caps.len()) {
                    Some(i) => Cell::str(caps.get(i).map_or("", |m| m.as_str())),
                    None => Cell::Null,
                },
            }
        }
        Func::RegexpReplace => {
            let (Cell::Str(s), Cell::Str(p), Cell::Str(r)) = (arg(0), arg(1), arg(2)) else {
                return Cell::Null;
            };
            let Some(re) = compiled(&java_regex(&p)) else {
                return Cell::Null;
            };
            Cell::str(&re.replace_all(&s, java_replacement(&r).as_str()))
        }
        Func::Substring => {
            let s = match arg(0) {
                Cell::Null => return Cell::Null,
                c => text(&c),
            };
            let (Cell::Int(pos), len) = (
                arg(1),
                a.get(2).cloned().unwrap_or(Cell::Int(i32::MAX as i64)),
            ) else {
                return Cell::Null;
            };
            let Cell::Int(len) = len else {
                return Cell::Null;
            };
            Cell::str(&substring(&s, pos, len))
        }
        Func::DateFormat => {
            let (Cell::Timestamp(ms), Cell::Str(p)) = (timestamp(arg(0)), arg(1)) else {
                return Cell::Null;
            };
            match date_pattern(&p) {
                Ok(pieces) => Cell::str(&format_date(ms, &pieces)),
                Err(_) => Cell::Null,
            }
        }
        Func::ToDate | Func::ToTimestamp => {
            let (Cell::Str(s), Cell::Str(p)) = (arg(0), arg(1)) else {
                let c = arg(0);
                return match (f, c) {
                    (_, Cell::Null) => Cell::Null,
                    (Func::ToDate, c) => super::expr::cast(c, super::cell::DataType::Date),
                    (_, c) => super::expr::cast(c, super::cell::DataType::Timestamp),
                };
            };
            match date_pattern(&p)
                .ok()
                .and_then(|ps| parse_by_pattern(&s, &ps))
            {
                Some(ms) if *f == Func::ToDate => Cell::Date(ms.div_euclid(DAY_MS)),
                Some(ms) => Cell::Timestamp(ms),
                None => Cell::Null,
            }
        }
        Func::DateAdd | Func::DateSub => match (days_of(&arg(0)), arg(1)) {
            (Some(d), Cell::Int(n)) => Cell::Date(if *f == Func::DateAdd {
                d.saturating_add(n)
            } else {
                d.saturating_sub(n)
            }),
            _ => Cell::Null,
        },
        Func::AddMonths => match (days_of(&arg(0)), arg(1)) {
            (Some(d), Cell::Int(n)) => add_months(d, n).map_or(Cell::Null, Cell::Date),
            _ => Cell::Null,
        },
        Func::LastDay => match days_of(&arg(0)) {
            Some(d) => add_months(d, 0)
                .and_then(last_day)
                .map_or(Cell::Null, Cell::Date),
            None => Cell::Null,
        },
        Func::DateDiff => match (days_of(&arg(0)), days_of(&arg(1))) {
            (Some(a), Some(b)) => Cell::Int(a.saturating_sub(b)),
            _ => Cell::Null,
        },
        Func::DateTrunc => {
            let (Cell::Str(unit), Cell::Timestamp(ms)) = (arg(0), timestamp(arg(1))) else {
                return Cell::Null;
            };
            date_trunc(&unit, ms).map_or(Cell::Null, Cell::Timestamp)
        }
        Func::UnixTimestamp => {
            let ms = match (arg(0), arg(1)) {
                (Cell::Str(s), Cell::Str(p)) => date_pattern(&p)
                    .ok()
                    .and_then(|ps| parse_by_pattern(&s, &ps)),
                (Cell::Timestamp(ms), _) => Some(ms),
                (Cell::Date(d), _) => Some(d.saturating_mul(DAY_MS)),
                _ => None,
            };
            ms.map_or(Cell::Null, |ms| Cell::Int(ms.div_euclid(1000)))
        }
        Func::FromUnixtime => {
            let secs = match super::expr::cast(arg(0), super::cell::DataType::Long) {
                Cell::Int(s) => s,
                _ => return Cell::Null,
            };
            let Cell::Str(p) = arg(1) else {
                return Cell::Null;
            };
            match date_pattern(&p) {
                Ok(pieces) => Cell::str(&format_date(secs.saturating_mul(1000), &pieces)),
                Err(_) => Cell::Null,
            }
        }
        Func::If => {
            if arg(0) == Cell::Bool(true) {
                arg(1)
            } else {
                arg(2)
            }
        }
        Func::Nvl(_) => match arg(0) {
            Cell::Null => arg(1),
            c => c,
        },
        Func::Abs => match arg(0) {
            Cell::Int(i) => Cell::Int(i.wrapping_abs()),
            c => c.as_f64().map_or(Cell::Null, |d| Cell::Double(d.abs())),
        },
        Func::Round => match (arg(0), arg(1)) {
            (Cell::Int(i), Cell::Int(s)) if s >= 0 => Cell::Int(i),
            (Cell::Int(i), Cell::Int(s)) => {
                // Half away from zero at the 10^-s place; a place beyond the
                // value's digits rounds it to 0.
                let Some(p) = u32::try_from(-s).ok().and_then(|e| 10u64.checked_pow(e)) else {
                    return Cell::Int(0);
                };
                let r = i.unsigned_abs().saturating_add(p / 2) / p * p;
                let r = i64::try_from(r).unwrap_or(i64::MAX);
                Cell::Int(if i < 0 { r.saturating_neg() } else { r })
            }
            (c, Cell::Int(s)) => c
                .as_f64()
                .map_or(Cell::Null, |d| Cell::Double(round_half_up(d, s))),
            _ => Cell::Null,
        },
        Func::Nanvl => match arg(0) {
            Cell::Double(d) if d.is_nan() => arg(1),
            c => c,
        },
        Func::GetJsonObject => {
            let (Cell::Str(j), Cell::Str(p)) = (arg(0), arg(1)) else {
                return Cell::Null;
            };
            get_json_object(&j, &p).map_or(Cell::Null, |s| Cell::str(&s))
        }
        Func::ElementAt => {
            let (Cell::Array(items), Cell::Int(i)) = (arg(0), arg(1)) else {
                return Cell::Null;
            };
            let n = items.len() as i64;
            let k = if i > 0 { i - 1 } else { n + i };
            if i == 0 || k < 0 || k >= n {
                return Cell::Null;
            }
            items[k as usize].clone()
        }
        Func::Size => match arg(0) {
            Cell::Array(items) => Cell::Int(items.len() as i64),
            _ => Cell::Int(-1),
        },
        Func::ArrayContains => {
            let (Cell::Array(items), v) = (arg(0), arg(1)) else {
                return Cell::Null;
            };
            if v.is_null() {
                return Cell::Null;
            }
            if items
                .iter()
                .any(|i| i.compare(&v) == Some(std::cmp::Ordering::Equal))
            {
                Cell::Bool(true)
            } else if items.iter().any(Cell::is_null) {
                Cell::Null
            } else {
                Cell::Bool(false)
            }
        }
        Func::Like => {
            let (Cell::Str(s), Cell::Str(p)) = (arg(0), arg(1)) else {
                return Cell::Null;
            };
            match like_regex(&p).ok().and_then(|r| compiled(&r)) {
                Some(re) => Cell::Bool(re.is_match(&s)),
                None => Cell::Null,
            }
        }
        Func::RLike => {
            let (Cell::Str(s), Cell::Str(p)) = (arg(0), arg(1)) else {
                return Cell::Null;
            };
            match compiled(&java_regex(&p)) {
                Some(re) => Cell::Bool(re.is_match(&s)),
                None => Cell::Null,
            }
        }
        Func::In => {
            // SQL's three-valued IN: null when nothing matched and a null
            // was among the values (or the value itself is null).
            let v = arg(0);
            if v.is_null() {
                return Cell::Null;
            }
            let items = &a[1.min(a.len())..];
            if items
                .iter()
                .any(|i| i.compare(&v) == Some(std::cmp::Ordering::Equal))
            {
                Cell::Bool(true)
            } else if items.iter().any(Cell::is_null) {
                Cell::Null
            } else {
                Cell::Bool(false)
            }
        }
        // The one-argument functions are evaluated in `expr`.
        _ => Cell::Null,
    }
}

/// A cell as a string argument (numbers as Spark casts them to string).
fn text(c: &Cell) -> String {
    match c {
        Cell::Str(s) => s.to_string(),
        other => other.show(),
    }
}

/// A timestamp argument (a string is read as one, as Spark casts it).
fn timestamp(c: Cell) -> Cell {
    match c {
        Cell::Str(s) => super::cell::parse_timestamp(&s).map_or(Cell::Null, Cell::Timestamp),
        Cell::Date(d) => Cell::Timestamp(d.saturating_mul(DAY_MS)),
        c => c,
    }
}

/// A date, timestamp or date text as days since the epoch (Spark casts the
/// argument of `date_add`, `datediff`, `year`, ... to a date).
fn days_of(c: &Cell) -> Option<i64> {
    match c {
        Cell::Date(d) => Some(*d),
        Cell::Timestamp(ms) => Some(ms.div_euclid(DAY_MS)),
        Cell::Str(s) => super::cell::parse_date(s),
        _ => None,
    }
}

/// A double rounded to `scale` decimal places, half away from zero, on
/// its shortest decimal form (as Spark rounds `BigDecimal(d.toString)`, so
/// 2.675 rounds to 2.68).
pub fn round_half_up(d: f64, scale: i64) -> f64 {
    if !d.is_finite() {
        return d;
    }
    let s = format!("{}", d.abs());
    let (int_part, frac_part) = s.split_once('.').unwrap_or((&s, ""));
    let digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes())
        .map(|b| b - b'0')
        .collect();
    // Keep the digits up to `scale` places after the point.
    let keep = int_part.len() as i64 + scale;
    if keep >= digits.len() as i64 {
        return d;
    }
    // A decimal zero has no sign: Spark's result is 0.0.
    if keep < 0 {
        return 0.0;
    }
    let keep = keep as usize;
    let mut kept: Vec<u8> = digits[..keep].to_vec();
    if digits[keep] >= 5 {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let whole = kept.len() as i64 - scale;
    let mut text: String = kept.iter().map(|d| char::from(b'0' + d)).collect();
    if whole <= 0 {
        text = format!("0.{}{text}", "0".repeat((-whole) as usize));
    } else if scale > 0 {
        text.insert(whole as usize, '.');
    } else {
        text.push_str(&"0".repeat((-scale) as usize));
    }
    let v: f64 = text.parse().unwrap_or(0.0);
    if v == 0.0 {
        0.0
    } else {
        v.copysign(d)
    }
}

/// `year(d)`, `hour(t)`, ...: the part of a date or timestamp, null for
/// anything else.
pub fn date_part(part: DatePart, c: &Cell) -> Cell {
    use chrono::{Datelike, Timelike};
    let ms = match part {
        DatePart::Hour | DatePart::Minute | DatePart::Second => match timestamp(c.clone()) {
            Cell::Timestamp(ms) => ms,
            _ => return Cell::Null,
        },
        _ => match days_of(c) {
            Some(d) => d.saturating_mul(DAY_MS),
            None => return Cell::Null,
        },
    };
    let Some(dt) = chrono::DateTime::from_timestamp_millis(ms) else {
        return Cell::Null;
    };
    let d = dt.naive_utc();
    Cell::Int(i64::from(match part {
        DatePart::Year => d.year(),
        DatePart::Month => d.month() as i32,
        DatePart::DayOfMonth => d.day() as i32,
        DatePart::DayOfWeek => d.weekday().number_from_sunday() as i32,
        DatePart::DayOfYear => d.ordinal() as i32,
        DatePart::Hour => d.hour() as i32,
        DatePart::Minute => d.minute() as i32,
        DatePart::Second => d.second() as i32,
        DatePart::WeekOfYear => d.iso_week().week() as i32,
        DatePart::Quarter => d.month0() as i32 / 3 + 1,
    }))
}

/// Days since the epoch of a `NaiveDate`.
fn epoch_days(date: chrono::NaiveDate) -> Option<i64> {
    Some(
        date.signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?)
            .num_days(),
    )
}

/// The date of `days`, as a `NaiveDate`.
fn naive_date(days: i64) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?
        .checked_add_signed(chrono::Duration::try_days(days)?)
}

/// `add_months`: the same day `n` months on, or the month's last day if it
/// has fewer days.
fn add_months(days: i64, n: i64) -> Option<i64> {
    use chrono::Datelike;
    let d = naive_date(days)?;
    let months = i64::from(d.year()) * 12 + i64::from(d.month0()) + n;
    let (y, m) = (
        i32::try_from(months.div_euclid(12)).ok()?,
        months.rem_euclid(12) as u32 + 1,
    );
    let last = last_day(epoch_days(chrono::NaiveDate::from_ymd_opt(y, m, 1)?)?)?;
    let day = d.day().min(naive_date(last)?.day());
    epoch_days(chrono::NaiveDate::from_ymd_opt(y, m, day)?)
}

/// The last day of the month of `days`.
fn last_day(days: i64) -> Option<i64> {
    use chrono::Datelike;
    let d = naive_date(days)?;
    let next = if d.month() == 12 {
        chrono::NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)?
    };
    Some(epoch_days(next)? - 1)
}

/// `date_trunc(unit, t)`: the timestamp cut to the unit's start (Spark's
/// unit names, any case); None for a unit Spark does not know.
pub fn date_trunc(unit: &str, ms: i64) -> Option<i64> {
    use chrono::{Datelike, NaiveDate};
    let d = chrono::DateTime::from_timestamp_millis(ms)?.naive_utc();
    let fixed = |size: i64| Some(ms - ms.rem_euclid(size));
    let day_start = |date: NaiveDate| Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis());
    match unit.to_ascii_uppercase().as_str() {
        "MICROSECOND" | "MILLISECOND" => Some(ms),
        "SECOND" => fixed(1000),
        "MINUTE" => fixed(60_000),
        "HOUR" => fixed(3_600_000),
        "DAY" | "DD" => fixed(DAY_MS),
        "WEEK" => day_start(
            d.date() - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday())),
        ),
        "MONTH" | "MM" | "MON" => day_start(NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?),
        "QUARTER" => day_start(NaiveDate::from_ymd_opt(
            d.year(),
            (d.month0() / 3) * 3 + 1,
            1,
        )?),
        "YEAR" | "YYYY" | "YY" => day_start(NaiveDate::from_ymd_opt(d.year(), 1, 1)?),
        _ => None,
    }
}

/// Text read by a Java datetime pattern (`dd/MM/yyyy HH:mm`), all of it, as
/// milliseconds (UTC); fields the pattern lacks are those of 1970-01-01
/// 00:00:00. None when the text does not match, as Spark gives null.
pub fn parse_by_pattern(text: &str, pieces: &[DatePiece]) -> Option<i64> {
    let cs: Vec<char> = text.chars().collect();
    let mut i = 0;
    let (mut y, mut mo, mut d, mut h, mut mi, mut s, mut frac_ms) = (1970i64, 1, 1, 0, 0, 0, 0);
    let mut pm: Option<bool> = None;
    let mut h12 = false;
    for (k, p) in pieces.iter().enumerate() {
        match p {
            DatePiece::Text(t) => {
                for c in t.chars() {
                    if cs.get(i) != Some(&c) {
                        return None;
                    }
                    i += 1;
                }
            }
            DatePiece::Field('a', _) => {
                let rest: String = cs[i..]
                    .iter()
                    .take(2)
                    .collect::<String>()
                    .to_ascii_uppercase();
                pm = Some(match rest.as_str() {
                    "AM" => false,
                    "PM" => true,
                    _ => return None,
                });
                i += 2;
            }
            DatePiece::Field(c, n) => {
                // A field followed directly by another takes exactly its width;
                // otherwise a one-letter field takes one or more digits.
                let next_is_field = matches!(pieces.get(k + 1), Some(DatePiece::Field(..)));
                let max = if *n == 1 && !next_is_field {
                    usize::MAX
                } else {
                    (*n).max(if *c == 'y' && *n != 2 { 4 } else { *n })
                };
                let min = if *n == 1 {
                    1
                } else if *c == 'y' && *n != 2 {
                    4
                } else {
                    *n
                };
                let st = i;
                while i < cs.len() && cs[i].is_ascii_digit() && i - st < max {
                    i += 1;
                }
                if i - st < min {
                    return None;
                }
                let v: i64 = cs[st..i].iter().collect::<String>().parse().ok()?;
                match c {
                    'y' if *n == 2 => y = 2000 + v,
                    'y' => y = v,
                    'M' => mo = v,
                    'd' => d = v,
                    'H' => h = v,
                    'h' => {
                        h = v;
                        h12 = true;
                    }
                    'm' => mi = v,
                    's' => s = v,
                    'S' => {
                        // Milliseconds from the first three digits of the fraction.
                        let digits = u32::try_from(i - st).ok()?;
                        frac_ms = if digits <= 3 {
                            v * 10i64.pow(3 - digits)
                        } else {
                            v / 10i64.checked_pow(digits - 3)?
                        };
                    }
                    _ => return None,
                }
            }
        }
    }
    if i != cs.len() {
        return None;
    }
    if h12 {
        if !(1..=12).contains(&h) {
            return None;
        }
        h %= 12;
    }
    if pm == Some(true) {
        h += 12;
    }
    let date =
        chrono::NaiveDate::from_ymd_opt(y as i32, u32::try_from(mo).ok()?, u32::try_from(d).ok()?)?;
    let t = date.and_hms_opt(
        u32::try_from(h).ok()?,
        u32::try_from(mi).ok()?,
        u32::try_from(s).ok()?,
    )?;
    Some(t.and_utc().timestamp_millis() + frac_ms)
}

/// Spark's `substring`: `pos` counts from 1 (0 is read as 1), a negative
/// `pos` counts from the end; at most `len` characters.
pub fn substring(s: &str, pos: i64, len: i64) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let start = match pos {
        p if p > 0 => p - 1,
        p if p < 0 => n + p,
        _ => 0,
    };
    let end = start.saturating_add(len).min(n);
    let start = start.max(0);
    if start >= end {
        return String::new();
    }
    chars[start as usize..end as usize].iter().collect()
}

/// A Java regular expression as the `regex` crate reads it (the syntax the
/// two share is taken as it is; what `regex` lacks, such as look-arounds,
/// fails to compile and is refused where the expression is built).
pub fn java_regex(p: &str) -> String {
    p.to_string()
}

/// A Java replacement string (`$1` a group, `\$` a dollar) in the `regex`
/// crate's syntax (`${1}`, `$$`).
pub fn java_replacement(r: &str) -> String {
    let cs: Vec<char> = r.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < cs.len() {
        match cs[i] {
            '\\' if i + 1 < cs.len() => {
                if cs[i + 1] == '$' {
                    out.push_str("$$");
                } else {
                    out.push(cs[i + 1]);
                }
                i += 2;
            }
            '$' if cs.get(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
                let st = i + 1;
                i += 1;
                while i < cs.len() && cs[i].is_ascii_digit() {
                    i += 1;
                }
                let digits: String = cs[st..i].iter().collect();
                out.push_str(&format!("${{{digits}}}"));
            }
            '$' => {
                out.push_str("$$");
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// One part of a datetime pattern: a field letter repeated `n` times, or text.
#[derive(Debug, Clone, PartialEq)]
pub enum DatePiece {
    Field(char, usize),
    Text(String),
}

/// The pattern letters `date_format` reads.
const DATE_LETTERS: &str = "yMdHhmsSaE";

/// Read a Java datetime pattern (`yyyy-MM-dd HH:mm:ss`, `'T'` quoted text);
/// the error names a letter streamlab does not format.
pub fn date_pattern(p: &str) -> Result<Vec<DatePiece>, String> {
    let cs: Vec<char> = p.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c == '\'' {
            let st = i + 1;
            i += 1;
            while i < cs.len() && cs[i] != '\'' {
                i += 1;
            }
            let t: String = cs[st..i.min(cs.len())].iter().collect();
            // '' is a quote.
            out.push(DatePiece::Text(if t.is_empty() { "'".into() } else { t }));
            i += 1;
        } else if c.is_ascii_alphabetic() {
            if !DATE_LETTERS.contains(c) {
                return Err(format!(
                    "date_format(): streamlab formats the pattern letters {DATE_LETTERS}, not '{c}' (in \"{p}\")"
                ));
            }
            let st = i;
            while i < cs.len() && cs[i] == c {
                i += 1;
            }
            out.push(DatePiece::Field(c, i - st));
        } else {
            out.push(DatePiece::Text(c.to_string()));
            i += 1;
        }
    }
    Ok(out)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A timestamp (milliseconds, UTC) formatted by a pattern's pieces.
pub fn format_date(ms: i64, pieces: &[DatePiece]) -> String {
    use chrono::{Datelike, Timelike};
    let Some(dt) = chrono::DateTime::from_timestamp_millis(ms) else {
        return String::new();
    };
    let d = dt.naive_utc();
    let mut out = String::new();
    let num = |out: &mut String, v: i64, n: usize| out.push_str(&format!("{v:0n$}"));
    for p in pieces {
        match p {
            DatePiece::Text(t) => out.push_str(t),
            DatePiece::Field(c, n) => match c {
                'y' if *n == 2 => num(&mut out, (d.year() % 100) as i64, 2),
                'y' => num(&mut out, d.year() as i64, *n),
                'M' if *n >= 4 => out.push_str(MONTHS[d.month0() as usize]),
                'M' if *n == 3 => out.push_str(&MONTHS[d.month0() as usize][..3]),
                'M' => num(&mut out, d.month() as i64, *n),
                'd' => num(&mut out, d.day() as i64, *n),
                'H' => num(&mut out, d.hour() as i64, *n),
                'h' => num(&mut out, d.hour12().1 as i64, *n),
                'm' => num(&mut out, d.minute() as i64, *n),
                's' => num(&mut out, d.second() as i64, *n),
                'S' => {
                    let frac = format!("{:09}", d.nanosecond());
                    let digits: String = frac
                        .chars()
                        .chain(std::iter::repeat('0'))
                        .take(*n)
                        .collect();
                    out.push_str(&digits);
                }
                'a' => out.push_str(if d.hour() < 12 { "AM" } else { "PM" }),
                'E' if *n >= 4 => out.push_str(DAYS[d.weekday().num_days_from_monday() as usize]),
                'E' => out.push_str(&DAYS[d.weekday().num_days_from_monday() as usize][..3]),
                _ => {}
            },
        }
    }
    out
}

/// One step of a JSON path: a field or an array index.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonStep {
    Field(String),
    Index(usize),
}

/// Read a JSON path (`$`, `$.a.b`, `$.a[0]`, `$['a']`); None if streamlab
/// does not read it.
pub fn json_path(p: &str) -> Option<Vec<JsonStep>> {
    let rest = p.strip_prefix('$')?;
    let cs: Vec<char> = rest.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        match cs[i] {
            '.' => {
                let st = i + 1;
                i += 1;
                while i < cs.len() && cs[i] != '.' && cs[i] != '[' {
                    i += 1;
                }
                if i == st {
                    return None;
                }
                out.push(JsonStep::Field(cs[st..i].iter().collect()));
            }
            '[' => {
                let close = cs[i..].iter().position(|c| *c == ']')? + i;
                let inner: String = cs[i + 1..close].iter().collect();
                let inner = inner.trim();
                if let Some(name) = inner.strip_prefix('\'').and_then(|n| n.strip_suffix('\'')) {
                    out.push(JsonStep::Field(name.to_string()));
                } else {
                    out.push(JsonStep::Index(inner.parse().ok()?));
                }
                i = close + 1;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A JSON value, its objects' fields in the order written.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// How deeply JSON may nest: text must not exhaust the stack.
const JSON_DEPTH: usize = 200;

struct JsonReader<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonReader<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > JSON_DEPTH {
            return None;
        }
        self.ws();
        let c = *self.s.get(self.i)?;
        match c {
            b'{' => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Some(Json::Obj(fields));
                }
                loop {
                    self.ws();
                    let Json::Str(k) = self.string()? else {
                        return None;
                    };
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    fields.push((k, v));
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(Json::Obj(fields));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Some(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(Json::Arr(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string(),
            b't' | b'f' | b'n' => {
                for (word, v) in [
                    ("true", Json::Bool(true)),
                    ("false", Json::Bool(false)),
                    ("null", Json::Null),
                ] {
                    if self.s[self.i..].starts_with(word.as_bytes()) {
                        self.i += word.len();
                        return Some(v);
                    }
                }
                None
            }
            _ => {
                let st = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
                    )
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.s[st..self.i]).ok()?;
                t.parse::<f64>().ok()?;
                Some(Json::Num(t.to_string()))
            }
        }
    }

    fn string(&mut self) -> Option<Json> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        let st = self.i;
        self.i += 1;
        while self.i < self.s.len() && self.s[self.i] != b'"' {
            if self.s[self.i] == b'\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        self.i += 1;
        let raw = std::str::from_utf8(self.s.get(st..self.i)?).ok()?;
        serde_json::from_str::<String>(raw).ok().map(Json::Str)
    }
}

impl Json {
    /// Compact JSON text, fields in their order.
    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(&b.to_string()),
            Json::Num(n) => out.push_str(n),
            Json::Str(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
            Json::Arr(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    Json::Str(k.clone()).write(out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// `get_json_object(json, path)`: a string as its text, anything else as
/// compact JSON; None for invalid JSON, a missing field or a JSON null.
pub fn get_json_object(json: &str, path: &str) -> Option<String> {
    let steps = json_path(path)?;
    let mut r = JsonReader {
        s: json.as_bytes(),
        i: 0,
    };
    let v = r.value(0)?;
    r.ws();
    if r.i != r.s.len() {
        return None;
    }
    let mut cur = &v;
    for s in &steps {
        cur = match (s, cur) {
            (JsonStep::Field(f), Json::Obj(fields)) => &fields.iter().find(|(k, _)| k == f)?.1,
            (JsonStep::Index(i), Json::Arr(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    match cur {
        Json::Null => None,
        Json::Str(s) => Some(s.clone()),
        other => {
            let mut out = String::new();
            other.write(&mut out);
            Some(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_counts_like_spark() {
        assert_eq!(substring("a-12 x", 1, 3), "a-1");
        assert_eq!(substring("a-12 x", -2, 2), " x");
        assert_eq!(substring("a-12 x", 0, 2), "a-");
        assert_eq!(substring("bb-7", 3, 100), "-7");
        assert_eq!(substring("abc", -10, 2), "");
        assert_eq!(substring("abc", 5, 2), "");
    }

    #[test]
    fn dates_format_with_java_letters() {
        let ms = crate::structured::cell::parse_timestamp("2024-01-01 10:03:04.5").unwrap();
        let f = |p: &str| format_date(ms, &date_pattern(p).unwrap());
        assert_eq!(f("yyyy-MM-dd"), "2024-01-01");
        assert_eq!(f("HH:mm:ss.SSS"), "10:03:04.500");
        assert_eq!(f("MMM d, yyyy EEE a hh"), "Jan 1, 2024 Mon AM 10");
        assert_eq!(f("yyyy-MM-dd'T'HH"), "2024-01-01T10");
        assert!(date_pattern("yyyy QQ").unwrap_err().contains("'Q'"));
    }

    #[test]
    fn json_objects_by_path() {
        let j = r#"{"a": {"b": 7}, "c": [1,2], "d": "x"}"#;
        assert_eq!(get_json_object(j, "$.a.b").as_deref(), Some("7"));
        assert_eq!(get_json_object(j, "$.a").as_deref(), Some(r#"{"b":7}"#));
        assert_eq!(get_json_object(j, "$.c").as_deref(), Some("[1,2]"));
        assert_eq!(get_json_object(j, "$.c[1]").as_deref(), Some("2"));
        assert_eq!(get_json_object(j, "$.d").as_deref(), Some("x"));
        assert_eq!(get_json_object(j, "$.e"), None);
        assert_eq!(get_json_object("oops", "$.a"), None);
        let deep = "[".repeat(10_000);
        assert_eq!(get_json_object(&deep, "$"), None);
    }

    #[test]
    fn java_replacements() {
        assert_eq!(java_replacement("$1+"), "${1}+");
        assert_eq!(java_replacement(r"\$x"), "$$x");
        assert_eq!(java_replacement("#"), "#");
    }

    #[test]
    fn patterns_read_dates_whole_or_not_at_all() {
        let read = |t: &str, p: &str| parse_by_pattern(t, &date_pattern(p).unwrap());
        let day = |t: &str| crate::structured::cell::parse_timestamp(t);
        assert_eq!(read("25/12/2023", "dd/MM/yyyy"), day("2023-12-25"));
        assert_eq!(
            read("5/1/2024 7:03", "d/M/yyyy H:mm"),
            day("2024-01-05 07:03:00")
        );
        assert_eq!(read("03:04 PM", "hh:mm a"), day("1970-01-01 15:04:00"));
        assert_eq!(read("20240105", "yyyyMMdd"), day("2024-01-05"));
        assert_eq!(read("25/12/2023 x", "dd/MM/yyyy"), None);
        assert_eq!(read("31/02/2024", "dd/MM/yyyy"), None);
        assert_eq!(read("x", "dd/MM/yyyy"), None);
    }

    #[test]
    fn date_trunc_and_parts_follow_spark() {
        let t = crate::structured::cell::parse_timestamp("2024-05-16 13:45:30").unwrap();
        let day = |s: &str| crate::structured::cell::parse_timestamp(s);
        assert_eq!(date_trunc("HOUR", t), day("2024-05-16 13:00:00"));
        assert_eq!(date_trunc("week", t), day("2024-05-13"));
        assert_eq!(date_trunc("quarter", t), day("2024-04-01"));
        assert_eq!(date_trunc("yy", t), day("2024-01-01"));
        assert_eq!(date_trunc("fortnight", t), None);
        let ts = Cell::Timestamp(t);
        assert_eq!(date_part(DatePart::DayOfWeek, &ts), Cell::Int(5));
        assert_eq!(date_part(DatePart::DayOfYear, &ts), Cell::Int(137));
        assert_eq!(date_part(DatePart::Second, &ts), Cell::Int(30));
        assert_eq!(
            date_part(DatePart::Year, &Cell::str("1999-12-31")),
            Cell::Int(1999)
        );
        assert_eq!(date_part(DatePart::Hour, &Cell::Null), Cell::Null);
    }

    #[test]
    fn round_is_half_up_on_decimal_digits() {
        assert_eq!(round_half_up(2.675, 2), 2.68);
        assert_eq!(round_half_up(-2.5, 0), -3.0);
        assert_eq!(round_half_up(1.005, 2), 1.01);
        assert_eq!(round_half_up(123.456, -1), 120.0);
        assert_eq!(round_half_up(9.99, 1), 10.0);
        assert_eq!(round_half_up(-2.5, -1).to_bits(), 0.0f64.to_bits());
        assert_eq!(round_half_up(0.0004, 3), 0.0);
    }
}
