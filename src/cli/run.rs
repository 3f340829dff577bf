//! `streamlab run PROGRAM.py`: run a program headless and print its batches.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

use super::printer::{Format, Printer};
use crate::engine::driver::{self, RunOptions};
use crate::engine::events::EngineEvent;
use crate::lang::diag::Diagnostic;
use crate::lang::value::{Exc, PyResult};
use crate::session::context::{Host, Lifecycle, StreamingInner};
use crate::session::Session;
use crate::sources::replay::Replay;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The PySpark program to run (a .py file).
    pub program: PathBuf,
    /// Arguments for the program: its `sys.argv[1:]`, as after
    /// `spark-submit PROGRAM` (put `--` before any that start with `-`).
    #[arg(value_name = "ARGS")]
    pub program_args: Vec<String>,
    /// Where to run it: streamlab's engine, or a real Spark found on this
    /// machine (spark-submit on PATH, or a python with pyspark installed).
    #[arg(long, value_enum, default_value = "streamlab")]
    pub engine: Engine,
    /// With --engine spark: the master to run on (`spark://HOST:PORT`,
    /// `yarn`, `k8s://...`), given to spark-submit as --master [default: local].
    #[arg(long, value_name = "URL")]
    pub master: Option<String>,
    /// With --engine spark: the host the socket source reads from (default:
    /// the program's own).
    #[arg(long)]
    pub host: Option<String>,
    /// With --engine spark: the port the socket source reads from (default:
    /// the program's own).
    #[arg(long)]
    pub port: Option<u16>,
    /// Stop after this many batches (default: when queues and replays are used
    /// up and windows have drained; forever on live sources, until Ctrl-C).
    #[arg(long)]
    pub batches: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "pprint")]
    pub format: Format,
    /// Feed this file's lines into the program's socket/file source, on the virtual clock.
    #[arg(long, value_name = "FILE")]
    pub replay: Option<PathBuf>,
    /// With --replay: lines per batch.
    #[arg(long, value_name = "N", default_value = "10", requires = "replay")]
    pub lines_per_batch: usize,
    /// Structured Streaming: feed this file into the query's source as batches
    /// of lines, one trigger per batch, on a virtual clock; a line `---` ends a
    /// batch.
    #[arg(long, value_name = "FILE", conflicts_with = "replay")]
    pub replay_batches: Option<PathBuf>,
    /// Keep checkpoints in DIR, and resume from the newest one there if any
    /// (state and windows continue after a crash or Ctrl-C).
    #[arg(long, value_name = "DIR")]
    pub checkpoint: Option<PathBuf>,
    /// Before each batch's output, print one line per windowed or stateful
    /// stream: what its window covers, which batches entered and left, how its
    /// state changed (to stderr with --format jsonl).
    #[arg(long)]
    pub explain: bool,
    /// At most N records per second per socket receiver, like Spark's
    /// spark.streaming.receiver.maxRate (the reader waits; nothing is dropped).
    #[arg(long, value_name = "N")]
    pub max_rate: Option<f64>,
    /// Cut socket lines longer than this many bytes (reported when it happens).
    #[arg(long, value_name = "BYTES", default_value_t = streamlab_default_max_line())]
    pub max_line: usize,
    /// With a checkpoint directory: write a checkpoint every DURATION of
    /// batches (default 10s, Spark's interval for stateful streams) and at the end.
    #[arg(long, value_name = "DURATION", value_parser = crate::formats::duration::parse_duration)]
    pub checkpoint_interval: Option<std::time::Duration>,
    /// With --replay: wait this many milliseconds between batches.
    #[arg(long, value_name = "MS", default_value = "0")]
    pub pace: u64,
    /// Start the clock at this time (epoch milliseconds) for reproducible `Time:` lines.
    #[arg(long, value_name = "MS", hide = true)]
    pub start_ms: Option<i64>,
}

fn streamlab_default_max_line() -> usize {
    crate::sources::socket::DEFAULT_MAX_LINE
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// streamlab's own engine.
    Streamlab,
    /// Real PySpark, through `streamlab export`.
    Spark,
}

