//! Stream-stream joins, as Spark 3.5's symmetric hash join runs them.
//!
//! Both sides are streams. Each trigger, every state partition (the join
//! key's Murmur3 hash over `spark.sql.shuffle.partitions`) runs, in order:
//!
//! 1. the left side's new rows (late ones dropped: event time `<=` the
//!    previous trigger's watermark): each meets the right side's state rows
//!    of its key (in the order they were stored), then joins the left state;
//! 2. the right side's new rows, against the left state, which now holds this
//!    trigger's left rows too;
//! 3. for an outer join, the outer side's state rows the watermark evicts
//!    that never matched, with nulls for the other side;
//! 4. the other evictions, which output nothing.
//!
//! A side's state rows are evicted when the **state watermark** passes them:
//! with a watermarked column among the join keys, keys whose time is `<=` the
//! watermark; otherwise, when the join condition bounds a side's event time
//! from below by the other side's (`clickTime <= impressionTime + interval 1
//! hour` bounds `impressionTime >= clickTime - 1 hour`), rows whose event
//! time is `<=` the global watermark plus that bound (minus 1 ms for `<=`
//! and `>=`). The global watermark is the minimum of both sides' (a side
//! that has seen no data counts as 0).
//!
//! Eviction walks a partition's keys in the order of Spark's state store map
//! (see [`super::order`]); within a key, a removed row's place is taken by
//! the key's last row, as Spark's array-like store does.

use std::collections::HashMap;
use std::sync::Arc;

use super::cell::{Cell, DataType, Row};
use super::expr::{ArithOp, CmpOp, Expr, Schema};
use super::order::StateOrder;
use super::plan::Plan;

/// The join types of a stream-stream join (`how=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamJoinKind {
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftSemi,
    /// Parsed so that `start()` refuses it with Spark's message.
    LeftAnti,
}

impl StreamJoinKind {
    /// `how=` as PySpark spells it; None for an unknown name.
    pub fn parse(how: &str) -> Option<StreamJoinKind> {
        Some(match how.to_ascii_lowercase().as_str() {
            "inner" | "cross" => StreamJoinKind::Inner,
            "left" | "leftouter" | "left_outer" => StreamJoinKind::LeftOuter,
            "right" | "rightouter" | "right_outer" => StreamJoinKind::RightOuter,
            "outer" | "full" | "fullouter" | "full_outer" => StreamJoinKind::FullOuter,
            "semi" | "leftsemi" | "left_semi" => StreamJoinKind::LeftSemi,
            "anti" | "leftanti" | "left_anti" => StreamJoinKind::LeftAnti,
            _ => return None,
        })
    }

    /// Spark's name, as its messages print it.
    pub fn spark_name(self) -> &'static str {
        match self {
            StreamJoinKind::Inner => "Inner",
            StreamJoinKind::LeftOuter => "LeftOuter",
            StreamJoinKind::RightOuter => "RightOuter",
            StreamJoinKind::FullOuter => "FullOuter",
            StreamJoinKind::LeftSemi => "LeftSemi",
            StreamJoinKind::LeftAnti => "LeftAnti",
        }
    }
}

/// A column of the join's output: a column of the joined row (left columns,
/// then right ones), or a USING key of a full outer join (the left key, or
/// the right one where the left is null).
#[derive(Debug, Clone)]
pub enum OutCol {
    At(usize),
    Coalesce(usize, usize),
}

/// A lower bound on a side's event time from one conjunct of the condition:
/// the side's rows whose time is `<=` `coef * watermark + offset` can no
/// longer match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub coef: i64,
    pub offset: i64,
}

