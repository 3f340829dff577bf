//! `streamlab produce [FILE | --dataset NAME]`: the classic producer script,
//! as a command.

use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::{Dataset, LineOrigin, Pace, Producer, ProducerCommand, ProducerConfig, ProducerEvent};
use crate::formats::duration::parse_duration;

/// How many lines with invalid UTF-8 are named one by one.
const MAX_UTF8_WARNINGS: usize = 5;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each client that connects gets its own stream from the first line. Lines typed
on standard input go at once to every connected client (like `nc -lk`).
Ctrl-C stops the producer.

Example, with `streamlab run lessons/examples/wordcount.py` in another terminal:
  streamlab produce --delay 500ms")]
pub struct ProduceArgs {
    /// A text file to send line by line (default: the built-in big1 dataset).
    #[arg(value_name = "FILE", conflicts_with = "dataset")]
    pub file: Option<PathBuf>,
    /// A built-in dataset to send instead of a file.
    #[arg(long, value_enum, value_name = "NAME")]
    pub dataset: Option<Dataset>,
    /// Address to listen on. Only 127.0.0.1 unless you ask: other addresses
    /// let other machines connect.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0: pick a free one, printed in the Listening line).
    #[arg(long, default_value = "9999")]
    pub port: u16,
    /// Wait this long after each line: 500ms, 2s, 1.5s, 1m [default: 1s].
    #[arg(long, value_name = "DURATION", value_parser = parse_delay)]
    pub delay: Option<Duration>,
    /// Send N lines per second instead of using --delay.
    #[arg(long, value_name = "N", conflicts_with = "delay", value_parser = parse_rate)]
    pub rate: Option<f64>,
    /// Start over at the end of the file instead of stopping there.
    #[arg(long = "loop")]
    pub looping: bool,
    /// Do not print each line sent.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_delay(s: &str) -> Result<Duration, String> {
    parse_duration(s).map_err(|e| e.to_string())
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!(
            "invalid rate '{s}': expected a positive number of lines per second, like 10 or 0.5"
        )),
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Run the command; returns the process exit code.
pub fn produce(args: ProduceArgs) -> i32 {
    let (lines, source_name): (Arc<[String]>, String) = match &args.file {
        Some(path) => {
            let name = path.display().to_string();
            match super::source::read_lines(path) {
                Ok(f) => {
                    for w in f.warnings(&name, MAX_UTF8_WARNINGS) {
                        eprintln!("{w}");
                    }
                    (f.lines.into(), name)
                }
                Err(e) => {
                    eprintln!("error: cannot read {name}: {e}");
                    return 1;
                }
            }
        }
        None => {
            let d = args.dataset.unwrap_or(Dataset::Big1);
            (d.lines(), d.file_name().to_string())
        }
    };
    let pace = match args.rate {
        Some(r) => Pace::Rate(r),
        None => Pace::Delay(args.delay.unwrap_or(Duration::from_secs(1))),
    };
    let config = ProducerConfig {
        host: args.host.clone(),
        port: args.port,
        pace,
        looping: args.looping,
        start_paused: false,
        lines,
        source_name,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the producer's runtime: {e}");
            return 1;
        }
    };
    runtime.block_on(serve(config, args.quiet))
}

async fn serve(config: ProducerConfig, quiet: bool) -> i32 {
    if !is_loopback(&config.host) {
        eprintln!(
            "streamlab: listening on {}: other machines on your network can connect",
            config.host
        );
    }
    let interactive = std::io::stdin().is_terminal();
    eprintln!(
        "streamlab: sending {} ({} lines) with {}{}.{}",
        config.source_name,
        config.lines.len(),
        config.pace,
        if config.looping {
            ", starting over at the end"
        } else {
            ""
        },
        if interactive {
            " Type a line and press Enter to send it to every client; Ctrl-C stops."
        } else {
            ""
        }
    );
    let host = config.host.clone();
    let (producer, mut events) = Producer::start(config);
    spawn_stdin_reader(producer.sender());
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut stopping = false;
    let mut code = 0;
    let mut printer = EventPrinter {
        host,
        port: 0,
        quiet,
        addrs: HashMap::new(),
        out: std::io::BufWriter::new(std::io::stdout()),
    };
    loop {
        tokio::select! {
            ev = events.recv() => {
                let Some(ev) = ev else { break };
                if printer.print(&ev, stopping) {
                    code = 1;
                }
                // Print in bursts, but never hold a line back while waiting.
                while let Ok(ev) = events.try_recv() {
                    if printer.print(&ev, stopping) {
                        code = 1;
                    }
                }
                let _ = printer.out.flush();
            }
            _ = &mut ctrl_c, if !stopping => {
                stopping = true;
                let _ = producer.stop();
            }
        }
    }
    code
}