/// `run --engine spark`: export the program, run it on a real PySpark under
/// streamlab's harness, and print Spark's batches with streamlab's printers.
fn run_on_spark(args: &RunArgs, src: &str, file: &str) -> i32 {
    use crate::export::spark_run::Launcher;
    if args.replay.is_some() {
        eprintln!("error: --replay works with streamlab's engine only; with --engine spark, serve the file with `streamlab produce FILE` in another terminal");
        return 2;
    }
    let opts = crate::export::ExportOptions {
        host: args.host.clone(),
        port: args.port,
        ..crate::export::ExportOptions::default()
    };
    let exported = match crate::export::export_program(src, &opts) {
        Ok(t) => t,
        Err(e) => {
            eprint!("{}", e.diagnostic().render(file, src));
            return 1;
        }
    };
    let structured = exported.api == crate::session::facts::Api::Structured;
    let text = exported.text;
    let Some(launcher) = Launcher::find() else {
        eprintln!(
            "error: no PySpark found on this machine (neither spark-submit on PATH nor a python that can import pyspark).\n\
             Install it with: pip install \"pyspark==3.5.*\"   (it needs a Java 17 runtime), then run again."
        );
        return 1;
    };
    let dir = std::env::temp_dir().join(format!("streamlab-spark-{}", std::process::id()));
    let exported = dir.join("program.py");
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&exported, &text)) {
        eprintln!(
            "error: cannot write the exported program to {}: {e}",
            dir.display()
        );
        let _ = std::fs::remove_dir_all(&dir);
        return 1;
    }
    eprintln!(
        "streamlab: running {file} on PySpark with {}{} (`streamlab export {file}` shows the program it runs)",
        launcher.describe(),
        args.master
            .as_deref()
            .map(|m| format!(" on {m}"))
            .unwrap_or_default()
    );
    let code = run_harness_on_spark(args, &dir, &exported, &launcher, structured);
    let _ = std::fs::remove_dir_all(&dir);
    code
}

/// How PySpark ended, as streamlab's exit code.
fn spark_exit(status: std::io::Result<std::process::ExitStatus>) -> i32 {
    match status {
        Ok(s) if s.success() => 0,
        Ok(s) => {
            eprintln!("streamlab: PySpark exited with {s}");
            1
        }
        Err(e) => {
            eprintln!("error: PySpark could not run: {e}");
            1
        }
    }
}

