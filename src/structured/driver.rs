//! When triggers run, and with which input: a replay on a virtual clock (one
//! trigger per batch of lines, for tests and reproducible runs) or live
//! sources on the real clock.
//!
//! Both follow Spark's micro-batch rules: batch 0 runs at start with whatever
//! the source has (nothing, usually, so an empty table is printed), a batch
//! runs only when new rows arrived, and a no-data batch runs right after a
//! batch that moved the watermark when the state needs it. With the default
//! trigger (`processingTime` unset, 0) the next batch starts as soon as data
//! is there; with `trigger(processingTime="2 seconds")` batches start on the
//! 2-second grid, when there is data.

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;

use super::exec::{CatchUp, QueryExec, QuerySpec};
use super::files::{list_files, read_batch, FileSource};
use super::plan::Source;
use super::rate::Rate;
use crate::engine::events::EngineEvent;

/// The virtual clock's start when none is given: 2024-01-01 00:00:00 UTC.
pub const VIRTUAL_START_MS: i64 = 1_704_067_200_000;

/// How to run structured queries.
#[derive(Debug, Clone, Default)]
pub struct StructuredOptions {
    /// Feed these batches of lines into the query's source, one trigger per
    /// non-empty batch, on a virtual clock (no sockets, no files).
    pub replay: Option<Arc<Vec<Vec<String>>>>,
    /// The virtual clock's start (default [`VIRTUAL_START_MS`]); it advances by
    /// the trigger interval (1 s when the trigger is 0) per batch.
    pub start_ms: Option<i64>,
    /// Stop after this many batches (no-data batches included).
    pub max_batches: Option<u64>,
    /// On a replay, wait this long between batches (to watch it unfold).
    pub pace_ms: u64,
    /// Connect sockets for (host port) to another port instead.
    pub redirect_port: Option<(u16, u16)>,
}

/// Split a replay file into batches: a line `---` ends a batch.
///
/// ```
/// use streamlab::structured::driver::split_batches;
/// assert_eq!(split_batches("a\nb\n---\nc\n"), vec![vec!["a", "b"], vec!["c"]]);
/// assert_eq!(split_batches("a\n---\n---\nb"), vec![vec!["a"], vec![], vec!["b"]]);
/// ```
pub fn split_batches(text: &str) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    for line in crate::sources::replay::split_lines(text) {
        let line = line.to_str();
        if line == "---" {
            out.push(Vec::new());
        } else if let Some(last) = out.last_mut() {
            last.push(line);
        }
    }
    out
}

/// Why a query stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// Spark's socket source does not retry: a refused connection ends the query.
    #[error("cannot connect to {host}:{port} ({error}); the socket source does not retry. Start a producer first, e.g. `streamlab produce --port {port}`")]
    Connect {
        host: String,
        port: u16,
        error: std::io::Error,
    },
    #[error("a query thread panicked")]
    Panicked,
    /// `writeStream` refuses static DataFrames, so no query reads one.
    #[error("[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called only on streaming Dataset/DataFrame.")]
    NotStreaming,
    /// A stream-stream join over a source streamlab cannot feed to both sides.
    #[error("streamlab runs stream-stream joins of two socket or file sources (on a replay: two sockets, each batch's lines routed by `@PORT` lines) or of two rate sources, not of a rate source and another source")]
    JoinSource,
    /// A stream-stream join without an equality of the two sides' columns:
    /// Spark's planner refuses it when the query starts running.
    #[error("[STREAM_FAILED] query {query} terminated with exception: Stream-stream join without equality predicate is not supported.")]
    JoinWithoutEquality { query: String },
    /// The program's `foreachBatch` or `foreach` code raised an exception:
    /// the query ends (Spark's `StreamingQueryException`).
    #[error("[STREAM_FAILED] query {query} terminated with exception: {message}")]
    SinkFailed { query: String, message: String },
}

