//! RDDs: a batch's data as partitions, and the operations on them.
//!
//! In streamlab an RDD is always materialised: a `Vec` of partitions, each a
//! `Vec` of records. Every DStream transformation is one of these operations
//! applied to the parent's RDD of the batch, and the same operations back the
//! `rdd.map(...)` calls a learner writes inside `transform`. Record functions
//! run partition by partition on the engine's rayon pool.
//!
//! Shuffles (`reduceByKey`, `groupByKey`, joins, ...) reproduce PySpark's data
//! flow so that records come out in the same order as on Spark: combine inside
//! each input partition (first-seen key order), send each key to partition
//! `portable_hash(key) % n`, then merge per output partition in the order the
//! input partitions arrive.
//!
//! ```
//! use streamlab::engine::rdd::Rdd;
//! use streamlab::lang::value::Value;
//! let rdd = Rdd::parallelize((1..=3).map(Value::Int).collect(), 2);
//! assert_eq!(rdd.parts.len(), 2);
//! assert_eq!(rdd.count(), 3);
//! ```

use std::sync::Arc;

use rayon::prelude::*;

use crate::lang::compile::call_value;
use crate::lang::hash::{partition_for, KeyMap};
use crate::lang::ops;
use crate::lang::shape::Shape;
use crate::lang::value::{Exc, Key, PyResult, TaskInfo, Value};

use super::words::{self, WordTable};

/// One batch's data (or a static RDD from `sc.parallelize`).
#[derive(Debug, Clone, Default)]
pub struct Rdd {
    pub parts: Vec<Vec<Value>>,
}

pub type RddRef = Arc<Rdd>;

/// Below this many records a narrow operation runs on the calling thread:
/// handing tiny partitions to the pool costs more than it saves.
const PARALLEL_THRESHOLD: usize = 2048;

/// Apply a callable to one record, attaching the record and the function's
/// source to an exception so the learner sees what failed on what.
pub fn apply1(f: &Value, x: &Value) -> PyResult {
    let r = match f {
        Value::Func(func) => {
            if let Some(y) = func.shape().and_then(|s| s.apply1(x)) {
                return Ok(y);
            }
            func.call1(x.clone())
        }
        _ => call_value(f, vec![x.clone()], Vec::new()),
    };
    r.map_err(|e| with_task(e, f, x))
}

/// Apply a callable to two values (reduce functions).
pub fn apply2(f: &Value, a: Value, b: Value) -> PyResult {
    let r = match f {
        Value::Func(func) => {
            if let Some(y) = func.shape().and_then(|s| s.apply2(&a, &b)) {
                return Ok(y);
            }
            func.call2(a.clone(), b.clone())
        }
        _ => call_value(f, vec![a.clone(), b.clone()], Vec::new()),
    };
    r.map_err(|e| with_task(e, f, &Value::tuple(vec![a, b])))
}

fn with_task(mut e: Exc, f: &Value, record: &Value) -> Exc {
    if e.task.is_none() {
        let func_source = match f {
            Value::Func(func) => func
                .source()
                .map(str::to_string)
                .or_else(|| Some(func.name().to_string())),
            _ => None,
        };
        e.task = Some(Arc::new(TaskInfo {
            func_source,
            record: record.short_repr(),
        }));
    }
    e
}

fn kv_items(t: &[Value]) -> PyResult<(Value, Value)> {
    match t {
        [k, v] => Ok((k.clone(), v.clone())),
        _ => Err(Exc::value_error(if t.len() > 2 {
            "too many values to unpack (expected 2)".to_string()
        } else {
            format!("not enough values to unpack (expected 2, got {})", t.len())
        })),
    }
}

/// Split a `(key, value)` record; PySpark unpacks with `k, v = x`, so any
/// 2-item tuple or list works and anything else is Python's unpacking error.
pub fn kv(x: &Value) -> PyResult<(Value, Value)> {
    match x {
        Value::Tuple(t) => kv_items(t),
        Value::List(l) => kv_items(&l.read()),
        Value::Str(s) if s.chars().count() == 2 => {
            let mut c = s.chars();
            let a = c
                .next()
                .map(|c| Value::str(&c.to_string()))
                .unwrap_or(Value::None);
            let b = c
                .next()
                .map(|c| Value::str(&c.to_string()))
                .unwrap_or(Value::None);
            Ok((a, b))
        }
        other => match ops::iterate(other) {
            Ok(items) => Err(Exc::value_error(if items.len() > 2 {
                "too many values to unpack (expected 2)".to_string()
            } else {
                format!(
                    "not enough values to unpack (expected 2, got {})",
                    items.len()
                )
            })),
            Err(_) => Err(Exc::type_error(format!(
                "cannot unpack non-iterable {} object",
                other.type_name()
            ))),
        },
    }
}

