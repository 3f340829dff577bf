//! When batches run: the real clock for live sources, the virtual clock for
//! programs whose sources are all queues or replayed files (as fast as
//! possible, with the same batch times a real run would have).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::batch::Engine;
use super::checkpoint;
use super::events::EngineEvent;
use super::graph::{Graph, NodeId, Op, Source};
use super::rdd_object::time_value;
use crate::lang::value::Value;
use crate::sources::replay::ReplayReceiver;
use crate::sources::socket::SocketReceiver;
use crate::sources::textfile::TextFileReceiver;
use crate::sources::Receiver;

/// How to run a started context.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Stop after this many batches.
    pub max_batches: Option<u64>,
    /// Feed these lines, N per batch, into every socket/file source (virtual clock).
    pub replay: Option<(Arc<Vec<Value>>, usize)>,
    /// Pretend the context started at this epoch time in ms (reproducible `Time:` lines).
    pub start_ms: Option<i64>,
    /// Write checkpoints here (overrides the program's `ssc.checkpoint(dir)`).
    pub checkpoint_dir: Option<PathBuf>,
    /// Resume from the newest valid checkpoint, if there is one.
    pub recover: bool,
    /// On the virtual clock, wait this long between batches (to watch a replay unfold).
    pub pace_ms: u64,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Run `graph` until `opts` or `stop` says to end, sending every event to `emit`.
/// An error means the run could not start (a checkpoint that cannot be resumed).
pub fn run(
    graph: Arc<Graph>,
    opts: &RunOptions,
    stop: &AtomicBool,
    emit: &mut dyn FnMut(EngineEvent),
) -> Result<(), String> {
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
    let virtual_clock = opts.replay.is_some() || live.is_empty();
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
    for (id, src) in live {
        let r: Box<dyn Receiver> = match (&opts.replay, src) {
            (Some((lines, n)), _) => {
                Box::new(ReplayReceiver::new(lines.clone(), *n, graph.batch_ms))
            }
            (None, Source::Socket { host, port }) if runtime.is_some() => {
                Box::new(SocketReceiver::spawn(host, port))
            }
            (None, Source::TextFile { dir }) => Box::new(TextFileReceiver::new(dir)),
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
    if let (true, Some(dir)) = (opts.recover, &checkpoint_dir) {
        let (found, notes) = checkpoint::load_latest(dir);
        for n in notes {
            emit(EngineEvent::Notice(n));
        }
        if let Some((path, cp)) = found {
            if has_queue {
                return Err(format!(
                    "cannot resume from {}: queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled. \
                     (A queue's items live only in the program; to rehearse recovery, read a socketTextStream and run with --replay FILE.)",
                    path.display()
                ));
            }
            let done = cp.batches_done;
            engine.restore(cp).map_err(|e| {
                format!("cannot resume from the checkpoint {}: {e}", path.display())
            })?;
            emit(EngineEvent::Notice(format!(
                "resumed from {} after {done} completed batch(es); state and windows continue from there",
                path.display()
            )));
        }
    }
    let zero = engine.zero_ms;
    emit(EngineEvent::Started {
        zero_ms: zero,
        batch_ms,
    });
    let mut checkpoint_failed = false;
    let drain_batches = (engine.longest_window_ms() + batch_ms - 1) / batch_ms;
    let mut drain_left: Option<i64> = None;
    loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        match opts.max_batches {
            Some(max) if engine.batches_run() >= max => break,
            Some(_) => {}
            None if virtual_clock && engine.inputs_exhausted() => {
                // Inputs are used up: let the longest window drain, then stop.
                let left = drain_left.get_or_insert(drain_batches);
                if *left <= 0 {
                    break;
                }
                *left -= 1;
            }
            None => {}
        }
        let due = if virtual_clock {
            if opts.pace_ms > 0 && engine.batches_run() > 0 {
                std::thread::sleep(Duration::from_millis(opts.pace_ms));
            }
            Instant::now()
        } else {
            let wait = engine.next_time() - now_ms();
            let due = Instant::now() + Duration::from_millis(wait.max(0) as u64);
            while Instant::now() < due && !stop.load(Ordering::Relaxed) {
                std::thread::sleep((due - Instant::now()).min(Duration::from_millis(50)));
            }
            if stop.load(Ordering::Relaxed) {
                break;
            }
            due
        };
        engine.run_batch(due, time_value, emit);
        if let Some(dir) = &checkpoint_dir {
            let time = engine.next_time() - batch_ms;
            if let Err(e) = engine
                .snapshot()
                .and_then(|cp| checkpoint::write(dir, time, &cp))
            {
                if !checkpoint_failed {
                    emit(EngineEvent::Notice(format!("checkpoint not written: {e}")));
                    checkpoint_failed = true;
                }
            }
        }
    }
    emit(EngineEvent::Stopped);
    Ok(())
}
