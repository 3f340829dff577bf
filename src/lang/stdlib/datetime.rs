//! `datetime`: `datetime`, `date`, `timedelta` and `timezone` (fixed
//! offsets, `timezone.utc`) with Python's constructors, arithmetic,
//! comparisons, reprs, `isoformat`, `strftime` and `strptime`. Naive
//! datetimes are local time, as Python's are (`now`, `fromtimestamp`,
//! `timestamp`); the batch time PySpark hands to `foreachRDD` is one.

use std::any::Any;
use std::cmp::Ordering;
use std::sync::Arc;

use chrono::{Offset, TimeZone};
use indexmap::IndexMap;

use super::Attrs;
use crate::lang::ast::{BinOp, CmpOp};
use crate::lang::native::SigFn;
use crate::lang::registry::{Bound, Signature};
use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};

pub const NAMES: &[&str] = &[
    "datetime",
    "date",
    "timedelta",
    "timezone",
    "MINYEAR",
    "MAXYEAR",
];

const DAY_US: i128 = 86_400_000_000;
/// Days from 0001-01-01 (ordinal 1) to 1970-01-01.
const EPOCH_ORDINAL: i64 = 719_163;

pub fn make() -> Attrs {
    IndexMap::from([
        ("datetime", Value::object(Class::DateTime)),
        ("date", Value::object(Class::Date)),
        ("timedelta", Value::object(Class::TimeDelta)),
        ("timezone", Value::object(Class::TimeZone)),
        ("MINYEAR", Value::Int(1)),
        ("MAXYEAR", Value::Int(9999)),
    ])
}

// ---------------------------------------------------------------- calendar

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn ordinal(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d) + EPOCH_ORDINAL
}

fn check_date(y: i64, m: i64, d: i64) -> PyResult<()> {
    if !(1..=9999).contains(&y) {
        return Err(Exc::value_error(format!("year {y} is out of range")));
    }
    if !(1..=12).contains(&m) {
        return Err(Exc::value_error("month must be in 1..12"));
    }
    if d < 1 || d > days_in_month(y, m) {
        return Err(Exc::value_error("day is out of range for month"));
    }
    Ok(())
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

// ---------------------------------------------------------------- values

/// A fixed UTC offset (`timezone.utc`, `timezone(timedelta(hours=1))`).
#[derive(Clone, PartialEq)]
pub struct Tz {
    /// Offset in microseconds.
    offset: i64,
    name: Option<String>,
}

impl Tz {
    fn utc() -> Tz {
        Tz {
            offset: 0,
            name: None,
        }
    }
    fn tzname(&self) -> String {
        if let Some(n) = &self.name {
            return n.clone();
        }
        if self.offset == 0 {
            return "UTC".into();
        }
        format!("UTC{}", offset_text(self.offset, ":"))
    }
    fn repr(&self) -> String {
        if self.offset == 0 && self.name.is_none() {
            return "datetime.timezone.utc".into();
        }
        let td = TimeDelta::from_us(self.offset as i128).repr();
        match &self.name {
            Some(n) => format!("datetime.timezone({td}, {})", Value::str(n).repr()),
            None => format!("datetime.timezone({td})"),
        }
    }
}

/// `+HH:MM` (with `sep`), seconds and microseconds when present.
fn offset_text(us: i64, sep: &str) -> String {
    let sign = if us < 0 { '-' } else { '+' };
    let a = us.abs();
    let (h, m, s, f) = (
        a / 3_600_000_000,
        a / 60_000_000 % 60,
        a / 1_000_000 % 60,
        a % 1_000_000,
    );
    let mut out = format!("{sign}{h:02}{sep}{m:02}");
    if s != 0 || f != 0 {
        out.push_str(&format!("{sep}{s:02}"));
    }
    if f != 0 {
        out.push_str(&format!(".{f:06}"));
    }
    out
}

/// A `timedelta`, normalised as Python's: days, 0 <= seconds < 86400,
/// 0 <= microseconds < 10**6.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeDelta {
    days: i64,
    seconds: i64,
    micros: i64,
}

impl TimeDelta {
    fn from_us(us: i128) -> TimeDelta {
        let days = us.div_euclid(DAY_US);
        let rest = us.rem_euclid(DAY_US);
        TimeDelta {
            days: days as i64,
            seconds: (rest / 1_000_000) as i64,
            micros: (rest % 1_000_000) as i64,
        }
    }
    fn checked(us: i128) -> PyResult<TimeDelta> {
        let td = TimeDelta::from_us(us);
        if td.days.abs() > 999_999_999 {
            return Err(Exc::overflow(format!(
                "days={}; must have magnitude <= 999999999",
                td.days
            )));
        }
        Ok(td)
    }
    fn us(&self) -> i128 {
        self.days as i128 * DAY_US + self.seconds as i128 * 1_000_000 + self.micros as i128
    }
    fn repr(&self) -> String {
        let mut parts = Vec::new();
        if self.days != 0 {
            parts.push(format!("days={}", self.days));
        }
        if self.seconds != 0 {
            parts.push(format!("seconds={}", self.seconds));
        }
        if self.micros != 0 {
            parts.push(format!("microseconds={}", self.micros));
        }
        if parts.is_empty() {
            parts.push("0".into());
        }
        format!("datetime.timedelta({})", parts.join(", "))
    }
    fn str(&self) -> String {
        let (h, m, s) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        let mut out = format!("{h}:{m:02}:{s:02}");
        if self.days != 0 {
            let plural = if self.days.abs() != 1 { "s" } else { "" };
            out = format!("{} day{plural}, {out}", self.days);
        }
        if self.micros != 0 {
            out.push_str(&format!(".{:06}", self.micros));
        }
        out
    }
}

/// A `datetime` (with `has_time`) or a `date`.
#[derive(Clone)]
pub struct DateTime {
    /// Proleptic Gregorian ordinal (0001-01-01 is 1).
    ord: i64,
    /// Microseconds since midnight.
    time_us: i64,
    tz: Option<Tz>,
    has_time: bool,
}