/// A program on PySpark, under the harness: a DStream program's output
/// operations report their records per batch to streamlab's printers; a
/// Structured Streaming program's console sinks print their own batches, or
/// with `--format jsonl` report them; with `--batches` the harness stops the
/// program after that many batches.
fn run_harness_on_spark(
    args: &RunArgs,
    dir: &std::path::Path,
    exported: &std::path::Path,
    launcher: &crate::export::spark_run::Launcher,
    structured: bool,
) -> i32 {
    use crate::export::spark_run::{self, HarnessConfig, HarnessLine};
    let mut config = HarnessConfig::single(exported.to_path_buf(), args.batches);
    config.programs[0].args = args.program_args.clone();
    config.report_queries = structured && args.format == Format::Jsonl;
    let written = spark_run::write_harness(dir, &config);
    let (script, config) = match written {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("error: cannot write the harness to {}: {e}", dir.display());
            return 1;
        }
    };
    let child = launcher
        .submit(
            args.master.as_deref(),
            &script,
            &[config.as_path()],
            spark_run::QUIET,
        )
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot start PySpark: {e}");
            return 1;
        }
    };
    // A signal (Ctrl-C, `kill`, a closed terminal) is passed on to PySpark;
    // streamlab waits for it to end, removes its files and exits 128 + the
    // signal, so nothing is left in the temporary directory.
    let forwarder = SignalForwarder::start(child.id());
    // The harness's lines become streamlab's output; the others are what the
    // program printed (Spark's log is on stderr), and keep their place
    // among the batches, as with streamlab's engine.
    if let Some(stdout) = child.stdout.take() {
        let out = std::io::stdout();
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
            let Ok(line) = line else { break };
            let text = match spark_run::parse_line(&line) {
                None => Some(format!("{line}\n")),
                Some(Err(e)) => {
                    eprintln!("streamlab: {e}");
                    continue;
                }
                Some(Ok(HarnessLine::End(_))) => continue,
                Some(Ok(HarnessLine::Trigger(t))) => Some(
                    super::printer::trigger_json(
                        t.batch,
                        t.query,
                        t.name.as_deref(),
                        &t.columns,
                        &t.rows,
                    ) + "\n",
                ),
                Some(Ok(HarnessLine::Stderr { stderr })) => {
                    let _ = out.lock().flush();
                    eprint!("{stderr}");
                    continue;
                }
                Some(Ok(HarnessLine::Batch(b))) => match args.format {
                    Format::Jsonl => {
                        Some(super::printer::json_line_reprs(b.batch, b.output, &b.records) + "\n")
                    }
                    Format::Pprint => b
                        .pprint
                        .map(|_| super::printer::pprint_text(b.time, &b.shown, b.more)),
                },
            };
            if let Some(text) = text {
                let mut out = out.lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
            }
        }
    }
    let status = child.wait();
    match forwarder.and_then(SignalForwarder::finish) {
        Some(sig) => {
            let name = nix::sys::signal::Signal::try_from(sig)
                .map(|s| s.as_str().to_string())
                .unwrap_or_else(|_| format!("signal {sig}"));
            eprintln!(
                "streamlab: stopped by {name}; PySpark was stopped too and its files removed"
            );
            128 + sig
        }
        None => spark_exit(status),
    }
}

/// Passes SIGINT, SIGTERM and SIGHUP on to a child process while it runs.
struct SignalForwarder {
    handle: signal_hook::iterator::Handle,
    thread: std::thread::JoinHandle<Option<i32>>,
}

impl SignalForwarder {
    fn start(child: u32) -> Option<SignalForwarder> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]).ok()?;
        let handle = signals.handle();
        let thread = std::thread::spawn(move || {
            let mut got = None;
            for sig in signals.forever() {
                got.get_or_insert(sig);
                // SIGTERM, whatever came: a JVM started with SIGINT ignored
                // (a background job's) would ignore a forwarded SIGINT.
                if let Ok(pid) = i32::try_from(child) {
                    let _ = nix::sys::signal::kill(
                        nix::unistd::Pid::from_raw(pid),
                        nix::sys::signal::Signal::SIGTERM,
                    );
                }
            }
            got
        });
        Some(SignalForwarder { handle, thread })
    }

    /// Stop forwarding; the first signal received, if any.
    fn finish(self) -> Option<i32> {
        self.handle.close();
        self.thread.join().ok().flatten()
    }
}

/// Runs started contexts right here: `awaitTermination()` runs the batches.
struct RunHost {
    opts: RunOptions,
    format: Format,
    explain: bool,
    file: String,
    src: String,
    /// Contexts started and not yet run.
    pending: Mutex<Vec<Arc<StreamingInner>>>,
    /// While a context runs: where its events (and the program's prints) go,
    /// so that they reach stdout in the order they happened.
    console: Mutex<Option<std::sync::mpsc::SyncSender<EngineEvent>>>,
    failed_batches: Mutex<u64>,
    /// Checkpoints that could not be written (the run is not a success).
    checkpoint_failures: Mutex<u64>,
    /// The run could not start (a checkpoint that cannot be resumed).
    fatal: Mutex<bool>,
    stop: Arc<AtomicBool>,
    /// Structured Streaming queries started and not yet run, and how to run them.
    queries: Mutex<Vec<crate::structured::exec::QuerySpec>>,
    structured: crate::structured::driver::StructuredOptions,
}