/// [`kv`] on an owned record: a tuple nobody else holds gives up its items
/// without cloning them.
fn kv_owned(x: Value) -> PyResult<(Value, Value)> {
    match x {
        Value::Tuple(t) if t.len() == 2 => match Arc::try_unwrap(t) {
            Ok(mut items) => {
                let v = items.pop().unwrap_or(Value::None);
                let k = items.pop().unwrap_or(Value::None);
                Ok((k, v))
            }
            Err(shared) => Ok((shared[0].clone(), shared[1].clone())),
        },
        other => kv_at(&other),
    }
}

fn kv_at(x: &Value) -> PyResult<(Value, Value)> {
    kv(x).map_err(|e| {
        let mut e = e;
        if e.task.is_none() {
            e.task = Some(Arc::new(TaskInfo {
                func_source: Some("a (key, value) pair is expected here".to_string()),
                record: x.short_repr(),
            }));
        }
        e
    })
}

impl Rdd {
    pub fn new(parts: Vec<Vec<Value>>) -> Rdd {
        Rdd { parts }
    }

    /// An RDD with no partitions at all (a socket batch in which nothing arrived).
    pub fn empty() -> Rdd {
        Rdd { parts: Vec::new() }
    }

    /// `sc.parallelize(items, n)`: partition i gets items `[i*len/n, (i+1)*len/n)`.
    pub fn parallelize(items: Vec<Value>, n: usize) -> Rdd {
        let n = n.max(1);
        let len = items.len();
        let mut parts = Vec::with_capacity(n);
        let mut it = items.into_iter();
        for i in 0..n {
            let size = (i + 1) * len / n - i * len / n;
            parts.push(it.by_ref().take(size).collect());
        }
        Rdd { parts }
    }

    pub fn count(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// All records in partition order.
    pub fn collect(&self) -> Vec<Value> {
        self.parts.iter().flatten().cloned().collect()
    }

    /// Run `f` over every partition, in parallel when the batch is large.
    fn map_parts<F>(&self, f: F) -> PyResult<Rdd>
    where
        F: Fn(&[Value]) -> PyResult<Vec<Value>> + Sync + Send,
    {
        let parts = if self.count() >= PARALLEL_THRESHOLD && self.parts.len() > 1 {
            in_order(self.parts.par_iter().map(|p| f(p)).collect())?
        } else {
            self.parts
                .iter()
                .map(|p| f(p))
                .collect::<PyResult<Vec<_>>>()?
        };
        Ok(Rdd { parts })
    }

    pub fn map(&self, f: &Value) -> PyResult<Rdd> {
        self.map_parts(|p| p.iter().map(|x| apply1(f, x)).collect())
    }

    pub fn flat_map(&self, f: &Value) -> PyResult<Rdd> {
        self.map_parts(|p| {
            let mut out = Vec::with_capacity(p.len() * 2);
            for x in p {
                let r = apply1(f, x)?;
                match r {
                    Value::Tuple(items) => out.extend(items.iter().cloned()),
                    Value::List(items) => out.extend(items.into_vec()),
                    other => out.extend(ops::iterate(&other).map_err(|e| with_task(e, f, x))?),
                }
            }
            Ok(out)
        })
    }

    pub fn filter(&self, f: &Value) -> PyResult<Rdd> {
        self.map_parts(|p| {
            let mut out = Vec::new();
            for x in p {
                if apply1(f, x)?.truthy() {
                    out.push(x.clone());
                }
            }
            Ok(out)
        })
    }

    pub fn map_values(&self, f: &Value) -> PyResult<Rdd> {
        self.map_parts(|p| {
            p.iter()
                .map(|x| {
                    let (k, v) = kv_at(x)?;
                    Ok(Value::tuple(vec![k, apply1(f, &v)?]))
                })
                .collect()
        })
    }

    pub fn flat_map_values(&self, f: &Value) -> PyResult<Rdd> {
        self.map_parts(|p| {
            let mut out = Vec::new();
            for x in p {
                let (k, v) = kv_at(x)?;
                let r = apply1(f, &v)?;
                for u in ops::iterate(&r).map_err(|e| with_task(e, f, &v))? {
                    out.push(Value::tuple(vec![k.clone(), u]));
                }
            }
            Ok(out)
        })
    }

    pub fn keys(&self) -> PyResult<Rdd> {
        self.map_parts(|p| p.iter().map(|x| Ok(kv_at(x)?.0)).collect())
    }

    pub fn values(&self) -> PyResult<Rdd> {
        self.map_parts(|p| p.iter().map(|x| Ok(kv_at(x)?.1)).collect())
    }

    /// One list per partition.
    /// `mapPartitions(f)`: f gets each partition's records (as a list) and
    /// returns an iterable of the partition's new records.
    pub fn map_partitions(&self, f: &Value) -> PyResult<Rdd> {
        self.map_parts(|p| {
            let records = Value::list(p.to_vec());
            let r = apply1(f, &records)?;
            ops::iterate(&r).map_err(|e| with_task(e, f, &records))
        })
    }

    /// `mapPartitionsWithIndex(f)`: `f(index, records)` per partition.
    pub fn map_partitions_with_index(&self, f: &Value) -> PyResult<Rdd> {
        let parts = self
            .parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let records = Value::list(p.to_vec());
                let r = call_value(f, vec![Value::Int(i as i64), records.clone()], Vec::new())?;
                ops::iterate(&r).map_err(|e| with_task(e, f, &records))
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Rdd { parts })
    }

