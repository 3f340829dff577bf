//! What the State pane shows of a key over time: the values it took (one per
//! batch that changed it, at most [`HISTORY`]), drawn as a small sparkline,
//! and how a key or value is written.

use std::collections::{HashMap, VecDeque};

use crate::engine::events::StateDiff;
use crate::lang::value::Value;

/// Values kept per key for its sparkline.
pub const HISTORY: usize = 12;

/// The eight heights of a sparkline, lowest first.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Per key (its repr), the numeric values its state took, oldest first.
#[derive(Debug, Clone, Default)]
pub struct StateHistory {
    values: HashMap<String, VecDeque<f64>>,
}

/// A state as a number for the sparkline: numbers and bools as they are, a
/// string, tuple or list by its length; others (None, objects) have none.
fn magnitude(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Int(i) => Some(*i as f64),
        Value::BigInt(b) => num_traits::ToPrimitive::to_f64(b.as_ref()),
        Value::Float(x) if x.is_finite() => Some(*x),
        Value::Str(s) => Some(s.chars().count() as f64),
        Value::Tuple(t) => Some(t.len() as f64),
        _ => None,
    }
}

impl StateHistory {
    /// Take in one batch's changes: added and updated keys get their new
    /// value appended, removed keys are forgotten.
    pub fn record(&mut self, d: &StateDiff) {
        let changed = d
            .added
            .iter()
            .map(|(k, v)| (k, v))
            .chain(d.updated.iter().map(|(k, _, v)| (k, v)));
        for (k, v) in changed {
            let Some(x) = magnitude(v) else { continue };
            let h = self.values.entry(k.repr()).or_default();
            if h.len() == HISTORY {
                h.pop_front();
            }
            h.push_back(x);
        }
        for (k, _) in &d.removed {
            self.values.remove(&k.repr());
        }
    }

    /// The values kept for a key (by repr), oldest first.
    pub fn of(&self, key_repr: &str) -> Vec<f64> {
        self.values
            .get(key_repr)
            .map(|h| h.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The key's sparkline, one bar per value kept, scaled between the
    /// smallest and largest of them (all equal: the middle bar).
    pub fn sparkline(&self, key_repr: &str) -> String {
        let Some(h) = self.values.get(key_repr) else {
            return String::new();
        };
        let lo = h.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = h.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        h.iter()
            .map(|&x| {
                if hi > lo {
                    let k = ((x - lo) / (hi - lo) * 7.0).round() as usize;
                    BARS[k.min(7)]
                } else {
                    BARS[3]
                }
            })
            .collect()
    }
}

/// A key as the State pane writes it: like `print` would, except where that
/// would hide it (the empty string, or spaces at an end), where it is `repr`.
pub fn key_text(k: &Value) -> String {
    match k {
        Value::Str(s) if s.is_empty() || s.trim() != s.as_ref() => k.repr(),
        _ => k.to_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(added: &[(&str, i64)], updated: &[(&str, i64, i64)], removed: &[&str]) -> StateDiff {
        StateDiff {
            node: 0,
            label: "updateStateByKey".into(),
            added: added
                .iter()
                .map(|(k, v)| (Value::str(k), Value::Int(*v)))
                .collect(),
            updated: updated
                .iter()
                .map(|(k, o, n)| (Value::str(k), Value::Int(*o), Value::Int(*n)))
                .collect(),
            removed: removed
                .iter()
                .map(|k| (Value::str(k), Value::Int(0)))
                .collect(),
            size: 0,
        }
    }

    #[test]
    fn a_key_keeps_its_last_values_and_draws_them() {
        let mut h = StateHistory::default();
        h.record(&diff(&[("a", 1), ("b", 5)], &[], &[]));
        h.record(&diff(&[], &[("a", 1, 4)], &[]));
        h.record(&diff(&[], &[("a", 4, 8)], &["b"]));
        assert_eq!(h.of("'a'"), vec![1.0, 4.0, 8.0]);
        assert_eq!(h.sparkline("'a'"), "▁▄█");
        assert_eq!(h.of("'b'"), Vec::<f64>::new(), "removed keys are forgotten");
        for n in 0..20 {
            h.record(&diff(&[], &[("a", n, n + 1)], &[]));
        }
        assert_eq!(h.of("'a'").len(), HISTORY);
        assert_eq!(h.of("'a'").last(), Some(&20.0));
        h.record(&diff(&[("c", 2)], &[], &[]));
        assert_eq!(h.sparkline("'c'"), "▄");
    }

    #[test]
    fn hidden_keys_are_written_with_repr() {
        assert_eq!(key_text(&Value::str("")), "''");
        assert_eq!(key_text(&Value::str(" x")), "' x'");
        assert_eq!(key_text(&Value::str("spark")), "spark");
        assert_eq!(key_text(&Value::Int(3)), "3");
    }
}
