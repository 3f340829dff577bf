//! The built-in TCP producer: what `streamlab produce` runs, and what the
//! terminal UI's producer pane drives.
//!
//! It behaves like the classic producer script of Spark Streaming courses: a
//! TCP server that waits for a client (a `socketTextStream` receiver) and
//! sends it a text file one line at a time, with a delay between lines. On
//! top of that:
//!
//! - **several clients** may connect at once; each gets its own stream of the
//!   file from the first line, paced on its own (one tokio task per client, so
//!   a slow client never holds the others back);
//! - **typed lines** ([`ProducerCommand::Inject`]) go at once to every client
//!   connected at that moment, as with `nc -lk`, even while paused;
//! - **live control**: pause and resume the file stream, change the delay or
//!   the rate, stop;
//! - **events** ([`ProducerEvent`]) report everything that happens, failures
//!   included, for a printer or a UI to show.
//!
//! At the end of the file a client's stream either starts over (`looping`) or
//! stays connected and idle (typed lines still reach it) until the client
//! leaves. Lines are written with `\n` endings.
//!
//! Events travel on a bounded channel of [`EVENT_CAP`] events. **When it is
//! full, the producer waits**: the task that has something to report (a
//! client's task, or the server task) pauses until the consumer catches up,
//! so no event is ever lost and a consumer that falls behind slows the stream
//! down instead of showing a false picture. A consumer that drops its
//! receiver does not stop the producer: events are then discarded.
//!
//! ```no_run
//! # async fn demo() {
//! use streamlab::producer::{Pace, Producer, ProducerConfig, ProducerEvent, Dataset};
//! let config = ProducerConfig::new(Dataset::Big1.lines(), "big1.txt");
//! let (producer, mut events) = Producer::start(config);
//! while let Some(ev) = events.recv().await {
//!     if let ProducerEvent::Listening { addr } = ev {
//!         println!("listening on {addr}");
//!         producer.pause().ok();
//!     }
//! }
//! # }
//! ```

pub mod cli;
mod client;
pub mod datasets;
pub mod scripted;
mod server;
pub mod source;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

pub use datasets::Dataset;

/// Capacity of the event channel; see the module docs for the policy when full.
pub const EVENT_CAP: usize = 1024;
/// Capacity of the command channel. Commands come from people (keys, typed
/// lines), so it never fills in practice; when it does, [`Producer`]'s
/// methods say so and `blocking_send` on [`Producer::sender`] waits.
pub const COMMAND_CAP: usize = 256;
/// Typed lines waiting to be written to one client. A client this far behind
/// loses the oldest ones, reported by [`ProducerEvent::TypedLinesLost`].
pub const TYPED_CAP: usize = 1024;

/// What every client task follows; changed only by the server task.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Control {
    paused: bool,
    pace: Pace,
    stop: bool,
}

/// How fast the file is sent: a delay between lines, or lines per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// Wait this long after each line (the classic script's `time.sleep`).
    Delay(Duration),
    /// Send this many lines per second (a positive, finite number).
    Rate(f64),
}

impl Pace {
    /// The time between two lines.
    pub fn interval(self) -> Duration {
        match self {
            Pace::Delay(d) => d,
            Pace::Rate(r) if r.is_finite() && r > 0.0 => Duration::from_secs_f64(1.0 / r),
            Pace::Rate(_) => Duration::ZERO,
        }
    }
}

impl std::fmt::Display for Pace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pace::Delay(d) => write!(
                f,
                "a delay of {}",
                crate::formats::duration::format_duration(*d)
            ),
            Pace::Rate(r) => write!(f, "{r} lines per second"),
        }
    }
}

/// What to serve, where, and how fast.
#[derive(Debug, Clone)]
pub struct ProducerConfig {
    /// Host to bind: 127.0.0.1 unless the user asks for another.
    pub host: String,
    /// Port to bind; 0 picks a free one (read it from [`ProducerEvent::Listening`]).
    pub port: u16,
    pub pace: Pace,
    /// Start over at the end of the file instead of idling.
    pub looping: bool,
    /// Begin paused: clients connect, but no file line is sent until resumed.
    pub start_paused: bool,
    /// The lines to send, without line endings.
    pub lines: Arc<[String]>,
    /// Where the lines came from, for messages (`big1.txt`, a path).
    pub source_name: String,
}

impl ProducerConfig {
    /// The defaults of `streamlab produce`: 127.0.0.1:9999, one line per second.
    pub fn new(lines: Arc<[String]>, source_name: impl Into<String>) -> ProducerConfig {
        ProducerConfig {
            host: "127.0.0.1".into(),
            port: 9999,
            pace: Pace::Delay(Duration::from_secs(1)),
            looping: false,
            start_paused: false,
            lines,
            source_name: source_name.into(),
        }
    }
}

/// What a [`Producer`] can be told while it runs.
#[derive(Debug, Clone, PartialEq)]
pub enum ProducerCommand {
    /// Hold every client's file stream after the line being sent.
    Pause,
    /// Continue every client's file stream where it stopped.
    Resume,
    /// Switch to a delay between lines; applies at once, even mid-wait.
    SetDelay(Duration),
    /// Switch to lines per second; applies at once, even mid-wait.
    SetRate(f64),
    /// Send this line now to every connected client (text with newlines
    /// inside is sent as several lines; a final newline is ignored).
    Inject(String),
    /// Close every connection and the listener; the event channel then ends.
    Stop,
}

