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
    let last = engine
        .get_or_compute(id, t - slide)?
        .or_else(|| initial.cloned());
    let Some(batch) = engine.get_or_compute(parent, t)? else {
        return Ok(last);
    };
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
            let new_state = call_value(func, vec![args[0].clone(), args[1].clone()], Vec::new())
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
