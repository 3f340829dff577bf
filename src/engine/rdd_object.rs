//! RDDs as the program sees them: the value passed to `transform` and
//! `foreachRDD` functions, and what `sc.parallelize` returns.
//!
//! Every method runs at once on the materialised data (`rdd.map(f)` inside a
//! transform is applied to the batch right there), which gives the same
//! records as Spark's lazy evaluation for the deterministic programs the
//! subset allows.

use std::any::Any;
use std::sync::{Arc, LazyLock};

use chrono::{Local, TimeZone};

use super::rdd::{JoinKind, Rdd, RddRef};
use super::stats::StatCounter;
use crate::lang::args::count_arg;
use crate::lang::compile::call_value;
use crate::lang::native::NativeFn;
use crate::lang::registry::{Attribute, Bound, Call, Class, Method, Returns};
use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};

/// An RDD value.
pub struct RddObject {
    pub rdd: RddRef,
    /// `rdd.context`: the SparkContext it belongs to, when whoever made it
    /// knows it (the engine does not know the session's objects: the
    /// SparkContext reaches a batch's RDDs through [`super::graph::Graph::context`]).
    pub context: Option<Value>,
}

pub fn rdd_value(rdd: RddRef) -> Value {
    rdd_value_in(rdd, None)
}

/// An RDD value whose `rdd.context` is `context`.
pub fn rdd_value_in(rdd: RddRef, context: Option<Value>) -> Value {
    Value::Object(Arc::new(RddObject { rdd, context }))
}

/// `v` with its context set to `context` when `v` is an RDD that has none
/// (an RDD made by a method of an RDD or of a SparkContext belongs to it).
pub fn with_context(v: Value, context: &Value) -> Value {
    match v.downcast::<RddObject>() {
        Some(r) if r.context.is_none() => rdd_value_in(r.rdd.clone(), Some(context.clone())),
        _ => v,
    }
}

/// The RDD inside a value, if it is one.
pub fn as_rdd(v: &Value) -> Option<RddRef> {
    v.downcast::<RddObject>().map(|r| r.rdd.clone())
}

fn other_rdd(method: &str, v: &Value) -> PyResult<RddRef> {
    as_rdd(v).ok_or_else(|| {
        Exc::type_error(format!(
            "RDD.{method}() expects an RDD (for example from sc.parallelize([...])), not {}",
            v.type_name()
        ))
    })
}

/// Partitions of a two-RDD shuffle: PySpark unions both sides and groups,
/// so by default the result has as many partitions as both together.
fn pair_parts(bound: &Bound, a: &Rdd, b: &Rdd) -> PyResult<usize> {
    match bound.opt("numPartitions") {
        None => Ok((a.parts.len() + b.parts.len()).max(1)),
        Some(v) => count_arg("numPartitions", &v),
    }
}

/// An RDD method's receiver: the RDD and the object holding it (which
/// `cache()` returns).
pub struct RddCall {
    pub rdd: RddRef,
    this: Arc<dyn Object>,
    /// `rdd.context`, when known.
    context: Option<Value>,
}

/// The method of a SparkContext that `rdd.toDF` calls: the session layer
/// answers it with its SparkSession's `createDataFrame`.
pub const TO_DF: &str = "_toDF";

const RDD_R: Returns = Returns::Class("RDD");

fn m(
    name: &'static str,
    signature: &'static str,
    doc: &'static str,
    returns: Returns,
    call: Call<RddCall>,
) -> Method<RddCall> {
    Method::new(name, signature, doc, returns, call)
}

fn wrap(rdd: Rdd) -> PyResult {
    Ok(rdd_value(Arc::new(rdd)))
}

/// `numPartitions`: `None` keeps the RDD's number of partitions.
fn parts(r: &Rdd, b: &Bound) -> PyResult<usize> {
    match b.opt("numPartitions") {
        None => Ok(r.parts.len().max(1)),
        Some(v) => count_arg("numPartitions", &v),
    }
}

fn join(c: &RddCall, method: &str, kind: JoinKind, b: Bound) -> PyResult {
    let other = other_rdd(method, &b.get("other"))?;
    wrap(c.rdd.join(&other, pair_parts(&b, &c.rdd, &other)?, kind)?)
}