impl DateTime {
    fn ymd(&self) -> (i64, i64, i64) {
        civil_from_days(self.ord - EPOCH_ORDINAL)
    }
    fn hms(&self) -> (i64, i64, i64, i64) {
        let t = self.time_us;
        (
            t / 3_600_000_000,
            t / 60_000_000 % 60,
            t / 1_000_000 % 60,
            t % 1_000_000,
        )
    }
    /// Microseconds since 0001-01-01 00:00 (local wall time, offset not applied).
    fn wall_us(&self) -> i128 {
        self.ord as i128 * DAY_US + self.time_us as i128
    }
    fn from_wall(us: i128, tz: Option<Tz>, has_time: bool) -> PyResult<DateTime> {
        let ord = us.div_euclid(DAY_US) as i64;
        if !(1..=3_652_059).contains(&ord) {
            return Err(Exc::overflow("date value out of range"));
        }
        Ok(DateTime {
            ord,
            time_us: us.rem_euclid(DAY_US) as i64,
            tz,
            has_time,
        })
    }
    /// Microseconds since the Unix epoch in UTC.
    fn utc_us(&self) -> i128 {
        let wall = self.wall_us() - EPOCH_ORDINAL as i128 * DAY_US;
        match &self.tz {
            Some(tz) => wall - tz.offset as i128,
            None => wall - local_offset_of_wall(wall) as i128,
        }
    }
    fn weekday(&self) -> i64 {
        (self.ord + 6) % 7
    }
    fn type_label(&self) -> &'static str {
        if self.has_time {
            "datetime.datetime"
        } else {
            "datetime.date"
        }
    }
    fn isoformat(&self, sep: &str, timespec: &str) -> PyResult<String> {
        let (y, m, d) = self.ymd();
        let mut out = format!("{y:04}-{m:02}-{d:02}");
        if !self.has_time {
            return Ok(out);
        }
        let (h, mi, s, us) = self.hms();
        out.push_str(sep);
        match timespec {
            "auto" if us != 0 => out.push_str(&format!("{h:02}:{mi:02}:{s:02}.{us:06}")),
            "auto" | "seconds" => out.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
            "hours" => out.push_str(&format!("{h:02}")),
            "minutes" => out.push_str(&format!("{h:02}:{mi:02}")),
            "milliseconds" => out.push_str(&format!("{h:02}:{mi:02}:{s:02}.{:03}", us / 1000)),
            "microseconds" => out.push_str(&format!("{h:02}:{mi:02}:{s:02}.{us:06}")),
            _ => return Err(Exc::value_error("Unknown timespec value")),
        }
        if let Some(tz) = &self.tz {
            out.push_str(&offset_text(tz.offset, ":"));
        }
        Ok(out)
    }
    fn repr(&self) -> String {
        let (y, m, d) = self.ymd();
        if !self.has_time {
            return format!("datetime.date({y}, {m}, {d})");
        }
        let (h, mi, s, us) = self.hms();
        let mut out = format!("datetime.datetime({y}, {m}, {d}, {h}, {mi}");
        if s != 0 || us != 0 {
            out.push_str(&format!(", {s}"));
        }
        if us != 0 {
            out.push_str(&format!(", {us}"));
        }
        if let Some(tz) = &self.tz {
            out.push_str(&format!(", tzinfo={}", tz.repr()));
        }
        out.push(')');
        out
    }
    fn strftime(&self, fmt: &str) -> String {
        let (y, m, d) = self.ymd();
        let (h, mi, s, us) = self.hms();
        let wd = self.weekday();
        let yday = self.ord - ordinal(y, 1, 1) + 1;
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        let mut out = String::new();
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut pad = true;
            let mut spec = chars.next();
            if spec == Some('-') {
                pad = false;
                spec = chars.next();
            }
            let num = |n: i64, w: usize| {
                if pad {
                    format!("{n:0w$}")
                } else {
                    n.to_string()
                }
            };
            let week = |first: i64| {
                // Weeks start on `first` (0 Monday, 6 Sunday); days before the
                // year's first such day are week 0.
                let jan1 = (self.ord - yday + 1 + 6) % 7;
                let offset = (7 + first - jan1) % 7;
                if yday - 1 < offset {
                    0
                } else {
                    (yday - 1 - offset) / 7 + 1
                }
            };
            match spec {
                Some('Y') => out.push_str(&format!("{y}")),
                Some('y') => out.push_str(&num(y % 100, 2)),
                Some('m') => out.push_str(&num(m, 2)),
                Some('d') => out.push_str(&num(d, 2)),
                Some('e') => out.push_str(&format!("{d:2}")),
                Some('H') => out.push_str(&num(h, 2)),
                Some('I') => out.push_str(&num(h12, 2)),
                Some('M') => out.push_str(&num(mi, 2)),
                Some('S') => out.push_str(&num(s, 2)),
                Some('f') => out.push_str(&format!("{us:06}")),
                Some('p') => out.push_str(if h < 12 { "AM" } else { "PM" }),
                Some('j') => out.push_str(&num(yday, 3)),
                Some('a') => out.push_str(&DAYS[wd as usize][..3]),
                Some('A') => out.push_str(DAYS[wd as usize]),
                Some('w') => out.push_str(&((wd + 1) % 7).to_string()),
                Some('u') => out.push_str(&(wd + 1).to_string()),
                Some('b') | Some('h') => out.push_str(&MONTHS[m as usize - 1][..3]),
                Some('B') => out.push_str(MONTHS[m as usize - 1]),
                Some('U') => out.push_str(&num(week(6), 2)),
                Some('W') => out.push_str(&num(week(0), 2)),
                Some('z') => {
                    if let Some(tz) = &self.tz {
                        out.push_str(&offset_text(tz.offset, ""));
                    }
                }
                Some('Z') => {
                    if let Some(tz) = &self.tz {
                        out.push_str(&tz.tzname());
                    }
                }
                Some('c') => out.push_str(&format!(
                    "{} {} {d:2} {h:02}:{mi:02}:{s:02} {y}",
                    &DAYS[wd as usize][..3],
                    &MONTHS[m as usize - 1][..3]
                )),
                Some('x') => out.push_str(&format!("{m:02}/{d:02}/{:02}", y % 100)),
                Some('X') => out.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
                Some('F') => out.push_str(&format!("{y:04}-{m:02}-{d:02}")),
                Some('T') => out.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
                Some('%') => out.push('%'),
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
                None => out.push('%'),
            }
        }
        out
    }
}

