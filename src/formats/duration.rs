//! Durations as people type them: `500ms`, `2s`, `1.5s`, `1m`, `1h`.
//!
//! A duration is a non-negative decimal number followed by a unit, with
//! optional spaces between them (`500 ms`) and around the whole. A bare number
//! is refused on purpose: `--delay 500` could mean milliseconds or seconds,
//! and guessing wrong would make a producer look stuck for eight minutes.
//!
//! ```
//! use std::time::Duration;
//! use streamlab::formats::duration::parse_duration;
//!
//! assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
//! assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
//! assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
//! assert!(parse_duration("500").is_err());
//! ```

use std::time::Duration;

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{digit1, space0};
use nom::combinator::{all_consuming, opt, recognize, value};
use nom::sequence::{delimited, pair, preceded};
use nom::{IResult, Parser};

/// What the parser accepts, in the words error messages use.
pub const ACCEPTED: &str = "a number and a unit, like 500ms, 2s, 1.5s or 1m (units: ms, s, m, h)";

/// The longest duration accepted (a day): anything longer is surely a typo,
/// and it keeps the arithmetic far from overflow.
pub const MAX: Duration = Duration::from_secs(24 * 3600);

/// Why a duration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("invalid duration '{input}': a unit is missing; write {input}ms or {input}s")]
    MissingUnit { input: String },
    #[error("invalid duration '{input}': expected {ACCEPTED}")]
    Malformed { input: String },
    #[error("invalid duration '{input}': at most 24h is accepted")]
    TooLong { input: String },
}

/// A unit and how many nanoseconds one of it lasts.
fn unit(i: &str) -> IResult<&str, u128> {
    alt((
        value(1_000_000u128, tag("ms")),
        value(1_000_000_000u128, tag("s")),
        value(3_600_000_000_000u128, tag("h")),
        value(60_000_000_000u128, tag("m")),
    ))
    .parse(i)
}

/// `12`, `1.5`, `.5`, `2.`: digits with an optional fraction.
fn number(i: &str) -> IResult<&str, &str> {
    alt((
        recognize(pair(digit1, opt(pair(tag("."), opt(digit1))))),
        recognize(pair(tag("."), digit1)),
    ))
    .parse(i)
}

/// The nom parser: a number, optional spaces, a unit. It yields the number's
/// text and the unit's length in nanoseconds, so the value is computed exactly
/// (no float rounding: `0.1s` is 100 ms, not 99.999...).
pub fn duration_parts(i: &str) -> IResult<&str, (&str, u128)> {
    pair(number, preceded(space0, unit)).parse(i)
}

/// Parse a whole string as a duration.
pub fn parse_duration(input: &str) -> Result<Duration, DurationError> {
    let parsed = all_consuming(delimited(space0, duration_parts, space0)).parse(input);
    let (num, unit_ns) = match parsed {
        Ok((_, parts)) => parts,
        Err(_) => {
            let bare = all_consuming(delimited(space0, number, space0)).parse(input);
            return Err(match bare {
                Ok(_) => DurationError::MissingUnit {
                    input: input.trim().to_string(),
                },
                Err(_) => DurationError::Malformed {
                    input: input.to_string(),
                },
            });
        }
    };
    let too_long = || DurationError::TooLong {
        input: input.trim().to_string(),
    };
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    // Digits past nanosecond precision cannot change the result.
    let frac = &frac[..frac.len().min(18)];
    let int: u128 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| too_long())?
    };
    let frac_value: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| too_long())?
    };
    let scale = 10u128.pow(frac.len() as u32);
    let nanos = int
        .checked_mul(unit_ns)
        .and_then(|n| n.checked_add(frac_value * unit_ns / scale))
        .ok_or_else(too_long)?;
    if nanos > MAX.as_nanos() {
        return Err(too_long());
    }
    Ok(Duration::from_nanos(nanos as u64))
}

/// A duration in the shortest way it is usually written (`500ms`, `2s`, `1.5s`, `1m`).
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if d.is_zero() {
        "0ms".into()
    } else if ms < 1000.0 {
        format!("{}ms", trim_float(ms))
    } else if d.as_secs() >= 60 && d.as_secs() / 60 * 60 == d.as_secs() && d.subsec_nanos() == 0 {
        format!("{}m", d.as_secs() / 60)
    } else {
        format!("{}s", trim_float(d.as_secs_f64()))
    }
}

fn trim_float(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn accepts_the_usual_forms() {
        assert_eq!(parse_duration("500ms"), Ok(ms(500)));
        assert_eq!(parse_duration("0ms"), Ok(ms(0)));
        assert_eq!(parse_duration("2s"), Ok(ms(2000)));
        assert_eq!(parse_duration("1.5s"), Ok(ms(1500)));
        assert_eq!(parse_duration("0.1s"), Ok(ms(100)));
        assert_eq!(parse_duration(".5s"), Ok(ms(500)));
        assert_eq!(parse_duration("2.s"), Ok(ms(2000)));
        assert_eq!(parse_duration("1m"), Ok(ms(60_000)));
        assert_eq!(parse_duration("1.5m"), Ok(ms(90_000)));
        assert_eq!(parse_duration("1h"), Ok(ms(3_600_000)));
        assert_eq!(parse_duration(" 250 ms "), Ok(ms(250)));
        assert_eq!(parse_duration("0.0001ms"), Ok(Duration::from_nanos(100)));
    }

    #[test]
    fn refuses_with_a_message_saying_what_is_accepted() {
        assert_eq!(
            parse_duration("500").unwrap_err().to_string(),
            "invalid duration '500': a unit is missing; write 500ms or 500s"
        );
        for bad in [
            "", "ms", "5x", "-1s", "1s2", "1 s s", "1.2.3s", "five s", "1e3ms",
        ] {
            let e = parse_duration(bad).unwrap_err().to_string();
            assert!(e.contains("like 500ms, 2s, 1.5s or 1m"), "{bad}: {e}");
        }
        assert_eq!(
            parse_duration("25h").unwrap_err().to_string(),
            "invalid duration '25h': at most 24h is accepted"
        );
        assert!(parse_duration("99999999999999999999999999999999999999999s").is_err());
    }

    #[test]
    fn the_nom_parser_leaves_the_rest() {
        assert_eq!(
            duration_parts("10s, 5s"),
            Ok((", 5s", ("10", 1_000_000_000)))
        );
    }

    #[test]
    fn formats_back() {
        assert_eq!(format_duration(ms(500)), "500ms");
        assert_eq!(format_duration(ms(0)), "0ms");
        assert_eq!(format_duration(ms(1500)), "1.5s");
        assert_eq!(format_duration(ms(2000)), "2s");
        assert_eq!(format_duration(ms(120_000)), "2m");
        assert_eq!(format_duration(Duration::from_micros(10)), "0.01ms");
    }
}
