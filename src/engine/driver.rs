//! When batches run: the real clock for live sources, the virtual clock for
//! programs whose sources are all queues or replayed files (as fast as
//! possible, with the same batch times a real run would have).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::batch::Engine;
use super::checkpoint;
use super::events::EngineEvent;
use super::graph::{Graph, NodeId, Op, Source};
use super::rdd_object::time_value;
use crate::sources::feed::Feed;
use crate::sources::replay::ReplayReceiver;
use crate::sources::socket::{SocketConfig, SocketReceiver, DEFAULT_MAX_LINE};
use crate::sources::textfile::TextFileReceiver;
use crate::sources::Receiver;

/// How to run a started context.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Stop after this many batches.
    pub max_batches: Option<u64>,
    /// Feed these lines, N per batch, into every socket/file source (virtual clock).
    pub replay: Option<(crate::sources::replay::Replay, usize)>,
    /// Pretend the context started at this epoch time in ms (reproducible `Time:` lines).
    pub start_ms: Option<i64>,
    /// Write checkpoints here (overrides the program's `ssc.checkpoint(dir)`).
    pub checkpoint_dir: Option<PathBuf>,
    /// Resume from the newest valid checkpoint, if there is one.
    pub recover: bool,
    /// Write a checkpoint every this many ms of batches (default 10 s, Spark's
    /// interval for stateful streams), and when the run stops.
    pub checkpoint_interval_ms: Option<i64>,
    /// On the virtual clock, wait this long between batches (to watch a replay unfold).
    pub pace_ms: u64,
    /// Pause and step the batch clock from outside (the UI, demos).
    pub control: Option<Arc<Control>>,
    /// Run on the real clock even when every source is a queue (interactive
    /// sessions: one batch per interval, so the learner can watch).
    pub realtime: bool,
    /// Records per second per socket receiver (overrides the program's
    /// `spark.streaming.receiver.maxRate`).
    pub max_rate: Option<f64>,
    /// Longest line a socket receiver keeps, in bytes (default 1 MiB).
    pub max_line: Option<usize>,
    /// Connect sockets for `(host, port)` to another port instead (the UI's
    /// embedded producer when 9999 was taken).
    pub redirect_port: Option<(u16, u16)>,
    /// Socket streams read lines pushed into this feed instead of a TCP
    /// connection, on the virtual clock (deterministic demos).
    pub feed: Option<Arc<Feed>>,
}

/// Teaching controls of a running engine: pause the batch clock, step one batch.
#[derive(Debug, Default)]
pub struct Control {
    paused: AtomicBool,
    steps: std::sync::atomic::AtomicU64,
    /// True while the engine sits paused with no step to run: every event of
    /// the batches run so far has been sent (demos wait for this).
    waiting: AtomicBool,
}