/// The local UTC offset (µs) at a UTC instant.
fn local_offset_at(utc_us: i128) -> i64 {
    let secs = utc_us.div_euclid(1_000_000) as i64;
    chrono::Local
        .timestamp_opt(secs, 0)
        .single()
        .map_or(0, |d| d.offset().fix().local_minus_utc() as i64 * 1_000_000)
}

/// The local UTC offset (µs) of a local wall time (µs since the epoch).
fn local_offset_of_wall(wall_us: i128) -> i64 {
    // The offset at the instant the wall time would be in UTC, corrected once.
    let first = local_offset_at(wall_us);
    local_offset_at(wall_us - first as i128)
}

/// A naive local datetime for a Unix time in microseconds.
fn local_from_utc_us(utc_us: i128) -> PyResult<DateTime> {
    let wall = utc_us + local_offset_at(utc_us) as i128;
    DateTime::from_wall(wall + EPOCH_ORDINAL as i128 * DAY_US, None, true)
}

/// Whether `v` is a datetime, date, timedelta or timezone (compared by value).
pub fn overloads_eq(v: &Value) -> bool {
    v.downcast::<DateTime>().is_some()
        || v.downcast::<TimeDelta>().is_some()
        || v.downcast::<Tz>().is_some()
        || v.downcast::<Class>().is_some()
}

/// The type names of a datetime class's instances (a datetime is a date).
pub fn instance_type_names(class: &Value) -> Option<Vec<&'static str>> {
    Some(match class.downcast::<Class>()? {
        Class::DateTime => vec!["datetime"],
        Class::Date => vec!["date", "datetime"],
        Class::TimeDelta => vec!["timedelta"],
        Class::TimeZone => vec!["datetime.timezone"],
    })
}

/// The `datetime` PySpark passes for a batch time (`datetime.fromtimestamp(ms / 1000)`).
pub fn from_millis_local(ms: i64) -> Value {
    match local_from_utc_us(ms as i128 * 1000) {
        Ok(dt) => Value::object(dt),
        Err(_) => Value::Int(ms),
    }
}

// ---------------------------------------------------------------- arguments

fn int_field(b: &Bound, name: &str) -> PyResult<i64> {
    match b.get(name) {
        Value::Int(i) => Ok(i),
        Value::Bool(x) => Ok(i64::from(x)),
        Value::Float(_) => Err(Exc::type_error(
            "'float' object cannot be interpreted as an integer",
        )),
        other => Err(Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}

fn tz_arg(v: &Value) -> PyResult<Option<Tz>> {
    match v {
        Value::None => Ok(None),
        other => match other.downcast::<Tz>() {
            Some(tz) => Ok(Some(tz.clone())),
            None => Err(Exc::type_error(format!(
                "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
                other.type_name()
            ))),
        },
    }
}

fn make_datetime(
    (y, m, d): (i64, i64, i64),
    (h, mi, s, us): (i64, i64, i64, i64),
    tz: Option<Tz>,
) -> PyResult<DateTime> {
    check_date(y, m, d)?;
    for (v, hi, what) in [
        (h, 23, "hour"),
        (mi, 59, "minute"),
        (s, 59, "second"),
        (us, 999_999, "microsecond"),
    ] {
        if !(0..=hi).contains(&v) {
            return Err(Exc::value_error(format!("{what} must be in 0..{hi}")));
        }
    }
    Ok(DateTime {
        ord: ordinal(y, m, d),
        time_us: ((h * 60 + mi) * 60 + s) * 1_000_000 + us,
        tz,
        has_time: true,
    })
}

fn timestamp_us(v: &Value) -> PyResult<i128> {
    let x = super::float_arg(v)?;
    if !x.is_finite() {
        return Err(Exc::value_error("cannot convert float NaN to integer"));
    }
    Ok((x * 1e6).round_ties_even() as i128)
}

fn now_utc_us() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i128)
}

fn utc_at(utc_us: i128, tz: Option<Tz>) -> PyResult<DateTime> {
    match tz {
        None => local_from_utc_us(utc_us),
        Some(tz) => DateTime::from_wall(
            utc_us + tz.offset as i128 + EPOCH_ORDINAL as i128 * DAY_US,
            Some(tz),
            true,
        ),
    }
}

// ---------------------------------------------------------------- parsing

fn iso_error(s: &str) -> Exc {
    Exc::value_error(format!(
        "Invalid isoformat string: {}",
        Value::str(s).repr()
    ))
}

