//! DStreams as the program sees them: every method a learner can call, defined
//! once in [`METHODS`] (name, PySpark signature, a one-line doc). Completion,
//! `:help`, "did you mean ...?" and argument errors all come from this table.
//!
//! Calling a method adds a node to the context's graph and returns a handle to
//! it; nothing runs until `ssc.start()`.

use std::any::Any;
use std::sync::Arc;

use crate::lang::args::{bind, count_arg, duration_ms, str_arg};
use super::context::StreamingInner;
use crate::lang::native::NativeFn;
use crate::engine::graph::{Node, NodeId, Op, OutputKind, OutputOp};
use crate::engine::rdd::{kv, JoinKind, Rdd};
use crate::engine::rdd_object::as_rdd;
use crate::lang::ast::BinOp;
use crate::lang::ops;
use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};

/// One DStream method: its name, PySpark's parameter list and what it does.
pub struct MethodDef {
    pub name: &'static str,
    pub params: &'static str,
    pub doc: &'static str,
}

macro_rules! methods {
    ($( $name:literal ( $params:literal ) : $doc:literal ),* $(,)?) => {
        &[ $( MethodDef { name: $name, params: $params, doc: $doc } ),* ]
    };
}

/// Every DStream method of the subset.
pub const METHODS: &[MethodDef] = methods![
    "map"("f, preservesPartitioning=False"): "Apply f to every record.",
    "flatMap"("f, preservesPartitioning=False"): "Apply f to every record and flatten the iterables it returns.",
    "filter"("f"): "Keep the records for which f returns a true value.",
    "mapValues"("f"): "Apply f to the value of every (key, value) pair.",
    "flatMapValues"("f"): "Apply f to every value and emit one pair per item it returns.",
    "glom"(""): "Turn each partition into one list record.",
    "reduceByKey"("func, numPartitions=None"): "Merge the values of each key with func, per batch.",
    "groupByKey"("numPartitions=None"): "Group the values of each key, per batch.",
    "countByValue"(""): "Count each distinct record, per batch: (record, count) pairs.",
    "count"(""): "Count the records of each batch.",
    "reduce"("func"): "Merge all records of each batch into one with func.",
    "union"("other"): "Records of both streams (same slide duration required).",
    "join"("other, numPartitions=None"): "Inner join of two pair streams, batch by batch.",
    "leftOuterJoin"("other, numPartitions=None"): "Left outer join: (k, (v, w or None)).",
    "rightOuterJoin"("other, numPartitions=None"): "Right outer join: (k, (v or None, w)).",
    "fullOuterJoin"("other, numPartitions=None"): "Full outer join: (k, (v or None, w or None)).",
    "cogroup"("other, numPartitions=None"): "For each key, the values of both streams.",
    "transform"("func"): "Apply func(rdd) or func(time, rdd) to each batch's RDD; it returns an RDD.",
    "transformWith"("func, other, keepSerializer=False"): "Apply func(rdd_a, rdd_b) to the batches of two streams.",
    "repartition"("numPartitions"): "Spread each batch over exactly numPartitions partitions.",
    "partitionBy"("numPartitions, partitionFunc=None"): "Place pairs into partitions by the hash of their key.",
    "window"("windowDuration, slideDuration=None"): "Every slide, the records of the last windowDuration seconds.",
    "countByWindow"("windowDuration, slideDuration"): "Count the records in a sliding window.",
    "reduceByWindow"("reduceFunc, invReduceFunc, windowDuration, slideDuration"): "Reduce all records in a sliding window.",
    "reduceByKeyAndWindow"("func, invFunc, windowDuration, slideDuration=None, numPartitions=None, filterFunc=None"): "Reduce the values of each key over a sliding window; with invFunc, incrementally.",
    "countByValueAndWindow"("windowDuration, slideDuration, numPartitions=None"): "Count each distinct record over a sliding window.",
    "groupByKeyAndWindow"("windowDuration, slideDuration, numPartitions=None"): "Group the values of each key over a sliding window.",
    "updateStateByKey"("updateFunc, numPartitions=None, initialRDD=None"): "Keep a state per key across batches: updateFunc(new_values, old_state).",
    "pprint"("num=10"): "Print the first num records of every batch.",
    "foreachRDD"("func"): "Call func(rdd) or func(time, rdd) for every batch.",
    "saveAsTextFiles"("prefix, suffix=None"): "Write every batch to the directory prefix-TIME_IN_MS[.suffix].",
    "cache"(""): "Keep the stream's RDDs in memory (no effect on results).",
    "persist"("storageLevel"): "Keep the stream's RDDs at a storage level (no effect on results).",
    "checkpoint"("interval"): "Checkpoint the stream's RDDs every interval seconds.",
    "context"(""): "The StreamingContext of this stream.",
];