impl QueryError {
    /// True for errors the running query raised, which `awaitTermination()`
    /// raises as `StreamingQueryException`.
    pub fn raised_by_query(&self) -> bool {
        matches!(
            self,
            QueryError::SinkFailed { .. } | QueryError::JoinWithoutEquality { .. }
        )
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Run queries until their input ends (replays), `stop` is set, or
/// `max_batches` have run; every trigger is sent as [`EngineEvent::Trigger`].
/// Several queries run side by side, each reading its own source (as Spark's
/// queries do); on a replay each query reads the whole replay.
pub fn run_queries(
    specs: Vec<QuerySpec>,
    opts: &StructuredOptions,
    stop: &AtomicBool,
    emit: &mut (dyn FnMut(EngineEvent) + Send),
) -> Result<(), QueryError> {
    if specs.len() == 1 || opts.replay.is_some() {
        let mut first_err = None;
        for spec in specs {
            if let Err(e) = run_query(spec, opts, stop, emit) {
                first_err.get_or_insert(e);
            }
        }
        emit(EngineEvent::Stopped);
        return first_err.map_or(Ok(()), Err);
    }
    let emit = Mutex::new(emit);
    let errors: Vec<QueryError> = std::thread::scope(|s| {
        let handles: Vec<_> = specs
            .into_iter()
            .map(|spec| {
                let emit = &emit;
                s.spawn(move || run_query(spec, opts, stop, &mut |ev| (emit.lock())(ev)))
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().unwrap_or(Err(QueryError::Panicked)).err())
            .collect()
    });
    (emit.into_inner())(EngineEvent::Stopped);
    errors.into_iter().next().map_or(Ok(()), Err)
}

/// Run one query (see [`run_queries`]).
pub fn run_query(
    spec: QuerySpec,
    opts: &StructuredOptions,
    stop: &AtomicBool,
    emit: &mut dyn FnMut(EngineEvent),
) -> Result<(), QueryError> {
    let mut exec = QueryExec::new(spec);
    run_exec(&mut exec, opts, stop, emit)?;
    match exec.failed() {
        Some(message) => Err(QueryError::SinkFailed {
            query: exec
                .spec
                .name
                .clone()
                .unwrap_or_else(|| exec.spec.index.to_string()),
            message: message.to_string(),
        }),
        None => Ok(()),
    }
}

/// Whether a query must run no more triggers: its sink failed, or the
/// batch limit is reached.
fn finished(exec: &QueryExec, opts: &StructuredOptions) -> bool {
    exec.failed().is_some() || opts.max_batches.is_some_and(|m| exec.next_batch() >= m)
}

fn run_exec(
    exec: &mut QueryExec,
    opts: &StructuredOptions,
    stop: &AtomicBool,
    emit: &mut dyn FnMut(EngineEvent),
) -> Result<(), QueryError> {
    if exec.is_stream_join() {
        return run_join(exec, opts, stop, emit);
    }
    if let Source::Rate(rate) = exec.spec.plan.source_of() {
        let rate = *rate;
        run_rate(exec, rate, opts, stop, emit);
        return Ok(());
    }
    let limit_reached = |exec: &QueryExec| finished(exec, opts);
    if let (Some(catch_up), Source::Files(src)) = (exec.spec.catch_up, exec.spec.plan.source_of()) {
        let src = src.clone();
        let mut clock = match opts.replay {
            Some(_) => opts.start_ms.unwrap_or(VIRTUAL_START_MS),
            None => now_ms(),
        };
        let (mut seen, mut status) = (HashSet::new(), Vec::new());
        let all = new_files(
            &FileSource {
                max_files_per_trigger: None,
                ..(*src).clone()
            },
            &mut seen,
            &mut status,
        );
        let per_batch = match catch_up {
            CatchUp::Once => all.len().max(1),
            CatchUp::AvailableNow => src.max_files_per_trigger.unwrap_or(all.len()).max(1),
        };
        let mut chunks: Vec<&[(PathBuf, u64)]> = all.chunks(per_batch).collect();
        if chunks.is_empty() {
            chunks.push(&[]);
        }
        for files in chunks {
            if stop.load(Ordering::Relaxed) || finished(exec, opts) {
                break;
            }
            let parts = read_batch(files, &src, &mut status);
            for m in status.drain(..) {
                emit(EngineEvent::Notice(m));
            }
            emit(EngineEvent::Trigger(Box::new(
                exec.trigger_partitions(parts, clock),
            )));
            clock += 1000;
        }
        return Ok(());
    }
    if let (Some(batches), Source::Files(src)) = (&opts.replay, exec.spec.plan.source_of()) {
        let src = src.clone();
        run_files_replay(exec, &src, batches.len(), opts, stop, emit);
        return Ok(());
    }
    if let Some(batches) = &opts.replay {
        let step = if exec.spec.trigger_ms > 0 {
            exec.spec.trigger_ms
        } else {
            1000
        };
        let mut clock = opts.start_ms.unwrap_or(VIRTUAL_START_MS);
        let mut fire = |exec: &mut QueryExec, lines: Vec<String>, clock: &mut i64| {
            let at = *clock;
            let rows = lines.into_iter().map(|l| (l, at)).collect();
            emit(EngineEvent::Trigger(Box::new(exec.trigger(rows, at))));
            *clock += step;
            if opts.pace_ms > 0 {
                std::thread::sleep(Duration::from_millis(opts.pace_ms));
            }
        };
        // Batch 0 runs at start, before any data arrived.
        fire(exec, Vec::new(), &mut clock);
        for batch in batches.iter() {
            if stop.load(Ordering::Relaxed) || limit_reached(exec) {
                return Ok(());
            }
            if batch.is_empty() {
                // No new data: Spark runs no batch.
                clock += step;
                continue;
            }
            fire(exec, batch.clone(), &mut clock);
            if exec.needs_no_data_batch() && !limit_reached(exec) {
                fire(exec, Vec::new(), &mut clock);
            }
        }
        return Ok(());
    }
    let mut source = LiveSource::open(exec.spec.plan.source_of(), opts)?;
    let trigger_ms = exec.spec.trigger_ms;
    let started = Instant::now();
    let mut fired_first = false;
    while !stop.load(Ordering::Relaxed) && !limit_reached(exec) {
        if !fired_first {
            fired_first = true;
            let t = now_ms();
            let report = source.take().fire(exec, t);
            emit(EngineEvent::Trigger(Box::new(report)));
            continue;
        }
        for m in source.status() {
            emit(EngineEvent::Notice(m));
        }
        if exec.needs_no_data_batch() {
            emit(EngineEvent::Trigger(Box::new(
                exec.trigger(Vec::new(), now_ms()),
            )));
            continue;
        }
        if trigger_ms > 0 {
            // Wait for the next point of the trigger grid.
            let elapsed = started.elapsed().as_millis() as i64;
            let next = (elapsed / trigger_ms + 1) * trigger_ms;
            let wait = Duration::from_millis((next - elapsed) as u64);
            sleep_unless_stopped(wait, stop);
        } else {
            sleep_unless_stopped(Duration::from_millis(20), stop);
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let input = source.take();
        if !input.is_empty() {
            emit(EngineEvent::Trigger(Box::new(input.fire(exec, now_ms()))));
        }
    }
    for m in source.status() {
        emit(EngineEvent::Notice(m));
    }
    Ok(())
}

/// The lines of one replay batch for the socket on `port`: a line `@PORT`
/// sends the batch's next lines to that port's socket; lines before any such
/// line go to port 9999 (as the conformance recorder sends them). A batch
/// without `@PORT` lines goes whole to `fallback`'s socket.
///
/// ```
/// use streamlab::structured::driver::route_lines;
/// let batch: Vec<String> = ["a", "@9998", "b", "@9999", "c"].map(String::from).to_vec();
/// assert_eq!(route_lines(&batch, 9999, false), ["a", "c"]);
/// assert_eq!(route_lines(&batch, 9998, false), ["b"]);
/// let plain: Vec<String> = vec!["x".into()];
/// assert_eq!(route_lines(&plain, 9998, true), ["x"]);
/// assert!(route_lines(&plain, 9998, false).is_empty());
/// ```
pub fn route_lines(batch: &[String], port: u16, fallback: bool) -> Vec<String> {
    let marker = |l: &str| {
        l.strip_prefix('@')
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    if !batch.iter().any(|l| marker(l).is_some()) {
        return if fallback { batch.to_vec() } else { Vec::new() };
    }
    let mut current = 9999u32;
    let mut out = Vec::new();
    for l in batch {
        if let Some(p) = marker(l) {
            current = p;
        } else if current == u32::from(port) {
            out.push(l.clone());
        }
    }
    out
}

/// Run a stream-stream join: both sides' sources feed each trigger. On a
/// replay both must be sockets (each batch's lines are routed by
/// [`route_lines`]); live, each side reads its own source.
fn run_join(
    exec: &mut QueryExec,
    opts: &StructuredOptions,
    stop: &AtomicBool,
    emit: &mut dyn FnMut(EngineEvent),
) -> Result<(), QueryError> {
    let Some((left_src, right_src)) = exec.join_sources() else {
        return Ok(());
    };
    if exec
        .spec
        .plan
        .stream_join()
        .is_some_and(|j| j.left_keys.is_empty())
    {
        return Err(QueryError::JoinWithoutEquality {
            query: exec
                .spec
                .name
                .clone()
                .unwrap_or_else(|| exec.spec.index.to_string()),
        });
    }
    let limit_reached = |exec: &QueryExec| finished(exec, opts);
    match (&left_src, &right_src) {
        (Source::Rate(l), Source::Rate(r)) => {
            run_rate_join(exec, (*l, *r), opts, stop, emit);
            return Ok(());
        }
        (Source::Rate(_) | Source::Static(_), _) | (_, Source::Rate(_) | Source::Static(_)) => {
            return Err(QueryError::JoinSource);
        }
        _ => {}
    }
    if let Some(batches) = &opts.replay {
        let port_of = |s: &Source| match s {
            Source::Socket { port, .. } => Some(*port),
            _ => None,
        };
        let (Some(lp), Some(rp)) = (port_of(&left_src), port_of(&right_src)) else {
            return Err(QueryError::JoinSource);
        };
        let step = if exec.spec.trigger_ms > 0 {
            exec.spec.trigger_ms
        } else {
            1000
        };
        let mut clock = opts.start_ms.unwrap_or(VIRTUAL_START_MS);
        // Without `@PORT` lines, a batch goes to the left side.
        let mut fire = |exec: &mut QueryExec, batch: &[String], clock: &mut i64| {
            let at = *clock;
            let lines = |port: u16, fallback: bool| -> Vec<(String, i64)> {
                route_lines(batch, port, fallback)
                    .into_iter()
                    .map(|l| (l, at))
                    .collect()
            };
            let left = exec.side_parts(false, lines(lp, true));
            let right = if rp == lp {
                exec.side_parts(true, lines(rp, true))
            } else {
                exec.side_parts(true, lines(rp, false))
            };
            emit(EngineEvent::Trigger(Box::new(
                exec.trigger_join(left, right, at),
            )));
            *clock += step;
            if opts.pace_ms > 0 {
                std::thread::sleep(Duration::from_millis(opts.pace_ms));
            }
        };
        fire(exec, &[], &mut clock);
        for batch in batches.iter() {
            if stop.load(Ordering::Relaxed) || limit_reached(exec) {
                return Ok(());
            }
            if batch.iter().all(|l| l.starts_with('@')) {
                clock += step;
                continue;
            }
            fire(exec, batch, &mut clock);
            if exec.needs_no_data_batch() && !limit_reached(exec) {
                fire(exec, &[], &mut clock);
            }
        }
        return Ok(());
    }
    let mut left = LiveSource::open(&left_src, opts)?;
    let mut right = LiveSource::open(&right_src, opts)?;
    let take = |exec: &QueryExec, src: &mut LiveSource, right: bool| match src.take() {
        Input::Lines(l) => exec.side_parts(right, l),
        Input::Parts(p) => p,
    };
    let trigger_ms = exec.spec.trigger_ms;
    let started = Instant::now();
    let (l, r) = (take(exec, &mut left, false), take(exec, &mut right, true));
    emit(EngineEvent::Trigger(Box::new(exec.trigger_join(
        l,
        r,
        now_ms(),
    ))));
    while !stop.load(Ordering::Relaxed) && !limit_reached(exec) {
        for m in left.status().into_iter().chain(right.status()) {
            emit(EngineEvent::Notice(m));
        }
        if exec.needs_no_data_batch() {
            emit(EngineEvent::Trigger(Box::new(exec.trigger_join(
                Vec::new(),
                Vec::new(),
                now_ms(),
            ))));
            continue;
        }
        if trigger_ms > 0 {
            let elapsed = started.elapsed().as_millis() as i64;
            let next = (elapsed / trigger_ms + 1) * trigger_ms;
            sleep_unless_stopped(Duration::from_millis((next - elapsed) as u64), stop);
        } else {
            sleep_unless_stopped(Duration::from_millis(20), stop);
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let (l, r) = (take(exec, &mut left, false), take(exec, &mut right, true));
        if l.iter().chain(&r).any(|p| !p.is_empty()) {
            emit(EngineEvent::Trigger(Box::new(exec.trigger_join(
                l,
                r,
                now_ms(),
            ))));
        }
    }
    for m in left.status().into_iter().chain(right.status()) {
        emit(EngineEvent::Notice(m));
    }
    Ok(())
}

/// How a rate source's query keeps time: on the virtual clock when it has a
/// batch limit (given, or one more than a replay's triggers), from
/// `created` (the start time given, or now on the real clock).
#[derive(Clone, Copy)]
struct RateClock {
    max_batches: Option<u64>,
    virtual_clock: bool,
    created: i64,
}

impl RateClock {
    fn of(opts: &StructuredOptions) -> RateClock {
        let max_batches = opts.max_batches.or_else(|| {
            opts.replay
                .as_ref()
                .map(|r| u64::try_from(r.len()).unwrap_or(u64::MAX).saturating_add(1))
        });
        let virtual_clock = max_batches.is_some();
        let created = if virtual_clock {
            opts.start_ms.unwrap_or(VIRTUAL_START_MS)
        } else {
            now_ms()
        };
        RateClock {
            max_batches,
            virtual_clock,
            created,
        }
    }

    /// The query failed or ran its last batch.
    fn limit_reached(&self, exec: &QueryExec) -> bool {
        exec.failed().is_some() || self.max_batches.is_some_and(|m| exec.next_batch() >= m)
    }
}

/// A stream-stream join of two `rate` sources, created together: each
/// trigger, both sources' offsets (whole seconds since creation) move to the
/// trigger's time, on the virtual clock (with `--batches` or a replay, as
/// [`run_rate`]) or the real one.
fn run_rate_join(
    exec: &mut QueryExec,
    (left, right): (Rate, Rate),
    opts: &StructuredOptions,
    stop: &AtomicBool,
    emit: &mut dyn FnMut(EngineEvent),
) {
    let rate_clock = RateClock::of(opts);
    let RateClock {
        virtual_clock,
        created,
        ..
    } = rate_clock;
    let limit_reached = |exec: &QueryExec| rate_clock.limit_reached(exec);
    let trigger_ms = exec.spec.trigger_ms;
    let mut clock = created;
    let mut offset = 0;
    emit(EngineEvent::Trigger(Box::new(exec.trigger_join(
        Vec::new(),
        Vec::new(),
        clock,
    ))));
    while !stop.load(Ordering::Relaxed) && !limit_reached(exec) {
        if exec.needs_no_data_batch() && trigger_ms == 0 {
            emit(EngineEvent::Trigger(Box::new(exec.trigger_join(
                Vec::new(),
                Vec::new(),
                clock,
            ))));
            continue;
        }
        if virtual_clock {
            clock += if trigger_ms > 0 { trigger_ms } else { 1000 };
        } else {
            let elapsed = now_ms() - created;
            let step = if trigger_ms > 0 { trigger_ms } else { 20 };
            let next = (elapsed / step + 1) * step;
            sleep_unless_stopped(Duration::from_millis((next - elapsed) as u64), stop);
            clock = now_ms();
        }
        let end = Rate::offset_at(created, clock);
        if end > offset {
            let (l, r) = (
                left.batch(created, offset, end),
                right.batch(created, offset, end),
            );
            offset = end;
            emit(EngineEvent::Trigger(Box::new(
                exec.trigger_join(l, r, clock),
            )));
        } else if exec.needs_no_data_batch() {
            emit(EngineEvent::Trigger(Box::new(exec.trigger_join(
                Vec::new(),
                Vec::new(),
                clock,
            ))));
        }
    }
}

/// Run a query that reads a `rate` source. With a batch limit (`--batches`)
/// or a replay (a lesson's check) it runs on the virtual clock from
/// `start_ms` (the source is created then, and time advances by the trigger
/// interval, 1 s for the default trigger, per trigger), so its rows are the
/// same on every run; otherwise on the real clock. A replay without a batch
/// limit runs one trigger per batch of the replay after batch 0 (the source
/// reads none of its lines), so it ends.
/// Either way a micro-batch runs when the source's offset (whole seconds since
/// it was created) moved, and batch 0 runs at start with what the source has
/// then (nothing, at offset 0).
fn run_rate(
    exec: &mut QueryExec,
    rate: Rate,
    opts: &StructuredOptions,
    stop: &AtomicBool,
    emit: &mut dyn FnMut(EngineEvent),
) {
    let rate_clock = RateClock::of(opts);
    let RateClock {
        virtual_clock,
        created,
        ..
    } = rate_clock;
    let limit_reached = |exec: &QueryExec| rate_clock.limit_reached(exec);
    let trigger_ms = exec.spec.trigger_ms;
    let mut clock = created;
    let mut offset = 0;
    emit(EngineEvent::Trigger(Box::new(
        exec.trigger_partitions(Vec::new(), clock),
    )));
    while !stop.load(Ordering::Relaxed) && !limit_reached(exec) {
        if exec.needs_no_data_batch() && trigger_ms == 0 {
            emit(EngineEvent::Trigger(Box::new(
                exec.trigger_partitions(Vec::new(), clock),
            )));
            continue;
        }
        if virtual_clock {
            clock += if trigger_ms > 0 { trigger_ms } else { 1000 };
        } else {
            let elapsed = now_ms() - created;
            let step = if trigger_ms > 0 { trigger_ms } else { 20 };
            let next = (elapsed / step + 1) * step;
            sleep_unless_stopped(Duration::from_millis((next - elapsed) as u64), stop);
            clock = now_ms();
        }
        let end = Rate::offset_at(created, clock);
        if end > offset {
            let parts = rate.batch(created, offset, end);
            offset = end;
            emit(EngineEvent::Trigger(Box::new(
                exec.trigger_partitions(parts, clock),
            )));
        } else if exec.needs_no_data_batch() {
            emit(EngineEvent::Trigger(Box::new(
                exec.trigger_partitions(Vec::new(), clock),
            )));
        }
    }
}

fn sleep_unless_stopped(d: Duration, stop: &AtomicBool) {
    let end = Instant::now() + d;
    while Instant::now() < end && !stop.load(Ordering::Relaxed) {
        std::thread::sleep((end - Instant::now()).min(Duration::from_millis(20)));
    }
}

/// Lines held between triggers before the reader waits (TCP holds the rest).
const BUFFER_CAP: usize = 1_000_000;

#[derive(Default)]
struct Buffer {
    lines: VecDeque<(String, i64)>,
    /// Text bytes of `lines`, bounded like the DStream receiver's buffer.
    bytes: usize,
    status: Vec<String>,
}

/// What a source delivered for one trigger.
enum Input {
    /// Lines, each with the time it arrived (socket, text files).
    Lines(Vec<(String, i64)>),
    /// Rows in the source's schema, partition by partition (csv, json files).
    Parts(Vec<Vec<super::cell::Row>>),
}

impl Input {
    fn is_empty(&self) -> bool {
        match self {
            Input::Lines(l) => l.is_empty(),
            Input::Parts(p) => p.iter().all(Vec::is_empty),
        }
    }

    fn fire(self, exec: &mut QueryExec, now: i64) -> super::report::TriggerReport {
        match self {
            Input::Lines(l) => exec.trigger(l, now),
            Input::Parts(p) => exec.trigger_partitions(p, now),
        }
    }
}

/// The files of a file source a trigger takes: those not seen before,
/// oldest first, at most `maxFilesPerTrigger`.
fn new_files(
    src: &FileSource,
    seen: &mut HashSet<PathBuf>,
    status: &mut Vec<String>,
) -> Vec<(PathBuf, u64)> {
    let files = match list_files(&src.path) {
        Ok(f) => f,
        Err(e) => {
            status.push(format!("cannot list {}: {e}", src.path));
            return Vec::new();
        }
    };
    let mut out: Vec<(PathBuf, u64)> = files
        .into_iter()
        .filter(|(p, _)| !seen.contains(p))
        .collect();
    if let Some(max) = src.max_files_per_trigger {
        out.truncate(max);
    }
    seen.extend(out.iter().map(|(p, _)| p.clone()));
    out
}

/// A file source on the virtual clock: batch 0 takes the files there at
/// start, then one trigger per batch of the replay (or per step while
/// files wait, with `maxFilesPerTrigger`), each taking the new files.
fn run_files_replay(
    exec: &mut QueryExec,
    src: &FileSource,
    replay_batches: usize,
    opts: &StructuredOptions,
    stop: &AtomicBool,
    emit: &mut dyn FnMut(EngineEvent),
) {
    let limit_reached = |exec: &QueryExec| finished(exec, opts);
    let step = if exec.spec.trigger_ms > 0 {
        exec.spec.trigger_ms
    } else {
        1000
    };
    let mut clock = opts.start_ms.unwrap_or(VIRTUAL_START_MS);
    let (mut seen, mut status) = (HashSet::new(), Vec::new());
    let mut turns = replay_batches;
    let mut first = true;
    while !stop.load(Ordering::Relaxed) && !limit_reached(exec) {
        let files = new_files(src, &mut seen, &mut status);
        for m in status.drain(..) {
            emit(EngineEvent::Notice(m));
        }
        if first || !files.is_empty() {
            let parts = read_batch(&files, src, &mut status);
            emit(EngineEvent::Trigger(Box::new(
                exec.trigger_partitions(parts, clock),
            )));
            if exec.needs_no_data_batch() && !limit_reached(exec) {
                emit(EngineEvent::Trigger(Box::new(
                    exec.trigger_partitions(Vec::new(), clock),
                )));
            }
        } else if turns == 0 {
            break;
        } else {
            turns -= 1;
        }
        first = false;
        clock += step;
    }
}

/// A live source: a socket read by a thread, or a directory listed each trigger.
enum LiveSource {
    Socket(Arc<Mutex<Buffer>>),
    Dir {
        dir: PathBuf,
        seen: HashSet<PathBuf>,
        status: Vec<String>,
    },
    Files {
        src: Arc<FileSource>,
        seen: HashSet<PathBuf>,
        status: Vec<String>,
    },
}

impl LiveSource {
    fn open(src: &Source, opts: &StructuredOptions) -> Result<LiveSource, QueryError> {
        match src {
            Source::Socket { host, port, .. } => {
                let port = match opts.redirect_port {
                    Some((from, to)) if from == *port => to,
                    _ => *port,
                };
                // Spark's socket source does not retry: a refused connection ends the query.
                let stream =
                    std::net::TcpStream::connect((host.as_str(), port)).map_err(|error| {
                        QueryError::Connect {
                            host: host.clone(),
                            port,
                            error,
                        }
                    })?;
                let buf = Arc::new(Mutex::new(Buffer::default()));
                let shared = buf.clone();
                let (h, p) = (host.clone(), port);
                std::thread::spawn(move || {
                    let mut reader = std::io::BufReader::new(stream);
                    let (mut buf, mut skip_lf, mut line_no) = (Vec::new(), false, 0u64);
                    let max = crate::sources::socket::DEFAULT_MAX_LINE;
                    loop {
                        buf.clear();
                        // Lines end as Java's readLine ends them (Spark's socket source).
                        let cut = match crate::sources::socket::read_line_blocking(
                            &mut reader,
                            &mut buf,
                            max,
                            &mut skip_lf,
                        ) {
                            Ok(Some(cut)) => cut,
                            Ok(None) => break,
                            Err(_) => {
                                shared
                                    .lock()
                                    .status
                                    .push(format!("error reading from {h}:{p}; no more data"));
                                return;
                            }
                        };
                        line_no += 1;
                        if cut {
                            shared.lock().status.push(format!(
                                "line {line_no} from {h}:{p} is longer than {max} bytes; it was cut to that length"
                            ));
                        }
                        let text = String::from_utf8_lossy(&buf).into_owned();
                        while {
                            let b = shared.lock();
                            b.lines.len() >= BUFFER_CAP
                                || b.bytes >= crate::sources::socket::DEFAULT_BUFFER_BYTES
                        } {
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        let mut b = shared.lock();
                        b.bytes += text.len();
                        b.lines.push_back((text, now_ms()));
                    }
                    shared.lock().status.push(format!(
                        "{h}:{p} closed the connection; no more data will arrive"
                    ));
                });
                Ok(LiveSource::Socket(buf))
            }
            Source::Text { dir } => Ok(LiveSource::Dir {
                dir: PathBuf::from(dir),
                seen: HashSet::new(),
                status: Vec::new(),
            }),
            Source::Static(_) => Err(QueryError::NotStreaming),
            Source::Files(src) => Ok(LiveSource::Files {
                src: src.clone(),
                seen: HashSet::new(),
                status: Vec::new(),
            }),
            // A rate source runs in run_rate; here it would deliver nothing.
            Source::Rate(_) => Ok(LiveSource::Socket(Arc::default())),
        }
    }

    /// Everything that arrived since the last call.
    fn take(&mut self) -> Input {
        if let LiveSource::Files { src, seen, status } = self {
            let files = new_files(src, seen, status);
            return Input::Parts(read_batch(&files, src, status));
        }
        Input::Lines(self.take_lines())
    }

    fn take_lines(&mut self) -> Vec<(String, i64)> {
        match self {
            LiveSource::Files { .. } => Vec::new(),
            LiveSource::Socket(b) => {
                let mut b = b.lock();
                b.bytes = 0;
                b.lines.drain(..).collect()
            }
            LiveSource::Dir { dir, seen, status } => {
                let entries = match std::fs::read_dir(&*dir) {
                    Ok(e) => e,
                    Err(e) => {
                        status.push(format!("cannot list {}: {e}", dir.display()));
                        return Vec::new();
                    }
                };
                let mut files: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.is_file()
                            && !p.file_name().is_some_and(|n| {
                                let n = n.to_string_lossy();
                                n.starts_with('.') || n.starts_with('_')
                            })
                            && !seen.contains(p)
                    })
                    .collect();
                files.sort();
                let t = now_ms();
                let mut out = Vec::new();
                for f in files {
                    if let Ok(bytes) = std::fs::read(&f) {
                        let text = String::from_utf8_lossy(&bytes);
                        out.extend(
                            crate::sources::replay::split_lines(&text)
                                .into_iter()
                                .map(|v| (v.to_str(), t)),
                        );
                    }
                    seen.insert(f);
                }
                out
            }
        }
    }

    fn status(&mut self) -> Vec<String> {
        match self {
            LiveSource::Socket(b) => std::mem::take(&mut b.lock().status),
            LiveSource::Dir { status, .. } | LiveSource::Files { status, .. } => {
                std::mem::take(status)
            }
        }
    }
}