impl Control {
    pub fn pause(&self) {
        self.paused.store(true, Ordering::Relaxed);
    }
    pub fn resume(&self) {
        self.paused.store(false, Ordering::Relaxed);
    }
    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Relaxed)
    }
    /// While paused: run exactly one more batch.
    pub fn step(&self) {
        self.steps.fetch_add(1, Ordering::SeqCst);
    }
    /// Paused, with every requested step run and its events sent.
    pub fn is_settled(&self) -> bool {
        // Steps first: a step is taken only after `waiting` is cleared.
        self.steps.load(Ordering::SeqCst) == 0 && self.waiting.load(Ordering::SeqCst)
    }
    /// A new engine starts: nothing is settled until it reaches its pause.
    pub fn unsettle(&self) {
        self.waiting.store(false, Ordering::SeqCst);
    }
    fn take_step(&self) -> bool {
        if self.steps.load(Ordering::SeqCst) == 0 {
            return false;
        }
        self.waiting.store(false, Ordering::SeqCst);
        self.steps
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// How a run that started went, beyond its batch events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Batches run by this run (not counting those a checkpoint restored).
    pub batches: u64,
    /// Checkpoints that could not be written (each was warned about); a run
    /// with any is not a success, as a failed batch is not.
    pub checkpoint_failures: u64,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The checkpoint directory cannot be used, or a checkpoint not resumed.
    #[error(transparent)]
    Checkpoint(#[from] checkpoint::CheckpointError),
    #[error("cannot resume from {}: queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled. (A queue's items live only in the program; to rehearse recovery, read a socketTextStream and run with --replay FILE.)", .0.display())]
    QueueNotCheckpointable(std::path::PathBuf),
    #[error("cannot resume from the checkpoint {}: {error}", .path.display())]
    Resume {
        path: std::path::PathBuf,
        error: checkpoint::CheckpointError,
    },
}

/// Run `graph` until `opts` or `stop` says to end, sending every event to `emit`.
/// An error means the run could not start (a checkpoint directory that cannot
/// be used, a checkpoint that cannot be resumed).
pub fn run(
    graph: Arc<Graph>,
    opts: &RunOptions,
    stop: &AtomicBool,
    emit: &mut dyn FnMut(EngineEvent),
) -> Result<RunReport, StartError> {
    let live: Vec<(NodeId, Source)> = graph
        .live_nodes()
        .into_iter()
        .filter_map(|id| match &graph.nodes[id].op {
            Op::Source(s @ (Source::Socket { .. } | Source::TextFile { .. })) => {
                Some((id, s.clone()))
            }
            _ => None,
        })
        .collect();
    let virtual_clock =
        opts.replay.is_some() || opts.feed.is_some() || (live.is_empty() && !opts.realtime);
    let runtime = if virtual_clock {
        None
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .ok()
    };
    let _guard = runtime.as_ref().map(|rt| rt.enter());
    let mut receivers: HashMap<NodeId, Box<dyn Receiver>> = HashMap::new();
    // Sources whose past input is gone when a run restarts from batch 0.
    let unreplayable: Vec<String> = match (&opts.replay, &opts.feed) {
        (Some(_), _) => Vec::new(),
        (None, feed) => live
            .iter()
            .filter_map(|(_, s)| match s {
                Source::Socket { host, port } if feed.is_none() => {
                    Some(format!("the socket stream from {host}:{port}"))
                }
                Source::TextFile { dir } => Some(format!("the file stream of {}", dir.display())),
                _ => None,
            })
            .collect(),
    };
    for (id, src) in live {
        let r: Box<dyn Receiver> = match (&opts.replay, &opts.feed, src) {
            (Some((lines, n)), _, _) => Box::new(ReplayReceiver::open(lines, *n, graph.batch_ms)),
            (None, Some(feed), Source::Socket { .. }) => Box::new(feed.receiver()),
            (None, _, Source::Socket { host, port }) if runtime.is_some() => {
                let port = match opts.redirect_port {
                    Some((from, to)) if from == port => to,
                    _ => port,
                };
                Box::new(SocketReceiver::spawn_with(
                    host,
                    port,
                    SocketConfig {
                        max_rate: opts.max_rate.or(graph.receiver_max_rate),
                        max_line: opts.max_line.unwrap_or(DEFAULT_MAX_LINE),
                        ..SocketConfig::default()
                    },
                ))
            }
            (None, _, Source::TextFile { dir }) => Box::new(TextFileReceiver::new(dir)),
            _ => continue,
        };
        receivers.insert(id, r);
    }
    let batch_ms = graph.batch_ms;
    // Spark's first batch is the next multiple of the interval after start.
    let start = opts.start_ms.unwrap_or_else(now_ms);
    let zero = start.div_euclid(batch_ms) * batch_ms;
    let checkpoint_dir = opts
        .checkpoint_dir
        .clone()
        .or_else(|| graph.checkpoint_dir.clone());
    let has_queue = graph.has_queue_source();
    let mut engine = Engine::new(graph, zero, receivers);
    let mut writer: Option<checkpoint::Writer> = None;
    if let Some(dir) = &checkpoint_dir {
        checkpoint::claim(dir)?;
    }
    let mut restored: Option<u64> = None;
    if let (true, Some(dir)) = (opts.recover, &checkpoint_dir) {
        let (found, notes) = checkpoint::load_latest(dir);
        let unusable = notes.len();
        for n in notes {
            emit(EngineEvent::Notice(n));
        }
        if found.is_none() && unusable > 0 {
            let mut say = format!(
                "no usable checkpoint in {}: the {unusable} found cannot be used (see above), \
                 so this run starts from batch 0 with empty state and windows, and replaces them",
                dir.display()
            );
            if !unreplayable.is_empty() {
                say.push_str(&format!(
                    "; the state built before from {} is lost (what it delivered is not sent again)",
                    unreplayable.join(" and ")
                ));
            }
            emit(EngineEvent::Notice(say));
        }
        if let Some((path, cp)) = found {
            if has_queue {
                return Err(StartError::QueueNotCheckpointable(path));
            }
            let done = cp.batches_done;
            writer = Some(checkpoint::Writer::resume(dir, &path, &cp)?);
            engine.restore(cp).map_err(|error| StartError::Resume {
                path: path.clone(),
                error,
            })?;
            restored = Some(done);
            emit(EngineEvent::Notice(format!(
                "resumed from {} after {done} completed batch(es); state and windows continue from there",
                path.display()
            )));
        }
    }
    if writer.is_none() {
        writer = checkpoint_dir
            .as_deref()
            .map(checkpoint::Writer::new)
            .transpose()?;
    }
    let zero = engine.zero_ms;
    emit(EngineEvent::Started {
        zero_ms: zero,
        batch_ms,
    });
    let mut failures = CheckpointFailures::default();
    let interval = opts.checkpoint_interval_ms.unwrap_or(10_000).max(1);
    let every = (interval.saturating_add(batch_ms - 1) / batch_ms.max(1)).max(1) as u64;
    // A resumed run's checkpoint already holds its last batch.
    let mut last_written: Option<u64> = restored;
    // How far the real clock has been held back by pauses.
    let mut offset_ms: i64 = 0;
    let drain_batches =
        (engine.longest_window_ms().saturating_add(batch_ms - 1) / batch_ms).max(0) as u64;
    loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        match opts.max_batches {
            Some(max) if engine.batches_run() >= max => break,
            Some(_) => {}
            None if virtual_clock && !opts.realtime && engine.inputs_exhausted() => {
                // Inputs are used up: let the longest window drain, then stop.
                // When they ran out is checkpointed: a resumed run drains only
                // what was left, and a finished one runs nothing more.
                let done_at = *engine.inputs_done_at.get_or_insert(engine.batches_run());
                if engine.batches_run() >= done_at + drain_batches {
                    if restored == Some(engine.batches_run()) {
                        emit(EngineEvent::Notice(format!(
                            "the run checkpointed in {} had finished (its input was used up and its windows drained \
                             after batch {}): nothing is left to run; use another checkpoint directory to run it again",
                            checkpoint_dir.as_deref().unwrap_or(Path::new(".")).display(),
                            engine.batches_run().saturating_sub(1)
                        )));
                    }
                    break;
                }
            }
            None => {}
        }
        // Paused (a teaching control): no batches until resumed or stepped.
        let mut stepped = false;
        if let Some(c) = &opts.control {
            let pause_started = Instant::now();
            while c.is_paused() && !stop.load(Ordering::Relaxed) {
                if c.take_step() {
                    stepped = true;
                    break;
                }
                c.waiting.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(4));
            }
            c.waiting.store(false, Ordering::SeqCst);
            // The clock stood still: later batches are due that much later.
            offset_ms += pause_started.elapsed().as_millis() as i64;
            if stop.load(Ordering::Relaxed) {
                break;
            }
        }
        let due = if virtual_clock || stepped {
            if opts.pace_ms > 0 && engine.batches_run() > 0 && !stepped {
                std::thread::sleep(Duration::from_millis(opts.pace_ms));
            }
            if stepped && !virtual_clock {
                // A step runs now; the real clock continues from here.
                offset_ms = now_ms() - engine.next_time();
            }
            Instant::now()
        } else {
            let wait = engine.next_time() + offset_ms - now_ms();
            let due = Instant::now() + Duration::from_millis(wait.max(0) as u64);
            let mut paused_midway = false;
            while Instant::now() < due && !stop.load(Ordering::Relaxed) {
                if opts.control.as_ref().is_some_and(|c| c.is_paused()) {
                    paused_midway = true;
                    break;
                }
                std::thread::sleep((due - Instant::now()).min(Duration::from_millis(20)));
            }
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if paused_midway {
                continue;
            }
            due
        };
        engine.run_batch(due, time_value, emit);
        if engine.batches_run().is_multiple_of(every) {
            write_checkpoint(&mut writer, &engine, batch_ms, &mut failures, emit);
            last_written = Some(engine.batches_run());
        }
    }
    // A run that stops (its batches, Ctrl-C, the end of a replay) leaves a
    // checkpoint of its last batch, so a resume recomputes nothing.
    if engine.batches_run() > 0 && last_written != Some(engine.batches_run()) {
        write_checkpoint(&mut writer, &engine, batch_ms, &mut failures, emit);
    }
    if failures.count > 0 {
        let resume_from = match &failures.last_good {
            Some(p) => format!("a restart resumes from {}", p.display()),
            None if restored.is_some() => {
                "a restart resumes from the checkpoint this run resumed from".into()
            }
            None => "no checkpoint of this run was written; a restart starts from batch 0".into(),
        };
        emit(EngineEvent::Notice(format!(
            "{} checkpoint(s) could not be written (the first error is above); {resume_from}",
            failures.count
        )));
    }
    emit(EngineEvent::Stopped);
    Ok(RunReport {
        batches: engine.batches_run() - restored.unwrap_or(0),
        checkpoint_failures: failures.count,
    })
}

/// Checkpoint writes that failed, and the last one that did not.
#[derive(Default)]
struct CheckpointFailures {
    count: u64,
    last_good: Option<PathBuf>,
}

fn write_checkpoint(
    writer: &mut Option<checkpoint::Writer>,
    engine: &Engine,
    batch_ms: i64,
    failures: &mut CheckpointFailures,
    emit: &mut dyn FnMut(EngineEvent),
) {
    let Some(w) = writer.as_mut() else { return };
    let time = engine.next_time() - batch_ms;
    match engine.snapshot().and_then(|cp| w.write(time, &cp)) {
        Ok(path) => failures.last_good = Some(path),
        Err(e) => {
            // The first failure is told at once; the count comes at the end.
            if failures.count == 0 {
                emit(EngineEvent::Notice(format!(
                    "checkpoint not written: {e}; the run goes on, but a restart could not resume from this batch"
                )));
            }
            failures.count += 1;
        }
    }
}