/// A handle to one node of a context's graph.
pub struct DStream {
    pub ctx: Arc<StreamingInner>,
    pub id: NodeId,
}

impl DStream {
    pub fn value(ctx: Arc<StreamingInner>, id: NodeId) -> Value {
        Value::Object(Arc::new(DStream { ctx, id }))
    }

    fn slide_ms(&self) -> i64 {
        self.ctx.graph.lock().nodes[self.id].slide_ms
    }

    /// Add a node derived from `parents` and return a handle to it.
    fn derive(
        &self,
        op: Op,
        parents: Vec<NodeId>,
        slide_ms: Option<i64>,
        label: &str,
    ) -> PyResult<(NodeId, Value)> {
        // Python-side transformations are lazy in PySpark: adding one to a
        // started context is allowed (see `call_method` for the ones that are not).

        let slide = slide_ms.unwrap_or_else(|| self.slide_ms());
        let id = self.ctx.graph.lock().add(Node {
            op,
            parents,
            slide_ms: slide,
            label: label.to_string(),
            span: None,
        });
        Ok((id, DStream::value(self.ctx.clone(), id)))
    }

    fn child(&self, op: Op, label: &str) -> PyResult<(NodeId, Value)> {
        self.derive(op, vec![self.id], None, label)
    }

    fn handle(&self, id: NodeId) -> DStream {
        DStream {
            ctx: self.ctx.clone(),
            id,
        }
    }

    fn partitions(&self, v: &Option<Value>) -> PyResult<usize> {
        match v {
            None | Some(Value::None) => Ok(self.ctx.parallelism()),
            Some(v) => count_arg("numPartitions", v),
        }
    }

    /// PySpark's check that windows and slides are multiples of the parent's slide.
    fn validate_window(
        &self,
        window: &Value,
        slide: &Option<Value>,
    ) -> PyResult<(i64, Option<i64>)> {
        let parent = self.slide_ms();
        let w = duration_ms("windowDuration", window)?;
        if w % parent != 0 {
            return Err(Exc::value_error(format!(
                "windowDuration must be multiple of the parent dstream's slide (batch) duration ({parent} ms)"
            )));
        }
        let s = match slide {
            None | Some(Value::None) => None,
            Some(v) => {
                let s = duration_ms("slideDuration", v)?;
                // PySpark checks the slide only when it is truthy (0 skips the check).
                if s != 0 && s % parent != 0 {
                    return Err(Exc::value_error(format!(
                        "slideDuration must be multiple of the parent dstream's slide (batch) duration ({parent} ms)"
                    )));
                }
                Some(s).filter(|&s| s != 0)
            }
        };
        Ok((w, s))
    }

    fn other(&self, method: &str, v: &Value) -> PyResult<NodeId> {
        match v.downcast::<DStream>() {
            Some(d) if Arc::ptr_eq(&d.ctx, &self.ctx) => Ok(d.id),
            Some(_) => Err(Exc::value_error(format!(
                "DStream.{method}(): both streams must belong to the same StreamingContext"
            ))),
            None => Err(Exc::type_error(format!(
                "DStream.{method}() expects a DStream, not {}",
                v.type_name()
            ))),
        }
    }

    fn output(&self, kind: OutputKind) -> PyResult<Value> {
        self.ctx.check_can_add()?;
        self.ctx.graph.lock().outputs.push(OutputOp {
            node: self.id,
            kind,
            span: None,
        });
        Ok(Value::None)
    }

    /// `reduceByKeyAndWindow` as PySpark builds it (shared by the derived window operations).
    #[allow(clippy::too_many_arguments)]
    fn reduce_by_key_and_window(
        &self,
        func: Value,
        inv: Value,
        window: &Value,
        slide: &Option<Value>,
        partitions: usize,
        filter: Option<Value>,
        label: &str,
    ) -> PyResult<(NodeId, Value)> {
        let (w, s) = self.validate_window(window, slide)?;
        let (reduced, _) = self.child(
            Op::ReduceByKey {
                func: func.clone(),
                partitions,
            },
            label,
        )?;
        let reduced = self.handle(reduced);
        if inv.truthy() {
            reduced.derive(
                Op::ReducedWindow {
                    func,
                    inv,
                    window_ms: w,
                    partitions,
                    filter,
                },
                vec![reduced.id],
                Some(s.unwrap_or_else(|| self.slide_ms())),
                label,
            )
        } else {
            // Without an inverse, filterFunc is ignored (as in PySpark).
            let (win, _) =
                reduced.derive(Op::Window { window_ms: w }, vec![reduced.id], s, label)?;
            let win = self.handle(win);
            win.child(Op::ReduceByKey { func, partitions }, label)
        }
    }
}

