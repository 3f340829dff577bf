//! Spark's interval strings, as Structured Streaming takes them:
//! `window(col, "10 minutes", "5 minutes")`, `withWatermark(col, "10 seconds")`,
//! `trigger(processingTime="2 seconds")`.
//!
//! An interval is one or more `<integer> <unit>` parts, optionally preceded by
//! the word `interval`; units are singular or plural and case-insensitive:
//! microsecond, millisecond, second, minute, hour, day, week. Months and years
//! are refused, as Spark refuses them for windows and watermarks (their length
//! varies).
//!
//! ```
//! use streamlab::formats::interval::parse_interval_ms;
//!
//! assert_eq!(parse_interval_ms("10 minutes"), Ok(600_000));
//! assert_eq!(parse_interval_ms("1 hour 30 minutes"), Ok(5_400_000));
//! assert_eq!(parse_interval_ms("interval 5 SECONDS"), Ok(5_000));
//! assert!(parse_interval_ms("ten minutes").is_err());
//! ```

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case};
use nom::character::complete::{alpha1, digit1, multispace0, multispace1};
use nom::combinator::{all_consuming, not, opt, recognize, value};
use nom::multi::separated_list1;
use nom::sequence::{pair, preceded, terminated};
use nom::{IResult, Parser};

/// Why an interval string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntervalError {
    #[error("The provided interval ({input}) did not correspond to a valid interval string: write a number and a unit, like \"10 minutes\" or \"5 seconds\"")]
    Malformed { input: String },
    #[error("The provided interval ({input}) uses months or years, whose length varies; use days, hours, minutes or seconds")]
    Months { input: String },
    #[error("The provided interval ({input}) is too long")]
    TooLong { input: String },
}

/// A unit's length in microseconds; `None` for months and years.
fn unit(i: &str) -> IResult<&str, Option<i64>> {
    // Longer words first, so `minutes` is not read as `minute` + `s`.
    let word = |w: &'static str, us: Option<i64>| {
        value(
            us,
            terminated(
                terminated(tag_no_case(w), opt(tag_no_case("s"))),
                not(alpha1),
            ),
        )
    };
    alt((
        word("microsecond", Some(1)),
        word("millisecond", Some(1_000)),
        word("second", Some(1_000_000)),
        word("minute", Some(60_000_000)),
        word("hour", Some(3_600_000_000)),
        word("day", Some(86_400_000_000)),
        word("week", Some(604_800_000_000)),
        word("month", None),
        word("year", None),
    ))
    .parse(i)
}

/// One `<integer> <unit>` part, the integer as text.
fn part(i: &str) -> IResult<&str, (&str, Option<i64>)> {
    pair(
        recognize(pair(opt(tag("-")), digit1)),
        preceded(multispace1, unit),
    )
    .parse(i)
}

/// The nom parser for a whole interval: parts separated by spaces.
pub fn interval_parts(i: &str) -> IResult<&str, Vec<(&str, Option<i64>)>> {
    preceded(
        pair(multispace0, opt(pair(tag_no_case("interval"), multispace1))),
        terminated(separated_list1(multispace1, part), multispace0),
    )
    .parse(i)
}

/// Parse an interval string to microseconds.
pub fn parse_interval_us(input: &str) -> Result<i64, IntervalError> {
    let Ok((_, parts)) = all_consuming(interval_parts).parse(input) else {
        return Err(IntervalError::Malformed {
            input: input.to_string(),
        });
    };
    let mut total: i64 = 0;
    for (num, unit_us) in parts {
        let Some(unit_us) = unit_us else {
            return Err(IntervalError::Months {
                input: input.to_string(),
            });
        };
        let n: i64 = num.parse().map_err(|_| IntervalError::TooLong {
            input: input.to_string(),
        })?;
        total = n
            .checked_mul(unit_us)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| IntervalError::TooLong {
                input: input.to_string(),
            })?;
    }
    Ok(total)
}

/// Parse an interval string to milliseconds (sub-millisecond parts truncated).
pub fn parse_interval_ms(input: &str) -> Result<i64, IntervalError> {
    parse_interval_us(input).map(|us| us / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_singular_plural_and_case() {
        assert_eq!(parse_interval_ms("1 minute"), Ok(60_000));
        assert_eq!(parse_interval_ms("2 Minutes"), Ok(120_000));
        assert_eq!(parse_interval_ms("500 milliseconds"), Ok(500));
        assert_eq!(parse_interval_ms("1 day"), Ok(86_400_000));
        assert_eq!(parse_interval_ms("1 week"), Ok(604_800_000));
        assert_eq!(parse_interval_ms("  3 seconds  "), Ok(3_000));
        assert_eq!(parse_interval_us("7 microseconds"), Ok(7));
    }

    #[test]
    fn several_parts_add_up() {
        assert_eq!(parse_interval_ms("1 hour 1 minute 1 second"), Ok(3_661_000));
    }

    #[test]
    fn refusals_say_why() {
        assert!(matches!(
            parse_interval_ms("10"),
            Err(IntervalError::Malformed { .. })
        ));
        assert!(matches!(
            parse_interval_ms("10 minits"),
            Err(IntervalError::Malformed { .. })
        ));
        assert!(matches!(
            parse_interval_ms("10minutes"),
            Err(IntervalError::Malformed { .. })
        ));
        assert!(matches!(
            parse_interval_ms("1 month"),
            Err(IntervalError::Months { .. })
        ));
        assert!(matches!(
            parse_interval_ms("99999999999999999999 weeks"),
            Err(IntervalError::TooLong { .. })
        ));
        assert!(parse_interval_ms("").is_err());
    }
}
