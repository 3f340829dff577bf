//! Running batches: the engine computes each output operation's RDD for a
//! batch time, memoising every (DStream, time) pair so a stream used by ten
//! outputs is read once, and keeps past RDDs only as long as windows and
//! state look back.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

use super::checkpoint::{Checkpoint, CheckpointError};
use super::events::{BatchInfo, EngineEvent, OutputEvent, StateDiff, WindowSpan};
use super::graph::{Graph, NodeId, Op, OutputKind, Source};
use super::rdd::{Rdd, RddRef, Stage};
use super::{state, window};
use crate::lang::compile::call_value;
use crate::lang::value::{Exc, PyResult, Value};
use crate::sources::Receiver;

/// A batch's RDD for one node: `None` when the node has no RDD at that time
/// (off its slide, or a `transform` that returned None).
pub type Generated = Result<Option<RddRef>, Exc>;

pub struct Engine {
    pub graph: Arc<Graph>,
    pub zero_ms: i64,
    generated: Vec<BTreeMap<i64, Generated>>,
    remember_ms: Vec<i64>,
    /// Next item of each queue source.
    queue_next: HashMap<NodeId, usize>,
    receivers: HashMap<NodeId, Box<dyn Receiver>>,
    /// What receivers delivered per batch time, until a node takes it.
    allocated: HashMap<NodeId, BTreeMap<i64, RddRef>>,
    /// Worker threads for this program's partitions; `None` if none could be
    /// started, and batches run on rayon's shared pool instead.
    pool: Option<Arc<rayon::ThreadPool>>,
    batch: u64,
    /// What windowed and stateful streams reported while computing this batch.
    pub(crate) window_taps: Vec<WindowSpan>,
    pub(crate) state_taps: Vec<StateDiff>,
    /// Narrow nodes that run inside their only consumer's pass, never on their own.
    fused: Vec<bool>,
    /// Records produced this batch by fused nodes (they have no RDD to count).
    fused_counts: Vec<(NodeId, usize)>,
    /// Batches completed when the driver found every input used up (the end
    /// of a replay); checkpointed, so the final drain runs once in all.
    pub inputs_done_at: Option<u64>,
}

fn stage_of(op: &Op) -> Option<Stage> {
    Some(match op {
        Op::Map(f) => Stage::Map(f.clone()),
        Op::FlatMap(f) => Stage::FlatMap(f.clone()),
        Op::Filter(f) => Stage::Filter(f.clone()),
        Op::MapValues(f) => Stage::MapValues(f.clone()),
        Op::FlatMapValues(f) => Stage::FlatMapValues(f.clone()),
        _ => return None,
    })
}

/// Which nodes can be fused: a narrow node that is not an output and feeds
/// exactly one consumer, itself narrow or a per-batch shuffle that can take
/// records straight from a pipeline. Windows, state, joins and `transform`
/// read whole RDDs, so their parents are always materialised.
fn plan_fusion(graph: &Graph) -> Vec<bool> {
    let live = graph.live_nodes();
    let mut consumers: Vec<Vec<NodeId>> = vec![Vec::new(); graph.nodes.len()];
    for &id in &live {
        for &p in &graph.nodes[id].parents {
            consumers[p].push(id);
        }
    }
    let is_output: Vec<bool> = (0..graph.nodes.len())
        .map(|id| graph.outputs.iter().any(|o| o.node == id))
        .collect();
    (0..graph.nodes.len())
        .map(|id| {
            stage_of(&graph.nodes[id].op).is_some()
                && !is_output[id]
                && consumers[id].len() == 1
                && matches!(
                    graph.nodes[consumers[id][0]].op,
                    Op::Map(_)
                        | Op::FlatMap(_)
                        | Op::Filter(_)
                        | Op::MapValues(_)
                        | Op::FlatMapValues(_)
                        | Op::ReduceByKey { .. }
                        | Op::GroupByKey { .. }
                )
        })
        .collect()
}

/// Build a value for the batch time argument of `transform`/`foreachRDD`
/// functions that take `(time, rdd)`.
pub type TimeValue = fn(i64) -> Value;

/// Most worker threads per core, whatever `local[N]` asks for: the program
/// keeps its N partitions (Spark's semantics), and threads beyond a few per
/// core would only wait for a core.
pub const WORKERS_PER_CORE: usize = 4;

/// Stack of each worker thread. Deep recursion in a lambda moves onto extra
/// stack segments as it needs them (`lang::limits`), so this is only the start.
const WORKER_STACK: usize = 8 * 1024 * 1024;

