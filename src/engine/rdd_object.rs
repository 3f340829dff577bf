//! RDDs as the program sees them: the value passed to `transform` and
//! `foreachRDD` functions, and what `sc.parallelize` returns.
//!
//! Every method runs at once on the materialised data (`rdd.map(f)` inside a
//! transform is applied to the batch right there), which gives the same
//! records as Spark's lazy evaluation for the deterministic programs the
//! subset allows.

use std::any::Any;
use std::sync::Arc;

use chrono::{Local, TimeZone};

use super::rdd::{JoinKind, Rdd, RddRef};
use crate::lang::diag::no_attribute;
use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};
use crate::lang::args::{bind, count_arg};

/// An RDD value.
pub struct RddObject {
    pub rdd: RddRef,
}

pub fn rdd_value(rdd: RddRef) -> Value {
    Value::Object(Arc::new(RddObject { rdd }))
}

/// The RDD inside a value, if it is one.
pub fn as_rdd(v: &Value) -> Option<RddRef> {
    v.downcast::<RddObject>().map(|r| r.rdd.clone())
}

/// The RDD methods the subset offers, with their Python parameters.
pub const RDD_METHODS: &[(&str, &str)] = &[
    ("map", "f, preservesPartitioning=False"),
    ("flatMap", "f, preservesPartitioning=False"),
    ("filter", "f"),
    ("mapValues", "f"),
    ("flatMapValues", "f"),
    ("keys", ""),
    ("values", ""),
    ("glom", ""),
    ("union", "other"),
    ("join", "other, numPartitions=None"),
    ("leftOuterJoin", "other, numPartitions=None"),
    ("rightOuterJoin", "other, numPartitions=None"),
    ("fullOuterJoin", "other, numPartitions=None"),
    ("cogroup", "other, numPartitions=None"),
    ("reduceByKey", "func, numPartitions=None"),
    ("groupByKey", "numPartitions=None"),
    ("distinct", "numPartitions=None"),
    ("subtractByKey", "other, numPartitions=None"),
    ("sortBy", "keyfunc, ascending=True, numPartitions=None"),
    (
        "sortByKey",
        "ascending=True, numPartitions=None, keyfunc=None",
    ),
    ("repartition", "numPartitions"),
    ("partitionBy", "numPartitions"),
    ("collect", ""),
    ("count", ""),
    ("take", "num"),
    ("first", ""),
    ("isEmpty", ""),
    ("getNumPartitions", ""),
    ("sum", ""),
    ("cache", ""),
    ("persist", "storageLevel=None"),
];

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
fn pair_parts(arg: &Option<Value>, a: &Rdd, b: &Rdd) -> PyResult<usize> {
    match arg {
        None | Some(Value::None) => Ok((a.parts.len() + b.parts.len()).max(1)),
        Some(v) => count_arg("numPartitions", v),
    }
}

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
        let Some((_, params)) = RDD_METHODS.iter().find(|(n, _)| *n == name) else {
            return Err(no_attribute("RDD", name, RDD_METHODS.iter().map(|m| m.0)));
        };
        let a = bind(&format!("RDD.{name}"), params, args, kwargs)?;
        let r = &self.rdd;
        let parts = |i: usize| -> PyResult<usize> {
            match a.get(i).cloned().flatten() {
                None | Some(Value::None) => Ok(r.parts.len().max(1)),
                Some(v) => count_arg("numPartitions", &v),
            }
        };
        let f = |i: usize| a[i].clone().unwrap_or(Value::None);
        let wrap = |rdd: Rdd| Ok(rdd_value(Arc::new(rdd)));
        match name {
            "map" => wrap(r.map(&f(0))?),
            "flatMap" => wrap(r.flat_map(&f(0))?),
            "filter" => wrap(r.filter(&f(0))?),
            "mapValues" => wrap(r.map_values(&f(0))?),
            "flatMapValues" => wrap(r.flat_map_values(&f(0))?),
            "keys" => wrap(r.keys()?),
            "values" => wrap(r.values()?),
            "glom" => wrap(r.glom()),
            "union" => wrap(r.union(&*other_rdd(name, &f(0))?)),
            "join" | "leftOuterJoin" | "rightOuterJoin" | "fullOuterJoin" => {
                let other = other_rdd(name, &f(0))?;
                let kind = match name {
                    "join" => JoinKind::Inner,
                    "leftOuterJoin" => JoinKind::LeftOuter,
                    "rightOuterJoin" => JoinKind::RightOuter,
                    _ => JoinKind::FullOuter,
                };
                wrap(r.join(&other, pair_parts(&a[1], r, &other)?, kind)?)
            }
            "cogroup" => {
                let other = other_rdd(name, &f(0))?;
                wrap(r.cogroup(&other, pair_parts(&a[1], r, &other)?)?)
            }
            "reduceByKey" => wrap(r.reduce_by_key(&f(0), parts(1)?)?),
            "groupByKey" => wrap(r.group_by_key(parts(0)?)?),
            "distinct" => wrap(r.distinct(parts(0)?)?),
            "subtractByKey" => {
                let other = other_rdd(name, &f(0))?;
                wrap(r.subtract_by_key(&other, pair_parts(&a[1], r, &other)?)?)
            }
            "sortBy" => {
                let asc = a[1].as_ref().map(|v| v.truthy()).unwrap_or(true);
                wrap(r.sort_by(Some(&f(0)), asc, parts(2)?)?)
            }
            "sortByKey" => {
                let asc = a[0].as_ref().map(|v| v.truthy()).unwrap_or(true);
                let keyfunc = a[2].clone().filter(|v| !v.is_none());
                let by_key = Value::Func(Arc::new(crate::lang::native::NativeFn::new(
                    "<key>",
                    1,
                    move |args| {
                        let (k, _) = super::rdd::kv(&args[0])?;
                        match &keyfunc {
                            Some(f) => super::rdd::apply1(f, &k),
                            None => Ok(k),
                        }
                    },
                )));
                wrap(r.sort_by(Some(&by_key), asc, parts(1)?)?)
            }
            "repartition" => wrap(r.repartition(count_arg("numPartitions", &f(0))?)),
            "partitionBy" => wrap(r.partition_by(count_arg("numPartitions", &f(0))?)?),
            "collect" => Ok(Value::list(r.collect())),
            "count" => Ok(Value::Int(r.count() as i64)),
            "take" => {
                let n = count_arg("num", &f(0))?;
                Ok(Value::list(
                    r.parts.iter().flatten().take(n).cloned().collect(),
                ))
            }
            "first" => r
                .parts
                .iter()
                .flatten()
                .next()
                .cloned()
                .ok_or_else(|| Exc::value_error("RDD is empty")),
            "isEmpty" => Ok(Value::Bool(r.count() == 0)),
            "getNumPartitions" => Ok(Value::Int(r.parts.len() as i64)),
            "sum" => {
                let mut acc = Value::Int(0);
                for x in r.parts.iter().flatten() {
                    acc = crate::lang::ops::binary(crate::lang::ast::BinOp::Add, &acc, x)?;
                }
                Ok(acc)
            }
            "cache" | "persist" => Ok(Value::Object(this.clone())),
            _ => Err(Exc::attr_error(format!(
                "'RDD' object has no attribute '{name}'"
            ))),
        }
    }

    fn attr_names(&self) -> Vec<&'static str> {
        RDD_METHODS.iter().map(|m| m.0).collect()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A batch time as PySpark hands it to `transform`/`foreachRDD` functions: a
/// naive local `datetime`.
pub struct BatchTime {
    pub ms: i64,
}

pub fn time_value(ms: i64) -> Value {
    Value::Object(Arc::new(BatchTime { ms }))
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

impl Object for BatchTime {
    fn type_name(&self) -> &str {
        "datetime"
    }
    fn repr(&self) -> String {
        match Local.timestamp_millis_opt(self.ms).single() {
            Some(dt) => {
                use chrono::{Datelike, Timelike};
                let micros = self.ms.rem_euclid(1000) * 1000;
                let mut s = format!(
                    "datetime.datetime({}, {}, {}, {}, {}, {}",
                    dt.year(),
                    dt.month(),
                    dt.day(),
                    dt.hour(),
                    dt.minute(),
                    dt.second()
                );
                if micros != 0 {
                    s.push_str(&format!(", {micros}"));
                }
                s.push(')');
                s
            }
            None => format!("datetime({} ms)", self.ms),
        }
    }
    fn str(&self) -> String {
        format_batch_time(self.ms)
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "timestamp" => Ok(Value::Float(self.ms as f64 / 1000.0)),
            _ => Err(Exc::attr_error(format!(
                "'datetime.datetime' object has no attribute '{name}'"
            ))),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