/// `left.join(right, on, how)` with two streams.
#[derive(Debug, Clone)]
pub struct StreamJoin {
    pub kind: StreamJoinKind,
    /// The right side's plan (its own chain from its source).
    pub right: Arc<Plan>,
    pub left_width: usize,
    pub right_width: usize,
    /// Key expressions, bound to each side's schema.
    pub left_keys: Vec<Expr>,
    pub right_keys: Vec<Expr>,
    pub key_types: Vec<DataType>,
    /// Conjuncts of the condition on one side's columns only.
    pub left_filter: Option<Expr>,
    pub right_filter: Option<Expr>,
    /// Conjuncts on both sides' columns, bound to the joined row.
    pub post_filter: Option<Expr>,
    pub output: Vec<OutCol>,
    /// Each side's watermarked column.
    pub left_time: Option<usize>,
    pub right_time: Option<usize>,
    /// The time bounds the condition puts on each side (see [`Bound`]).
    pub left_bounds: Vec<Bound>,
    pub right_bounds: Vec<Bound>,
    /// The ordinal of a join key that is a watermarked column.
    pub key_time: Option<usize>,
}

impl StreamJoin {
    /// The state watermark of a side (`left`: true) under global watermark
    /// `w`: state rows at or before it are evicted. None when nothing evicts
    /// that side's rows by value.
    pub fn value_watermark(&self, left: bool, w: i64) -> Option<i64> {
        let (mine, other, bounds) = if left {
            (self.left_time, self.right_time, &self.left_bounds)
        } else {
            (self.right_time, self.left_time, &self.right_bounds)
        };
        if self.key_time.is_some() || mine.is_none() || other.is_none() {
            return None;
        }
        bounds
            .iter()
            .map(|b| b.coef.saturating_mul(w).saturating_add(b.offset))
            .min()
    }

    /// The watermark of the join's output under global watermark `w`, what
    /// an aggregation of the joined rows evicts by: the state watermark of
    /// the sides (their minimum), or `w` itself when no value bound applies.
    pub fn output_watermark(&self, w: i64) -> i64 {
        let sides = [
            self.value_watermark(true, w),
            self.value_watermark(false, w),
        ];
        sides.into_iter().flatten().min().unwrap_or(w)
    }

    /// True when some state watermark evicts rows (so a moved watermark
    /// makes Spark run a no-data batch).
    pub fn evicts(&self) -> bool {
        self.key_time.is_some()
            || (self.left_time.is_some()
                && self.right_time.is_some()
                && (!self.left_bounds.is_empty() || !self.right_bounds.is_empty()))
    }

    /// Whether Spark accepts this outer or semi join: a watermarked join
    /// key, or a watermark on the other side and a condition that bounds
    /// the outer side's time (both sides for a full outer join).
    pub fn outer_allowed(&self) -> bool {
        if self.key_time.is_some() {
            return true;
        }
        let left_ok = self.right_time.is_some() && !self.left_bounds.is_empty();
        let right_ok = self.left_time.is_some() && !self.right_bounds.is_empty();
        match self.kind {
            StreamJoinKind::LeftOuter | StreamJoinKind::LeftSemi => left_ok,
            StreamJoinKind::RightOuter => right_ok,
            StreamJoinKind::FullOuter => left_ok && right_ok,
            StreamJoinKind::Inner | StreamJoinKind::LeftAnti => true,
        }
    }
}

/// The conjuncts of a condition (`a AND b AND c`).
pub fn conjuncts(e: &Expr, out: &mut Vec<Expr>) {
    match e {
        Expr::Logic(true, a, b) => {
            conjuncts(a, out);
            conjuncts(b, out);
        }
        Expr::Alias(inner, _) => conjuncts(inner, out),
        other => out.push(other.clone()),
    }
}