impl RunHost {
    /// Run a started context to its end, or for `limit` batches.
    fn run_context(&self, ctx: &Arc<StreamingInner>, limit: Option<u64>) {
        let graph = Arc::new(ctx.graph.lock().clone());
        let (tx, rx) = std::sync::mpsc::sync_channel::<EngineEvent>(1024);
        *self.console.lock() = Some(tx.clone());
        let (format, file, src, explain) = (
            self.format,
            self.file.clone(),
            self.src.clone(),
            self.explain,
        );
        let printer = std::thread::spawn(move || {
            let mut p = Printer {
                format,
                file: &file,
                src: &src,
                failed_batches: 0,
                explain,
                zero_ms: 0,
                pending: String::new(),
            };
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let mut err = stderr.lock();
            for ev in rx {
                p.handle(&ev, &mut out, &mut err);
            }
            let _ = out.flush();
            p.failed_batches
        });
        let mut opts = self.opts.clone();
        opts.recover |= *ctx.recover.lock();
        if let Some(n) = limit {
            opts.max_batches = Some(opts.max_batches.map_or(n, |m| m.min(n)));
        }
        let result = driver::run(graph, &opts, &self.stop, &mut |ev| {
            let _ = tx.send(ev);
        });
        *self.console.lock() = None;
        drop(tx);
        let failed = printer.join().unwrap_or(1);
        *self.failed_batches.lock() += failed;
        match result {
            Ok(report) => *self.checkpoint_failures.lock() += report.checkpoint_failures,
            Err(e) => {
                eprintln!("error: {e}");
                *self.fatal.lock() = true;
            }
        }
        *ctx.lifecycle.lock() = Lifecycle::Stopped;
    }

    fn run_pending(&self) {
        let pending: Vec<_> = std::mem::take(&mut *self.pending.lock());
        for ctx in pending {
            self.run_context(&ctx, None);
        }
    }

    /// The program waits `seconds` with contexts started (`time.sleep(6)`
    /// after `ssc.start()`, `awaitTerminationOrTimeout(6)`): they run the
    /// batches that fall in that time (6 one-second batches), then stop.
    /// Without a started context it is a plain sleep.
    fn run_for(&self, seconds: f64) -> bool {
        let pending: Vec<_> = std::mem::take(&mut *self.pending.lock());
        if pending.is_empty() {
            return false;
        }
        for ctx in pending {
            let batch_ms = ctx.graph.lock().batch_ms.max(1);
            let n = ((seconds * 1000.0) / batch_ms as f64).floor().max(0.0) as u64;
            self.run_context(&ctx, Some(n));
        }
        true
    }

    /// Run the started Structured Streaming queries, printing each trigger.
    /// A query whose `foreachBatch`/`foreach` code raised ends with an
    /// error that `awaitTermination()` raises in the program (Spark's
    /// `StreamingQueryException`): returned here.
    fn run_queries(&self) -> Option<String> {
        let queries: Vec<_> = std::mem::take(&mut *self.queries.lock());
        if queries.is_empty() {
            return None;
        }
        let mut printer = Printer {
            format: self.format,
            file: &self.file,
            src: &self.src,
            failed_batches: 0,
            explain: false,
            zero_ms: 0,
            pending: String::new(),
        };
        let mut emit = |ev: EngineEvent| {
            printer.handle(&ev, &mut std::io::stdout(), &mut std::io::stderr());
        };
        // --replay with a Structured Streaming program: N lines per trigger.
        let from_lines;
        let opts = match (&self.structured.replay, &self.opts.replay) {
            (None, Some((replay, n))) => {
                let lines = match replay.text() {
                    Ok(lines) => lines,
                    Err(e) => {
                        eprintln!("error: cannot read the replay file: {e}");
                        *self.fatal.lock() = true;
                        return None;
                    }
                };
                let all: Vec<&str> = lines.lines().collect();
                from_lines = crate::structured::driver::StructuredOptions {
                    replay: Some(Arc::new(
                        all.chunks(*n)
                            .map(|c| c.iter().map(|l| l.to_string()).collect())
                            .collect(),
                    )),
                    ..self.structured.clone()
                };
                &from_lines
            }
            _ => &self.structured,
        };
        match crate::structured::driver::run_queries(queries, opts, &self.stop, &mut emit) {
            Ok(()) => None,
            Err(e) if e.raised_by_query() => Some(e.to_string()),
            Err(e) => {
                let _ = std::io::stdout().flush();
                eprintln!("error: {e}");
                *self.fatal.lock() = true;
                None
            }
        }
    }
}