    pub fn glom(&self) -> Rdd {
        Rdd {
            parts: self
                .parts
                .iter()
                .map(|p| vec![Value::list(p.clone())])
                .collect(),
        }
    }

    pub fn union(&self, other: &Rdd) -> Rdd {
        let mut parts = self.parts.clone();
        parts.extend(other.parts.iter().cloned());
        Rdd { parts }
    }

    /// Concatenate the partitions of several RDDs (a window's batches).
    pub fn union_all<'a>(rdds: impl Iterator<Item = &'a Rdd>) -> Rdd {
        Rdd {
            parts: rdds.flat_map(|r| r.parts.iter().cloned()).collect(),
        }
    }

    /// `combineByKey` as PySpark runs it: per-partition combine, hash shuffle
    /// into `n` partitions, per-partition merge. Returns `(key, combined)` maps
    /// in first-seen order.
    pub fn combine_by_key<C, M, G>(
        &self,
        n: usize,
        create: C,
        merge_value: M,
        merge_combiners: G,
    ) -> PyResult<Vec<KeyMap<Value>>>
    where
        C: Fn(Value) -> PyResult + Sync + Send,
        M: Fn(Value, Value) -> PyResult + Sync + Send,
        G: Fn(Value, Value) -> PyResult + Sync + Send,
    {
        Ok(self
            .combine_by_key_piped(&[], n, create, merge_value, merge_combiners)?
            .0)
    }

    /// [`Rdd::combine_by_key`] over the records that `stages` (fused narrow
    /// operations) make of this RDD's records, without materialising them.
    /// Also returns how many records each stage produced.
    ///
    /// Large partitions are combined in chunks on the pool and the chunk
    /// results merged in order, which gives the same keys in the same order as
    /// combining the whole partition (reduce functions are associative, as
    /// Spark requires).
    pub fn combine_by_key_piped<C, M, G>(
        &self,
        stages: &[Stage],
        n: usize,
        create: C,
        merge_value: M,
        merge_combiners: G,
    ) -> PyResult<(Vec<KeyMap<Value>>, Vec<usize>)>
    where
        C: Fn(Value) -> PyResult + Sync + Send,
        M: Fn(Value, Value) -> PyResult + Sync + Send,
        G: Fn(Value, Value) -> PyResult + Sync + Send,
    {
        self.combine_piped(stages, n, create, merge_value, merge_combiners, false)
    }

    /// [`Rdd::combine_by_key_piped`]; `int_add` says `merge_value` of two
    /// ints is their sum (`lambda a, b: a + b`, `operator.add`), so the
    /// word-count path may add in place, falling back to `merge_value` on
    /// overflow or other values.
    fn combine_piped<C, M, G>(
        &self,
        stages: &[Stage],
        n: usize,
        create: C,
        merge_value: M,
        merge_combiners: G,
        int_add: bool,
    ) -> PyResult<(Vec<KeyMap<Value>>, Vec<usize>)>
    where
        C: Fn(Value) -> PyResult + Sync + Send,
        M: Fn(Value, Value) -> PyResult + Sync + Send,
        G: Fn(Value, Value) -> PyResult + Sync + Send,
    {
        let n = n.max(1);
        let tail = split_pair_tail(stages);
        // The stages before the tail `flatMap(split) -> map((w, C))`, if any.
        let head = tail.map_or(stages.len(), |_| stages.len() - 2);
        // Map side: combine a run of consecutive chunks of one input partition
        // into one map (first-seen key order), as combining the partition does.
        let feed = |side: &mut MapSide, chunk: &[Value]| -> PyResult<()> {
            let MapSide {
                local,
                words,
                counts,
                ..
            } = side;
            let (head_counts, tail_counts) = counts.split_at_mut(head);
            let add = |local: &mut KeyMap<Value>, words: &mut WordTable, y: Value| {
                if !words.is_empty() {
                    // The general path takes over: the words seen so far
                    // come first, in their order.
                    words.drain_into(local, &merge_combiners)?;
                }
                let (k, v) = kv_owned(y)?;
                let key = match Key::try_new(k) {
                    Ok(key) => key,
                    Err((e, k)) => {
                        return Err(with_task(e, &Value::None, &Value::tuple(vec![k, v])))
                    }
                };
                match local.get_mut(&key) {
                    Some(c) => {
                        let old = std::mem::replace(c, Value::None);
                        *c = merge_value(old, v)?;
                    }
                    None => {
                        local.insert(key, create(v)?);
                    }
                }
                Ok(())
            };
            for x in chunk {
                run_stages(&stages[..head], x.clone(), head_counts, &mut |y| {
                    match (tail, &y) {
                        (Some((split, constant)), Value::Str(line)) if local.is_empty() => {
                            // What the two stages and `add` do for each word of
                            // a str, without a list, a tuple, or a string per
                            // occurrence: words are looked up by their text.
                            let mut failed = None;
                            let mut n = 0;
                            split.split_each(line, &mut |w| {
                                if failed.is_some() {
                                    return;
                                }
                                n += 1;
                                if let Err(e) = words.upsert(
                                    w,
                                    || create(constant.clone()),
                                    |c| merge_in_place(c, constant.clone(), int_add, &merge_value),
                                ) {
                                    failed = Some(e);
                                }
                            });
                            tail_counts[0] += n;
                            tail_counts[1] += n;
                            failed.map_or(Ok(()), Err)
                        }
                        _ => run_stages(&stages[head..], y, tail_counts, &mut |z| {
                            add(local, words, z)
                        }),
                    }
                })?;
            }
            Ok(())
        };
        // Folding consecutive chunks keeps a few maps alive at a time, not one
        // per chunk: a partition's chunks mostly share their keys.
        let step = |acc: PyResult<Vec<MapSide>>, &(part, chunk): &(usize, &[Value])| {
            let mut sides = acc?;
            match sides.last_mut() {
                Some(side) if side.part == part => feed(side, chunk)?,
                _ => {
                    let mut side = MapSide::new(part, stages.len(), tail.is_some());
                    feed(&mut side, chunk)?;
                    sides.push(side);
                }
            }
            Ok(sides)
        };
        // Where each key goes: the map's pairs, in its order, cut into one
        // bucket per output partition.
        let route = |side: MapSide| -> PyResult<(Vec<Buckets>, Vec<usize>)> {
            let MapSide {
                local,
                mut words,
                counts,
                ..
            } = side;
            let pairs = if words.is_empty() {
                local.into_iter().collect::<Vec<_>>()
            } else {
                // `local` is empty while the words path is in use.
                words::remember_distinct(words.len());
                let mut pairs = local.into_iter().collect::<Vec<_>>();
                pairs.extend(words.take_pairs());
                pairs
            };
            // Keys spread evenly over the output partitions: room for a
            // quarter more than an even share, so a bucket rarely grows.
            let share = (pairs.len() / n + pairs.len() / (4 * n) + 8).min(pairs.len());
            let mut buckets: Vec<Buckets> = (0..n).map(|_| Vec::with_capacity(share)).collect();
            if n == 1 {
                buckets[0] = pairs;
            } else {
                for (k, v) in pairs {
                    let r = k.partition(n)?;
                    buckets[r].push((k, v));
                }
            }
            Ok((buckets, counts))
        };
        let big = self.count() >= PARALLEL_THRESHOLD;
        let shuffled: Vec<(Vec<Buckets>, Vec<usize>)> = if big {
            // Two pieces per thread: few maps to merge, and a thread that
            // finishes early takes the other's second piece.
            let sides = in_order(
                self.pieces(2 * rayon::current_num_threads())
                    .par_iter()
                    .map(|piece| piece.iter().fold(Ok(Vec::new()), step))
                    .collect(),
            )?;
            in_order(
                sides
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .into_par_iter()
                    .map(route)
                    .collect(),
            )?
        } else {
            self.chunks()
                .iter()
                .fold(Ok(Vec::new()), step)?
                .into_iter()
                .map(route)
                .collect::<PyResult<_>>()?
        };
        let counts = sum_counts(stages.len(), shuffled.iter().map(|s| &s.1));
        // Reduce side: output partition r takes its bucket from every map
        // side, in order.
        let mut inputs: Vec<Vec<Buckets>> = (0..n).map(|_| Vec::new()).collect();
        for (buckets, _) in shuffled {
            for (r, bucket) in buckets.into_iter().enumerate() {
                inputs[r].push(bucket);
            }
        }
        let reduce_side = |buckets: Vec<Buckets>| -> PyResult<KeyMap<Value>> {
            let most = buckets.iter().map(Vec::len).max().unwrap_or(0);
            let all_str = buckets
                .iter()
                .all(|b| b.iter().all(|(k, _)| matches!(k.0, Value::Str(_))));
            if all_str {
                // Words: looked up by their Python hash and text held in the
                // table, then handed over in the same first-seen order.
                let total: usize = buckets.iter().map(Vec::len).sum();
                let mut words = WordTable::for_keys((most + most / 2).min(total));
                for bucket in buckets {
                    for (k, c) in bucket {
                        words.merge_key(k, c, |acc, c| {
                            merge_in_place(acc, c, int_add, &merge_combiners)
                        })?;
                    }
                }
                let pairs = words.take_pairs();
                let mut merged: KeyMap<Value> =
                    KeyMap::with_capacity_and_hasher(pairs.len(), Default::default());
                merged.extend(pairs);
                return Ok(merged);
            }
            let mut merged: KeyMap<Value> =
                KeyMap::with_capacity_and_hasher(most, Default::default());
            for bucket in buckets {
                for (k, c) in bucket {
                    match merged.get_mut(&k) {
                        Some(acc) => {
                            let old = std::mem::replace(acc, Value::None);
                            *acc = merge_combiners(old, c)?;
                        }
                        None => {
                            merged.insert(k, c);
                        }
                    }
                }
            }
            Ok(merged)
        };
        let maps = if big {
            in_order(inputs.into_par_iter().map(reduce_side).collect())?
        } else {
            inputs
                .into_iter()
                .map(reduce_side)
                .collect::<PyResult<_>>()?
        };
        Ok((maps, counts))
    }

    /// The records cut into `k` runs of nearly equal length, in order; a run
    /// is one or more slices, each within one partition and with its index.
    fn pieces(&self, k: usize) -> Vec<Vec<(usize, &[Value])>> {
        let k = k.max(1);
        let total = self.count();
        let size = total.div_ceil(k).max(1);
        let mut pieces: Vec<Vec<(usize, &[Value])>> = Vec::with_capacity(k);
        let mut current: Vec<(usize, &[Value])> = Vec::new();
        let mut room = size;
        for (i, part) in self.parts.iter().enumerate() {
            let mut rest: &[Value] = part;
            while !rest.is_empty() {
                let (head, tail) = rest.split_at(room.min(rest.len()));
                current.push((i, head));
                room -= head.len();
                rest = tail;
                if room == 0 {
                    pieces.push(std::mem::take(&mut current));
                    room = size;
                }
            }
        }
        if !current.is_empty() {
            pieces.push(current);
        }
        pieces
    }

    /// The partitions cut into chunks of at most [`CHUNK`] records, in
    /// order, each with the index of its partition.
    fn chunks(&self) -> Vec<(usize, &[Value])> {
        self.parts
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.chunks(CHUNK).map(move |c| (i, c)))
            .collect()
    }

    /// Run fused narrow `stages` over every record, in parallel chunks when
    /// large; partition boundaries and record order are kept. Returns the
    /// result and how many records each stage produced.
    pub fn pipe(&self, stages: &[Stage]) -> PyResult<(Rdd, Vec<usize>)> {
        let run = |chunk: &[Value]| -> PyResult<(Vec<Value>, Vec<usize>)> {
            let mut out = Vec::with_capacity(chunk.len());
            let mut counts = vec![0usize; stages.len()];
            for x in chunk {
                run_stages(stages, x.clone(), &mut counts, &mut |y| {
                    out.push(y);
                    Ok(())
                })?;
            }
            Ok((out, counts))
        };
        let big = self.count() >= PARALLEL_THRESHOLD;
        let mut parts = Vec::with_capacity(self.parts.len());
        let mut all_counts = Vec::new();
        for p in &self.parts {
            let pieces: Vec<&[Value]> = p.chunks(CHUNK).collect();
            let done: Vec<(Vec<Value>, Vec<usize>)> = if big {
                in_order(pieces.par_iter().map(|c| run(c)).collect())?
            } else {
                pieces.iter().map(|c| run(c)).collect::<PyResult<_>>()?
            };
            let mut part = Vec::new();
            for (out, counts) in done {
                part.extend(out);
                all_counts.push(counts);
            }
            parts.push(part);
        }
        let counts = sum_counts(stages.len(), all_counts.iter());
        Ok((Rdd { parts }, counts))
    }

    fn from_maps(maps: Vec<KeyMap<Value>>, f: impl Fn(Key, Value) -> Value) -> Rdd {
        Rdd {
            parts: maps
                .into_iter()
                .map(|m| m.into_iter().map(|(k, v)| f(k, v)).collect())
                .collect(),
        }
    }

    pub fn reduce_by_key(&self, f: &Value, n: usize) -> PyResult<Rdd> {
        Ok(self.reduce_by_key_piped(&[], f, n)?.0)
    }

    /// `reduceByKey` over the output of fused `stages`.
    pub fn reduce_by_key_piped(
        &self,
        stages: &[Stage],
        f: &Value,
        n: usize,
    ) -> PyResult<(Rdd, Vec<usize>)> {
        let int_add = matches!(f, Value::Func(func) if matches!(func.shape(), Some(Shape::Add)));
        let (maps, counts) = self.combine_piped(
            stages,
            n,
            Ok,
            |a, b| apply2(f, a, b),
            |a, b| apply2(f, a, b),
            int_add,
        )?;
        Ok((
            Rdd::from_maps(maps, |k, v| Value::tuple(vec![k.0, v])),
            counts,
        ))
    }

    /// Values per key as a list (before wrapping in a ResultIterable).
    pub(crate) fn group_lists(&self, n: usize) -> PyResult<Vec<KeyMap<Value>>> {
        Ok(self.group_lists_piped(&[], n)?.0)
    }

    fn group_lists_piped(
        &self,
        stages: &[Stage],
        n: usize,
    ) -> PyResult<(Vec<KeyMap<Value>>, Vec<usize>)> {
        self.combine_by_key_piped(
            stages,
            n,
            |v| Ok(Value::list(vec![v])),
            |acc, v| Ok(push(acc, v)),
            |a, b| Ok(extend(a, b)),
        )
    }

    pub fn group_by_key(&self, n: usize) -> PyResult<Rdd> {
        Ok(self.group_by_key_piped(&[], n)?.0)
    }

    /// `groupByKey` over the output of fused `stages`.
    pub fn group_by_key_piped(&self, stages: &[Stage], n: usize) -> PyResult<(Rdd, Vec<usize>)> {
        let (maps, counts) = self.group_lists_piped(stages, n)?;
        let rdd = Rdd::from_maps(maps, |k, v| {
            let items = match v {
                Value::List(l) => Arc::new(l.into_vec()),
                other => Arc::new(vec![other]),
            };
            Value::tuple(vec![k.0, Value::Iterable(items)])
        });
        Ok((rdd, counts))
    }

    /// `countByValue`: `(value, count)` pairs.
    pub fn count_by_value(&self, n: usize) -> PyResult<Rdd> {
        let pairs = self.map_parts(|p| {
            Ok(p.iter()
                .map(|x| Value::tuple(vec![x.clone(), Value::Int(1)]))
                .collect())
        })?;
        let maps = pairs.combine_by_key(n, Ok, add_ints, add_ints)?;
        Ok(Rdd::from_maps(maps, |k, v| Value::tuple(vec![k.0, v])))
    }

    /// DStream `count()`: one partial count per partition, summed into one
    /// record; an RDD with no partitions gives no record at all (as PySpark).
    pub fn count_stream(&self) -> Rdd {
        if self.parts.is_empty() {
            return Rdd {
                parts: vec![Vec::new()],
            };
        }
        Rdd {
            parts: vec![vec![Value::Int(self.count() as i64)]],
        }
    }

    /// DStream `reduce(f)`: one record (or none for an empty batch), 1 partition.
    pub fn reduce_stream(&self, f: &Value) -> PyResult<Rdd> {
        let mut acc: Option<Value> = None;
        for x in self.parts.iter().flatten() {
            acc = Some(match acc {
                None => x.clone(),
                Some(a) => apply2(f, a, x.clone())?,
            });
        }
        Ok(Rdd {
            parts: vec![acc.into_iter().collect()],
        })
    }

    /// Cogroup into `n` partitions: for each key, the values from each side.
    fn cogroup_maps(&self, other: &Rdd, n: usize) -> PyResult<Vec<KeyMap<Value>>> {
        // Tag values with their side, as PySpark's python_cogroup does, then group.
        let tag = |r: &Rdd, side: i64| -> PyResult<Rdd> {
            r.map_parts(|p| {
                p.iter()
                    .map(|x| {
                        let (k, v) = kv_at(x)?;
                        Ok(Value::tuple(vec![
                            k,
                            Value::tuple(vec![Value::Int(side), v]),
                        ]))
                    })
                    .collect()
            })
        };
        let both = tag(self, 0)?.union(&tag(other, 1)?);
        let maps = both.group_lists(n)?;
        Ok(maps
            .into_iter()
            .map(|m| {
                m.into_iter()
                    .map(|(k, tagged)| {
                        let mut left = Vec::new();
                        let mut right = Vec::new();
                        if let Value::List(items) = tagged {
                            for t in items.read().iter() {
                                if let Value::Tuple(pair) = t {
                                    if let (Value::Int(side), Some(v)) = (&pair[0], pair.get(1)) {
                                        if *side == 0 {
                                            left.push(v.clone());
                                        } else {
                                            right.push(v.clone());
                                        }
                                    }
                                }
                            }
                        }
                        (k, Value::tuple(vec![Value::list(left), Value::list(right)]))
                    })
                    .collect()
            })
            .collect())
    }

    pub fn cogroup(&self, other: &Rdd, n: usize) -> PyResult<Rdd> {
        let maps = self.cogroup_maps(other, n)?;
        Ok(Rdd::from_maps(maps, |k, v| {
            let (l, r) = match &v {
                Value::Tuple(t) => (t[0].clone(), t[1].clone()),
                _ => (Value::list(vec![]), Value::list(vec![])),
            };
            let wrap = |x: Value| match x {
                Value::List(l) => Value::Iterable(Arc::new(l.into_vec())),
                o => o,
            };
            Value::tuple(vec![k.0, Value::tuple(vec![wrap(l), wrap(r)])])
        }))
    }

    /// Inner, left, right and full outer joins.
    pub fn join(&self, other: &Rdd, n: usize, kind: JoinKind) -> PyResult<Rdd> {
        let maps = self.cogroup_maps(other, n)?;
        let mut parts = Vec::with_capacity(maps.len());
        for m in maps {
            let mut out = Vec::new();
            for (k, v) in m {
                let (l, r) = match &v {
                    Value::Tuple(t) => (t[0].clone(), t[1].clone()),
                    _ => continue,
                };
                let (Value::List(l), Value::List(r)) = (l, r) else {
                    continue;
                };
                let (l, r) = (l.into_vec(), r.into_vec());
                let none = [Value::None];
                let ls: &[Value] =
                    if l.is_empty() && matches!(kind, JoinKind::RightOuter | JoinKind::FullOuter) {
                        &none
                    } else {
                        &l
                    };
                let rs: &[Value] =
                    if r.is_empty() && matches!(kind, JoinKind::LeftOuter | JoinKind::FullOuter) {
                        &none
                    } else {
                        &r
                    };
                for a in ls {
                    for b in rs {
                        out.push(Value::tuple(vec![
                            k.0.clone(),
                            Value::tuple(vec![a.clone(), b.clone()]),
                        ]));
                    }
                }
            }
            parts.push(out);
        }
        Ok(Rdd { parts })
    }

    pub fn distinct(&self, n: usize) -> PyResult<Rdd> {
        let pairs = self.map_parts(|p| {
            Ok(p.iter()
                .map(|x| Value::tuple(vec![x.clone(), Value::None]))
                .collect())
        })?;
        let maps = pairs.combine_by_key(n, Ok, |a, _| Ok(a), |a, _| Ok(a))?;
        Ok(Rdd::from_maps(maps, |k, _| k.0))
    }

    pub fn subtract_by_key(&self, other: &Rdd, n: usize) -> PyResult<Rdd> {
        let maps = self.cogroup_maps(other, n)?;
        let mut parts = Vec::with_capacity(maps.len());
        for m in maps {
            let mut out = Vec::new();
            for (k, v) in m {
                if let Value::Tuple(t) = &v {
                    if let (Value::List(l), Value::List(r)) = (&t[0], &t[1]) {
                        if r.is_empty() {
                            out.extend(
                                l.read()
                                    .iter()
                                    .map(|x| Value::tuple(vec![k.0.clone(), x.clone()])),
                            );
                        }
                    }
                }
            }
            parts.push(out);
        }
        Ok(Rdd { parts })
    }

    /// `sortBy(keyfunc, ascending)`: a total, stable order spread over `n`
    /// contiguous partitions (Spark range-partitions; the order is what matters).
    pub fn sort_by(&self, keyfunc: Option<&Value>, ascending: bool, n: usize) -> PyResult<Rdd> {
        let mut keyed: Vec<(Value, Value)> = Vec::with_capacity(self.count());
        for x in self.parts.iter().flatten() {
            let k = match keyfunc {
                Some(f) => apply1(f, x)?,
                None => x.clone(),
            };
            keyed.push((k, x.clone()));
        }
        let mut err = None;
        keyed.sort_by(|a, b| match ops::py_cmp(&a.0, &b.0) {
            Ok(o) => {
                if ascending {
                    o
                } else {
                    o.reverse()
                }
            }
            Err(e) => {
                err.get_or_insert(e);
                std::cmp::Ordering::Equal
            }
        });
        if let Some(e) = err {
            return Err(e);
        }
        let n = if keyed.is_empty() {
            self.parts.len().max(1)
        } else {
            n.max(1)
        };
        Ok(Rdd::parallelize(
            keyed.into_iter().map(|(_, x)| x).collect(),
            n,
        ))
    }

    /// `repartition(n)`: the same records spread round-robin over exactly `n` partitions.
    pub fn repartition(&self, n: usize) -> Rdd {
        let n = n.max(1);
        let mut parts: Vec<Vec<Value>> = (0..n).map(|_| Vec::new()).collect();
        for (i, x) in self.parts.iter().flatten().enumerate() {
            parts[i % n].push(x.clone());
        }
        Rdd { parts }
    }

    /// `partitionBy(n)`: pairs placed by `portable_hash(key) % n`.
    pub fn partition_by(&self, n: usize) -> PyResult<Rdd> {
        let n = n.max(1);
        let mut parts: Vec<Vec<Value>> = (0..n).map(|_| Vec::new()).collect();
        for x in self.parts.iter().flatten() {
            let (k, _) = kv_at(x)?;
            parts[partition_for(&k, n)?].push(x.clone());
        }
        Ok(Rdd { parts })
    }
}

