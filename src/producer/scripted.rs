//! A producer on a virtual clock, for deterministic demos.
//!
//! It behaves like the TCP [`Producer`](super::Producer) as the UI sees it
//! (the same [`ProducerEvent`]s: listening, a client connecting when a socket
//! stream starts, one line per pace, typed lines, the end of the source and
//! starting over) but it sends nothing over the network: lines go into a
//! [`Feed`] that the engine's socket streams read, and time only moves when
//! the demo says so. The same script therefore gives the same lines in the
//! same batches on every run.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use super::{ClientId, CommandError, LineOrigin, Pace, ProducerEvent};
use crate::sources::feed::Feed;

/// The address a scripted client "connects" from (a fixed one, so frames repeat).
const CLIENT_PORT: u16 = 50_000;

struct Client {
    id: ClientId,
    seq: u64,
    /// Next source line (from 0) and pass (from 1).
    next: usize,
    pass: u64,
    /// When the next source line is due (virtual ms).
    due_ms: i64,
}

pub struct ScriptedProducer {
    lines: Arc<[String]>,
    port: u16,
    pace: Pace,
    paused: bool,
    feed: Arc<Feed>,
    /// Feed connections seen so far (a new one is a new client).
    opened: u64,
    client: Option<Client>,
    next_id: ClientId,
    /// The latest time the demo told us (virtual ms).
    now_ms: i64,
    events: Vec<ProducerEvent>,
}

impl ScriptedProducer {
    pub fn new(lines: Arc<[String]>, port: u16, pace: Pace, feed: Arc<Feed>) -> ScriptedProducer {
        ScriptedProducer {
            lines,
            port,
            pace,
            paused: false,
            opened: feed.opened(),
            feed,
            client: None,
            next_id: 1,
            now_ms: 0,
            events: vec![ProducerEvent::Listening {
                addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            }],
        }
    }

    fn interval_ms(&self) -> i64 {
        (self.pace.interval().as_millis() as i64).max(1)
    }

    /// Follow the engine's socket streams: one that opened the feed is a
    /// client connecting; none left reading it is the client leaving.
    pub fn sync(&mut self, now_ms: i64) {
        self.now_ms = self.now_ms.max(now_ms);
        let opened = self.feed.opened();
        let readers = self.feed.readers();
        let gone = readers == 0 || opened != self.opened;
        if let Some(c) = self.client.take_if(|_| gone) {
            self.events.push(ProducerEvent::ClientDisconnected {
                client: c.id,
                addr: self.client_addr(),
                error: None,
                remaining: 0,
            });
        }
        if readers > 0 && self.client.is_none() {
            let id = self.next_id;
            self.next_id += 1;
            self.events.push(ProducerEvent::ClientConnected {
                client: id,
                addr: self.client_addr(),
            });
            self.client = Some(Client {
                id,
                seq: 0,
                next: 0,
                pass: 1,
                due_ms: now_ms + self.interval_ms(),
            });
        }
        self.opened = opened;
    }

    fn client_addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, CLIENT_PORT))
    }

    /// When the next source line is due, if one is.
    pub fn next_due(&self) -> Option<i64> {
        match &self.client {
            Some(c) if !self.paused && !self.lines.is_empty() => Some(c.due_ms),
            _ => None,
        }
    }

    /// Send the source line due at `now_ms` (call when [`next_due`](Self::next_due) says so).
    pub fn send_due(&mut self, now_ms: i64) {
        let interval = self.interval_ms();
        let Some(c) = self.client.as_mut() else {
            return;
        };
        if self.paused || c.due_ms > now_ms || self.lines.is_empty() {
            return;
        }
        self.now_ms = self.now_ms.max(now_ms);
        let line = self.lines[c.next].clone();
        c.seq += 1;
        self.feed.push(line.clone());
        self.events.push(ProducerEvent::LineSent {
            client: c.id,
            seq: c.seq,
            origin: LineOrigin::Source {
                line: c.next + 1,
                pass: c.pass,
            },
            line: line.into(),
        });
        c.next += 1;
        if c.next == self.lines.len() {
            c.next = 0;
            c.pass += 1;
            self.events.push(ProducerEvent::EndOfStream {
                client: c.id,
                looping: true,
            });
        }
        c.due_ms += interval;
    }

    /// The events since the last call, in order.
    pub fn take_events(&mut self) -> Vec<ProducerEvent> {
        std::mem::take(&mut self.events)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn inject(&mut self, line: impl Into<String>) -> Result<(), CommandError> {
        let line: String = line.into();
        let clients = usize::from(self.client.is_some());
        if let Some(c) = self.client.as_mut() {
            c.seq += 1;
            self.feed.push(line.clone());
            self.events.push(ProducerEvent::LineSent {
                client: c.id,
                seq: c.seq,
                origin: LineOrigin::Typed,
                line: line.as_str().into(),
            });
        }
        self.events.push(ProducerEvent::Injected {
            line: line.into(),
            clients,
        });
        Ok(())
    }

    pub fn pause(&mut self) -> Result<(), CommandError> {
        self.paused = true;
        self.events.push(ProducerEvent::Paused);
        Ok(())
    }

    /// Resume: the next line comes one interval after the latest time seen.
    pub fn resume(&mut self) -> Result<(), CommandError> {
        let now_ms = self.now_ms;
        self.paused = false;
        let interval = self.interval_ms();
        if let Some(c) = self.client.as_mut() {
            c.due_ms = c.due_ms.max(now_ms + interval);
        }
        self.events.push(ProducerEvent::Resumed);
        Ok(())
    }

    pub fn set_pace(&mut self, pace: Pace) -> Result<(), CommandError> {
        self.pace = pace;
        self.events.push(ProducerEvent::PaceChanged(pace));
        Ok(())
    }

    pub fn pace(&self) -> Duration {
        self.pace.interval()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_the_pace_once_a_stream_reads_the_feed() {
        let feed = Feed::new();
        let lines: Arc<[String]> = vec!["a".to_string(), "b".to_string()].into();
        let mut p = ScriptedProducer::new(
            lines,
            9999,
            Pace::Delay(Duration::from_millis(500)),
            feed.clone(),
        );
        p.sync(0);
        assert_eq!(p.next_due(), None, "no client yet");
        let _reader = feed.receiver();
        p.sync(1000);
        assert_eq!(p.next_due(), Some(1500));
        p.send_due(1500);
        p.send_due(2000);
        p.inject("typed").unwrap();
        let evs = p.take_events();
        let sent: Vec<String> = evs
            .iter()
            .filter_map(|e| match e {
                ProducerEvent::LineSent { line, .. } => Some(line.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(sent, ["a", "b", "typed"]);
        assert!(evs
            .iter()
            .any(|e| matches!(e, ProducerEvent::EndOfStream { looping: true, .. })));
        assert_eq!(p.next_due(), Some(2500), "starts over");
    }
}