/// `e` as a sum of columns (each with a sign) and a constant in
/// milliseconds; false when it is not of that form.
fn linear(e: &Expr, sign: i64, terms: &mut Vec<(usize, i64)>, constant: &mut i64) -> bool {
    match e {
        Expr::Ref(i, _) => {
            terms.push((*i, sign));
            true
        }
        Expr::Interval(ms) => {
            *constant = constant.saturating_add(sign.saturating_mul(*ms));
            true
        }
        Expr::Alias(a, _) => linear(a, sign, terms, constant),
        Expr::Neg(a) => linear(a, -sign, terms, constant),
        Expr::Arith(ArithOp::Add, a, b) => {
            linear(a, sign, terms, constant) && linear(b, sign, terms, constant)
        }
        Expr::Arith(ArithOp::Sub, a, b) => {
            linear(a, sign, terms, constant) && linear(b, -sign, terms, constant)
        }
        _ => false,
    }
}

/// The bound a conjunct (bound to the joined row; the left side's columns
/// are those below `left_width`) puts on the time of one side (`left`).
/// As Spark's `StreamingJoinHelper`: `a < b` is `a - b < 0`; the side's
/// column must appear once, negated, and the other side's at most once;
/// the other side's column stands for the watermark.
pub fn bound_of(conjunct: &Expr, left_width: usize, left: bool) -> Option<Bound> {
    let Expr::Cmp(op, l, r) = conjunct else {
        return None;
    };
    let (a, b, adjust) = match op {
        CmpOp::Lt => (l, r, 0),
        CmpOp::LtE => (l, r, -1),
        CmpOp::Gt => (r, l, 0),
        CmpOp::GtE => (r, l, -1),
        _ => return None,
    };
    let (mut terms, mut constant) = (Vec::new(), 0i64);
    if !linear(a, 1, &mut terms, &mut constant) || !linear(b, -1, &mut terms, &mut constant) {
        return None;
    }
    let mine = |i: usize| (i < left_width) == left;
    let mut my_cols: Vec<usize> = terms.iter().filter(|t| mine(t.0)).map(|t| t.0).collect();
    let mut other_cols: Vec<usize> = terms.iter().filter(|t| !mine(t.0)).map(|t| t.0).collect();
    my_cols.dedup();
    other_cols.sort_unstable();
    other_cols.dedup();
    if my_cols.len() > 1 || other_cols.len() > 1 {
        return None;
    }
    let mut my_terms = terms.iter().filter(|t| mine(t.0));
    let (Some(t), None) = (my_terms.next(), my_terms.next()) else {
        return None;
    };
    if t.1 > 0 {
        // `mine - other < 0` bounds this side from above only.
        return None;
    }
    let coef: i64 = terms.iter().filter(|t| !mine(t.0)).map(|t| t.1).sum();
    Some(Bound {
        coef,
        offset: constant.saturating_add(adjust),
    })
}

/// Which keys a state eviction removes (all their rows).
type KeyTest<'a> = Option<&'a dyn Fn(&[Cell]) -> bool>;
/// Which rows a state eviction removes.
type RowTest<'a> = Option<&'a dyn Fn(&Row) -> bool>;

/// What [`build`] makes: the join, its output schema, the event-time
/// column its output keeps, and the conditions (unbound) to push into the
/// left and the right side before the join.
pub type Built = (
    StreamJoin,
    Schema,
    Option<(usize, i64)>,
    (Vec<Expr>, Vec<Expr>),
);

/// One side's state: each key's rows in index order, with whether each has
/// matched, and the state stores' order of keys.
struct SideState {
    rows: HashMap<Vec<Cell>, Vec<(Row, bool)>>,
    order: StateOrder,
}

impl SideState {
    fn new(partitions: i32, types: Vec<DataType>) -> SideState {
        SideState {
            rows: HashMap::new(),
            order: StateOrder::new(partitions, types, false),
        }
    }

    fn append(&mut self, key: Vec<Cell>, row: Row, matched: bool) {
        let list = self.rows.entry(key.clone()).or_default();
        if list.is_empty() {
            self.order.put_all(std::iter::once(&key));
        }
        list.push((row, matched));
    }