/// Typed lines go to every client. When standard input ends (or is not
/// there, as in CI), the producer simply keeps serving.
fn spawn_stdin_reader(commands: mpsc::Sender<ProducerCommand>) {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match input.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&buf);
                    let line = line.trim_end_matches(['\n', '\r']).to_string();
                    if commands
                        .blocking_send(ProducerCommand::Inject(line))
                        .is_err()
                    {
                        return;
                    }
                }
            }
        }
    });
}

struct EventPrinter {
    host: String,
    /// The real port (the one asked for may be 0).
    port: u16,
    quiet: bool,
    addrs: HashMap<u64, SocketAddr>,
    out: std::io::BufWriter<std::io::Stdout>,
}

impl EventPrinter {
    /// Print one event; true if it is a failure that ends the command with 1.
    fn print(&mut self, ev: &ProducerEvent, stopping: bool) -> bool {
        let out = &mut self.out;
        match ev {
            ProducerEvent::Listening { addr } => {
                self.port = addr.port();
                let _ = writeln!(out, "Listening for a client at {} {}", self.host, self.port);
            }
            ProducerEvent::PortInUse { host, port } => {
                let _ = out.flush();
                eprintln!(
                    "error: port {port} on {host} is already in use (another producer or `nc -lk` still running?); stop it, or choose another port with --port, e.g. --port {}",
                    port.wrapping_add(1).max(1024)
                );
                return true;
            }
            ProducerEvent::BindFailed {
                host,
                port,
                message,
            } => {
                let _ = out.flush();
                eprintln!("error: cannot listen on {host} port {port}: {message}");
                return true;
            }
            ProducerEvent::AcceptFailed { message } => {
                let _ = out.flush();
                eprintln!("streamlab: a connection could not be accepted: {message}");
            }
            ProducerEvent::ClientConnected { client, addr } => {
                self.addrs.insert(*client, *addr);
                let _ = writeln!(out, "Connected by {addr}");
            }
            ProducerEvent::ClientDisconnected {
                client,
                addr,
                error,
                ..
            } => {
                self.addrs.remove(client);
                match error {
                    None => {
                        let _ = writeln!(out, "Client {addr} disconnected.");
                    }
                    Some(e) => {
                        let _ = writeln!(out, "Client {addr} disconnected ({e}).");
                    }
                }
                if !stopping {
                    // The classic script goes back to accept(); so do we
                    // (in fact we never stopped listening).
                    let _ = writeln!(out, "Listening for a client at {} {}", self.host, self.port);
                }
            }
            ProducerEvent::LineSent {
                client,
                line,
                origin,
                ..
            } => {
                if !self.quiet || *origin == LineOrigin::Typed {
                    if self.addrs.len() > 1 {
                        let addr = self.addrs.get(client).map(|a| a.to_string());
                        let _ = writeln!(out, "SENT to {}: {line}", addr.unwrap_or_default());
                    } else {
                        let _ = writeln!(out, "SENT: {line}");
                    }
                }
            }
            ProducerEvent::EndOfStream { looping, .. } => {
                if *looping {
                    let _ = writeln!(out, "End Of Stream. Starting over (--loop).");
                } else {
                    let _ = writeln!(out, "End Of Stream.");
                }
            }
            ProducerEvent::Injected { clients: 0, .. } => {
                let _ = out.flush();
                eprintln!("streamlab: no client is connected; the typed line was not sent");
            }
            ProducerEvent::TypedLinesLost { client, count } => {
                let _ = out.flush();
                let addr = self.addrs.get(client).map(|a| a.to_string());
                eprintln!(
                    "streamlab: client {} is not reading; {count} typed lines were dropped for it",
                    addr.unwrap_or_default()
                );
            }
            ProducerEvent::InvalidCommand { message } => {
                let _ = out.flush();
                eprintln!("streamlab: {message}");
            }
            ProducerEvent::Stopped => {
                let _ = writeln!(out, "Stopped.");
            }
            ProducerEvent::Injected { .. }
            | ProducerEvent::Paused
            | ProducerEvent::Resumed
            | ProducerEvent::ClientHeld { .. }
            | ProducerEvent::PaceChanged(_) => {}
        }
        false
    }
}
