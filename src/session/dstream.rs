//! DStreams as the program sees them: every method a learner can call, defined
//! once in [`DSTREAM`], the class's entry in the registry (name, PySpark
//! signature, a one-line doc, what it returns, what it does). Completion,
//! `:help`, "did you mean ...?" and argument errors all come from it.
//!
//! Calling a method adds a node to the context's graph and returns a handle to
//! it; nothing runs until `ssc.start()`.

use std::any::Any;
use std::sync::{Arc, LazyLock};

use super::context::StreamingInner;
use crate::engine::graph::{Node, NodeId, Op, OutputKind, OutputOp};
use crate::engine::rdd::{kv, JoinKind, Rdd};
use crate::engine::rdd_object::{as_rdd, RDD};
use crate::lang::args::{count_arg, duration_ms, str_arg};
use crate::lang::ast::BinOp;
use crate::lang::native::NativeFn;
use crate::lang::ops;
use crate::lang::registry::{Bound, Call, Class, Method, Returns};
use crate::lang::value::ExcKind;
use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};

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

    /// A partition count argument; `None` means the context's parallelism.
    fn partitions(&self, b: &Bound, name: &str) -> PyResult<usize> {
        match b.opt(name) {
            None => Ok(self.ctx.parallelism()),
            Some(v) => count_arg(name, &v),
        }
    }

    /// `join` and its outer variants.
    fn join(&self, method: &str, kind: JoinKind, b: Bound) -> PyResult {
        let other = self.other(method, &b.get("other"))?;
        let partitions = self.partitions(&b, "numPartitions")?;
        node(self.derive(
            Op::Join { kind, partitions },
            vec![self.id, other],
            None,
            method,
        ))
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
                ExcKind::AssertionError,
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

/// One DStream method of the registry.
fn m(
    name: &'static str,
    signature: &'static str,
    doc: &'static str,
    returns: Returns,
    call: Call<DStream>,
) -> Method<DStream> {
    Method::new(name, signature, doc, returns, call)
}

const STREAM: Returns = Returns::Class("DStream");
const NOTHING: Returns = Returns::Nothing;

fn node(r: PyResult<(NodeId, Value)>) -> PyResult {
    r.map(|(_, v)| v)
}

/// The class `DStream`: every method of the subset, defined once.
pub static DSTREAM: LazyLock<Class<DStream>> = LazyLock::new(|| {
    Class::new(
        "DStream",
        vec![
            m("map", "(f, preservesPartitioning=False)", "Apply f to every record.", STREAM, |d, b| {
                node(d.child(Op::Map(callable("map", "f", b.get("f"))?), "map"))
            }),
            m("flatMap", "(f, preservesPartitioning=False)", "Apply f to every record and flatten the iterables it returns.", STREAM, |d, b| {
                node(d.child(Op::FlatMap(callable("flatMap", "f", b.get("f"))?), "flatMap"))
            }),
            m("filter", "(f)", "Keep the records for which f returns a true value.", STREAM, |d, b| {
                node(d.child(Op::Filter(callable("filter", "f", b.get("f"))?), "filter"))
            }),
            m("mapValues", "(f)", "Apply f to the value of every (key, value) pair.", STREAM, |d, b| {
                node(d.child(Op::MapValues(callable("mapValues", "f", b.get("f"))?), "mapValues"))
            }),
            m("flatMapValues", "(f)", "Apply f to every value and emit one pair per item it returns.", STREAM, |d, b| {
                node(d.child(Op::FlatMapValues(callable("flatMapValues", "f", b.get("f"))?), "flatMapValues"))
            }),
            m(
                "mapPartitions",
                "(f, preservesPartitioning=False)",
                "Apply f to the records of each partition; it returns the partition's new records.",
                STREAM,
                |d, b| {
                    let f = callable("mapPartitions", "f", b.get("f"))?;
                    node(d.child(Op::MapPartitions(f), "mapPartitions"))
                },
            ),
            m(
                "mapPartitionsWithIndex",
                "(f, preservesPartitioning=False)",
                "Apply f(index, records) to each partition; it returns the partition's new records.",
                STREAM,
                |d, b| {
                    let f = callable("mapPartitionsWithIndex", "f", b.get("f"))?;
                    node(d.child(Op::MapPartitionsWithIndex(f), "mapPartitionsWithIndex"))
                },
            ),
            m("glom", "()", "Turn each partition into one list record.", STREAM, |d, _| {
                node(d.child(Op::Glom, "glom"))
            }),
            m("reduceByKey", "(func, numPartitions=None)", "Merge the values of each key with func, per batch.", STREAM, |d, b| {
                let func = callable("reduceByKey", "func", b.get("func"))?;
                let partitions = d.partitions(&b, "numPartitions")?;
                node(d.child(Op::ReduceByKey { func, partitions }, "reduceByKey"))
            }),
            m("groupByKey", "(numPartitions=None)", "Group the values of each key, per batch.", STREAM, |d, b| {
                let partitions = d.partitions(&b, "numPartitions")?;
                node(d.child(Op::GroupByKey { partitions }, "groupByKey"))
            }),
            m("countByValue", "()", "Count each distinct record, per batch: (record, count) pairs.", STREAM, |d, _| {
                let partitions = d.ctx.parallelism();
                node(d.child(Op::CountByValue { partitions }, "countByValue"))
            }),
            m("count", "()", "Count the records of each batch.", STREAM, |d, _| {
                node(d.child(Op::Count, "count"))
            }),
            m("reduce", "(func)", "Merge all records of each batch into one with func.", STREAM, |d, b| {
                node(d.child(Op::Reduce(callable("reduce", "func", b.get("func"))?), "reduce"))
            }),
            m("union", "(other)", "Records of both streams (same slide duration required).", STREAM, |d, b| {
                let other = d.other("union", &b.get("other"))?;
                let other_slide = d.ctx.graph.lock().nodes[other].slide_ms;
                if other_slide != d.slide_ms() {
                    return Err(Exc::value_error(
                        "the two DStream should have same slide duration",
                    ));
                }
                node(d.derive(Op::Union, vec![d.id, other], None, "union"))
            }),
            m("join", "(other, numPartitions=None)", "Inner join of two pair streams, batch by batch.", STREAM, |d, b| {
                d.join("join", JoinKind::Inner, b)
            }),
            m("leftOuterJoin", "(other, numPartitions=None)", "Left outer join: (k, (v, w or None)).", STREAM, |d, b| {
                d.join("leftOuterJoin", JoinKind::LeftOuter, b)
            }),
            m("rightOuterJoin", "(other, numPartitions=None)", "Right outer join: (k, (v or None, w)).", STREAM, |d, b| {
                d.join("rightOuterJoin", JoinKind::RightOuter, b)
            }),
            m("fullOuterJoin", "(other, numPartitions=None)", "Full outer join: (k, (v or None, w or None)).", STREAM, |d, b| {
                d.join("fullOuterJoin", JoinKind::FullOuter, b)
            }),
            m("cogroup", "(other, numPartitions=None)", "For each key, the values of both streams.", STREAM, |d, b| {
                let other = d.other("cogroup", &b.get("other"))?;
                let partitions = d.partitions(&b, "numPartitions")?;
                node(d.derive(Op::Cogroup { partitions }, vec![d.id, other], None, "cogroup"))
            }),
            m("transform", "(func)", "Apply func(rdd) or func(time, rdd) to each batch's RDD; it returns an RDD.", STREAM, |d, b| {
                let func = b.get("func");
                let with_time = transform_arity("transform", &func, [1, 2])?;
                node(d.child(Op::Transform { func, with_time }, "transform"))
            }),
            m("transformWith", "(func, other, keepSerializer=False)", "Apply func(rdd_a, rdd_b) to the batches of two streams.", STREAM, |d, b| {
                let func = b.get("func");
                let with_time = transform_arity("transformWith", &func, [2, 3])?;
                let other = d.other("transformWith", &b.get("other"))?;
                node(d.derive(
                    Op::TransformWith { func, with_time },
                    vec![d.id, other],
                    None,
                    "transformWith",
                ))
            }),
            m("repartition", "(numPartitions)", "Spread each batch over exactly numPartitions partitions.", STREAM, |d, b| {
                let n = count_arg("numPartitions", &b.get("numPartitions"))?;
                node(d.child(Op::Repartition(n), "repartition"))
            }),
            m("partitionBy", "(numPartitions, partitionFunc=None)", "Place pairs into partitions by the hash of their key.", STREAM, |d, b| {
                let n = count_arg("numPartitions", &b.get("numPartitions"))?;
                node(d.child(Op::PartitionBy(n), "partitionBy"))
            }),
            m("window", "(windowDuration, slideDuration=None)", "Every slide, the records of the last windowDuration seconds.", STREAM, |d, b| {
                d.ctx.check_can_add()?;
                let (w, s) = d.validate_window(&b.get("windowDuration"), &b.given("slideDuration").cloned())?;
                node(d.derive(Op::Window { window_ms: w }, vec![d.id], s, "window"))
            }),
            m("countByWindow", "(windowDuration, slideDuration)", "Count the records in a sliding window.", STREAM, |d, b| {
                d.ctx.check_can_add()?;
                let label = "countByWindow";
                let ones = d.handle(
                    d.child(
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
                    .reduce_by_key_and_window(
                        add(),
                        sub(),
                        &b.get("windowDuration"),
                        &b.given("slideDuration").cloned(),
                        1,
                        None,
                        label,
                    )?
                    .0;
                node(d.handle(reduced).child(
                    Op::Map(NativeFn::value("lambda kv: kv[1]", 1, |a| Ok(kv(&a[0])?.1))),
                    label,
                ))
            }),
            m("reduceByWindow", "(reduceFunc, invReduceFunc, windowDuration, slideDuration)", "Reduce all records in a sliding window.", STREAM, |d, b| {
                d.ctx.check_can_add()?;
                let label = "reduceByWindow";
                let func = callable(label, "reduceFunc", b.get("reduceFunc"))?;
                let inv = b.get("invReduceFunc");
                let keyed = d.handle(
                    d.child(
                        Op::Map(NativeFn::value("lambda x: (1, x)", 1, |a| {
                            Ok(Value::tuple(vec![Value::Int(1), a[0].clone()]))
                        })),
                        label,
                    )?
                    .0,
                );
                let reduced = keyed
                    .reduce_by_key_and_window(
                        func,
                        inv,
                        &b.get("windowDuration"),
                        &b.given("slideDuration").cloned(),
                        1,
                        None,
                        label,
                    )?
                    .0;
                node(d.handle(reduced).child(
                    Op::Map(NativeFn::value("lambda kv: kv[1]", 1, |a| Ok(kv(&a[0])?.1))),
                    label,
                ))
            }),
            m("reduceByKeyAndWindow", "(func, invFunc, windowDuration, slideDuration=None, numPartitions=None, filterFunc=None)", "Reduce the values of each key over a sliding window; with invFunc, incrementally.", STREAM, |d, b| {
                d.ctx.check_can_add()?;
                let func = callable("reduceByKeyAndWindow", "func", b.get("func"))?;
                let partitions = d.partitions(&b, "numPartitions")?;
                node(d.reduce_by_key_and_window(
                    func,
                    b.get("invFunc"),
                    &b.get("windowDuration"),
                    &b.given("slideDuration").cloned(),
                    partitions,
                    b.opt("filterFunc"),
                    "reduceByKeyAndWindow",
                ))
            }),
            m("countByValueAndWindow", "(windowDuration, slideDuration, numPartitions=None)", "Count each distinct record over a sliding window.", STREAM, |d, b| {
                d.ctx.check_can_add()?;
                let label = "countByValueAndWindow";
                let partitions = d.partitions(&b, "numPartitions")?;
                let pairs = d.handle(
                    d.child(
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
                        &b.get("windowDuration"),
                        &b.given("slideDuration").cloned(),
                        partitions,
                        None,
                        label,
                    )?
                    .0;
                node(d.handle(counted).child(
                    Op::Filter(NativeFn::value("lambda kv: kv[1] > 0", 1, |a| {
                        let (_, v) = kv(&a[0])?;
                        ops::compare(crate::lang::ast::CmpOp::Gt, &v, &Value::Int(0))
                            .map(Value::Bool)
                    })),
                    label,
                ))
            }),
            m("groupByKeyAndWindow", "(windowDuration, slideDuration, numPartitions=None)", "Group the values of each key over a sliding window.", STREAM, |d, b| {
                d.ctx.check_can_add()?;
                let label = "groupByKeyAndWindow";
                let partitions = d.partitions(&b, "numPartitions")?;
                let lists = d.handle(
                    d.child(
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
                        &b.get("windowDuration"),
                        &b.given("slideDuration").cloned(),
                        partitions,
                        None,
                        label,
                    )?
                    .0;
                node(d.handle(grouped).child(
                    Op::MapValues(NativeFn::value("ResultIterable", 1, |a| {
                        Ok(Value::Iterable(Arc::new(ops::iterate(&a[0])?)))
                    })),
                    label,
                ))
            }),
            m("updateStateByKey", "(updateFunc, numPartitions=None, initialRDD=None)", "Keep a state per key across batches: updateFunc(new_values, old_state).", STREAM, |d, b| {
                d.ctx.check_can_add()?;
                let func = callable("updateStateByKey", "updateFunc", b.get("updateFunc"))?;
                let partitions = d.partitions(&b, "numPartitions")?;
                let initial = match b.opt("initialRDD") {
                    None => None,
                    Some(v) => match as_rdd(&v) {
                        Some(r) => Some(r),
                        // A list of pairs is parallelized; an empty list counts as no initial state.
                        None if v.truthy() => Some(Arc::new(Rdd::parallelize(
                            ops::iterate(&v)?,
                            d.ctx.parallelism(),
                        ))),
                        None => None,
                    },
                };
                node(d.child(
                    Op::UpdateState {
                        func,
                        partitions,
                        initial,
                    },
                    "updateStateByKey",
                ))
            }),
            m("pprint", "(num=10)", "Print the first num records of every batch.", NOTHING, |d, b| {
                let num = count_arg("num", &b.get("num"))?;
                d.output(OutputKind::Pprint { num })
            }),
            m("foreachRDD", "(func)", "Call func(rdd) or func(time, rdd) for every batch.", NOTHING, |d, b| {
                let func = b.get("func");
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
                d.output(OutputKind::ForeachRdd { func, with_time })
            }),
            m("saveAsTextFiles", "(prefix, suffix=None)", "Write every batch to the directory prefix-TIME_IN_MS[.suffix].", NOTHING, |d, b| {
                let prefix = str_arg("prefix", &b.get("prefix"))?;
                let suffix = match b.opt("suffix") {
                    None => None,
                    Some(v) => Some(str_arg("suffix", &v)?),
                };
                d.output(OutputKind::SaveAsTextFiles { prefix, suffix })
            }),
            m("cache", "()", "Keep the stream's RDDs in memory (no effect on results).", STREAM, |d, _| {
                Ok(DStream::value(d.ctx.clone(), d.id))
            }),
            m("persist", "(storageLevel)", "Keep the stream's RDDs at a storage level (no effect on results).", STREAM, |d, _| {
                Ok(DStream::value(d.ctx.clone(), d.id))
            }),
            m("checkpoint", "(interval)", "Checkpoint the stream's RDDs every interval seconds.", STREAM, |d, b| {
                let interval = duration_ms("interval", &b.get("interval"))?;
                let slide = d.slide_ms();
                if interval % slide != 0 {
                    return Err(Exc::new(
                        ExcKind::IllegalArgumentException,
                        format!(
                            "requirement failed: The checkpoint interval for this DStream has been set to {interval} ms which is not a multiple of its slide time ({slide} ms). Please set it to a multiple of {slide} ms."
                        ),
                    ));
                }
                d.ctx.require_checkpoint();
                Ok(DStream::value(d.ctx.clone(), d.id))
            }),
            m("context", "()", "The StreamingContext of this stream.", Returns::Class("StreamingContext"), |d, _| {
                Ok(d.ctx.ssc_value())
            }),
        ],
        &[],
    )
});

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
        DSTREAM.call(self, name, args, kwargs).map_err(|mut e| {
            // A learner reaching for an RDD method on a stream.
            if DSTREAM.find(name).is_none()
                && !e.msg.contains("Did you mean")
                && RDD.find(name).is_some()
            {
                e.msg.push_str(&format!(". '{name}' is an RDD method: use it inside transform(lambda rdd: rdd.{name}(...))"));
            }
            e
        })
    }

    fn attr_names(&self) -> Vec<&'static str> {
        DSTREAM.method_names()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