/// A connected client, numbered from 1 in order of arrival.
pub type ClientId = u64;

/// Where a sent line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineOrigin {
    /// Line `line` (from 1) of the source, on pass `pass` (from 1; more with looping).
    Source { line: usize, pass: u64 },
    /// A line typed by the user (an [`ProducerCommand::Inject`]).
    Typed,
}

/// Everything a producer reports. Failures are variants too.
#[derive(Debug, Clone, PartialEq)]
pub enum ProducerEvent {
    /// The listener is bound; `addr` has the real port (useful with port 0).
    Listening {
        addr: SocketAddr,
    },
    /// The port is taken by another program.
    PortInUse {
        host: String,
        port: u16,
    },
    /// Binding failed for another reason (an unknown host, no permission...).
    BindFailed {
        host: String,
        port: u16,
        message: String,
    },
    /// Accepting a connection failed (the producer keeps listening).
    AcceptFailed {
        message: String,
    },
    ClientConnected {
        client: ClientId,
        addr: SocketAddr,
    },
    /// A client left (or its connection broke: `error`). The producer keeps
    /// listening; `remaining` clients are still connected.
    ClientDisconnected {
        client: ClientId,
        addr: SocketAddr,
        error: Option<String>,
        remaining: usize,
    },
    /// One line was written to one client. `seq` numbers the lines this
    /// client received, from 1, typed lines included.
    LineSent {
        client: ClientId,
        seq: u64,
        origin: LineOrigin,
        line: Arc<str>,
    },
    /// A client reached the end of the source. With looping its stream starts
    /// over; without, it stays connected and idle.
    EndOfStream {
        client: ClientId,
        looping: bool,
    },
    /// A typed line was handed to `clients` connected clients (0: nobody heard it).
    Injected {
        line: Arc<str>,
        clients: usize,
    },
    /// A client fell so far behind that `count` typed lines were dropped for it.
    TypedLinesLost {
        client: ClientId,
        count: u64,
    },
    /// The file streams are held (a [`ProducerCommand::Pause`] arrived).
    Paused,
    /// A client's file stream stopped for the pause after line `seq`.
    ClientHeld {
        client: ClientId,
        seq: u64,
    },
    Resumed,
    PaceChanged(Pace),
    /// A command was refused (a rate that is not a positive number).
    InvalidCommand {
        message: String,
    },
    /// The producer stopped; no more events follow.
    Stopped,
}

/// Why a command could not be handed to the producer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("the producer has stopped")]
    Stopped,
    #[error("the producer is busy; try again")]
    Full,
}

/// A running producer. Dropping the handle stops it (as [`Producer::stop`]).
pub struct Producer {
    commands: mpsc::Sender<ProducerCommand>,
    task: tokio::task::JoinHandle<()>,
}

impl Producer {
    /// Start serving on the current tokio runtime. Binding happens in the
    /// background: watch for [`ProducerEvent::Listening`] or a failure.
    pub fn start(config: ProducerConfig) -> (Producer, mpsc::Receiver<ProducerEvent>) {
        let (cmd_tx, cmd_rx) = mpsc::channel(COMMAND_CAP);
        let (ev_tx, ev_rx) = mpsc::channel(EVENT_CAP);
        let task = tokio::spawn(server::serve(config, cmd_rx, ev_tx));
        (
            Producer {
                commands: cmd_tx,
                task,
            },
            ev_rx,
        )
    }

    /// Hand a command over without waiting.
    pub fn command(&self, cmd: ProducerCommand) -> Result<(), CommandError> {
        self.commands.try_send(cmd).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => CommandError::Full,
            mpsc::error::TrySendError::Closed(_) => CommandError::Stopped,
        })
    }

    /// A sender for commands, for tasks and threads that may wait
    /// (`send().await`, `blocking_send`).
    pub fn sender(&self) -> mpsc::Sender<ProducerCommand> {
        self.commands.clone()
    }

    pub fn pause(&self) -> Result<(), CommandError> {
        self.command(ProducerCommand::Pause)
    }
    pub fn resume(&self) -> Result<(), CommandError> {
        self.command(ProducerCommand::Resume)
    }
    pub fn set_delay(&self, delay: Duration) -> Result<(), CommandError> {
        self.command(ProducerCommand::SetDelay(delay))
    }
    pub fn set_rate(&self, lines_per_second: f64) -> Result<(), CommandError> {
        self.command(ProducerCommand::SetRate(lines_per_second))
    }
    pub fn inject(&self, line: impl Into<String>) -> Result<(), CommandError> {
        self.command(ProducerCommand::Inject(line.into()))
    }
    /// Ask the producer to stop; [`ProducerEvent::Stopped`] confirms it.
    pub fn stop(&self) -> Result<(), CommandError> {
        self.command(ProducerCommand::Stop)
    }

    /// Stop and wait until every connection is closed.
    pub async fn shutdown(self) {
        let _ = self.commands.send(ProducerCommand::Stop).await;
        let Producer { commands, task } = self;
        drop(commands);
        let _ = task.await;
    }
}