/// `*acc = merge(acc, v)`; when `int_add` says `merge` of two ints is
/// their sum, two ints are added in place, as the general path computes it
/// (which it still does on overflow or for other values).
fn merge_in_place(
    acc: &mut Value,
    v: Value,
    int_add: bool,
    merge: &dyn Fn(Value, Value) -> PyResult,
) -> PyResult<()> {
    if let (true, Value::Int(a), Value::Int(b)) = (int_add, &mut *acc, &v) {
        if let Some(sum) = a.checked_add(*b) {
            *a = sum;
            return Ok(());
        }
    }
    let old = std::mem::replace(acc, Value::None);
    *acc = merge(old, v)?;
    Ok(())
}

/// Results of tasks run in parallel, or the error of the first failing one
/// in record order (whichever thread failed first), so a failing batch
/// reports the same record every run.
fn in_order<T>(results: Vec<PyResult<T>>) -> PyResult<Vec<T>> {
    results.into_iter().collect()
}

/// One map side's pairs for one output partition, in first-seen order.
type Buckets = Vec<(Key, Value)>;

/// The map side of a run of consecutive chunks of one input partition: the
/// combined `(key, value)` pairs in first-seen order and the records each
/// fused stage produced.
struct MapSide {
    /// The input partition the chunks come from.
    part: usize,
    local: KeyMap<Value>,
    /// The word-count path's keys while `local` is empty (see [`WordTable`]).
    words: WordTable,
    counts: Vec<usize>,
}