fn transform_arity(method: &str, func: &Value, allowed: [usize; 2]) -> PyResult<bool> {
    match func {
        Value::Func(f) => match f.arg_count() {
            Some(n) if n == allowed[0] => Ok(false),
            Some(n) if n == allowed[1] => Ok(true),
            Some(_) => Err(Exc::new(
                "AssertionError",
                if allowed[0] == 1 {
                    "func should take one or two arguments"
                } else {
                    "func should take two or three arguments"
                },
            )),
            None => Err(Exc::attr_error(format!(
                "'builtin_function_or_method' object has no attribute '__code__' ({method} needs a lambda or a def function)"
            ))),
        },
        other => Err(Exc::type_error(format!("DStream.{method}() expects a function, not {}", other.type_name()))),
    }
}

fn callable(method: &str, what: &str, v: Value) -> PyResult<Value> {
    match &v {
        Value::Func(_) => Ok(v),
        Value::Object(_) => Ok(v),
        other => Err(Exc::type_error(format!(
            "DStream.{method}(): {what} must be a function (a lambda or a def), not {}",
            other.short_repr()
        ))),
    }
}

fn add() -> Value {
    NativeFn::value("operator.add", 2, |a| ops::binary(BinOp::Add, &a[0], &a[1]))
}

fn sub() -> Value {
    NativeFn::value("operator.sub", 2, |a| ops::binary(BinOp::Sub, &a[0], &a[1]))
}

impl Object for DStream {
    fn type_name(&self) -> &str {
        "DStream"
    }