/// The threads that run partitions for a program with `parallelism` partitions
/// by default: at most [`WORKERS_PER_CORE`] per core. If a dedicated pool
/// cannot be started, a one-thread pool; if not even that, none (the caller
/// runs on rayon's shared pool).
fn worker_pool(parallelism: usize) -> Option<Arc<rayon::ThreadPool>> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = parallelism.clamp(1, cores * WORKERS_PER_CORE);
    let build = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .stack_size(WORKER_STACK)
            .thread_name(|i| format!("streamlab-worker-{i}"))
            .build()
    };
    match build(threads).or_else(|_| build(1)) {
        Ok(pool) => Some(Arc::new(pool)),
        Err(_) => None,
    }
}

impl Engine {
    /// An engine for `graph` whose first batch runs at `zero_ms + batch_ms`.
    pub fn new(
        graph: Arc<Graph>,
        zero_ms: i64,
        receivers: HashMap<NodeId, Box<dyn Receiver>>,
    ) -> Engine {
        let n = graph.nodes.len();
        let fused = plan_fusion(&graph);
        let pool = worker_pool(graph.parallelism);
        Engine {
            remember_ms: graph.remember_ms(),
            graph,
            zero_ms,
            generated: (0..n).map(|_| BTreeMap::new()).collect(),
            queue_next: HashMap::new(),
            receivers,
            allocated: HashMap::new(),
            pool,
            batch: 0,
            window_taps: Vec::new(),
            state_taps: Vec::new(),
            fused,
            fused_counts: Vec::new(),
            inputs_done_at: None,
        }
    }

    pub fn batch_ms(&self) -> i64 {
        self.graph.batch_ms
    }

    /// The time of the next batch to run.
    pub fn next_time(&self) -> i64 {
        self.zero_ms + (self.batch as i64 + 1) * self.graph.batch_ms
    }

    /// Batches run so far.
    pub fn batches_run(&self) -> u64 {
        self.batch
    }

    /// True when no source can produce anything new: every queue is used up
    /// (with no default) and every receiver is finished.
    pub fn inputs_exhausted(&self) -> bool {
        let g = &self.graph;
        g.live_nodes().iter().all(|&id| match &g.nodes[id].op {
            Op::Source(Source::Queue { items, default, .. }) => {
                default.is_none() && self.queue_next.get(&id).copied().unwrap_or(0) >= items.len()
            }
            Op::Source(_) => self.receivers.get(&id).is_none_or(|r| r.finished()),
            _ => true,
        })
    }

