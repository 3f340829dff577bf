//! The `rate` source: `value` counts up from 0 at `rowsPerSecond`, and each
//! row's `timestamp` spreads the values of a micro-batch evenly over the
//! seconds the batch covers, as Spark 3.5's rate source does.
//!
//! The source's offset is the number of whole seconds since it was created.
//! A micro-batch from second `a` to second `b` holds the values
//! `value_at_second(a) .. value_at_second(b)` (end exclusive); partition `p`
//! of `n` holds the values `start + p`, `start + p + n`, ...; a value's
//! timestamp is the creation time plus `a` seconds plus its distance from the
//! batch's first value times the batch's milliseconds per value, rounded half
//! up to a millisecond. During `rampUpTime` seconds the speed grows by
//! `rowsPerSecond / (rampUpTime + 1)` each second (integer division).
//!
//! ```
//! use streamlab::structured::rate::Rate;
//! let rate = Rate { rows_per_second: 10, ramp_up_s: 4, num_partitions: 1 };
//! let ends: Vec<i64> = (0..7).map(|s| rate.value_at_second(s)).collect();
//! assert_eq!(ends, [0, 2, 6, 12, 20, 30, 40]);
//! ```

use super::cell::{Cell, Row};

/// The options of one `rate` source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// `rowsPerSecond` (default 1).
    pub rows_per_second: i64,
    /// `rampUpTime` in whole seconds (default 0).
    pub ramp_up_s: i64,
    /// `numPartitions` (default: the default parallelism).
    pub num_partitions: usize,
}

/// Why a rate source's options are refused (Spark's messages).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateOptionError {
    #[error("Invalid value '{0}'. The option 'rowsPerSecond' must be positive")]
    RowsPerSecond(String),
    #[error("Invalid value '{0}'. The option 'rampUpTime' must not be negative")]
    RampUpTime(String),
    #[error("Invalid value '{0}'. The option 'numPartitions' must be positive")]
    NumPartitions(String),
    #[error("Integer overflow. Max offset with {rows} rowsPerSecond is {max}, but 'rampUpTimeSeconds' is {ramp}.")]
    Overflow { rows: i64, max: i64, ramp: i64 },
}

/// A duration option as Spark's `rampUpTime` takes it: a number of seconds,
/// or a number with a unit (`us`, `ms`, `s`, `m`/`min`, `h`, `d`), rounded down to seconds.
fn parse_seconds(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: i64 = num.parse().ok()?;
    let ms_per = match unit.trim() {
        "" | "s" | "sec" | "secs" | "second" | "seconds" => 1000,
        "ms" | "millisecond" | "milliseconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000,
        "h" | "hour" | "hours" => 3_600_000,
        "d" | "day" | "days" => 86_400_000,
        "us" | "microsecond" | "microseconds" => return Some(n / 1_000_000),
        _ => return None,
    };
    n.checked_mul(ms_per).map(|ms| ms / 1000)
}