    fn repr(&self) -> String {
        let g = self.ctx.graph.lock();
        let n = &g.nodes[self.id];
        format!("<DStream {} #{}: {}>", n.label, self.id, n.op.name())
    }

    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let Some(def) = METHODS.iter().find(|m| m.name == name) else {
            let mut e =
                crate::lang::diag::no_attribute("DStream", name, METHODS.iter().map(|m| m.name));
            if !e.msg.contains("Did you mean")
                && crate::engine::rdd_object::RDD_METHODS
                    .iter()
                    .any(|m| m.0 == name)
            {
                e.msg.push_str(&format!(". '{name}' is an RDD method: use it inside transform(lambda rdd: rdd.{name}(...))"));
            }
            return Err(e);
        };
        let a = bind(&format!("DStream.{name}"), def.params, args, kwargs)?;
        // These reach the JVM at once in PySpark, so on a started context they
        // fail right away; map, flatMap, reduceByKey... fail only at the output.
        if matches!(
            name,
            "window"
                | "reduceByKeyAndWindow"
                | "reduceByWindow"
                | "countByWindow"
                | "countByValueAndWindow"
                | "groupByKeyAndWindow"
                | "updateStateByKey"
        ) {
            self.ctx.check_can_add()?;
        }
        let arg = |i: usize| a[i].clone().unwrap_or(Value::None);
        let f = |i: usize, what: &str| callable(name, what, arg(i));
        let label = name;
        let node = |r: PyResult<(NodeId, Value)>| r.map(|(_, v)| v);
        match name {
            "map" => node(self.child(Op::Map(f(0, "f")?), label)),
            "flatMap" => node(self.child(Op::FlatMap(f(0, "f")?), label)),
            "filter" => node(self.child(Op::Filter(f(0, "f")?), label)),
            "mapValues" => node(self.child(Op::MapValues(f(0, "f")?), label)),
            "flatMapValues" => node(self.child(Op::FlatMapValues(f(0, "f")?), label)),
            "glom" => node(self.child(Op::Glom, label)),
            "reduceByKey" => node(self.child(
                Op::ReduceByKey {
                    func: f(0, "func")?,
                    partitions: self.partitions(&a[1])?,
                },
                label,
            )),
            "groupByKey" => node(self.child(
                Op::GroupByKey {
                    partitions: self.partitions(&a[0])?,
                },
                label,
            )),
            "countByValue" => node(self.child(
                Op::CountByValue {
                    partitions: self.ctx.parallelism(),
                },
                label,
            )),
            "count" => node(self.child(Op::Count, label)),
            "reduce" => node(self.child(Op::Reduce(f(0, "func")?), label)),
            "union" => {
                let other = self.other(name, &arg(0))?;
                let other_slide = self.ctx.graph.lock().nodes[other].slide_ms;
                if other_slide != self.slide_ms() {
                    return Err(Exc::value_error(
                        "the two DStream should have same slide duration",
                    ));
                }
                node(self.derive(Op::Union, vec![self.id, other], None, label))
            }
            "join" | "leftOuterJoin" | "rightOuterJoin" | "fullOuterJoin" => {
                let other = self.other(name, &arg(0))?;
                let kind = match name {
                    "join" => JoinKind::Inner,
                    "leftOuterJoin" => JoinKind::LeftOuter,
                    "rightOuterJoin" => JoinKind::RightOuter,
                    _ => JoinKind::FullOuter,
                };
                let partitions = self.partitions(&a[1])?;
                node(self.derive(
                    Op::Join { kind, partitions },
                    vec![self.id, other],
                    None,
                    label,
                ))
            }
            "cogroup" => {
                let other = self.other(name, &arg(0))?;
                let partitions = self.partitions(&a[1])?;
                node(self.derive(
                    Op::Cogroup { partitions },
                    vec![self.id, other],
                    None,
                    label,
                ))
            }
            "transform" => {
                let func = arg(0);
                let with_time = transform_arity(name, &func, [1, 2])?;
                node(self.child(Op::Transform { func, with_time }, label))
            }
            "transformWith" => {
                let func = arg(0);
                let with_time = transform_arity(name, &func, [2, 3])?;
                let other = self.other(name, &arg(1))?;
                node(self.derive(
                    Op::TransformWith { func, with_time },
                    vec![self.id, other],
                    None,
                    label,
                ))
            }
            "repartition" => {
                node(self.child(Op::Repartition(count_arg("numPartitions", &arg(0))?), label))
            }
            "partitionBy" => {
                node(self.child(Op::PartitionBy(count_arg("numPartitions", &arg(0))?), label))
            }
            "window" => {
                let (w, s) = self.validate_window(&arg(0), &a[1])?;
                node(self.derive(Op::Window { window_ms: w }, vec![self.id], s, label))
            }
            "reduceByKeyAndWindow" => {
                let func = f(0, "func")?;
                let inv = arg(1);
                let filter = a[5].clone().filter(|v| !v.is_none());
                let partitions = self.partitions(&a[4])?;
                node(self.reduce_by_key_and_window(
                    func,
                    inv,
                    &arg(2),
                    &a[3],
                    partitions,
                    filter,
                    label,
                ))
            }
            "reduceByWindow" => {
                let func = f(0, "reduceFunc")?;
                let inv = arg(1);
                let keyed = self.handle(
                    self.child(
                        Op::Map(NativeFn::value("lambda x: (1, x)", 1, |a| {
                            Ok(Value::tuple(vec![Value::Int(1), a[0].clone()]))
                        })),
                        label,
                    )?
                    .0,
                );
                let reduced = keyed
                    .reduce_by_key_and_window(func, inv, &arg(2), &a[3], 1, None, label)?
                    .0;
                node(self.handle(reduced).child(
                    Op::Map(NativeFn::value("lambda kv: kv[1]", 1, |a| Ok(kv(&a[0])?.1))),
                    label,
                ))
            }
            "countByWindow" => {
                let ones = self.handle(
                    self.child(
                        Op::Map(NativeFn::value("lambda x: 1", 1, |_| Ok(Value::Int(1)))),
                        label,
                    )?
                    .0,
                );
                let keyed = ones.handle(
                    ones.child(
                        Op::Map(NativeFn::value("lambda x: (1, x)", 1, |a| {
                            Ok(Value::tuple(vec![Value::Int(1), a[0].clone()]))
                        })),
                        label,
                    )?
                    .0,
                );
                let reduced = keyed
                    .reduce_by_key_and_window(add(), sub(), &arg(0), &a[1], 1, None, label)?
                    .0;
                node(self.handle(reduced).child(
                    Op::Map(NativeFn::value("lambda kv: kv[1]", 1, |a| Ok(kv(&a[0])?.1))),
                    label,
                ))
            }
            "countByValueAndWindow" => {
                let partitions = self.partitions(&a[2])?;
                let pairs = self.handle(
                    self.child(
                        Op::Map(NativeFn::value("lambda x: (x, 1)", 1, |a| {
                            Ok(Value::tuple(vec![a[0].clone(), Value::Int(1)]))
                        })),
                        label,
                    )?
                    .0,
                );
                let counted = pairs
                    .reduce_by_key_and_window(
                        add(),
                        sub(),
                        &arg(0),
                        &a[1],
                        partitions,
                        None,
                        label,
                    )?
                    .0;
                node(self.handle(counted).child(
                    Op::Filter(NativeFn::value("lambda kv: kv[1] > 0", 1, |a| {
                        let (_, v) = kv(&a[0])?;
                        ops::compare(crate::lang::ast::CmpOp::Gt, &v, &Value::Int(0))
                            .map(Value::Bool)
                    })),
                    label,
                ))
            }
            "groupByKeyAndWindow" => {
                let partitions = self.partitions(&a[2])?;
                let lists = self.handle(
                    self.child(
                        Op::MapValues(NativeFn::value("lambda x: [x]", 1, |a| {
                            Ok(Value::list(vec![a[0].clone()]))
                        })),
                        label,
                    )?
                    .0,
                );
                let concat = NativeFn::value("lambda a, b: a.extend(b) or a", 2, |a| {
                    ops::binary(BinOp::Add, &a[0], &a[1])
                });
                let drop_front = NativeFn::value("lambda a, b: a[len(b):]", 2, |a| {
                    let n = ops::len(&a[1])? as i64;
                    ops::slice(&a[0], Some(&Value::Int(n)), None, None)
                });
                let grouped = lists
                    .reduce_by_key_and_window(
                        concat,
                        drop_front,
                        &arg(0),
                        &a[1],
                        partitions,
                        None,
                        label,
                    )?
                    .0;
                node(self.handle(grouped).child(
                    Op::MapValues(NativeFn::value("ResultIterable", 1, |a| {
                        Ok(Value::Iterable(Arc::new(ops::iterate(&a[0])?)))
                    })),
                    label,
                ))
            }
            "updateStateByKey" => {
                let func = f(0, "updateFunc")?;
                let partitions = self.partitions(&a[1])?;
                let initial = match a[2].clone() {
                    None | Some(Value::None) => None,
                    Some(v) => match as_rdd(&v) {
                        Some(r) => Some(r),
                        // A list of pairs is parallelized; an empty list counts as no initial state.
                        None if v.truthy() => Some(Arc::new(Rdd::parallelize(
                            ops::iterate(&v)?,
                            self.ctx.parallelism(),
                        ))),
                        None => None,
                    },
                };
                node(self.child(
                    Op::UpdateState {
                        func,
                        partitions,
                        initial,
                    },
                    label,
                ))
            }
            "pprint" => {
                let num = match &a[0] {
                    None => 10,
                    Some(v) => count_arg("num", v)?,
                };
                self.output(OutputKind::Pprint { num })
            }
            "foreachRDD" => {
                let func = arg(0);
                let with_time = match &func {
                    Value::Func(f) => match f.arg_count() {
                        Some(1) => false,
                        Some(_) => true,
                        None => {
                            return Err(Exc::attr_error(
                                "'builtin_function_or_method' object has no attribute '__code__' (foreachRDD needs a lambda or a def function)",
                            ))
                        }
                    },
                    other => return Err(Exc::type_error(format!("DStream.foreachRDD() expects a function, not {}", other.type_name()))),
                };
                self.output(OutputKind::ForeachRdd { func, with_time })
            }
            "saveAsTextFiles" => {
                let prefix = str_arg("prefix", &arg(0))?;
                let suffix = match &a[1] {
                    None | Some(Value::None) => None,
                    Some(v) => Some(str_arg("suffix", v)?),
                };
                self.output(OutputKind::SaveAsTextFiles { prefix, suffix })
            }
            "cache" | "persist" => Ok(DStream::value(self.ctx.clone(), self.id)),
            "checkpoint" => {
                let interval = duration_ms("interval", &arg(0))?;
                let slide = self.slide_ms();
                if interval % slide != 0 {
                    return Err(Exc::new(
                        "IllegalArgumentException",
                        format!(
                            "requirement failed: The checkpoint interval for this DStream has been set to {interval} ms which is not a multiple of its slide time ({slide} ms). Please set it to a multiple of {slide} ms."
                        ),
                    ));
                }
                self.ctx.require_checkpoint();
                Ok(DStream::value(self.ctx.clone(), self.id))
            }
            "context" => Ok(self.ctx.ssc_value()),
            _ => Err(Exc::attr_error(format!(
                "'DStream' object has no attribute '{name}'"
            ))),
        }
    }

    fn attr_names(&self) -> Vec<&'static str> {
        METHODS.iter().map(|m| m.name).collect()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