fn digits(s: &[u8], at: usize, n: usize) -> Option<i64> {
    let part = s.get(at..at + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(part).ok()?.parse().ok()
}

fn parse_iso(text: &str, with_time: bool) -> PyResult<DateTime> {
    let b = text.as_bytes();
    let err = || iso_error(text);
    let (y, m, d) = (
        digits(b, 0, 4).ok_or_else(err)?,
        digits(b, 5, 2).ok_or_else(err)?,
        digits(b, 8, 2).ok_or_else(err)?,
    );
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(err());
    }
    check_date(y, m, d)?;
    if !with_time {
        if b.len() != 10 {
            return Err(err());
        }
        return Ok(DateTime {
            ord: ordinal(y, m, d),
            time_us: 0,
            tz: None,
            has_time: false,
        });
    }
    let (mut h, mut mi, mut s, mut us, mut tz) = (0, 0, 0, 0, None);
    if b.len() > 10 {
        let rest = &text[11..];
        let (time, zone) = match rest.find(['+', '-', 'Z']) {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        let t = time.as_bytes();
        h = digits(t, 0, 2).ok_or_else(err)?;
        if t.len() >= 5 {
            if t[2] != b':' {
                return Err(err());
            }
            mi = digits(t, 3, 2).ok_or_else(err)?;
        }
        if t.len() >= 8 {
            if t[5] != b':' {
                return Err(err());
            }
            s = digits(t, 6, 2).ok_or_else(err)?;
        }
        if t.len() > 8 {
            let frac = &time[9..];
            if !matches!(t[8], b'.' | b',') || frac.is_empty() || frac.len() > 6 {
                return Err(err());
            }
            us = digits(frac.as_bytes(), 0, frac.len()).ok_or_else(err)?
                * 10i64.pow(6 - frac.len() as u32);
        }
        if !matches!(t.len(), 2 | 5 | 8) && t.len() <= 8 {
            return Err(err());
        }
        if let Some(z) = zone {
            tz = Some(parse_offset(z).ok_or_else(err)?);
        }
    }
    make_datetime((y, m, d), (h, mi, s, us), tz)
}

/// `Z`, `+HH:MM`, `+HHMM`, `+HH:MM:SS`.
fn parse_offset(z: &str) -> Option<Tz> {
    if z == "Z" || z == "z" {
        return Some(Tz::utc());
    }
    let sign = match z.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body: String = z[1..].chars().filter(|c| *c != ':').collect();
    let b = body.as_bytes();
    let h = digits(b, 0, 2)?;
    let m = digits(b, 2, 2)?;
    let s = if b.len() >= 6 { digits(b, 4, 2)? } else { 0 };
    if !matches!(b.len(), 4 | 6) || h > 23 || m > 59 {
        return None;
    }
    Some(Tz {
        offset: sign * ((h * 60 + m) * 60 + s) * 1_000_000,
        name: None,
    })
}

fn strptime(text: &str, fmt: &str) -> PyResult<DateTime> {
    let fail = || {
        Exc::value_error(format!(
            "time data {} does not match format {}",
            Value::str(text).repr(),
            Value::str(fmt).repr()
        ))
    };
    let t: Vec<char> = text.chars().collect();
    let mut i = 0;
    let (mut y, mut m, mut d, mut h, mut mi, mut s, mut us) = (1900, 1, 1, 0, 0, 0, 0);
    let mut pm: Option<bool> = None;
    let mut tz = None;
    let mut yday: Option<i64> = None;
    let num = |i: &mut usize, max: usize| -> Option<i64> {
        let start = *i;
        while *i < t.len() && *i - start < max && t[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == start {
            return None;
        }
        t[start..*i].iter().collect::<String>().parse().ok()
    };
    let word = |i: &mut usize, names: &[&str], len: Option<usize>| -> Option<i64> {
        let rest: String = t[*i..].iter().collect::<String>().to_lowercase();
        for (k, n) in names.iter().enumerate() {
            let full = n.to_lowercase();
            let cand = match len {
                Some(l) => full[..l].to_string(),
                None => full,
            };
            if rest.starts_with(&cand) {
                *i += cand.chars().count();
                return Some(k as i64);
            }
        }
        None
    };
    let mut f = fmt.chars().peekable();
    while let Some(c) = f.next() {
        if c.is_whitespace() {
            while i < t.len() && t[i].is_whitespace() {
                i += 1;
            }
            continue;
        }
        if c != '%' {
            if t.get(i) != Some(&c) {
                return Err(fail());
            }
            i += 1;
            continue;
        }
        let spec = f
            .next()
            .ok_or_else(|| Exc::value_error(format!("stray % in format '{fmt}'")))?;
        match spec {
            'Y' => y = num(&mut i, 4).ok_or_else(fail)?,
            'y' => {
                let v = num(&mut i, 2).ok_or_else(fail)?;
                y = if v < 69 { 2000 + v } else { 1900 + v };
            }
            'm' => m = num(&mut i, 2).ok_or_else(fail)?,
            'd' => d = num(&mut i, 2).ok_or_else(fail)?,
            'H' => h = num(&mut i, 2).ok_or_else(fail)?,
            'I' => h = num(&mut i, 2).ok_or_else(fail)?,
            'M' => mi = num(&mut i, 2).ok_or_else(fail)?,
            'S' => s = num(&mut i, 2).ok_or_else(fail)?,
            'j' => yday = Some(num(&mut i, 3).ok_or_else(fail)?),
            'f' => {
                let start = i;
                let v = num(&mut i, 6).ok_or_else(fail)?;
                us = v * 10i64.pow(6 - (i - start) as u32);
            }
            'p' => {
                let v = word(&mut i, &["AM", "PM"], None).ok_or_else(fail)?;
                pm = Some(v == 1);
            }
            'b' | 'h' => m = word(&mut i, &MONTHS, Some(3)).ok_or_else(fail)? + 1,
            'B' => m = word(&mut i, &MONTHS, None).ok_or_else(fail)? + 1,
            'a' => {
                word(&mut i, &DAYS, Some(3)).ok_or_else(fail)?;
            }
            'A' => {
                word(&mut i, &DAYS, None).ok_or_else(fail)?;
            }
            'z' => {
                let rest: String = t[i..].iter().collect();
                let len = if rest.starts_with(['Z', 'z']) {
                    1
                } else if rest.len() >= 6 && rest.as_bytes()[3] == b':' {
                    6
                } else {
                    5
                };
                let part: String = t[i..(i + len).min(t.len())].iter().collect();
                tz = Some(parse_offset(&part).ok_or_else(fail)?);
                i += len;
            }
            'Z' => {
                let rest: String = t[i..].iter().collect();
                if rest.starts_with("UTC") || rest.starts_with("GMT") {
                    i += 3;
                } else {
                    return Err(fail());
                }
            }
            '%' => {
                if t.get(i) != Some(&'%') {
                    return Err(fail());
                }
                i += 1;
            }
            other => {
                return Err(Exc::value_error(format!(
                    "'{other}' is a bad directive in format '%{other}'"
                )))
            }
        }
    }
    if i < t.len() {
        let rest: String = t[i..].iter().collect();
        return Err(Exc::value_error(format!(
            "unconverted data remains: {rest}"
        )));
    }
    if let Some(pm) = pm {
        if !(1..=12).contains(&h) {
            return Err(fail());
        }
        h = h % 12 + if pm { 12 } else { 0 };
    }
    if let Some(j) = yday {
        let (yy, mm, dd) = civil_from_days(ordinal(y, 1, 1) + j - 1 - EPOCH_ORDINAL);
        (y, m, d) = (yy, mm, dd);
    }
    make_datetime((y, m, d), (h, mi, s, us), tz).map_err(|e| {
        if e.msg.contains("out of range") || e.msg.contains("must be in") {
            e
        } else {
            fail()
        }
    })
}

// ---------------------------------------------------------------- classes

#[derive(Clone, Copy, PartialEq)]
enum Class {
    DateTime,
    Date,
    TimeDelta,
    TimeZone,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::DateTime => "datetime",
            Class::Date => "date",
            Class::TimeDelta => "timedelta",
            Class::TimeZone => "timezone",
        }
    }

    fn attr_names(self) -> &'static [&'static str] {
        match self {
            Class::DateTime => &[
                "now",
                "utcnow",
                "today",
                "fromtimestamp",
                "utcfromtimestamp",
                "fromisoformat",
                "strptime",
                "combine",
                "fromordinal",
                "min",
                "max",
            ],
            Class::Date => &[
                "today",
                "fromtimestamp",
                "fromisoformat",
                "fromordinal",
                "min",
                "max",
            ],
            Class::TimeDelta => &["min", "max", "resolution"],
            Class::TimeZone => &["utc"],
        }
    }
}