/// The class `RDD`: the methods the subset offers, defined once.
pub static RDD: LazyLock<Class<RddCall>> = LazyLock::new(|| {
    Class::new(
        "RDD",
        vec![
            m(
                "map",
                "(f, preservesPartitioning=False)",
                "Apply f to every element.",
                RDD_R,
                |c, b| wrap(c.rdd.map(&b.get("f"))?),
            ),
            m(
                "flatMap",
                "(f, preservesPartitioning=False)",
                "Apply f to every element and flatten the iterables it returns.",
                RDD_R,
                |c, b| wrap(c.rdd.flat_map(&b.get("f"))?),
            ),
            m(
                "filter",
                "(f)",
                "Keep the elements for which f returns a true value.",
                RDD_R,
                |c, b| wrap(c.rdd.filter(&b.get("f"))?),
            ),
            m(
                "mapValues",
                "(f)",
                "Apply f to the value of every (key, value) pair.",
                RDD_R,
                |c, b| wrap(c.rdd.map_values(&b.get("f"))?),
            ),
            m(
                "flatMapValues",
                "(f)",
                "Apply f to every value and emit one pair per item it returns.",
                RDD_R,
                |c, b| wrap(c.rdd.flat_map_values(&b.get("f"))?),
            ),
            m(
                "mapPartitions",
                "(f, preservesPartitioning=False)",
                "Apply f to the elements of each partition; it returns the partition's new elements.",
                RDD_R,
                |c, b| wrap(c.rdd.map_partitions(&b.get("f"))?),
            ),
            m(
                "mapPartitionsWithIndex",
                "(f, preservesPartitioning=False)",
                "Apply f(index, elements) to each partition; it returns the partition's new elements.",
                RDD_R,
                |c, b| wrap(c.rdd.map_partitions_with_index(&b.get("f"))?),
            ),
            m(
                "toDF",
                "(schema=None, sampleRatio=None)",
                "A DataFrame of the elements (Rows, tuples or dicts); schema: column names. Needs a SparkSession.",
                Returns::Class("DataFrame"),
                |c, b| {
                    let ctx = c.context.clone().ok_or_else(|| {
                        Exc::attr_error("'RDD' object has no attribute 'toDF' (PySpark adds it when a SparkSession is created: SparkSession.builder.getOrCreate())")
                    })?;
                    crate::lang::methods::call_method(
                        &ctx,
                        TO_DF,
                        vec![rdd_value(c.rdd.clone()), b.get("schema")],
                        Vec::new(),
                    )
                },
            ),
            m(
                "keys",
                "()",
                "The key of every (key, value) pair.",
                RDD_R,
                |c, _| wrap(c.rdd.keys()?),
            ),
            m(
                "values",
                "()",
                "The value of every (key, value) pair.",
                RDD_R,
                |c, _| wrap(c.rdd.values()?),
            ),
            m(
                "glom",
                "()",
                "Turn each partition into one list.",
                RDD_R,
                |c, _| wrap(c.rdd.glom()),
            ),
            m(
                "union",
                "(other)",
                "The elements of both RDDs.",
                RDD_R,
                |c, b| wrap(c.rdd.union(&*other_rdd("union", &b.get("other"))?)),
            ),
            m(
                "join",
                "(other, numPartitions=None)",
                "Inner join of two pair RDDs: (k, (v, w)).",
                RDD_R,
                |c, b| join(c, "join", JoinKind::Inner, b),
            ),
            m(
                "leftOuterJoin",
                "(other, numPartitions=None)",
                "Left outer join: (k, (v, w or None)).",
                RDD_R,
                |c, b| join(c, "leftOuterJoin", JoinKind::LeftOuter, b),
            ),
            m(
                "rightOuterJoin",
                "(other, numPartitions=None)",
                "Right outer join: (k, (v or None, w)).",
                RDD_R,
                |c, b| join(c, "rightOuterJoin", JoinKind::RightOuter, b),
            ),
            m(
                "fullOuterJoin",
                "(other, numPartitions=None)",
                "Full outer join: (k, (v or None, w or None)).",
                RDD_R,
                |c, b| join(c, "fullOuterJoin", JoinKind::FullOuter, b),
            ),
            m(
                "cogroup",
                "(other, numPartitions=None)",
                "For each key, the values of both RDDs.",
                RDD_R,
                |c, b| {
                    let other = other_rdd("cogroup", &b.get("other"))?;
                    wrap(c.rdd.cogroup(&other, pair_parts(&b, &c.rdd, &other)?)?)
                },
            ),
            m(
                "reduceByKey",
                "(func, numPartitions=None)",
                "Merge the values of each key with func.",
                RDD_R,
                |c, b| wrap(c.rdd.reduce_by_key(&b.get("func"), parts(&c.rdd, &b)?)?),
            ),
            m(
                "groupByKey",
                "(numPartitions=None)",
                "Group the values of each key.",
                RDD_R,
                |c, b| wrap(c.rdd.group_by_key(parts(&c.rdd, &b)?)?),
            ),
            m(
                "distinct",
                "(numPartitions=None)",
                "Each distinct element once.",
                RDD_R,
                |c, b| wrap(c.rdd.distinct(parts(&c.rdd, &b)?)?),
            ),
            m(
                "subtractByKey",
                "(other, numPartitions=None)",
                "The pairs whose key is not in other.",
                RDD_R,
                |c, b| {
                    let other = other_rdd("subtractByKey", &b.get("other"))?;
                    wrap(
                        c.rdd
                            .subtract_by_key(&other, pair_parts(&b, &c.rdd, &other)?)?,
                    )
                },
            ),
            m(
                "sortBy",
                "(keyfunc, ascending=True, numPartitions=None)",
                "Sort the elements by keyfunc(element).",
                RDD_R,
                |c, b| {
                    let asc = b.get("ascending").truthy();
                    wrap(
                        c.rdd
                            .sort_by(Some(&b.get("keyfunc")), asc, parts(&c.rdd, &b)?)?,
                    )
                },
            ),
            m(
                "sortByKey",
                "(ascending=True, numPartitions=None, keyfunc=None)",
                "Sort the pairs by key (or by keyfunc(key)).",
                RDD_R,
                |c, b| {
                    let asc = b.get("ascending").truthy();
                    let keyfunc = b.opt("keyfunc");
                    let by_key = Value::Func(Arc::new(NativeFn::new("<key>", 1, move |args| {
                        let (k, _) = super::rdd::kv(&args[0])?;
                        match &keyfunc {
                            Some(f) => super::rdd::apply1(f, &k),
                            None => Ok(k),
                        }
                    })));
                    wrap(c.rdd.sort_by(Some(&by_key), asc, parts(&c.rdd, &b)?)?)
                },
            ),
            m(
                "repartition",
                "(numPartitions)",
                "Spread the elements over exactly numPartitions partitions.",
                RDD_R,
                |c, b| {
                    wrap(
                        c.rdd
                            .repartition(count_arg("numPartitions", &b.get("numPartitions"))?),
                    )
                },
            ),
            m(
                "partitionBy",
                "(numPartitions)",
                "Place pairs into partitions by the hash of their key.",
                RDD_R,
                |c, b| {
                    wrap(
                        c.rdd
                            .partition_by(count_arg("numPartitions", &b.get("numPartitions"))?)?,
                    )
                },
            ),
            m(
                "collect",
                "()",
                "All the elements, as a list.",
                Returns::Class("list"),
                |c, _| Ok(Value::list(c.rdd.collect())),
            ),
            m(
                "count",
                "()",
                "The number of elements.",
                Returns::Unknown,
                |c, _| Ok(Value::Int(c.rdd.count() as i64)),
            ),
            m(
                "take",
                "(num)",
                "The first num elements, as a list.",
                Returns::Class("list"),
                |c, b| {
                    let n = count_arg("num", &b.get("num"))?;
                    Ok(Value::list(
                        c.rdd.parts.iter().flatten().take(n).cloned().collect(),
                    ))
                },
            ),
            m(
                "first",
                "()",
                "The first element (ValueError if there is none).",
                Returns::Unknown,
                |c, _| {
                    c.rdd
                        .parts
                        .iter()
                        .flatten()
                        .next()
                        .cloned()
                        .ok_or_else(|| Exc::value_error("RDD is empty"))
                },
            ),
            m(
                "isEmpty",
                "()",
                "True if the RDD has no elements.",
                Returns::Unknown,
                |c, _| Ok(Value::Bool(c.rdd.count() == 0)),
            ),
            m(
                "getNumPartitions",
                "()",
                "The number of partitions.",
                Returns::Unknown,
                |c, _| Ok(Value::Int(c.rdd.parts.len() as i64)),
            ),
            m(
                "sum",
                "()",
                "The sum of the elements.",
                Returns::Unknown,
                |c, _| {
                    let mut acc = Value::Int(0);
                    for x in c.rdd.parts.iter().flatten() {
                        acc = crate::lang::ops::binary(crate::lang::ast::BinOp::Add, &acc, x)?;
                    }
                    Ok(acc)
                },
            ),
            m(
                "foreach",
                "(f)",
                "Call f on every element (on the executors, in Spark: prints go to their logs).",
                Returns::Nothing,
                |c, b| {
                    let f = b.get("f");
                    for x in c.rdd.parts.iter().flatten() {
                        call_value(&f, vec![x.clone()], Vec::new())?;
                    }
                    Ok(Value::None)
                },
            ),
            m(
                "foreachPartition",
                "(f)",
                "Call f once per partition with an iterator over its elements.",
                Returns::Nothing,
                |c, b| {
                    let f = b.get("f");
                    for p in &c.rdd.parts {
                        call_value(&f, vec![Value::list(p.to_vec())], Vec::new())?;
                    }
                    Ok(Value::None)
                },
            ),
            m(
                "reduce",
                "(f)",
                "Combine the elements with f (ValueError if there are none).",
                Returns::Unknown,
                |c, b| {
                    let f = b.get("f");
                    let mut acc: Option<Value> = None;
                    for x in c.rdd.parts.iter().flatten() {
                        acc = Some(match acc {
                            None => x.clone(),
                            Some(a) => call_value(&f, vec![a, x.clone()], Vec::new())?,
                        });
                    }
                    acc.ok_or_else(|| Exc::value_error("Can not reduce() empty RDD"))
                },
            ),
            m(
                "top",
                "(num, key=None)",
                "The num largest elements, largest first.",
                Returns::Class("list"),
                |c, b| ordered(c, &b, true),
            ),
            m(
                "takeOrdered",
                "(num, key=None)",
                "The num smallest elements, smallest first.",
                Returns::Class("list"),
                |c, b| ordered(c, &b, false),
            ),
            m(
                "max",
                "(key=None)",
                "The largest element.",
                Returns::Unknown,
                |c, b| extreme(c, &b, true),
            ),
            m(
                "min",
                "(key=None)",
                "The smallest element.",
                Returns::Unknown,
                |c, b| extreme(c, &b, false),
            ),
            m(
                "mean",
                "()",
                "The mean of the elements, as a float (nan when there are none).",
                Returns::Unknown,
                |c, _| Ok(Value::Float(StatCounter::of(&c.rdd)?.mean())),
            ),
            m(
                "stats",
                "()",
                "A StatCounter of the elements: count(), mean(), stdev(), variance(), max(), min(), sum().",
                Returns::Class("StatCounter"),
                |c, _| Ok(StatCounter::of(&c.rdd)?.value()),
            ),
            m(
                "stdev",
                "()",
                "The standard deviation of the elements.",
                Returns::Unknown,
                |c, _| Ok(Value::Float(StatCounter::of(&c.rdd)?.variance().sqrt())),
            ),
            m(
                "variance",
                "()",
                "The variance of the elements.",
                Returns::Unknown,
                |c, _| Ok(Value::Float(StatCounter::of(&c.rdd)?.variance())),
            ),
            m(
                "sampleStdev",
                "()",
                "The sample standard deviation of the elements (dividing by N - 1).",
                Returns::Unknown,
                |c, _| Ok(Value::Float(StatCounter::of(&c.rdd)?.sample_variance().sqrt())),
            ),
            m(
                "sampleVariance",
                "()",
                "The sample variance of the elements (dividing by N - 1).",
                Returns::Unknown,
                |c, _| Ok(Value::Float(StatCounter::of(&c.rdd)?.sample_variance())),
            ),
            m(
                "collectAsMap",
                "()",
                "The (key, value) elements as a dict (a later key wins).",
                Returns::Class("dict"),
                |c, _| {
                    let mut map = indexmap::IndexMap::new();
                    for x in c.rdd.parts.iter().flatten() {
                        let (k, v) = super::rdd::kv(x)?;
                        map.insert(crate::lang::value::Key::new(k)?, v);
                    }
                    Ok(Value::dict(map))
                },
            ),
            m(
                "countByKey",
                "()",
                "How many elements each key has, as a dict.",
                Returns::Class("dict"),
                |c, _| {
                    let mut map: indexmap::IndexMap<crate::lang::value::Key, Value> =
                        indexmap::IndexMap::new();
                    for x in c.rdd.parts.iter().flatten() {
                        let (k, _) = super::rdd::kv(x)?;
                        let e = map
                            .entry(crate::lang::value::Key::new(k)?)
                            .or_insert(Value::Int(0));
                        if let Value::Int(n) = e {
                            *n += 1;
                        }
                    }
                    Ok(Value::dict(map))
                },
            ),
            m(
                "zipWithIndex",
                "()",
                "Pair every element with its index: (element, index).",
                RDD_R,
                |c, _| {
                    let mut i = 0i64;
                    let parts = c
                        .rdd
                        .parts
                        .iter()
                        .map(|p| {
                            p.iter()
                                .map(|x| {
                                    i += 1;
                                    Value::tuple(vec![x.clone(), Value::Int(i - 1)])
                                })
                                .collect()
                        })
                        .collect();
                    wrap(Rdd { parts })
                },
            ),
            m(
                "cache",
                "()",
                "Keep the RDD in memory (no effect on results).",
                RDD_R,
                |c, _| Ok(Value::Object(c.this.clone())),
            ),
            m(
                "persist",
                "(storageLevel=None)",
                "Keep the RDD at a storage level (no effect on results).",
                RDD_R,
                |c, _| Ok(Value::Object(c.this.clone())),
            ),
        ],
        &[Attribute {
            name: "context",
            doc: "The SparkContext this RDD belongs to.",
            returns: Returns::Class("SparkContext"),
        }],
    )
});

