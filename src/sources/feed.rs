//! A scripted feed: lines handed to socket streams by the program itself
//! instead of a TCP connection. Demos in deterministic mode use it so the same
//! script gives the same batches: the demo's virtual producer pushes lines,
//! and each batch takes everything pushed before it was cut.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

use super::Receiver;
use crate::engine::rdd::Rdd;
use crate::lang::value::Value;

/// Most lines waiting for a batch. A demo pushes a handful per batch; the cap
/// only guards against a runaway script (the oldest lines are kept, the
/// newest refused and counted).
pub const FEED_CAP: usize = 100_000;

#[derive(Debug, Default)]
pub struct Feed {
    lines: Mutex<VecDeque<String>>,
    /// The same lines for Structured Streaming queries reading the feed.
    query_lines: Mutex<VecDeque<String>>,
    /// Socket streams currently reading this feed (their "connections").
    readers: AtomicU64,
    /// Queries currently reading it.
    query_readers: AtomicU64,
    /// How many receivers were ever made (a new one is a new connection).
    opened: AtomicU64,
    refused: AtomicU64,
}

impl Feed {
    pub fn new() -> Arc<Feed> {
        Arc::new(Feed::default())
    }

    /// Queue a line for the next batch of every stream and query reading
    /// the feed; false when a queue is full.
    pub fn push(&self, line: impl Into<String>) -> bool {
        let line = line.into();
        let mut ok = true;
        for (queue, readers) in [
            (&self.lines, &self.readers),
            (&self.query_lines, &self.query_readers),
        ] {
            if readers.load(Ordering::SeqCst) == 0 {
                continue;
            }
            let mut q = queue.lock();
            if q.len() >= FEED_CAP {
                self.refused.fetch_add(1, Ordering::Relaxed);
                ok = false;
            } else {
                q.push_back(line.clone());
            }
        }
        ok
    }

    /// How many socket streams and queries read the feed now.
    pub fn readers(&self) -> u64 {
        self.readers.load(Ordering::SeqCst) + self.query_readers.load(Ordering::SeqCst)
    }

    /// A query starts reading the feed.
    pub fn open_query(&self) {
        self.query_readers.fetch_add(1, Ordering::SeqCst);
        self.opened.fetch_add(1, Ordering::SeqCst);
    }

    /// A query stops reading the feed.
    pub fn close_query(&self) {
        let _ = self
            .query_readers
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if self.query_readers.load(Ordering::SeqCst) == 0 {
            self.query_lines.lock().clear();
        }
    }

    /// The lines pushed for queries since the last call.
    pub fn take_query_lines(&self) -> Vec<String> {
        self.query_lines.lock().drain(..).collect()
    }

    /// How many socket streams ever connected to the feed.
    pub fn opened(&self) -> u64 {
        self.opened.load(Ordering::SeqCst)
    }

    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    /// A receiver for one socket stream.
    pub fn receiver(self: &Arc<Feed>) -> FeedReceiver {
        self.readers.fetch_add(1, Ordering::SeqCst);
        self.opened.fetch_add(1, Ordering::SeqCst);
        FeedReceiver { feed: self.clone() }
    }
}

pub struct FeedReceiver {
    feed: Arc<Feed>,
}

impl Drop for FeedReceiver {
    fn drop(&mut self) {
        self.feed.readers.fetch_sub(1, Ordering::SeqCst);
        if self.feed.readers.load(Ordering::SeqCst) == 0 {
            self.feed.lines.lock().clear();
        }
    }
}

impl Receiver for FeedReceiver {
    fn allocate(&mut self, _time_ms: i64) -> Rdd {
        let lines: Vec<Value> = self
            .feed
            .lines
            .lock()
            .drain(..)
            .map(|l| Value::str(&l))
            .collect();
        if lines.is_empty() {
            return Rdd::empty();
        }
        Rdd::parallelize(lines, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_takes_what_was_pushed_before_it() {
        let feed = Feed::new();
        let mut r = feed.receiver();
        assert_eq!(feed.readers(), 1);
        feed.push("a b");
        feed.push("c");
        assert_eq!(r.allocate(1000).count(), 2);
        assert_eq!(r.allocate(2000).count(), 0);
        drop(r);
        assert_eq!(feed.readers(), 0);
        assert_eq!(feed.opened(), 1);
    }
}