impl MapSide {
    /// `words`: the stages end with the word-count tail, so the words table
    /// starts at the size recent map sides needed.
    fn new(part: usize, stages: usize, words: bool) -> MapSide {
        MapSide {
            part,
            local: KeyMap::default(),
            words: WordTable::with_capacity(if words {
                self::words::distinct_hint()
            } else {
                0
            }),
            counts: vec![0; stages],
        }
    }
}

/// Records per chunk of the map side: big enough to amortise scheduling,
/// small enough to keep both cores busy on a few large partitions.
const CHUNK: usize = 8192;

/// When fused stages end with `flatMap` of a split lambda then `map` of
/// `lambda w: (w, C)`: the split's shape and C.
fn split_pair_tail(stages: &[Stage]) -> Option<(&Shape, &Value)> {
    let [.., Stage::FlatMap(Value::Func(f)), Stage::Map(Value::Func(g))] = stages else {
        return None;
    };
    match (f.shape()?, g.shape()?) {
        (split @ (Shape::SplitWhitespace | Shape::SplitSep(_)), Shape::PairWith(c)) => {
            Some((split, c))
        }
        _ => None,
    }
}

/// One narrow operation fused into a pipeline (no RDD between stages).
#[derive(Clone)]
pub enum Stage {
    Map(Value),
    FlatMap(Value),
    Filter(Value),
    MapValues(Value),
    FlatMapValues(Value),
}