impl Host for RunHost {
    fn start(&self, ctx: &Arc<StreamingInner>) -> PyResult<()> {
        self.pending.lock().push(ctx.clone());
        Ok(())
    }
    fn await_termination(
        &self,
        _ctx: &Arc<StreamingInner>,
        timeout: Option<f64>,
    ) -> PyResult<bool> {
        match timeout {
            Some(t) => {
                self.run_for(t);
            }
            None => self.run_pending(),
        }
        Ok(true)
    }
    /// A context stopped before it ran runs no batch (as on Spark, where
    /// `start()` then `stop()` leaves no time for one).
    fn stop(&self, ctx: &Arc<StreamingInner>) {
        self.pending.lock().retain(|c| !Arc::ptr_eq(c, ctx));
    }
    fn default_checkpoint_dir(&self) -> Option<PathBuf> {
        self.opts.checkpoint_dir.clone()
    }
    fn print(&self, text: &str, stderr: bool) {
        let ev = EngineEvent::Print {
            text: text.to_string(),
            stderr,
        };
        let console = self.console.lock().clone();
        match console {
            Some(tx) => {
                let _ = tx.send(ev);
            }
            None => {
                let mut p = Printer {
                    format: self.format,
                    file: &self.file,
                    src: &self.src,
                    failed_batches: 0,
                    explain: false,
                    zero_ms: 0,
                    pending: String::new(),
                };
                let mut out = std::io::stdout().lock();
                p.handle(&ev, &mut out, &mut std::io::stderr());
                let _ = out.flush();
            }
        }
    }
    fn sleep(&self, seconds: f64) {
        if !self.run_for(seconds) {
            std::thread::sleep(std::time::Duration::from_secs_f64(seconds.clamp(0.0, 1e9)));
        }
    }
    fn start_query(&self, spec: crate::structured::exec::QuerySpec) -> PyResult<()> {
        self.queries.lock().push(spec);
        Ok(())
    }
    fn await_queries(&self, _timeout: Option<f64>) -> PyResult<bool> {
        match self.run_queries() {
            Some(e) => Err(crate::lang::value::Exc::new(
                crate::lang::value::ExcKind::StreamingQueryException,
                e,
            )),
            None => Ok(true),
        }
    }
    /// A query stopped before the program awaited it never runs.
    fn stop_query(&self, index: usize) {
        self.queries.lock().retain(|q| q.index != index);
    }
}