    /// Remove the rows `gone` selects from partition `p`, in the store's
    /// order; returns them with their matched flags.
    fn evict(&mut self, p: usize, by_key: KeyTest<'_>, by_row: RowTest<'_>) -> Vec<(Row, bool)> {
        let mut out = Vec::new();
        for key in self.order.keys_in(p) {
            let Some(list) = self.rows.get_mut(&key) else {
                continue;
            };
            if let Some(f) = by_key {
                if f(&key) {
                    out.append(list);
                }
            } else if let Some(f) = by_row {
                let mut i = 0;
                while i < list.len() {
                    if f(&list[i].0) {
                        out.push(list.swap_remove(i));
                    } else {
                        i += 1;
                    }
                }
            }
            if list.is_empty() {
                self.rows.remove(&key);
                self.order.remove(&key);
            }
        }
        out
    }

    fn len(&self) -> usize {
        self.rows.values().map(Vec::len).sum()
    }

    /// Every row held, partition by partition in the store's order.
    fn all_rows(&self) -> Vec<Row> {
        (0..self.order.partitions())
            .flat_map(|p| self.order.keys_in(p))
            .flat_map(|k| {
                self.rows
                    .get(&k)
                    .map(|l| l.iter().map(|r| r.0.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// A running stream-stream join's state: both sides'.
pub struct JoinState {
    pub join: Arc<StreamJoin>,
    left: SideState,
    right: SideState,
    partitions: usize,
}

/// One side's rows of a trigger, each with its input partition.
pub type SideRows = Vec<(usize, Row)>;

/// What one trigger of the join did.
#[derive(Debug, Default)]
pub struct JoinOutput {
    /// Output rows with their state partition, in Spark's order.
    pub rows: Vec<(usize, Row)>,
    /// Rows dropped as late, per side.
    pub late: (usize, usize),
}

impl JoinState {
    pub fn new(join: Arc<StreamJoin>, partitions: i32) -> JoinState {
        let types = join.key_types.clone();
        JoinState {
            left: SideState::new(partitions, types.clone()),
            right: SideState::new(partitions, types),
            join,
            partitions: partitions.max(1) as usize,
        }
    }

    /// Rows held per side.
    pub fn held(&self) -> (usize, usize) {
        (self.left.len(), self.right.len())
    }

    /// The state rows of each side, for display.
    pub fn state_rows(&self) -> (Vec<Row>, Vec<Row>) {
        (self.left.all_rows(), self.right.all_rows())
    }

    fn key_of(keys: &[Expr], row: &Row, now_ms: i64) -> Vec<Cell> {
        keys.iter().map(|k| k.eval(row, now_ms)).collect()
    }

    fn passes(cond: &Option<Expr>, row: &Row, now_ms: i64) -> bool {
        cond.as_ref()
            .is_none_or(|c| matches!(c.eval(row, now_ms), Cell::Bool(true)))
    }

    /// Run one trigger: `late` is the previous trigger's watermark (rows at
    /// or before it are dropped), `watermark` this trigger's (eviction).
    pub fn run(
        &mut self,
        left_rows: SideRows,
        right_rows: SideRows,
        (late, watermark): (Option<i64>, Option<i64>),
        now_ms: i64,
    ) -> JoinOutput {
        let join = self.join.clone();
        let n = self.partitions;
        let mut out = JoinOutput::default();
        let is_late = |row: &Row, time: Option<usize>| match (late, time) {
            (Some(l), Some(c)) if l > 0 => {
                matches!(row.get(c).and_then(evict_time), Some(t) if t <= l)
            }
            _ => false,
        };
        // Each side's rows by state partition, in arrival order (input
        // partition after input partition).
        let split = |rows: SideRows, keys: &[Expr], time: Option<usize>, late_n: &mut usize| {
            let mut parts: Vec<Vec<(Vec<Cell>, Row)>> = vec![Vec::new(); n];
            let mut rows = rows;
            rows.sort_by_key(|r| r.0);
            for (_, row) in rows {
                if is_late(&row, time) {
                    *late_n += 1;
                    continue;
                }
                let key = Self::key_of(keys, &row, now_ms);
                let p = self.left.order.partition(&key);
                parts[p].push((key, row));
            }
            parts
        };
        let (mut late_l, mut late_r) = (0, 0);
        let lefts = split(left_rows, &join.left_keys, join.left_time, &mut late_l);
        let rights = split(right_rows, &join.right_keys, join.right_time, &mut late_r);
        out.late = (late_l, late_r);
        let key_gone = |key: &[Cell]| -> bool {
            match (join.key_time, watermark) {
                (Some(k), Some(w)) => key.get(k).and_then(evict_time).is_some_and(|t| t <= w),
                _ => false,
            }
        };
        let value_wm = |left: bool| watermark.and_then(|w| join.value_watermark(left, w));
        let (lw, rw) = (value_wm(true), value_wm(false));
        let row_gone = |row: &Row, time: Option<usize>, wm: Option<i64>| -> bool {
            match (time, wm) {
                (Some(c), Some(w)) => row.get(c).and_then(evict_time).is_some_and(|t| t <= w),
                _ => false,
            }
        };
        let kind = join.kind;
        let null_right = vec![Cell::Null; join.right_width];
        let null_left = vec![Cell::Null; join.left_width];
        for (p, (lefts, rights)) in lefts.into_iter().zip(rights).enumerate() {
            // 1. The left side's new rows.
            for (key, row) in lefts {
                if !Self::passes(&join.left_filter, &row, now_ms) {
                    if matches!(kind, StreamJoinKind::LeftOuter | StreamJoinKind::FullOuter) {
                        out.rows.push((p, self_output(&join, &row, &null_right)));
                    }
                    continue;
                }
                let mut matched = false;
                if !key.iter().any(Cell::is_null) {
                    if let Some(list) = self.right.rows.get_mut(&key) {
                        for (other, other_matched) in list.iter_mut() {
                            let mut joined = row.clone();
                            joined.extend(other.iter().cloned());
                            if Self::passes(&join.post_filter, &joined, now_ms) {
                                *other_matched = true;
                                if kind == StreamJoinKind::LeftSemi {
                                    if !matched {
                                        out.rows.push((p, row.clone()));
                                    }
                                } else {
                                    let r = self_output(&join, &row, other);
                                    out.rows.push((p, r));
                                }
                                matched = true;
                            }
                        }
                    }
                }
                // A left semi join keeps only the left rows still unmatched.
                let semi_done = kind == StreamJoinKind::LeftSemi && matched;
                if !semi_done && !key_gone(&key) && !row_gone(&row, join.left_time, lw) {
                    self.left.append(key, row, matched);
                }
            }
            // 2. The right side's new rows, against the left state.
            for (key, row) in rights {
                if !Self::passes(&join.right_filter, &row, now_ms) {
                    if matches!(kind, StreamJoinKind::RightOuter | StreamJoinKind::FullOuter) {
                        out.rows.push((p, self_output(&join, &null_left, &row)));
                    }
                    continue;
                }
                let mut matched = false;
                if !key.iter().any(Cell::is_null) {
                    if let Some(list) = self.left.rows.get_mut(&key) {
                        for (other, other_matched) in list.iter_mut() {
                            if kind == StreamJoinKind::LeftSemi && *other_matched {
                                continue;
                            }
                            let mut joined = other.clone();
                            joined.extend(row.iter().cloned());
                            if Self::passes(&join.post_filter, &joined, now_ms) {
                                *other_matched = true;
                                matched = true;
                                let r = if kind == StreamJoinKind::LeftSemi {
                                    other.clone()
                                } else {
                                    self_output(&join, other, &row)
                                };
                                out.rows.push((p, r));
                            }
                        }
                    }
                }
                if !key_gone(&key) && !row_gone(&row, join.right_time, rw) {
                    self.right.append(key, row, matched);
                }
            }
            // 3. and 4. Evictions: the outer sides' unmatched rows come out.
            let left_time = join.left_time;
            let right_time = join.right_time;
            let by_key: KeyTest<'_> = if join.key_time.is_some() {
                Some(&key_gone)
            } else {
                None
            };
            let left_row_gone = |r: &Row| row_gone(r, left_time, lw);
            let right_row_gone = |r: &Row| row_gone(r, right_time, rw);
            let left_by_row: RowTest<'_> = lw.map(|_| &left_row_gone as _);
            let right_by_row: RowTest<'_> = rw.map(|_| &right_row_gone as _);
            let outer_left = matches!(kind, StreamJoinKind::LeftOuter | StreamJoinKind::FullOuter);
            let outer_right =
                matches!(kind, StreamJoinKind::RightOuter | StreamJoinKind::FullOuter);
            let gone_left = self.left.evict(p, by_key, left_by_row);
            if outer_left {
                for (r, matched) in &gone_left {
                    if !matched {
                        out.rows.push((p, self_output(&join, r, &null_right)));
                    }
                }
            }
            let gone_right = self.right.evict(p, by_key, right_by_row);
            if outer_right {
                for (r, matched) in &gone_right {
                    if !matched {
                        out.rows.push((p, self_output(&join, &null_left, r)));
                    }
                }
            }
        }
        out
    }
}

/// The output row of a matched pair (not a semi join).
fn self_output(join: &StreamJoin, left: &[Cell], right: &[Cell]) -> Row {
    let at = |i: usize| {
        if i < join.left_width {
            left.get(i).cloned().unwrap_or(Cell::Null)
        } else {
            right
                .get(i - join.left_width)
                .cloned()
                .unwrap_or(Cell::Null)
        }
    };
    join.output
        .iter()
        .map(|c| match c {
            OutCol::At(i) => at(*i),
            OutCol::Coalesce(a, b) => {
                let v = at(*a);
                if v.is_null() {
                    at(*b)
                } else {
                    v
                }
            }
        })
        .collect()
}

/// The time a watermarked cell stands for: a window's end, or a timestamp.
fn evict_time(c: &Cell) -> Option<i64> {
    match c {
        Cell::Window(_, end) => Some(*end),
        Cell::Timestamp(t) => Some(*t),
        _ => None,
    }
}

/// Build the join of two streaming plans: `using` names the key columns of
/// `on="id"`, else `condition` is the join expression.
pub fn build(
    left: &Plan,
    right: &Arc<Plan>,
    using: Option<&[String]>,
    condition: Option<&Expr>,
    kind: StreamJoinKind,
) -> Result<Built, super::plan::AnalysisError> {
    use super::plan::AnalysisError;
    let (lw, rw) = (left.schema.len(), right.schema.len());
    let mut joined: Schema = left.schema.clone();
    joined.extend(right.schema.iter().cloned());
    let (mut left_keys, mut right_keys) = (Vec::new(), Vec::new());
    let (mut lf, mut rf, mut post): (Vec<Expr>, Vec<Expr>, Vec<Expr>) =
        (Vec::new(), Vec::new(), Vec::new());
    let mut bound_conjuncts = Vec::new();
    // Spark's optimizer pushes a condition on one side's columns into that
    // side, unless that side is kept whole by an outer join; and it infers
    // `IS NOT NULL` of the keys on the same sides.
    let (push_left, push_right) = match kind {
        StreamJoinKind::Inner | StreamJoinKind::LeftSemi => (true, true),
        StreamJoinKind::LeftOuter | StreamJoinKind::LeftAnti => (false, true),
        StreamJoinKind::RightOuter => (true, false),
        StreamJoinKind::FullOuter => (false, false),
    };
    let mut pushed: (Vec<Expr>, Vec<Expr>) = (Vec::new(), Vec::new());
    let mut output = Vec::new();
    let mut schema: Schema = Vec::new();
    if let Some(names) = using {
        let find = |s: &Schema, side: &str, name: &str| {
            s.iter()
                .position(|c| c.0 == name)
                .ok_or_else(|| AnalysisError::JoinColumn {
                    name: name.to_string(),
                    side: side.to_string(),
                    columns: s.iter().map(|c| c.0.clone()).collect(),
                })
        };
        let mut lk = Vec::new();
        let mut rk = Vec::new();
        for n in names {
            let (l, r) = (
                find(&left.schema, "left", n)?,
                find(&right.schema, "right", n)?,
            );
            left_keys.push(Expr::Ref(l, n.clone()));
            right_keys.push(Expr::Ref(r, n.clone()));
            lk.push(l);
            rk.push(r);
        }
        for (l, r) in lk.iter().zip(&rk) {
            let (col, name) = match kind {
                StreamJoinKind::RightOuter => (OutCol::At(lw + r), &right.schema[*r]),
                StreamJoinKind::FullOuter => (OutCol::Coalesce(*l, lw + r), &left.schema[*l]),
                _ => (OutCol::At(*l), &left.schema[*l]),
            };
            output.push(col);
            schema.push(name.clone());
        }
        for i in (0..lw).filter(|i| !lk.contains(i)) {
            output.push(OutCol::At(i));
            schema.push(left.schema[i].clone());
        }
        for i in (0..rw).filter(|i| !rk.contains(i)) {
            output.push(OutCol::At(lw + i));
            schema.push(right.schema[i].clone());
        }
    } else if let Some(cond) = condition {
        let mut parts = Vec::new();
        conjuncts(cond, &mut parts);
        for part in parts {
            let bound = part.bind(&joined)?;
            let mut cols = Vec::new();
            bound.columns(&mut cols);
            let uses_left = cols.iter().any(|c| *c < lw);
            let uses_right = cols.iter().any(|c| *c >= lw);
            if let Expr::Cmp(CmpOp::Eq, a, b) = &part {
                let side = |e: &Expr| -> Option<bool> {
                    let mut c = Vec::new();
                    e.bind(&joined).ok()?.columns(&mut c);
                    if c.is_empty() {
                        None
                    } else if c.iter().all(|x| *x < lw) {
                        Some(true)
                    } else if c.iter().all(|x| *x >= lw) {
                        Some(false)
                    } else {
                        None
                    }
                };
                let pair = match (side(a), side(b)) {
                    (Some(true), Some(false)) => Some((a, b)),
                    (Some(false), Some(true)) => Some((b, a)),
                    _ => None,
                };
                if let Some((l, r)) = pair {
                    left_keys.push(l.bind(&left.schema)?);
                    right_keys.push(r.bind(&right.schema)?);
                    continue;
                }
            }
            match (uses_left, uses_right) {
                (true, false) if push_left => pushed.0.push(part.clone()),
                (false, true) if push_right => pushed.1.push(part.clone()),
                (true, false) => lf.push(part.bind(&left.schema)?),
                (false, true) => rf.push(part.bind(&right.schema)?),
                _ => post.push(bound.clone()),
            }
            bound_conjuncts.push(bound);
        }
        if kind == StreamJoinKind::LeftSemi {
            schema = left.schema.clone();
            output = (0..lw).map(OutCol::At).collect();
        } else {
            schema = joined.clone();
            output = (0..lw + rw).map(OutCol::At).collect();
        }
    }
    if kind == StreamJoinKind::LeftSemi && using.is_some() {
        schema = left.schema.clone();
        output = (0..lw).map(OutCol::At).collect();
    }
    let not_null = |keys: &[Expr], schema: &Schema, out: &mut Vec<Expr>| {
        for k in keys {
            if let Expr::Ref(i, _) = k {
                out.push(Expr::IsNull(Box::new(Expr::col(&schema[*i].0)), true));
            }
        }
    };
    if push_left {
        not_null(&left_keys, &left.schema, &mut pushed.0);
    }
    if push_right {
        not_null(&right_keys, &right.schema, &mut pushed.1);
    }
    let and_all = |v: Vec<Expr>| {
        v.into_iter()
            .reduce(|a, b| Expr::Logic(true, Box::new(a), Box::new(b)))
    };
    let key_types = left_keys
        .iter()
        .map(|k| k.data_type(&left.schema))
        .collect();
    let left_time = left.watermark.map(|w| w.0);
    let right_time = right.watermark.map(|w| w.0);
    let key_time = left_keys
        .iter()
        .position(|k| matches!(k, Expr::Ref(i, _) if Some(*i) == left_time))
        .or_else(|| {
            right_keys
                .iter()
                .position(|k| matches!(k, Expr::Ref(i, _) if Some(*i) == right_time))
        });
    let left_bounds = bound_conjuncts
        .iter()
        .filter_map(|c| bound_of(c, lw, true))
        .collect();
    let right_bounds = bound_conjuncts
        .iter()
        .filter_map(|c| bound_of(c, lw, false))
        .collect();
    // The output keeps the left side's event-time column (where it shows).
    let watermark = left.watermark.and_then(|(col, delay)| {
        output
            .iter()
            .position(|o| matches!(o, OutCol::At(i) if *i == col))
            .map(|p| (p, delay))
    });
    let join = StreamJoin {
        kind,
        right: right.clone(),
        left_width: lw,
        right_width: rw,
        left_keys,
        right_keys,
        key_types,
        left_filter: and_all(lf),
        right_filter: and_all(rf),
        post_filter: and_all(post),
        output,
        left_time,
        right_time,
        left_bounds,
        right_bounds,
        key_time,
    };
    Ok((join, schema, watermark, pushed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(lw: usize) -> (Expr, Expr) {
        (
            Expr::Ref(0, "impressionTime".into()),
            Expr::Ref(lw, "clickTime".into()),
        )
    }

    #[test]
    fn an_evicted_rows_place_goes_to_the_keys_last_row() {
        let mut side = SideState::new(1, vec![DataType::String]);
        let key = vec![Cell::str("adX")];
        for t in [0, 30, 1, 31] {
            side.append(key.clone(), vec![Cell::Timestamp(t)], false);
        }
        let old = |r: &Row| matches!(r[0], Cell::Timestamp(t) if t < 10);
        let gone: Vec<Row> = side
            .evict(0, None, Some(&old))
            .into_iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(gone, [vec![Cell::Timestamp(0)], vec![Cell::Timestamp(1)]]);
        let all = |_: &Row| true;
        let rest: Vec<Row> = side
            .evict(0, None, Some(&all))
            .into_iter()
            .map(|r| r.0)
            .collect();
        // 31 took 0's place: Spark's array-like store.
        assert_eq!(rest, [vec![Cell::Timestamp(31)], vec![Cell::Timestamp(30)]]);
        assert_eq!(side.len(), 0);
    }

    #[test]
    fn the_guides_time_range_bounds_each_side_as_spark_solves_it() {
        let (imp, click) = refs(2);
        let hour = Expr::Interval(3_600_000);
        // clickTime >= impressionTime: bounds the clicks by the impressions.
        let ge = Expr::Cmp(CmpOp::GtE, Box::new(click.clone()), Box::new(imp.clone()));
        assert_eq!(bound_of(&ge, 2, true), None);
        assert_eq!(
            bound_of(&ge, 2, false),
            Some(Bound {
                coef: 1,
                offset: -1
            })
        );
        // clickTime <= impressionTime + 1 hour: impressions >= clicks - 1 hour.
        let plus = Expr::Arith(ArithOp::Add, Box::new(imp), Box::new(hour));
        let le = Expr::Cmp(CmpOp::LtE, Box::new(click), Box::new(plus));
        assert_eq!(
            bound_of(&le, 2, true),
            Some(Bound {
                coef: 1,
                offset: -3_600_001
            })
        );
        assert_eq!(bound_of(&le, 2, false), None);
    }
}
