//! `updateStateByKey`: PySpark's stateful stream.
//!
//! At each batch the previous state (this stream's RDD one slide ago, or the
//! `initialRDD` at the first batch) is cogrouped with the batch, and the update
//! function is called for **every** key on either side, with the key's new
//! values as a list (`[]` when none arrived) and its old state (`None` when
//! new). Returning `None` removes the key; any other value, even `0` or `[]`,
//! is kept. When the parent has no RDD at a time, the state passes through
//! unchanged without calling the function (PySpark's behaviour).

use std::sync::Arc;

use super::batch::{Engine, Generated};
use super::graph::NodeId;
use super::rdd::{Rdd, RddRef};
use crate::lang::compile::call_value;
use crate::lang::ops;
use crate::lang::value::{Exc, Key, TaskInfo, Value};
use indexmap::IndexMap;

use super::events::StateDiff;

pub fn update_state(
    engine: &mut Engine,
    id: NodeId,
    t: i64,
    func: &Value,
    partitions: usize,
    initial: Option<&RddRef>,
) -> Generated {
    let parent = engine.graph.nodes[id].parents[0];
    let slide = engine.graph.nodes[id].slide_ms;
    let previous = engine.get_or_compute(id, t - slide)?;
    // An initial RDD may hold a key more than once; a state this stream
    // made holds each key once, which the single pass below relies on.
    let own_state = previous.is_some();
    let last = previous.or_else(|| initial.cloned());
    let Some(batch) = engine.get_or_compute(parent, t)? else {
        return Ok(last);
    };
    if own_state || last.is_none() {
        let (new_state, d) = update_in_one_pass(last.as_deref(), &batch, func, partitions, id)?;
        engine.state_taps.push(d);
        return Ok(Some(Arc::new(new_state)));
    }
    let grouped: Rdd = match &last {
        None => {
            // Only the batch's keys: (values, None).
            let g = batch.group_by_key(partitions)?;
            map_pairs(&g, |k, v| Ok((k, ops::iterate(&v)?, Value::None)))?
        }
        Some(state) => {
            let g = state.cogroup(&batch.partition_by(partitions)?, partitions)?;
            map_pairs(&g, |k, v| {
                let Value::Tuple(sides) = v else {
                    return Err(Exc::type_error("cogroup produced a malformed record"));
                };
                let old = ops::iterate(&sides[0])?;
                let new = ops::iterate(&sides[1])?;
                Ok((k, new, old.into_iter().next().unwrap_or(Value::None)))
            })?
        }
    };
    // grouped holds (key, (new_values_list, old_state)); apply the update function.
    let mut parts = Vec::with_capacity(grouped.parts.len());
    for p in &grouped.parts {
        let mut out = Vec::new();
        for rec in p {
            let Value::Tuple(kv) = rec else { continue };
            let Value::Tuple(args) = &kv[1] else { continue };
            let new_state = call_value(
                func,
                vec![args[0].clone(), fresh_state(&args[1], 0)],
                Vec::new(),
            )
            .map_err(|mut e| {
                if e.task.is_none() {
                    e.task = Some(Arc::new(TaskInfo {
                        func_source: match func {
                            Value::Func(f) => f.source().map(str::to_string),
                            _ => None,
                        },
                        record: format!(
                            "key {} with new values {} and state {}",
                            kv[0].short_repr(),
                            args[0].short_repr(),
                            args[1].short_repr()
                        ),
                    }));
                }
                e
            })?;
            if !new_state.is_none() {
                out.push(Value::tuple(vec![kv[0].clone(), new_state]));
            }
        }
        parts.push(out);
    }
    let new_state = Rdd::new(parts);
    engine
        .state_taps
        .push(diff(id, last.as_deref(), &new_state));
    Ok(Some(Arc::new(new_state)))
}