impl Object for RddObject {
    fn type_name(&self) -> &str {
        "RDD"
    }

    fn repr(&self) -> String {
        format!(
            "PythonRDD[{}] at RDD at PythonRDD.scala:53",
            self.rdd.parts.len()
        )
    }

    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let recv = RddCall {
            rdd: self.rdd.clone(),
            this: this.clone(),
            context: self.context.clone(),
        };
        let out = RDD.call(&recv, name, args, kwargs)?;
        Ok(match &self.context {
            Some(ctx) => with_context(out, ctx),
            None => out,
        })
    }

    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match (name, &self.context) {
            ("context", Some(ctx)) => Ok(ctx.clone()),
            ("context", None) => Err(Exc::attr_error(
                "this RDD was made outside a SparkContext, so it has no 'context'",
            )),
            _ => Err(RDD.info.no_attribute(name)),
        }
    }

    fn attr_names(&self) -> Vec<&'static str> {
        RDD.info.names().collect()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A batch time as PySpark hands it to `transform`/`foreachRDD` functions: a
/// naive local `datetime.datetime` (`datetime.fromtimestamp(ms / 1000)`).
pub fn time_value(ms: i64) -> Value {
    crate::lang::stdlib::datetime::from_millis_local(ms)
}

/// `str(datetime.fromtimestamp(ms / 1000))`: microseconds only when non-zero,
/// as pprint's `Time:` line shows it.
pub fn format_batch_time(ms: i64) -> String {
    match Local.timestamp_millis_opt(ms).single() {
        Some(dt) => {
            let base = dt.format("%Y-%m-%d %H:%M:%S").to_string();
            let micros = ms.rem_euclid(1000) * 1000;
            if micros == 0 {
                base
            } else {
                format!("{base}.{micros:06}")
            }
        }
        None => format!("{ms} ms"),
    }
}

/// The elements ordered by `key` (Python's sort, stable), largest first
/// when `largest`.
fn sorted_by_key(c: &RddCall, key: &Value, largest: bool) -> PyResult<Vec<Value>> {
    let items: Vec<Value> = c.rdd.parts.iter().flatten().cloned().collect();
    let key = Some(key).filter(|k| !k.is_none());
    crate::lang::builtins::sort_values(items, key, largest)
}

/// `top` / `takeOrdered`.
fn ordered(c: &RddCall, b: &Bound, largest: bool) -> PyResult {
    let n = count_arg("num", &b.get("num"))?;
    let mut v = sorted_by_key(c, &b.get("key"), largest)?;
    v.truncate(n);
    Ok(Value::list(v))
}

/// `max` / `min`.
fn extreme(c: &RddCall, b: &Bound, largest: bool) -> PyResult {
    sorted_by_key(c, &b.get("key"), largest)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            Exc::value_error(format!(
                "{}() arg is an empty sequence",
                if largest { "max" } else { "min" }
            ))
        })
}