    /// The longest look-back of any window, for draining windows at the end of a replay.
    pub fn longest_window_ms(&self) -> i64 {
        self.graph
            .nodes
            .iter()
            .map(|n| match &n.op {
                Op::Window { window_ms } | Op::ReducedWindow { window_ms, .. } => *window_ms,
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    /// Run the next batch; `due` is when it was due (for the scheduling delay).
    pub fn run_batch(
        &mut self,
        due: Instant,
        time_value: TimeValue,
        emit: &mut dyn FnMut(EngineEvent),
    ) {
        let t = self.next_time();
        let index = self.batch;
        self.batch += 1;
        // Cut what receivers got since the last batch, whether or not a job reads it.
        let mut input_records = 0;
        let ids: Vec<NodeId> = self.receivers.keys().copied().collect();
        for id in ids {
            if let Some(r) = self.receivers.get_mut(&id) {
                for message in r.drain_status() {
                    emit(EngineEvent::Receiver { node: id, message });
                }
                let rdd = r.allocate(t);
                input_records += rdd.count();
                self.allocated
                    .entry(id)
                    .or_default()
                    .insert(t, Arc::new(rdd));
            }
        }
        let started = Instant::now();
        let scheduling_delay_ms = started.saturating_duration_since(due).as_millis() as u64;
        let mut errors = Vec::new();
        let outputs = self.graph.outputs.clone();
        for (k, out) in outputs.iter().enumerate() {
            let result = match self.pool.clone() {
                Some(pool) => pool.install(|| self.run_output(out.node, &out.kind, t, time_value)),
                None => self.run_output(out.node, &out.kind, t, time_value),
            };
            match result {
                Ok(None) => {}
                Ok(Some(records)) => emit(EngineEvent::Output(OutputEvent {
                    batch: index,
                    time_ms: t,
                    output: k,
                    pprint_num: match out.kind {
                        OutputKind::Pprint { num } => Some(num),
                        _ => None,
                    },
                    result: Ok(records),
                })),
                Err(e) => {
                    errors.push((k, e.clone()));
                    emit(EngineEvent::Output(OutputEvent {
                        batch: index,
                        time_ms: t,
                        output: k,
                        pprint_num: None,
                        result: Err(e),
                    }));
                }
            }
        }
        let processing_ms = started.elapsed().as_millis() as u64;
        let windows = self.window_spans(t);
        let states = std::mem::take(&mut self.state_taps);
        let node_records = self
            .generated
            .iter()
            .enumerate()
            .filter_map(|(id, m)| match m.get(&t) {
                Some(Ok(Some(rdd))) => Some((id, rdd.count())),
                _ => None,
            })
            .chain(std::mem::take(&mut self.fused_counts))
            .collect();
        let samples = self
            .generated
            .iter()
            .enumerate()
            .filter_map(|(id, m)| match m.get(&t) {
                Some(Ok(Some(rdd))) => Some((id, sample(rdd))),
                _ => None,
            })
            .collect();
        self.forget_before(t + self.graph.batch_ms);
        emit(EngineEvent::BatchCompleted(BatchInfo {
            batch: index,
            time_ms: t,
            input_records,
            node_records,
            samples,
            scheduling_delay_ms,
            processing_ms,
            errors,
            windows,
            states,
        }));
    }

    fn run_output(
        &mut self,
        node: NodeId,
        kind: &OutputKind,
        t: i64,
        time_value: TimeValue,
    ) -> PyResult<Option<Vec<Value>>> {
        let Some(rdd) = self.get_or_compute(node, t)? else {
            return Ok(None);
        };
        match kind {
            OutputKind::Pprint { num } => {
                // pprint prints `str(record)`: a program's `__str__` or
                // `__repr__` that raises fails the output here, as it fails
                // the job on Spark; printing later could only hide it.
                let records = rdd.collect();
                for v in records.iter().take(*num) {
                    crate::lang::classes::try_str(v)?;
                }
                return Ok(Some(records));
            }
            OutputKind::ForeachRdd { func, with_time } => {
                let rv = super::rdd_object::rdd_value_in(rdd.clone(), self.graph.context.clone());
                let args = if *with_time {
                    vec![time_value(t), rv]
                } else {
                    vec![rv]
                };
                call_value(func, args, Vec::new())?;
            }
            OutputKind::SaveAsTextFiles { prefix, suffix } => {
                super::save::save_as_text_files(&rdd, prefix, suffix.as_deref(), t)?;
            }
        }
        Ok(Some(rdd.collect()))
    }

    /// The window of every live windowed stream at `t`: what the stream
    /// reported if it ran, otherwise where its window would be (not emitted).
    fn window_spans(&mut self, t: i64) -> Vec<WindowSpan> {
        let taps = std::mem::take(&mut self.window_taps);
        let mut out = Vec::new();
        for id in self.graph.live_nodes() {
            let node = &self.graph.nodes[id];
            let window_ms = match node.op {
                Op::Window { window_ms } | Op::ReducedWindow { window_ms, .. } => window_ms,
                _ => continue,
            };
            match taps
                .iter()
                .rev()
                .find(|w| w.node == id && w.covers.is_some_and(|c| c.1 == t))
            {
                Some(w) if self.graph.is_valid_time(id, self.zero_ms, t) => out.push(w.clone()),
                _ => out.push(WindowSpan {
                    node: id,
                    label: node.label.clone(),
                    window_ms,
                    slide_ms: node.slide_ms,
                    covers: self.covers(node.parents[0], t - window_ms, t),
                    emitted: false,
                    left: Vec::new(),
                    entered: Vec::new(),
                    incremental: None,
                }),
            }
        }
        out
    }

    /// First and last parent batch times in `(from, to]`, after zero.
    pub(crate) fn covers(&self, parent: NodeId, from: i64, to: i64) -> Option<(i64, i64)> {
        let times = self.grid(parent, from, to);
        Some((*times.first()?, *times.last()?))
    }

    /// The parent's grid times in `(from, to]` after zero.
    pub(crate) fn grid(&self, id: NodeId, from: i64, to: i64) -> Vec<i64> {
        let slide = self.graph.nodes[id].slide_ms;
        let offset = (from - self.zero_ms).rem_euclid(slide);
        let mut time = from - offset + slide;
        let mut out = Vec::new();
        while time <= to {
            if time > self.zero_ms {
                out.push(time);
            }
            time += slide;
        }
        out
    }

    /// What must survive a crash: remembered RDDs, source positions, the batch counter.
    pub fn snapshot(&self) -> Result<Checkpoint, CheckpointError> {
        let mut nodes = Vec::new();
        let next = self.next_time();
        for (id, m) in self.generated.iter().enumerate() {
            let mut times = Vec::new();
            // Only what a later batch will look at: what survives the next
            // pruning. A window's own output, or a map's, is never read again.
            let horizon = next - self.remember_ms[id];
            for (t, g) in m.range(horizon + 1..) {
                match g {
                    Ok(Some(rdd)) => times.push((*t, Some(rdd.clone()))),
                    Ok(None) => times.push((*t, None)),
                    Err(_) => {}
                }
            }
            if !times.is_empty() {
                nodes.push((id, times));
            }
        }
        let mut queues: Vec<(NodeId, usize)> =
            self.queue_next.iter().map(|(k, v)| (*k, *v)).collect();
        queues.sort();
        let mut receivers: Vec<(NodeId, u64)> = self
            .receivers
            .iter()
            .filter_map(|(k, r)| r.position().map(|p| (*k, p)))
            .collect();
        receivers.sort();
        Ok(Checkpoint {
            fingerprint: self.graph.fingerprint(),
            batch_ms: self.graph.batch_ms,
            zero_ms: self.zero_ms,
            batches_done: self.batch,
            nodes,
            queues,
            receivers,
            inputs_done_at: self.inputs_done_at,
        })
    }

    /// Continue from a checkpoint written by the same program.
    pub fn restore(&mut self, cp: Checkpoint) -> Result<(), CheckpointError> {
        if cp.fingerprint != self.graph.fingerprint() || cp.batch_ms != self.graph.batch_ms {
            return Err(CheckpointError::OtherProgram);
        }
        self.zero_ms = cp.zero_ms;
        self.batch = cp.batches_done;
        for (id, times) in cp.nodes {
            let Some(m) = self.generated.get_mut(id) else {
                return Err(CheckpointError::UnknownStream(id));
            };
            m.clear();
            for (t, parts) in times {
                m.insert(t, Ok(parts));
            }
        }
        self.queue_next = cp.queues.into_iter().collect();
        self.inputs_done_at = cp.inputs_done_at;
        for (id, pos) in cp.receivers {
            if let Some(r) = self.receivers.get_mut(&id) {
                r.seek(pos);
            }
        }
        Ok(())
    }

    /// Drop RDDs no window or state will look at again from the batch at
    /// `next` on: a batch's input and results are freed as soon as it ends
    /// (unless a window or a state reads them later), not one batch later.
    /// What stays is what [`Engine::snapshot`] writes.
    fn forget_before(&mut self, next: i64) {
        for (id, m) in self.generated.iter_mut().enumerate() {
            let horizon = next - self.remember_ms[id];
            while let Some((&first, _)) = m.first_key_value() {
                if first <= horizon {
                    m.pop_first();
                } else {
                    break;
                }
            }
        }
        let longest = self.remember_ms.iter().copied().max().unwrap_or(0);
        let t = next - self.graph.batch_ms;
        for m in self.allocated.values_mut() {
            while let Some((&first, _)) = m.first_key_value() {
                if first <= t - longest - self.graph.batch_ms {
                    m.pop_first();
                } else {
                    break;
                }
            }
        }
    }

    /// The RDD of node `id` at time `t`, computing (and remembering) it if needed.
    pub fn get_or_compute(&mut self, id: NodeId, t: i64) -> Generated {
        if !self.graph.is_valid_time(id, self.zero_ms, t) {
            return Ok(None);
        }
        if let Some(g) = self.generated[id].get(&t) {
            return g.clone();
        }
        let g = self.compute(id, t);
        self.generated[id].insert(t, g.clone());
        g
    }

    /// The parent's RDD at `t`, or an empty RDD when it has none (as Spark
    /// substitutes for a missing side of a two-stream operation).
    fn parent_or_empty(&mut self, id: NodeId, t: i64) -> PyResult<RddRef> {
        Ok(self
            .get_or_compute(id, t)?
            .unwrap_or_else(|| Arc::new(Rdd::empty())))
    }

    fn compute(&mut self, id: NodeId, t: i64) -> Generated {
        let graph = self.graph.clone();
        let node = &graph.nodes[id];
        let parents = &node.parents;
        // Narrow operations: one parent RDD in, one out, None passes through.
        macro_rules! narrow {
            (|$r:ident| $body:expr) => {{
                match self.get_or_compute(parents[0], t)? {
                    None => Ok(None),
                    Some($r) => Ok(Some(Arc::new($body))),
                }
            }};
        }
        match &node.op {
            Op::Source(src) => Ok(Some(self.source(id, src, t))),
            Op::Map(_)
            | Op::FlatMap(_)
            | Op::Filter(_)
            | Op::MapValues(_)
            | Op::FlatMapValues(_) => {
                let (base, stages, ids) = self.pipeline(id);
                let Some(r) = self.get_or_compute(base, t)? else {
                    return Ok(None);
                };
                let (rdd, counts) = r.pipe(&stages)?;
                self.note_fused(&ids, &counts, id);
                Ok(Some(Arc::new(rdd)))
            }
            Op::Glom => narrow!(|r| r.glom()),
            Op::MapPartitions(f) => match self.get_or_compute(parents[0], t)? {
                None => Ok(None),
                Some(r) => Ok(Some(Arc::new(r.map_partitions(f)?))),
            },
            Op::MapPartitionsWithIndex(f) => match self.get_or_compute(parents[0], t)? {
                None => Ok(None),
                Some(r) => Ok(Some(Arc::new(r.map_partitions_with_index(f)?))),
            },
            Op::ReduceByKey { func, partitions } => {
                let (base, stages, ids) = self.pipeline_into(parents[0]);
                let Some(r) = self.get_or_compute(base, t)? else {
                    return Ok(None);
                };
                let (rdd, counts) = r.reduce_by_key_piped(&stages, func, *partitions)?;
                self.note_fused(&ids, &counts, id);
                Ok(Some(Arc::new(rdd)))
            }
            Op::GroupByKey { partitions } => {
                let (base, stages, ids) = self.pipeline_into(parents[0]);
                let Some(r) = self.get_or_compute(base, t)? else {
                    return Ok(None);
                };
                let (rdd, counts) = r.group_by_key_piped(&stages, *partitions)?;
                self.note_fused(&ids, &counts, id);
                Ok(Some(Arc::new(rdd)))
            }
            Op::CountByValue { partitions } => narrow!(|r| r.count_by_value(*partitions)?),
            Op::Count => narrow!(|r| r.count_stream()),
            Op::Reduce(f) => narrow!(|r| r.reduce_stream(f)?),
            Op::Repartition(n) => narrow!(|r| r.repartition(*n)),
            Op::PartitionBy(n) => narrow!(|r| r.partition_by(*n)?),
            Op::Union => {
                let mut rdds = Vec::new();
                for &p in parents {
                    if let Some(r) = self.get_or_compute(p, t)? {
                        rdds.push(r);
                    }
                }
                Ok(Some(Arc::new(Rdd::union_all(
                    rdds.iter().map(|r| r.as_ref()),
                ))))
            }
            Op::Join { kind, partitions } => {
                let a = self.parent_or_empty(parents[0], t)?;
                let b = self.parent_or_empty(parents[1], t)?;
                Ok(Some(Arc::new(a.join(&b, *partitions, *kind)?)))
            }
            Op::Cogroup { partitions } => {
                let a = self.parent_or_empty(parents[0], t)?;
                let b = self.parent_or_empty(parents[1], t)?;
                Ok(Some(Arc::new(a.cogroup(&b, *partitions)?)))
            }
            Op::Transform { func, with_time } => {
                let Some(r) = self.get_or_compute(parents[0], t)? else {
                    return Ok(None);
                };
                let rv = super::rdd_object::rdd_value_in(r, self.graph.context.clone());
                let args = if *with_time {
                    vec![super::rdd_object::time_value(t), rv]
                } else {
                    vec![rv]
                };
                transform_result(call_value(func, args, Vec::new()), func)
            }
            Op::TransformWith { func, with_time } => {
                let a = super::rdd_object::rdd_value_in(
                    self.parent_or_empty(parents[0], t)?,
                    self.graph.context.clone(),
                );
                let b = super::rdd_object::rdd_value_in(
                    self.parent_or_empty(parents[1], t)?,
                    self.graph.context.clone(),
                );
                let args = if *with_time {
                    vec![super::rdd_object::time_value(t), a, b]
                } else {
                    vec![a, b]
                };
                transform_result(call_value(func, args, Vec::new()), func)
            }
            Op::Window { window_ms } => {
                self.window_taps.push(WindowSpan {
                    node: id,
                    label: node.label.clone(),
                    window_ms: *window_ms,
                    slide_ms: node.slide_ms,
                    covers: self.covers(parents[0], t - window_ms, t),
                    emitted: true,
                    left: Vec::new(),
                    entered: Vec::new(),
                    incremental: None,
                });
                let rdds = self.slice(parents[0], t - window_ms, t)?;
                Ok(Some(Arc::new(Rdd::union_all(
                    rdds.iter().map(|r| r.as_ref()),
                ))))
            }
            Op::ReducedWindow {
                func,
                inv,
                window_ms,
                partitions,
                filter,
            } => window::reduced_window(
                self,
                id,
                t,
                func,
                inv,
                *window_ms,
                *partitions,
                filter.as_ref(),
            ),
            Op::UpdateState {
                func,
                partitions,
                initial,
            } => state::update_state(self, id, t, func, (*partitions).max(1), initial.as_ref()),
        }
    }

    /// The fused chain ending at narrow node `id`: the materialised node it
    /// starts from, the stages in order, and their node ids.
    fn pipeline(&self, id: NodeId) -> (NodeId, Vec<Stage>, Vec<NodeId>) {
        let mut ids = vec![id];
        let mut cur = self.graph.nodes[id].parents[0];
        while self.fused[cur] {
            ids.push(cur);
            cur = self.graph.nodes[cur].parents[0];
        }
        ids.reverse();
        let stages = ids
            .iter()
            .filter_map(|&i| stage_of(&self.graph.nodes[i].op))
            .collect();
        (cur, stages, ids)
    }

    /// The fused chain feeding a shuffle whose parent is `parent`.
    fn pipeline_into(&self, parent: NodeId) -> (NodeId, Vec<Stage>, Vec<NodeId>) {
        if self.fused[parent] {
            self.pipeline(parent)
        } else {
            (parent, Vec::new(), Vec::new())
        }
    }

    /// Remember the record counts of fused stages (all but `own`, which has an RDD).
    fn note_fused(&mut self, ids: &[NodeId], counts: &[usize], own: NodeId) {
        for (&i, &c) in ids.iter().zip(counts) {
            if i != own {
                self.fused_counts.push((i, c));
            }
        }
    }

    /// The parent's RDDs at its valid times in `(from, to]`, oldest first,
    /// skipping times at or before zero and times where it has no RDD.
    pub fn slice(&mut self, id: NodeId, from: i64, to: i64) -> PyResult<Vec<RddRef>> {
        let mut out = Vec::new();
        for time in self.grid(id, from, to) {
            if let Some(r) = self.get_or_compute(id, time)? {
                out.push(r);
            }
        }
        Ok(out)
    }

    fn source(&mut self, id: NodeId, src: &Source, t: i64) -> RddRef {
        match src {
            Source::Queue {
                items,
                one_at_a_time,
                default,
                ..
            } => {
                let next = self.queue_next.entry(id).or_insert(0);
                let empty_default = || Arc::new(Rdd::new(vec![Vec::new()]));
                if *next < items.len() {
                    if *one_at_a_time {
                        *next += 1;
                        items[*next - 1].clone()
                    } else {
                        *next = items.len();
                        Arc::new(Rdd::union_all(items.iter().map(|r| r.as_ref())))
                    }
                } else {
                    default.clone().unwrap_or_else(empty_default)
                }
            }
            Source::Socket { .. } | Source::TextFile { .. } => self
                .allocated
                .get_mut(&id)
                .and_then(|m| m.remove(&t))
                .unwrap_or_else(|| Arc::new(Rdd::empty())),
        }
    }
}

/// What a `transform` function returned: an RDD, or None for "no RDD this batch".
fn transform_result(r: PyResult, func: &Value) -> Generated {
    match r? {
        Value::None => Ok(None),
        v => match super::rdd_object::as_rdd(&v) {
            Some(rdd) => Ok(Some(rdd)),
            None => {
                let name = match func {
                    Value::Func(f) => f.source().unwrap_or("the transform function").to_string(),
                    _ => "the transform function".to_string(),
                };
                Err(Exc::attr_error(format!(
                    "'{}' object has no attribute '_jrdd' (the function given to transform must return an RDD, but {name} returned {})",
                    v.type_name(),
                    v.short_repr()
                )))
            }
        },
    }
}

/// The first records of a batch's RDD as `repr` shows them (for the UI).
fn sample(rdd: &Rdd) -> Vec<String> {
    rdd.parts
        .iter()
        .flatten()
        .take(crate::engine::events::SAMPLE_RECORDS)
        .map(|v| v.repr())
        .collect()
}