/// One batch of `updateStateByKey` over a state this stream made (or none,
/// at the first batch without an initial RDD): what the cogroup of the
/// state with the batch, then the update of every key, give (keys in the
/// same order, the same calls in the same order), without the cogroup's
/// tagged records, groups and pairs for every key of the state.
/// The cogroup's order for output partition `r`: the state's keys that hash
/// to `r`, in the state's order, then the batch's new keys that hash to `r`,
/// first seen first. Also returns what changed (removed keys in the old
/// state's order).
fn update_in_one_pass(
    state: Option<&Rdd>,
    batch: &Rdd,
    func: &Value,
    partitions: usize,
    node: NodeId,
) -> Result<(Rdd, StateDiff), Exc> {
    let n = partitions.max(1);
    let mut groups = batch.group_lists(n)?;
    // The state's pairs by output partition, each with its place in the state.
    let mut olds: Vec<Vec<(usize, Key, Value)>> = (0..n).map(|_| Vec::new()).collect();
    for (place, x) in state
        .iter()
        .flat_map(|s| s.parts.iter().flatten())
        .enumerate()
    {
        let Value::Tuple(kv) = x else { continue };
        let key = Key::new(kv[0].clone())?;
        let r = key.partition(n)?;
        olds[r].push((place, key, kv[1].clone()));
    }
    let mut d = StateDiff {
        node,
        ..StateDiff::default()
    };
    let mut removed: Vec<(usize, Value, Value)> = Vec::new();
    let mut parts = Vec::with_capacity(n);
    for (olds_r, group) in olds.into_iter().zip(groups.iter_mut()) {
        let mut out = Vec::with_capacity(olds_r.len() + group.len());
        let mut taken = vec![false; group.len()];
        for (place, key, old) in olds_r {
            let new = match group.get_full_mut(&key) {
                Some((i, _, values)) => {
                    taken[i] = true;
                    std::mem::replace(values, Value::None)
                }
                None => Value::list(Vec::new()),
            };
            let next = call_update(func, &key.0, new, &old)?;
            if next.is_none() {
                removed.push((place, key.0, old));
            } else {
                if !ops::py_eq(&old, &next) {
                    d.updated.push((key.0.clone(), old, next.clone()));
                }
                out.push(Value::tuple(vec![key.0, next]));
            }
        }
        for (i, (key, values)) in group.iter_mut().enumerate() {
            if taken[i] {
                continue;
            }
            let new = std::mem::replace(values, Value::None);
            let next = call_update(func, &key.0, new, &Value::None)?;
            if !next.is_none() {
                d.added.push((key.0.clone(), next.clone()));
                out.push(Value::tuple(vec![key.0.clone(), next]));
            }
        }
        parts.push(out);
    }
    removed.sort_by_key(|(place, _, _)| *place);
    d.removed = removed.into_iter().map(|(_, k, v)| (k, v)).collect();
    let new_state = Rdd::new(parts);
    d.size = new_state.count();
    Ok((new_state, d))
}

/// The update function called with a key's new values and (a fresh copy
/// of) its old state; an error names the key, its values and its state.
fn call_update(func: &Value, key: &Value, new: Value, old: &Value) -> Result<Value, Exc> {
    call_value(func, vec![new.clone(), fresh_state(old, 0)], Vec::new()).map_err(|mut e| {
        if e.task.is_none() {
            e.task = Some(Arc::new(TaskInfo {
                func_source: match func {
                    Value::Func(f) => f.source().map(str::to_string),
                    _ => None,
                },
                record: format!(
                    "key {} with new values {} and state {}",
                    key.short_repr(),
                    new.short_repr(),
                    old.short_repr()
                ),
            }));
        }
        e
    })
}

/// What changed between two states (keys in the new state's order, then removed keys).
fn diff(node: NodeId, old: Option<&Rdd>, new: &Rdd) -> StateDiff {
    let mut before: IndexMap<Key, Value> = IndexMap::new();
    for x in old.map(|r| r.collect()).unwrap_or_default() {
        if let Value::Tuple(kv) = &x {
            if let Ok(k) = Key::new(kv[0].clone()) {
                before.insert(k, kv[1].clone());
            }
        }
    }
    let mut d = StateDiff {
        node,
        size: new.count(),
        ..StateDiff::default()
    };
    for x in new.parts.iter().flatten() {
        let Value::Tuple(kv) = x else { continue };
        let Ok(k) = Key::new(kv[0].clone()) else {
            continue;
        };
        match before.swap_remove(&k) {
            None => d.added.push((kv[0].clone(), kv[1].clone())),
            Some(old) if !ops::py_eq(&old, &kv[1]) => {
                d.updated.push((kv[0].clone(), old, kv[1].clone()))
            }
            Some(_) => {}
        }
    }
    d.removed = before.into_iter().map(|(k, v)| (k.0, v)).collect();
    d
}

