//! The server task: binds, accepts clients, and turns commands into changes
//! of the shared [`Control`] that every client task watches.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinSet;

use super::client::{self, ClientCtx};
use super::{Control, Pace, ProducerCommand, ProducerConfig, ProducerEvent, TYPED_CAP};

pub(super) async fn serve(
    config: ProducerConfig,
    mut commands: mpsc::Receiver<ProducerCommand>,
    events: mpsc::Sender<ProducerEvent>,
) {
    let emit = |ev: ProducerEvent| {
        let events = events.clone();
        async move {
            // A consumer that went away does not stop the producer.
            let _ = events.send(ev).await;
        }
    };
    let listener = match TcpListener::bind((config.host.as_str(), config.port)).await {
        Ok(l) => l,
        Err(e) => {
            emit(if e.kind() == std::io::ErrorKind::AddrInUse {
                ProducerEvent::PortInUse {
                    host: config.host.clone(),
                    port: config.port,
                }
            } else {
                ProducerEvent::BindFailed {
                    host: config.host.clone(),
                    port: config.port,
                    message: e.to_string(),
                }
            })
            .await;
            emit(ProducerEvent::Stopped).await;
            return;
        }
    };
    match listener.local_addr() {
        Ok(addr) => emit(ProducerEvent::Listening { addr }).await,
        Err(e) => {
            emit(ProducerEvent::BindFailed {
                host: config.host.clone(),
                port: config.port,
                message: e.to_string(),
            })
            .await;
            emit(ProducerEvent::Stopped).await;
            return;
        }
    }

    let (control, _) = watch::channel(Control {
        paused: config.start_paused,
        pace: config.pace,
        stop: false,
    });
    let (typed, _) = broadcast::channel::<Arc<str>>(TYPED_CAP);
    let connected = Arc::new(AtomicUsize::new(0));
    let mut clients = JoinSet::new();
    let mut next_id = 1;
    loop {
        tokio::select! {
            cmd = commands.recv() => match cmd {
                // A dropped handle stops the producer too.
                None | Some(ProducerCommand::Stop) => break,
                Some(ProducerCommand::Pause) => {
                    control.send_modify(|c| c.paused = true);
                    emit(ProducerEvent::Paused).await;
                }
                Some(ProducerCommand::Resume) => {
                    control.send_modify(|c| c.paused = false);
                    emit(ProducerEvent::Resumed).await;
                }
                Some(ProducerCommand::SetDelay(d)) => {
                    control.send_modify(|c| c.pace = Pace::Delay(d));
                    emit(ProducerEvent::PaceChanged(Pace::Delay(d))).await;
                }
                Some(ProducerCommand::SetRate(r)) => {
                    if r.is_finite() && r > 0.0 {
                        control.send_modify(|c| c.pace = Pace::Rate(r));
                        emit(ProducerEvent::PaceChanged(Pace::Rate(r))).await;
                    } else {
                        emit(ProducerEvent::InvalidCommand {
                            message: format!("a rate must be a positive number of lines per second, not {r}"),
                        })
                        .await;
                    }
                }
                Some(ProducerCommand::Inject(text)) => {
                    // Pasted text with newlines inside becomes several lines,
                    // each reported (and numbered by clients) on its own.
                    let text = text.strip_suffix('\n').unwrap_or(&text);
                    for part in text.split('\n') {
                        let line: Arc<str> = part.strip_suffix('\r').unwrap_or(part).into();
                        let clients = typed.send(line.clone()).unwrap_or(0);
                        emit(ProducerEvent::Injected { line, clients }).await;
                    }
                }
            },
            accepted = listener.accept() => match accepted {
                Ok((stream, addr)) => {
                    let id = next_id;
                    next_id += 1;
                    connected.fetch_add(1, Ordering::SeqCst);
                    // Subscribe now: typed lines from this moment on reach it.
                    let ctx = ClientCtx {
                        id,
                        addr,
                        lines: config.lines.clone(),
                        looping: config.looping,
                        control: control.subscribe(),
                        typed: typed.subscribe(),
                        events: events.clone(),
                        connected: connected.clone(),
                    };
                    // Reported before the client task starts, so it comes
                    // before any of this client's lines.
                    emit(ProducerEvent::ClientConnected { client: id, addr }).await;
                    clients.spawn(client::run(stream, ctx));
                }
                Err(e) => {
                    emit(ProducerEvent::AcceptFailed { message: e.to_string() }).await;
                    // Out of file descriptors, say: do not spin.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = clients.join_next(), if !clients.is_empty() => {}
        }
    }
    drop(listener);
    control.send_modify(|c| c.stop = true);
    while clients.join_next().await.is_some() {}
    emit(ProducerEvent::Stopped).await;
}