/// Run the command; returns the process exit code.
pub fn run(args: RunArgs) -> i32 {
    let file = args.program.display().to_string();
    let src = match crate::lang::source::read_program(&args.program) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if args.engine == Engine::Spark {
        return run_on_spark(&args, &src, &file);
    }
    if args.master.is_some() || args.host.is_some() || args.port.is_some() {
        eprintln!("error: --master, --host and --port are for --engine spark; streamlab's engine reads where the program says (a program's arguments follow it: streamlab run PROGRAM.py ARGS)");
        return 2;
    }
    // The replayed file is read a batch at a time as the batches are cut (a
    // Structured Streaming program reads it whole when its queries start);
    // here it is only checked, so a file that cannot be read or is not UTF-8
    // is reported before the program runs.
    let replay = match &args.replay {
        None => None,
        Some(path) => match check_replay_file(path) {
            Ok(valid) => {
                if !valid {
                    eprintln!(
                        "streamlab: {} is not valid UTF-8; invalid bytes were replaced with U+FFFD",
                        path.display()
                    );
                }
                Some((Replay::File(path.clone()), args.lines_per_batch.max(1)))
            }
            Err(e) => {
                eprintln!("error: cannot read the replay file {}: {e}", path.display());
                return 1;
            }
        },
    };
    // With --replay, a Structured Streaming program's batches are cut from
    // the same lines when its queries run (`RunHost::run_queries`).
    let replay_batches = match &args.replay_batches {
        None => None,
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => Some(Arc::new(crate::structured::driver::split_batches(
                &String::from_utf8_lossy(&bytes),
            ))),
            Err(e) => {
                eprintln!("error: cannot read the replay file {}: {e}", path.display());
                return 1;
            }
        },
    };
    let stop = Arc::new(AtomicBool::new(false));
    let host = Arc::new(RunHost {
        opts: RunOptions {
            max_batches: args.batches,
            replay,
            start_ms: args.start_ms,
            recover: args.checkpoint.is_some(),
            checkpoint_dir: args.checkpoint.clone(),
            pace_ms: args.pace,
            max_rate: args.max_rate.filter(|r| *r > 0.0),
            max_line: Some(args.max_line),
            checkpoint_interval_ms: args.checkpoint_interval.map(|d| d.as_millis() as i64),
            ..RunOptions::default()
        },
        format: args.format,
        explain: args.explain,
        file: file.clone(),
        src: src.clone(),
        pending: Mutex::new(Vec::new()),
        console: Mutex::new(None),
        failed_batches: Mutex::new(0),
        checkpoint_failures: Mutex::new(0),
        fatal: Mutex::new(false),
        stop: stop.clone(),
        queries: Mutex::new(Vec::new()),
        structured: crate::structured::driver::StructuredOptions {
            replay: replay_batches,
            start_ms: args.start_ms,
            max_batches: args.batches,
            pace_ms: args.pace,
            redirect_port: None,
        },
    });
    install_ctrl_c(stop);
    let session = Session::new(host.clone());
    let mut argv = vec![file.clone()];
    argv.extend(args.program_args.iter().cloned());
    session.set_argv(argv);
    if let Err(e) = session.run_program(&src) {
        let _ = std::io::stdout().flush();
        if let crate::session::ProgramError::Runtime(exc) = &e {
            if let Some(code) = exc.exit_code {
                // `sys.exit(...)`: exit as Python does, printing a message
                // given instead of a status; contexts started and not
                // stopped are not run.
                if code != 0 && !exc.msg.is_empty() && exc.msg.parse::<i64>().is_err() {
                    eprintln!("{}", exc.msg);
                }
                return code;
            }
        }
        eprint!("{}", e.diagnostic().render(&file, &src));
        return 1;
    }
    // A program that starts its context (or a query) without awaiting it still runs.
    host.run_pending();
    if let Some(e) = host.run_queries() {
        eprintln!("error: {e}");
        *host.fatal.lock() = true;
    }
    if *host.fatal.lock() {
        return 1;
    }
    let failed = *host.failed_batches.lock();
    if failed > 0 {
        eprintln!("streamlab: {failed} batch(es) failed; see the errors above");
    }
    let unwritten = *host.checkpoint_failures.lock();
    if unwritten > 0 {
        eprintln!(
            "streamlab: {unwritten} checkpoint(s) could not be written; see the warning above"
        );
    }
    if failed > 0 || unwritten > 0 {
        return 1;
    }
    0
}

/// Read a replay file through once without keeping it: Ok(false) when it is
/// not valid UTF-8 (its lines are then repaired as they are read).
fn check_replay_file(path: &std::path::Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    // Bytes of a character cut by the end of the previous read.
    let mut carry = 0;
    loop {
        let n = match file.read(&mut buf[carry..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let end = carry + n;
        if n == 0 {
            return Ok(carry == 0);
        }
        match std::str::from_utf8(&buf[..end]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..end, 0);
                carry = end - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// Ctrl-C ends a live run after the current batch (a second Ctrl-C exits at once).
fn install_ctrl_c(stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                stop.store(true, Ordering::Relaxed);
            }
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
    });
}

/// A program error as the text `streamlab run` prints.
pub fn render_error(e: &Exc, file: &str, src: &str) -> String {
    Diagnostic::from_exc(e).render(file, src)
}