/// Turn `(k, v)` records into `(k, (new_values_list, old_state))`.
fn map_pairs(
    rdd: &Rdd,
    f: impl Fn(Value, Value) -> Result<(Value, Vec<Value>, Value), Exc>,
) -> Result<Rdd, Exc> {
    let mut parts = Vec::with_capacity(rdd.parts.len());
    for p in &rdd.parts {
        let mut out = Vec::with_capacity(p.len());
        for x in p {
            let Value::Tuple(kv) = x else { continue };
            let (k, new, old) = f(kv[0].clone(), kv[1].clone())?;
            out.push(Value::tuple(vec![
                k,
                Value::tuple(vec![Value::list(new), old]),
            ]));
        }
        parts.push(out);
    }
    Ok(Rdd::new(parts))
}

/// The previous state as the update function gets it. Spark unpickles each
/// batch's state afresh, so an update function that changes its state in
/// place (`state.update(c)` on a `Counter`, `state.append(x)`) never changes
/// what an earlier batch holds, printed or will print. Copying the containers
/// gives the same; immutable values are shared as they are. Past a depth of
/// 200 (or for a container that holds itself) the rest is shared.
fn fresh_state(v: &Value, depth: usize) -> Value {
    if depth > 200 {
        return v.clone();
    }
    let copy = |x: &Value| fresh_state(x, depth + 1);
    match v {
        Value::List(l) => Value::list(l.read().iter().map(copy).collect()),
        Value::Tuple(t) if t.iter().any(is_container) => Value::tuple(t.iter().map(copy).collect()),
        Value::Iterable(t) if t.iter().any(is_container) => {
            Value::Iterable(Arc::new(t.iter().map(copy).collect()))
        }
        Value::Dict(d) => {
            let m = d.read();
            let mut out = indexmap::IndexMap::with_capacity(m.len());
            for (k, x) in m.iter() {
                out.insert(k.clone(), copy(x));
            }
            Value::Dict(crate::lang::value::Dict::with_kind(out, d.kind.clone()))
        }
        // A set's items are hashable, so immutable: a new set of the same items.
        Value::Set(set) if !set.frozen => {
            let items = Value::list(set.read().values());
            crate::lang::set::from_iterable(&items, false).unwrap_or_else(|_| v.clone())
        }
        other => other.clone(),
    }
}

fn is_container(v: &Value) -> bool {
    matches!(
        v,
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Tuple(_) | Value::Iterable(_)
    )
}

#[cfg(test)]
mod fresh_state_tests {
    use super::*;

    #[test]
    fn an_update_that_mutates_its_state_leaves_the_previous_one_alone() {
        let inner = Value::list(vec![Value::Int(1)]);
        let mut m = IndexMap::new();
        m.insert(Key::new(Value::str("pear")).unwrap(), Value::Int(1));
        m.insert(Key::new(Value::str("box")).unwrap(), inner.clone());
        let old = Value::Dict(crate::lang::value::Dict::with_kind(
            m,
            crate::lang::value::DictKind::Counter,
        ));
        let fresh = fresh_state(&old, 0);
        let Value::Dict(d) = &fresh else {
            panic!("a dict")
        };
        assert_eq!(d.kind.name(), "Counter");
        d.write()
            .insert(Key::new(Value::str("pear")).unwrap(), Value::Int(2));
        let Value::List(l) = d.read()[1].clone() else {
            panic!("a list")
        };
        l.write().push(Value::Int(2));
        assert_eq!(old.repr(), "Counter({'pear': 1, 'box': [1]})");
        assert_eq!(fresh.repr(), "Counter({'pear': 2, 'box': [1, 2]})");
    }
}
