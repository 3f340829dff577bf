//! How producer events change the producer pane's view.

use super::app::ProducerView;
use crate::producer::{LineOrigin, Pace, ProducerEvent};

/// "1 line every 1s" or "500 lines/s".
pub fn describe_pace(p: Pace) -> String {
    match p {
        Pace::Delay(d) => format!(
            "1 line every {}",
            crate::formats::duration::format_duration(d)
        ),
        Pace::Rate(r) => format!("{r} lines/s"),
    }
}

pub fn apply(v: &mut ProducerView, ev: ProducerEvent) {
    match ev {
        ProducerEvent::Listening { addr } => {
            v.listening = Some(addr.to_string());
            v.notes.push(format!(
                "Listening for a client at {} {}",
                addr.ip(),
                addr.port()
            ));
        }
        ProducerEvent::PortInUse { host, port } => {
            v.notes.push(format!(
                "port {port} on {host} is in use by another program"
            ));
        }
        ProducerEvent::BindFailed {
            host,
            port,
            message,
        } => v
            .notes
            .push(format!("cannot listen on {host}:{port}: {message}")),
        ProducerEvent::AcceptFailed { message } => {
            v.notes.push(format!("accept failed: {message}"))
        }
        ProducerEvent::ClientConnected { addr, .. } => {
            v.clients.push(addr.to_string());
            v.notes.push(format!("Connected by {addr}"));
        }
        ProducerEvent::ClientDisconnected { addr, error, .. } => {
            v.clients.retain(|c| *c != addr.to_string());
            v.notes.push(match error {
                Some(e) => format!("{addr} left ({e})"),
                None => format!("{addr} left"),
            });
        }
        ProducerEvent::LineSent {
            seq, line, origin, ..
        } => {
            v.total_sent += 1;
            let shown = match origin {
                LineOrigin::Typed => format!("(typed) {line}"),
                LineOrigin::Source { .. } => line.to_string(),
            };
            v.sent.push((seq, shown));
        }
        ProducerEvent::EndOfStream { looping, .. } => v.notes.push(if looping {
            "End Of Stream. Starting over.".into()
        } else {
            "End Of Stream.".into()
        }),
        ProducerEvent::Injected { clients: 0, .. } => v
            .notes
            .push("typed line not sent: no client is connected (start the stream first)".into()),
        ProducerEvent::Injected { .. } => {}
        ProducerEvent::TypedLinesLost { count, .. } => v
            .notes
            .push(format!("{count} typed lines dropped for a slow client")),
        ProducerEvent::Paused => v.paused = true,
        ProducerEvent::Resumed => v.paused = false,
        ProducerEvent::ClientHeld { .. } => {}
        ProducerEvent::PaceChanged(p) => v.pace = describe_pace(p),
        ProducerEvent::InvalidCommand { message } => v.notes.push(message),
        ProducerEvent::Stopped => {
            v.listening = None;
            v.clients.clear();
            v.notes.push("producer stopped".into());
        }
    }
}
