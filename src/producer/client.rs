//! One task per client: its own pass over the source, paced on its own, so a
//! slow reader only slows itself.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt, BufWriter};
use tokio::net::TcpStream;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::Instant;

use super::Control;
use super::{ClientId, LineOrigin, Pace, ProducerEvent};

/// How far a stream may fall behind its schedule before it stops trying to
/// catch up (after a slow write or a stall, it goes on at the set pace rather
/// than sending a burst).
const CATCH_UP: Duration = Duration::from_millis(50);

pub(super) struct ClientCtx {
    pub id: ClientId,
    pub addr: SocketAddr,
    pub lines: Arc<[String]>,
    pub looping: bool,
    pub control: watch::Receiver<Control>,
    pub typed: broadcast::Receiver<Arc<str>>,
    pub events: mpsc::Sender<ProducerEvent>,
    pub connected: Arc<AtomicUsize>,
}

enum Exit {
    /// The client closed the connection.
    Left,
    /// The producer is stopping.
    Stopped,
}

pub(super) async fn run(stream: TcpStream, mut ctx: ClientCtx) {
    let _ = stream.set_nodelay(true);
    let (mut reader, writer) = stream.into_split();
    let mut writer = BufWriter::new(writer);
    let result = serve(&mut reader, &mut writer, &mut ctx).await;
    let remaining = ctx.connected.fetch_sub(1, Ordering::SeqCst) - 1;
    let error = match result {
        Ok(Exit::Stopped) => return,
        Ok(Exit::Left) => None,
        Err(e) => Some(e.to_string()),
    };
    let _ = ctx
        .events
        .send(ProducerEvent::ClientDisconnected {
            client: ctx.id,
            addr: ctx.addr,
            error,
            remaining,
        })
        .await;
}

/// Write bytes, giving up only if the producer stops (a pause or a pace change
/// must not cut a line in half).
async fn write<W: AsyncWrite + Unpin>(
    w: &mut BufWriter<W>,
    control: &mut watch::Receiver<Control>,
    line: &str,
    flush: bool,
) -> std::io::Result<bool> {
    let io = async {
        w.write_all(line.as_bytes()).await?;
        w.write_all(b"\n").await?;
        if flush {
            w.flush().await?;
        }
        Ok::<(), std::io::Error>(())
    };
    tokio::select! {
        r = io => r.map(|()| true),
        _ = control.wait_for(|c| c.stop) => Ok(false),
    }
}

async fn serve<W: AsyncWrite + Unpin>(
    reader: &mut tokio::net::tcp::OwnedReadHalf,
    writer: &mut BufWriter<W>,
    ctx: &mut ClientCtx,
) -> std::io::Result<Exit> {
    let lines = ctx.lines.clone();
    let mut seq: u64 = 0;
    let mut idx = 0usize;
    let mut pass = 1u64;
    let mut finished = false;
    let mut held = false;
    let mut pace: Pace = ctx.control.borrow().pace;
    let mut last_sent = Instant::now();
    let mut next_due = Instant::now();
    let mut scratch = [0u8; 256];
    let emit = |ev: ProducerEvent| {
        let events = ctx.events.clone();
        async move {
            let _ = events.send(ev).await;
        }
    };
    if lines.is_empty() {
        finished = true;
        emit(ProducerEvent::EndOfStream {
            client: ctx.id,
            looping: false,
        })
        .await;
    }
    loop {
        let ctl = *ctx.control.borrow_and_update();
        if ctl.stop {
            return Ok(Exit::Stopped);
        }
        if ctl.pace != pace {
            // A new pace applies at once, counted from the last line sent.
            pace = ctl.pace;
            next_due = last_sent + pace.interval();
        }
        if !ctl.paused {
            held = false;
        } else if !held && !finished {
            held = true;
            emit(ProducerEvent::ClientHeld {
                client: ctx.id,
                seq,
            })
            .await;
        }

        // Typed lines first: they go at once, between file lines.
        loop {
            match ctx.typed.try_recv() {
                Ok(line) => {
                    if !write(writer, &mut ctx.control, &line, true).await? {
                        return Ok(Exit::Stopped);
                    }
                    seq += 1;
                    emit(ProducerEvent::LineSent {
                        client: ctx.id,
                        seq,
                        origin: LineOrigin::Typed,
                        line,
                    })
                    .await;
                }
                Err(broadcast::error::TryRecvError::Lagged(count)) => {
                    emit(ProducerEvent::TypedLinesLost {
                        client: ctx.id,
                        count,
                    })
                    .await;
                }
                Err(_) => break,
            }
        }

        let sending = !ctl.paused && !finished;
        let now = Instant::now();
        if sending && now >= next_due {
            let line = &lines[idx];
            if !write(writer, &mut ctx.control, line, false).await? {
                return Ok(Exit::Stopped);
            }
            seq += 1;
            idx += 1;
            last_sent = now;
            next_due += pace.interval();
            if next_due + CATCH_UP < now {
                next_due = now;
            }
            emit(ProducerEvent::LineSent {
                client: ctx.id,
                seq,
                origin: LineOrigin::Source { line: idx, pass },
                line: Arc::from(line.as_str()),
            })
            .await;
            if idx == lines.len() {
                emit(ProducerEvent::EndOfStream {
                    client: ctx.id,
                    looping: ctx.looping,
                })
                .await;
                if ctx.looping {
                    idx = 0;
                    pass += 1;
                } else {
                    finished = true;
                }
            }
            continue;
        }

        // Nothing to send right now: put what is buffered on the wire, then
        // wait for the next due time, a command, a typed line, or the client
        // leaving.
        let flushed = tokio::select! {
            r = writer.flush() => r.map(|()| true),
            _ = ctx.control.wait_for(|c| c.stop) => Ok(false),
        };
        if !flushed? {
            return Ok(Exit::Stopped);
        }
        // A command that arrived during the flush was marked seen by it:
        // look again rather than sleep through it.
        if *ctx.control.borrow() != ctl {
            continue;
        }
        tokio::select! {
            changed = ctx.control.changed() => {
                if changed.is_err() {
                    return Ok(Exit::Stopped);
                }
            }
            typed = ctx.typed.recv() => match typed {
                Ok(line) => {
                    if !write(writer, &mut ctx.control, &line, true).await? {
                        return Ok(Exit::Stopped);
                    }
                    seq += 1;
                    emit(ProducerEvent::LineSent { client: ctx.id, seq, origin: LineOrigin::Typed, line }).await;
                }
                Err(broadcast::error::RecvError::Lagged(count)) => {
                    emit(ProducerEvent::TypedLinesLost { client: ctx.id, count }).await;
                }
                Err(broadcast::error::RecvError::Closed) => return Ok(Exit::Stopped),
            },
            read = reader.read(&mut scratch) => match read {
                Ok(0) => return Ok(Exit::Left),
                // Clients have nothing to say to a producer; ignore it.
                Ok(_) => {}
                Err(e) => return Err(e),
            },
            _ = tokio::time::sleep_until(next_due), if sending => {}
        }
    }
}