/// Push one record through `stages`, handing every result to `sink` and
/// counting what each stage produced.
pub fn run_stages(
    stages: &[Stage],
    x: Value,
    counts: &mut [usize],
    sink: &mut dyn FnMut(Value) -> PyResult<()>,
) -> PyResult<()> {
    let Some((stage, rest)) = stages.split_first() else {
        return sink(x);
    };
    let (count, rest_counts) = counts.split_first_mut().expect("one count per stage");
    match stage {
        Stage::Map(f) => {
            let y = apply1(f, &x)?;
            *count += 1;
            run_stages(rest, y, rest_counts, sink)
        }
        Stage::Filter(f) => {
            if apply1(f, &x)?.truthy() {
                *count += 1;
                run_stages(rest, x, rest_counts, sink)
            } else {
                Ok(())
            }
        }
        Stage::FlatMap(f) => {
            let r = apply1(f, &x)?;
            let items = match r {
                // A freshly built list is not shared: take its items without cloning.
                Value::Tuple(l) => Arc::try_unwrap(l).unwrap_or_else(|a| (*a).clone()),
                Value::List(l) => l.into_vec(),
                other => ops::iterate(&other).map_err(|e| with_task(e, f, &x))?,
            };
            for y in items {
                *count += 1;
                run_stages(rest, y, rest_counts, sink)?;
            }
            Ok(())
        }
        Stage::MapValues(f) => {
            let (k, v) = kv_at(&x)?;
            let y = Value::tuple(vec![k, apply1(f, &v)?]);
            *count += 1;
            run_stages(rest, y, rest_counts, sink)
        }
        Stage::FlatMapValues(f) => {
            let (k, v) = kv_at(&x)?;
            let r = apply1(f, &v)?;
            for u in ops::iterate(&r).map_err(|e| with_task(e, f, &v))? {
                *count += 1;
                run_stages(rest, Value::tuple(vec![k.clone(), u]), rest_counts, sink)?;
            }
            Ok(())
        }
    }
}

fn sum_counts<'a>(n: usize, all: impl Iterator<Item = &'a Vec<usize>>) -> Vec<usize> {
    let mut total = vec![0usize; n];
    for c in all {
        for (t, x) in total.iter_mut().zip(c) {
            *t += x;
        }
    }
    total
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
}

fn push(acc: Value, v: Value) -> Value {
    match acc {
        Value::List(l) => {
            let mut l = l.into_vec();
            l.push(v);
            Value::list(l)
        }
        other => Value::list(vec![other, v]),
    }
}

fn extend(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::List(l), Value::List(r)) => {
            let mut l = l.into_vec();
            l.extend(r.into_vec());
            Value::list(l)
        }
        (a, _) => a,
    }
}

fn add_ints(a: Value, b: Value) -> PyResult {
    ops::binary(crate::lang::ast::BinOp::Add, &a, &b)
}