impl Object for Class {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        format!("<class 'datetime.{}'>", self.name())
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        match self {
            Class::DateTime => {
                let b = Signature::parse(
                    "(year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None)",
                )
                .bind("datetime", args, kwargs)?;
                let dt = make_datetime(
                    (
                        int_field(&b, "year")?,
                        int_field(&b, "month")?,
                        int_field(&b, "day")?,
                    ),
                    (
                        int_field(&b, "hour")?,
                        int_field(&b, "minute")?,
                        int_field(&b, "second")?,
                        int_field(&b, "microsecond")?,
                    ),
                    tz_arg(&b.get("tzinfo"))?,
                )?;
                Ok(Value::object(dt))
            }
            Class::Date => {
                let b = Signature::parse("(year, month, day)").bind("date", args, kwargs)?;
                let (y, m, d) = (
                    int_field(&b, "year")?,
                    int_field(&b, "month")?,
                    int_field(&b, "day")?,
                );
                check_date(y, m, d)?;
                Ok(Value::object(DateTime {
                    ord: ordinal(y, m, d),
                    time_us: 0,
                    tz: None,
                    has_time: false,
                }))
            }
            Class::TimeDelta => {
                let b = Signature::parse(
                    "(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)",
                )
                .bind("timedelta", args, kwargs)?;
                let units: [(&str, i128); 7] = [
                    ("days", DAY_US),
                    ("seconds", 1_000_000),
                    ("microseconds", 1),
                    ("milliseconds", 1000),
                    ("minutes", 60_000_000),
                    ("hours", 3_600_000_000),
                    ("weeks", 7 * DAY_US),
                ];
                let mut exact: i128 = 0;
                let mut frac: f64 = 0.0;
                for (name, unit) in units {
                    match b.get(name) {
                        Value::Int(i) => exact += i as i128 * unit,
                        Value::Bool(x) => exact += i128::from(x) * unit,
                        Value::Float(x) => {
                            let whole = x.trunc();
                            exact += whole as i128 * unit;
                            frac += (x - whole) * unit as f64;
                        }
                        other => {
                            return Err(Exc::type_error(format!(
                                "unsupported type for timedelta {name} component: {}",
                                other.type_name()
                            )))
                        }
                    }
                }
                let us = exact + frac.round_ties_even() as i128;
                Ok(Value::object(TimeDelta::checked(us)?))
            }
            Class::TimeZone => {
                let b = Signature::parse("(offset, name=None)").bind("timezone", args, kwargs)?;
                let off = b.get("offset");
                let Some(td) = off.downcast::<TimeDelta>() else {
                    return Err(Exc::type_error(format!(
                        "timezone() argument 1 must be datetime.timedelta, not {}",
                        off.type_name()
                    )));
                };
                if td.us().abs() >= DAY_US {
                    return Err(Exc::value_error(format!(
                        "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {}.",
                        td.repr()
                    )));
                }
                let name = match b.get("name") {
                    Value::None => None,
                    v => Some(super::str_arg(&v, "name")?.to_string()),
                };
                Ok(Value::object(Tz {
                    offset: td.us() as i64,
                    name,
                }))
            }
        }
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        let me = *self;
        let f = |sig: &'static str, body: fn(Class, &Bound) -> PyResult| {
            SigFn::value(me.name(), sig, move |b| body(me, &b))
        };
        let date_of = |dt: DateTime| -> Value {
            if me == Class::Date {
                Value::object(DateTime {
                    time_us: 0,
                    tz: None,
                    has_time: false,
                    ..dt
                })
            } else {
                Value::object(dt)
            }
        };
        Ok(match (me, name) {
            (Class::DateTime | Class::Date, "now" | "today") => {
                if name == "now" && me == Class::Date {
                    return Err(Exc::attr_error("type object 'datetime.date' has no attribute 'now'"));
                }
                f("(tz=None)", |me, b| {
                    let dt = utc_at(now_utc_us(), tz_arg(&b.get("tz"))?)?;
                    Ok(if me == Class::Date {
                        Value::object(DateTime {
                            time_us: 0,
                            tz: None,
                            has_time: false,
                            ..dt
                        })
                    } else {
                        Value::object(dt)
                    })
                })
            }
            (Class::DateTime, "utcnow") => f("()", |_, _| {
                Ok(Value::object(utc_at(now_utc_us(), Some(Tz::utc())).map(|d| DateTime { tz: None, ..d })?))
            }),
            (Class::DateTime | Class::Date, "fromtimestamp") => f("(timestamp, tz=None)", |me, b| {
                let dt = utc_at(timestamp_us(&b.get("timestamp"))?, tz_arg(&b.get("tz"))?)?;
                Ok(if me == Class::Date {
                    Value::object(DateTime {
                        time_us: 0,
                        tz: None,
                        has_time: false,
                        ..dt
                    })
                } else {
                    Value::object(dt)
                })
            }),
            (Class::DateTime, "utcfromtimestamp") => f("(timestamp)", |_, b| {
                let dt = utc_at(timestamp_us(&b.get("timestamp"))?, Some(Tz::utc()))?;
                Ok(Value::object(DateTime { tz: None, ..dt }))
            }),
            (Class::DateTime | Class::Date, "fromisoformat") => f("(date_string)", |me, b| {
                let s = super::str_arg(&b.get("date_string"), "fromisoformat: argument")?;
                Ok(Value::object(parse_iso(&s, me == Class::DateTime)?))
            }),
            (Class::DateTime | Class::Date, "fromordinal") => f("(ordinal)", |me, b| {
                let n = int_field(b, "ordinal")?;
                if !(1..=3_652_059).contains(&n) {
                    return Err(Exc::value_error("ordinal must be >= 1"));
                }
                Ok(Value::object(DateTime {
                    ord: n,
                    time_us: 0,
                    tz: None,
                    has_time: me == Class::DateTime,
                }))
            }),
            (Class::DateTime, "strptime") => f("(date_string, format)", |_, b| {
                let s = super::str_arg(&b.get("date_string"), "strptime() argument 1")?;
                let fmt = super::str_arg(&b.get("format"), "strptime() argument 2")?;
                Ok(Value::object(strptime(&s, &fmt)?))
            }),
            (Class::DateTime, "combine") => f("(date, time, tzinfo=None)", |_, b| {
                let _ = b;
                Err(Exc::new(
                    crate::lang::value::ExcKind::NotImplementedError,
                    "datetime.combine is outside streamlab's Python (datetime.time is not offered); use datetime(year, month, day, hour, ...)",
                ))
            }),
            (Class::DateTime | Class::Date, "min") => date_of(DateTime {
                ord: 1,
                time_us: 0,
                tz: None,
                has_time: true,
            }),
            (Class::DateTime | Class::Date, "max") => date_of(DateTime {
                ord: 3_652_059,
                time_us: DAY_US as i64 - 1,
                tz: None,
                has_time: true,
            }),
            (Class::TimeDelta, "min") => Value::object(TimeDelta::from_us(-999_999_999 * DAY_US)),
            (Class::TimeDelta, "max") => {
                Value::object(TimeDelta::from_us(1_000_000_000 * DAY_US - 1))
            }
            (Class::TimeDelta, "resolution") => Value::object(TimeDelta::from_us(1)),
            (Class::TimeZone, "utc") => Value::object(Tz::utc()),
            (_, "__name__") => Value::str(me.name()),
            _ => {
                return Err(Exc::attr_error(format!(
                    "type object 'datetime.{}' has no attribute '{name}' in streamlab's Python (it offers: {})",
                    me.name(),
                    me.attr_names().join(", ")
                )))
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
        let f = self.get_attr(this, name)?;
        crate::lang::compile::call_value(&f, args, kwargs)
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        let same = other.downcast::<Class>().is_some_and(|o| o == self);
        match op {
            CmpOp::Eq => Some(Ok(Value::Bool(same))),
            CmpOp::NotEq => Some(Ok(Value::Bool(!same))),
            _ => None,
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        Class::attr_names(*self).to_vec()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------- instances

fn cmp_result(op: CmpOp, o: Ordering) -> Value {
    Value::Bool(match op {
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::NotEq => o != Ordering::Equal,
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::LtE => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::GtE => o != Ordering::Less,
        _ => false,
    })
}

fn not_comparable(op: CmpOp) -> Option<PyResult> {
    match op {
        CmpOp::Eq => Some(Ok(Value::Bool(false))),
        CmpOp::NotEq => Some(Ok(Value::Bool(true))),
        _ => None,
    }
}

const DATETIME_ATTRS: &[&str] = &[
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "microsecond",
    "tzinfo",
    "date",
    "weekday",
    "isoweekday",
    "isoformat",
    "strftime",
    "timestamp",
    "replace",
    "toordinal",
    "utcoffset",
    "tzname",
    "astimezone",
    "isocalendar",
    "timetuple",
    "ctime",
];

impl Object for DateTime {
    fn type_name(&self) -> &str {
        if self.has_time {
            "datetime"
        } else {
            "date"
        }
    }
    fn repr(&self) -> String {
        DateTime::repr(self)
    }
    fn str(&self) -> String {
        self.isoformat(" ", "auto").unwrap_or_default()
    }
    fn get_attr(&self, this: &Arc<dyn Object>, name: &str) -> PyResult {
        let (y, m, d) = self.ymd();
        let (h, mi, s, us) = self.hms();
        let time_field = |v: i64| -> PyResult {
            if self.has_time {
                Ok(Value::Int(v))
            } else {
                Err(self.no_attr(name))
            }
        };
        match name {
            "year" => Ok(Value::Int(y)),
            "month" => Ok(Value::Int(m)),
            "day" => Ok(Value::Int(d)),
            "hour" => time_field(h),
            "minute" => time_field(mi),
            "second" => time_field(s),
            "microsecond" => time_field(us),
            "tzinfo" if self.has_time => Ok(self.tz.clone().map_or(Value::None, Value::object)),
            _ if DATETIME_ATTRS.contains(&name) => {
                let me = this.clone();
                let n: &'static str = DATETIME_ATTRS
                    .iter()
                    .find(|a| **a == name)
                    .copied()
                    .unwrap_or("method");
                Ok(crate::lang::native::NativeFn::value(n, 0, move |args| {
                    crate::lang::compile::call_method(
                        &Value::Object(me.clone()),
                        n,
                        args.to_vec(),
                        Vec::new(),
                    )
                }))
            }
            _ => Err(self.no_attr(name)),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let q = format!("{}.{name}", self.type_name());
        let bind = |sig: &'static str| Signature::parse(sig).bind(&q, args, kwargs);
        let (y, m, d) = self.ymd();
        match name {
            "date" if self.has_time => {
                bind("()")?;
                Ok(Value::object(DateTime {
                    time_us: 0,
                    tz: None,
                    has_time: false,
                    ..self.clone()
                }))
            }
            "weekday" => {
                bind("()")?;
                Ok(Value::Int(self.weekday()))
            }
            "isoweekday" => {
                bind("()")?;
                Ok(Value::Int(self.weekday() + 1))
            }
            "toordinal" => {
                bind("()")?;
                Ok(Value::Int(self.ord))
            }
            "isoformat" => {
                let b = bind("(sep='T', timespec='auto')")?;
                let sep = super::str_arg(&b.get("sep"), "isoformat() argument 1")?;
                let spec = super::str_arg(&b.get("timespec"), "timespec")?;
                Ok(Value::str(&self.isoformat(&sep, &spec)?))
            }
            "strftime" => {
                let b = bind("(format)")?;
                let fmt = super::str_arg(&b.get("format"), "strftime() argument 1")?;
                Ok(Value::str(&self.strftime(&fmt)))
            }
            "ctime" => {
                bind("()")?;
                Ok(Value::str(&self.strftime("%c")))
            }
            "timestamp" if self.has_time => {
                bind("()")?;
                Ok(Value::Float(self.utc_us() as f64 / 1e6))
            }
            "utcoffset" if self.has_time => {
                bind("()")?;
                Ok(self.tz.as_ref().map_or(Value::None, |tz| {
                    Value::object(TimeDelta::from_us(tz.offset as i128))
                }))
            }
            "tzname" if self.has_time => {
                bind("()")?;
                Ok(self
                    .tz
                    .as_ref()
                    .map_or(Value::None, |tz| Value::str(&tz.tzname())))
            }
            "astimezone" if self.has_time => {
                let b = bind("(tz=None)")?;
                let target = match tz_arg(&b.get("tz"))? {
                    Some(tz) => tz,
                    None => Tz {
                        offset: local_offset_at(self.utc_us()),
                        name: None,
                    },
                };
                Ok(Value::object(utc_at(self.utc_us(), Some(target))?))
            }
            "isocalendar" => {
                bind("()")?;
                // ISO week: the week with the year's first Thursday is week 1.
                let wd = self.weekday();
                let thursday = self.ord - wd + 3;
                let (iy, _, _) = civil_from_days(thursday - EPOCH_ORDINAL);
                let week = (thursday - ordinal(iy, 1, 1)) / 7 + 1;
                Ok(Value::tuple(vec![
                    Value::Int(iy),
                    Value::Int(week),
                    Value::Int(wd + 1),
                ]))
            }
            "replace" => {
                let sig = if self.has_time {
                    "(year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None, tzinfo=True)"
                } else {
                    "(year=None, month=None, day=None)"
                };
                let b = bind(sig)?;
                let (h, mi, s, us) = self.hms();
                let pick = |name: &str, old: i64| -> PyResult<i64> {
                    match b.get(name) {
                        Value::None => Ok(old),
                        _ => int_field(&b, name),
                    }
                };
                let ymd = (pick("year", y)?, pick("month", m)?, pick("day", d)?);
                if !self.has_time {
                    check_date(ymd.0, ymd.1, ymd.2)?;
                    return Ok(Value::object(DateTime {
                        ord: ordinal(ymd.0, ymd.1, ymd.2),
                        ..self.clone()
                    }));
                }
                let tz = match b.get("tzinfo") {
                    Value::Bool(true) => self.tz.clone(),
                    v => tz_arg(&v)?,
                };
                let dt = make_datetime(
                    ymd,
                    (
                        pick("hour", h)?,
                        pick("minute", mi)?,
                        pick("second", s)?,
                        pick("microsecond", us)?,
                    ),
                    tz,
                )?;
                Ok(Value::object(dt))
            }
            _ => {
                let _ = this;
                Err(self.no_attr(name))
            }
        }
    }
    fn binary_op(
        &self,
        _this: &Arc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult> {
        if let Some(td) = other.downcast::<TimeDelta>() {
            let delta = match (op, reflected) {
                (BinOp::Add, _) => td.us(),
                (BinOp::Sub, false) => -td.us(),
                _ => return None,
            };
            let delta = if self.has_time {
                delta
            } else {
                // A date moves by whole days only.
                TimeDelta::from_us(delta).days as i128 * DAY_US
            };
            return Some(
                DateTime::from_wall(self.wall_us() + delta, self.tz.clone(), self.has_time)
                    .map(Value::object),
            );
        }
        let o = other.downcast::<DateTime>()?;
        if op != BinOp::Sub || o.has_time != self.has_time {
            return None;
        }
        let (a, b) = if reflected { (o, self) } else { (self, o) };
        let diff = match (&a.tz, &b.tz) {
            (None, None) => a.wall_us() - b.wall_us(),
            (Some(_), Some(_)) => a.utc_us() - b.utc_us(),
            _ => {
                return Some(Err(Exc::type_error(
                    "can't subtract offset-naive and offset-aware datetimes",
                )))
            }
        };
        Some(TimeDelta::checked(diff).map(Value::object))
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        let Some(o) = other.downcast::<DateTime>() else {
            return not_comparable(op);
        };
        if o.has_time != self.has_time {
            return match not_comparable(op) {
                Some(r) => Some(r),
                None => Some(Err(Exc::type_error(format!(
                    "can't compare {} to {}",
                    self.type_label(),
                    o.type_label()
                )))),
            };
        }
        let ord = match (&self.tz, &o.tz) {
            (None, None) => self.wall_us().cmp(&o.wall_us()),
            (Some(_), Some(_)) => self.utc_us().cmp(&o.utc_us()),
            _ => {
                return match not_comparable(op) {
                    Some(r) => Some(r),
                    None => Some(Err(Exc::type_error(
                        "can't compare offset-naive and offset-aware datetimes",
                    ))),
                }
            }
        };
        Some(Ok(cmp_result(op, ord)))
    }
    fn hash(&self, _this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        let key = match &self.tz {
            Some(_) => self.utc_us(),
            None => self.wall_us(),
        };
        Some(crate::lang::hash::py_hash(&crate::lang::ops::int_from_big(
            key.into(),
        )))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        DATETIME_ATTRS.to_vec()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl DateTime {
    fn no_attr(&self, name: &str) -> Exc {
        Exc::attr_error(format!(
            "'{}' object has no attribute '{name}'",
            self.type_label()
        ))
    }
}

impl Object for TimeDelta {
    fn type_name(&self) -> &str {
        "timedelta"
    }
    fn repr(&self) -> String {
        TimeDelta::repr(self)
    }
    fn str(&self) -> String {
        TimeDelta::str(self)
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "days" => Ok(Value::Int(self.days)),
            "seconds" => Ok(Value::Int(self.seconds)),
            "microseconds" => Ok(Value::Int(self.micros)),
            _ => Err(crate::lang::diag::no_attribute(
                "datetime.timedelta",
                name,
                ["days", "seconds", "microseconds", "total_seconds"].into_iter(),
            )),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "total_seconds" => {
                Signature::parse("()").bind("timedelta.total_seconds", args, kwargs)?;
                Ok(Value::Float(self.us() as f64 / 1e6))
            }
            _ => self
                .get_attr(this, name)
                .and_then(|_| Err(Exc::type_error("'int' object is not callable"))),
        }
    }
    fn binary_op(
        &self,
        _this: &Arc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult> {
        let me = self.us();
        if let Some(o) = other.downcast::<TimeDelta>() {
            let (a, b) = if reflected {
                (o.us(), me)
            } else {
                (me, o.us())
            };
            return Some(match op {
                BinOp::Add => TimeDelta::checked(a + b).map(Value::object),
                BinOp::Sub => TimeDelta::checked(a - b).map(Value::object),
                BinOp::Div if b == 0 => Err(Exc::zero_div("division by zero")),
                BinOp::Div => Ok(Value::Float(a as f64 / b as f64)),
                BinOp::FloorDiv if b == 0 => {
                    Err(Exc::zero_div("integer division or modulo by zero"))
                }
                BinOp::FloorDiv => Ok(crate::lang::ops::int_from_big(a.div_euclid(b).into())),
                BinOp::Mod if b == 0 => Err(Exc::zero_div("integer division or modulo by zero")),
                BinOp::Mod => TimeDelta::checked(a.rem_euclid(b)).map(Value::object),
                _ => return None,
            });
        }
        match (op, other, reflected) {
            (BinOp::Mul, Value::Int(n), _) => {
                Some(TimeDelta::checked(me * *n as i128).map(Value::object))
            }
            (BinOp::Mul, Value::Float(x), _) => Some(
                TimeDelta::checked((me as f64 * x).round_ties_even() as i128).map(Value::object),
            ),
            (BinOp::Div, Value::Int(0), false) | (BinOp::FloorDiv, Value::Int(0), false) => {
                Some(Err(Exc::zero_div("integer division or modulo by zero")))
            }
            (BinOp::Div, Value::Int(n), false) => Some(
                TimeDelta::checked((me as f64 / *n as f64).round_ties_even() as i128)
                    .map(Value::object),
            ),
            (BinOp::Div, Value::Float(x), false) => {
                if *x == 0.0 {
                    return Some(Err(Exc::zero_div("float division by zero")));
                }
                Some(
                    TimeDelta::checked((me as f64 / x).round_ties_even() as i128)
                        .map(Value::object),
                )
            }
            (BinOp::FloorDiv, Value::Int(n), false) => {
                Some(TimeDelta::checked(me.div_euclid(*n as i128)).map(Value::object))
            }
            _ => None,
        }
    }
    fn neg(&self, _this: &Arc<dyn Object>) -> Option<PyResult> {
        Some(TimeDelta::checked(-self.us()).map(Value::object))
    }
    fn py_bool(&self, _this: &Arc<dyn Object>) -> Option<PyResult<bool>> {
        Some(Ok(self.us() != 0))
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        match other.downcast::<TimeDelta>() {
            Some(o) => Some(Ok(cmp_result(op, self.cmp(o)))),
            None => not_comparable(op),
        }
    }
    fn hash(&self, _this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        Some(crate::lang::hash::py_hash(&crate::lang::ops::int_from_big(
            self.us().into(),
        )))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["days", "seconds", "microseconds", "total_seconds"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for Tz {
    fn type_name(&self) -> &str {
        "datetime.timezone"
    }
    fn repr(&self) -> String {
        Tz::repr(self)
    }
    fn str(&self) -> String {
        self.tzname()
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "utcoffset" => Ok(Value::object(TimeDelta::from_us(self.offset as i128))),
            "tzname" => Ok(Value::str(&self.tzname())),
            _ => Err(Exc::attr_error(format!(
                "'datetime.timezone' object has no attribute '{name}'"
            ))),
        }
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        let same = other
            .downcast::<Tz>()
            .is_some_and(|o| o.offset == self.offset);
        match op {
            CmpOp::Eq => Some(Ok(Value::Bool(same))),
            CmpOp::NotEq => Some(Ok(Value::Bool(!same))),
            _ => None,
        }
    }
    fn hash(&self, _this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        Some(Ok(self.offset))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        for (y, m, d) in [
            (1, 1, 1),
            (1970, 1, 1),
            (2000, 2, 29),
            (2024, 12, 31),
            (9999, 12, 31),
        ] {
            let o = ordinal(y, m, d);
            assert_eq!(civil_from_days(o - EPOCH_ORDINAL), (y, m, d));
        }
        assert_eq!(ordinal(1, 1, 1), 1);
        assert_eq!(ordinal(1970, 1, 1), EPOCH_ORDINAL);
    }

    #[test]
    fn timedelta_prints_as_python() {
        assert_eq!(TimeDelta::from_us(-1_000_000).str(), "-1 day, 23:59:59");
        assert_eq!(
            TimeDelta::from_us(DAY_US * 2 + 500_000).str(),
            "2 days, 0:00:00.500000"
        );
        assert_eq!(
            TimeDelta::from_us(DAY_US + 3_600_000_000).repr(),
            "datetime.timedelta(days=1, seconds=3600)"
        );
        assert_eq!(TimeDelta::from_us(0).repr(), "datetime.timedelta(0)");
    }

    #[test]
    fn strptime_and_strftime() {
        let dt = strptime("2024-03-05 14:07:09.5", "%Y-%m-%d %H:%M:%S.%f").unwrap();
        assert_eq!(dt.repr(), "datetime.datetime(2024, 3, 5, 14, 7, 9, 500000)");
        assert_eq!(
            dt.strftime("%a %d %b %Y %I:%M %p %j"),
            "Tue 05 Mar 2024 02:07 PM 065"
        );
        let e = strptime("2024-03-05x", "%Y-%m-%d").err().expect("an error");
        assert_eq!(e.msg, "unconverted data remains: x");
        let e = strptime("05/03", "%Y-%m").err().expect("an error");
        assert_eq!(e.msg, "time data '05/03' does not match format '%Y-%m'");
    }
}