impl Rate {
    /// The source from its options (`rowsPerSecond`, `rampUpTime`,
    /// `numPartitions`; `None` when not given).
    pub fn from_options(
        rows_per_second: Option<&str>,
        ramp_up_time: Option<&str>,
        num_partitions: Option<&str>,
        default_partitions: usize,
    ) -> Result<Rate, RateOptionError> {
        let rows_per_second = match rows_per_second {
            None => 1,
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| RateOptionError::RowsPerSecond(v.to_string()))?,
        };
        let ramp_up_s = match ramp_up_time {
            None => 0,
            Some(v) => parse_seconds(v)
                .filter(|n| *n >= 0)
                .ok_or_else(|| RateOptionError::RampUpTime(v.to_string()))?,
        };
        let num_partitions = match num_partitions {
            None => default_partitions.max(1),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| RateOptionError::NumPartitions(v.to_string()))?,
        };
        let max = i64::MAX / rows_per_second;
        if ramp_up_s > max {
            return Err(RateOptionError::Overflow {
                rows: rows_per_second,
                max,
                ramp: ramp_up_s,
            });
        }
        Ok(Rate {
            rows_per_second,
            ramp_up_s,
            num_partitions,
        })
    }

    /// How many values the source has produced after `seconds` seconds.
    pub fn value_at_second(&self, seconds: i64) -> i64 {
        let ramp = self.ramp_up_s;
        let delta = self.rows_per_second / (ramp + 1);
        if seconds <= ramp {
            // The sum 0 + delta + 2*delta + ... + seconds*delta, halving the
            // even factor first so the product stays small.
            if seconds % 2 == 1 {
                (seconds + 1) / 2 * delta * seconds
            } else {
                seconds / 2 * delta * (seconds + 1)
            }
        } else {
            let ramped = self.value_at_second(ramp);
            ramped.saturating_add((seconds - ramp).saturating_mul(self.rows_per_second))
        }
    }

    /// The source's offset at `now_ms`: whole seconds since `created_ms`.
    pub fn offset_at(created_ms: i64, now_ms: i64) -> i64 {
        (now_ms - created_ms).max(0) / 1000
    }

    /// The rows of the micro-batch from offset `start_s` to `end_s`, partition
    /// by partition (`timestamp`, `value`).
    pub fn batch(&self, created_ms: i64, start_s: i64, end_s: i64) -> Vec<Vec<Row>> {
        let (first, end) = (self.value_at_second(start_s), self.value_at_second(end_s));
        if end <= first {
            return Vec::new();
        }
        let base_ms = created_ms + start_s * 1000;
        let ms_per_value = ((end_s - start_s) * 1000) as f64 / (end - first) as f64;
        let n = self.num_partitions as i64;
        (0..n)
            .map(|p| {
                let mut rows = Vec::new();
                let mut v = first + p;
                while v < end {
                    // Java's Math.round: half up.
                    let rel = ((v - first) as f64 * ms_per_value + 0.5).floor() as i64;
                    rows.push(vec![Cell::Timestamp(base_ms + rel), Cell::Int(v)]);
                    v += n;
                }
                rows
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(parts: &[Vec<Row>]) -> Vec<Vec<i64>> {
        parts
            .iter()
            .map(|p| {
                p.iter()
                    .map(|r| match r[1] {
                        Cell::Int(v) => v,
                        _ => panic!("value is not a long"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn values_are_dealt_to_partitions_in_turn() {
        let r = Rate::from_options(Some("5"), None, Some("2"), 2).unwrap();
        let parts = r.batch(0, 1, 2);
        assert_eq!(values(&parts), vec![vec![5, 7, 9], vec![6, 8]]);
    }

    #[test]
    fn timestamps_spread_the_batch_over_its_seconds() {
        let r = Rate::from_options(Some("3"), None, Some("1"), 2).unwrap();
        let parts = r.batch(1000, 0, 2);
        let ts: Vec<i64> = parts[0]
            .iter()
            .map(|r| match r[0] {
                Cell::Timestamp(t) => t,
                _ => panic!("timestamp is not a timestamp"),
            })
            .collect();
        // 6 values over 2000 ms: 333.33 ms apart, rounded half up.
        assert_eq!(ts, [1000, 1333, 1667, 2000, 2333, 2667]);
    }

    #[test]
    fn ramp_up_with_a_speed_below_one_row_a_second_produces_nothing() {
        let r = Rate::from_options(Some("2"), Some("5s"), None, 1).unwrap();
        assert_eq!(r.value_at_second(5), 0);
        assert_eq!(r.value_at_second(7), 4);
        assert!(r.batch(0, 0, 3).is_empty());
    }

    #[test]
    fn bad_options_are_refused_with_sparks_message() {
        let e = Rate::from_options(Some("0"), None, None, 2).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid value '0'. The option 'rowsPerSecond' must be positive"
        );
        assert!(Rate::from_options(None, Some("-1"), None, 2).is_err());
        assert!(Rate::from_options(None, None, Some("x"), 2).is_err());
        assert_eq!(
            Rate::from_options(None, Some("2 min"), None, 2)
                .unwrap()
                .ramp_up_s,
            120
        );
    }
}
