//! The way out to real Spark: `streamlab export PROGRAM.py` (and `:export` in
//! the UI) writes a complete PySpark program.
//!
//! The program is checked first (it must parse, compile and build its stream
//! graph here), then completed: the imports, `sc`/`ssc` when a REPL session
//! relied on the predefined ones, the socket source pointed at `HOST`/`PORT`
//! constants set at the top, and `ssc.start()`/`ssc.awaitTermination()` (on
//! the program's StreamingContext, whatever its name). A REPL session's start
//! moves to the end (on Spark nothing can be added to a started context); a
//! program file keeps its order and only gets what it lacks. What the program
//! starts, awaits and which API it uses come from the session's facts, as it
//! ran here. The result stays inside streamlab's subset, so it runs unchanged both
//! on Spark and with `streamlab run`.

pub mod spark_run;

use std::sync::Arc;

use crate::lang::ast::{Expr, ExprKind, Program, Span, Stmt, StmtKind};
use crate::lang::parse::parse_program;
use crate::session::context::InertHost;
use crate::session::facts::{Api, Target};
use crate::session::{ProgramError, Session};

/// Where the exported program reads from, and how it runs. What is left
/// unset keeps the program's own value (its socket source's host and port,
/// its checkpoint directory) or is left to `spark-submit` (the master).
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The socket source's host (default: the program's own).
    pub host: Option<String>,
    /// The socket source's port (default: the program's own).
    pub port: Option<u16>,
    /// A master written into the program. None (the default) sets none, so
    /// that `spark-submit --master` decides (local[*] when it is not given);
    /// a master set in code wins over spark-submit's.
    pub master: Option<String>,
    /// The checkpoint directory (default: the program's own).
    pub checkpoint_dir: Option<String>,
    /// The batch interval, in seconds, of the StreamingContext the export
    /// creates for a REPL session.
    pub batch_seconds: f64,
    /// For a notebook: host, port and checkpoint directory are plain
    /// constants (a kernel's `sys.argv` is its own, not the program's).
    pub notebook: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            host: None,
            port: None,
            master: None,
            checkpoint_dir: None,
            batch_seconds: 1.0,
            notebook: false,
        }
    }
}

/// The host and port a socket source reads from when neither the program
/// (with literals) nor the export options say.
pub const DEFAULT_HOST: &str = "localhost";
pub const DEFAULT_PORT: u16 = 9999;

/// The constants an export reads from `sys.argv`, in argument order (those
/// the program needs): `spark-submit PROGRAM.py [HOST [PORT]] [CHECKPOINT_DIR]`,
/// as Spark's own network examples take host and port.
const ARG_HOST: &str = "HOST";
const ARG_PORT: &str = "PORT";
const ARG_CHECKPOINT: &str = "CHECKPOINT_DIR";

/// Calls to the methods that name where a source reads from:
/// `socketTextStream(host, port)` and a DataFrame reader's `option(...)`.
const SOURCE_CALLS: [&str; 2] = ["socketTextStream", "option"];

/// Every call in an expression (outermost first).
fn walk_expr<'a>(e: &'a Expr, found: &mut Vec<&'a Expr>) {
    if let ExprKind::Call { func, args, kwargs } = &e.kind {
        found.push(e);
        if let ExprKind::Attribute { value, .. } = &func.kind {
            walk_expr(value, found);
        } else {
            walk_expr(func, found);
        }
        args.iter().for_each(|a| walk_expr(a, found));
        kwargs.iter().for_each(|k| walk_expr(&k.value, found));
        return;
    }
    match &e.kind {
        ExprKind::Attribute { value, .. }
        | ExprKind::Not(value)
        | ExprKind::Neg(value)
        | ExprKind::Pos(value)
        | ExprKind::Invert(value) => walk_expr(value, found),
        ExprKind::BinOp { left, right, .. } => {
            walk_expr(left, found);
            walk_expr(right, found);
        }
        ExprKind::Tuple(xs) | ExprKind::List(xs) => xs.iter().for_each(|x| walk_expr(x, found)),
        _ => {}
    }
}

fn walk_stmt<'a>(s: &'a Stmt, found: &mut Vec<&'a Expr>) {
    match &s.kind {
        StmtKind::Expr(e) | StmtKind::Assign { value: e, .. } => walk_expr(e, found),
        StmtKind::Def(d) => d.body.iter().for_each(|s| walk_stmt(s, found)),
        StmtKind::Class(c) => c.body.iter().for_each(|s| walk_stmt(s, found)),
        StmtKind::If { branches, orelse } => {
            for (c, b) in branches {
                walk_expr(c, found);
                b.iter().for_each(|s| walk_stmt(s, found));
            }
            orelse.iter().flatten().for_each(|s| walk_stmt(s, found));
        }
        StmtKind::Return(Some(e)) => walk_expr(e, found),
        StmtKind::ChainAssign { value: e, .. }
        | StmtKind::AnnAssign { value: Some(e), .. }
        | StmtKind::AugAssign { value: e, .. } => walk_expr(e, found),
        StmtKind::For { iter, .. } => {
            walk_expr(iter, found);
            s.blocks()
                .into_iter()
                .flatten()
                .for_each(|s| walk_stmt(s, found));
        }
        StmtKind::While { test, .. } => {
            walk_expr(test, found);
            s.blocks()
                .into_iter()
                .flatten()
                .for_each(|s| walk_stmt(s, found));
        }
        StmtKind::With { items, .. } => {
            items.iter().for_each(|i| walk_expr(&i.context, found));
            s.blocks()
                .into_iter()
                .flatten()
                .for_each(|s| walk_stmt(s, found));
        }
        StmtKind::Try { .. } => s
            .blocks()
            .into_iter()
            .flatten()
            .for_each(|s| walk_stmt(s, found)),
        _ => {}
    }
}

fn all_calls(prog: &Program) -> Vec<&Expr> {
    let mut calls = Vec::new();
    prog.stmts.iter().for_each(|s| walk_stmt(s, &mut calls));
    calls
}

fn source_calls(prog: &Program) -> Vec<&Expr> {
    all_calls(prog)
        .into_iter()
        .filter(|c| method_name(c).is_some_and(|m| SOURCE_CALLS.contains(&m)))
        .collect()
}

/// Does the callee of a call name a class (`SparkContext(...)`,
/// `SparkContext.getOrCreate(...)`, `SparkSession.builder....getOrCreate()`)?
fn callee_names(e: &Expr, class: &str) -> bool {
    match &e.kind {
        ExprKind::Name(n) => n == class,
        ExprKind::Attribute { value, attr, .. } => attr == class || callee_names(value, class),
        ExprKind::Call { func, .. } => callee_names(func, class),
        _ => false,
    }
}

/// Does the program create its own SparkContext or SparkSession (a program
/// file), or rely on the shell's predefined ones (a REPL session)? Decided
/// on the syntax tree, before running.
fn creates_own_session(prog: &Program) -> bool {
    all_calls(prog).into_iter().any(|c| match &c.kind {
        ExprKind::Call { func, .. } => {
            callee_names(func, "SparkContext") || callee_names(func, "SparkSession")
        }
        _ => false,
    })
}

fn method_name(call: &Expr) -> Option<&str> {
    match &call.kind {
        ExprKind::Call { func, .. } => match &func.kind {
            ExprKind::Attribute { attr, .. } => Some(attr),
            _ => None,
        },
        _ => None,
    }
}

/// Where a socket source reads from: the spans of its host and port
/// arguments (or options), and their values when they are literals.
#[derive(Debug, Clone, Default)]
struct SocketSource {
    host: Option<(Span, Option<String>)>,
    port: Option<(Span, Option<u16>)>,
}

fn str_literal(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Str(s) => Some(s.clone()),
        _ => None,
    }
}

fn port_literal(e: &Expr) -> Option<u16> {
    match &e.kind {
        ExprKind::Int(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// Every socket source: `socketTextStream(host, port)` calls, and for the
/// DataFrame API the `.option("host", ...)`/`.option("port", ...)` pairs
/// (one source per `option("host")`, paired with the port option that follows).
fn socket_sources(prog: &Program) -> Vec<SocketSource> {
    let mut found: Vec<SocketSource> = Vec::new();
    for c in source_calls(prog) {
        let ExprKind::Call { args, .. } = &c.kind else {
            continue;
        };
        match method_name(c) {
            Some("socketTextStream") if args.len() >= 2 => found.push(SocketSource {
                host: Some((args[0].span, str_literal(&args[0]))),
                port: Some((args[1].span, port_literal(&args[1]))),
            }),
            Some("option") if args.len() == 2 => match str_literal(&args[0]).as_deref() {
                Some("host") => {
                    // Calls are listed outermost first: a chain's port option
                    // comes before its host option.
                    match found.last_mut() {
                        Some(s) if s.host.is_none() && s.port.is_some() => {
                            s.host = Some((args[1].span, str_literal(&args[1])))
                        }
                        _ => found.push(SocketSource {
                            host: Some((args[1].span, str_literal(&args[1]))),
                            port: None,
                        }),
                    }
                }
                Some("port") => match found.last_mut() {
                    Some(s) if s.port.is_none() && s.host.is_some() => {
                        s.port = Some((args[1].span, port_literal(&args[1])))
                    }
                    _ => found.push(SocketSource {
                        host: None,
                        port: Some((args[1].span, port_literal(&args[1]))),
                    }),
                },
                _ => {}
            },
            _ => {}
        }
    }
    found
}

/// The spans and literal values of every checkpoint directory the program
/// names: `ssc.checkpoint("dir")`, `StreamingContext.getOrCreate("dir", f)`
/// and a query's `.option("checkpointLocation", "dir")`.
fn checkpoint_dirs(prog: &Program) -> Vec<(Span, String)> {
    all_calls(prog)
        .into_iter()
        .filter_map(|c| {
            let ExprKind::Call { args, .. } = &c.kind else {
                return None;
            };
            let arg = match (method_name(c)?, args.as_slice()) {
                ("checkpoint", [dir]) | ("getOrCreate", [dir, _]) => dir,
                ("option", [key, dir])
                    if str_literal(key).as_deref() == Some("checkpointLocation") =>
                {
                    dir
                }
                _ => return None,
            };
            str_literal(arg).map(|d| (arg.span, d))
        })
        .collect()
}

/// Does the program set its master in code (`SparkContext("local[2]", ...)`,
/// `master=`, `setMaster`, `.master(...)` or `set("spark.master", ...)`)? On
/// Spark such a master wins over `spark-submit --master`.
fn sets_master_in_code(prog: &Program) -> bool {
    all_calls(prog).into_iter().any(|c| {
        let ExprKind::Call { func, args, kwargs } = &c.kind else {
            return false;
        };
        let is_context = matches!(&func.kind, ExprKind::Name(n) if n == "SparkContext")
            || matches!(&func.kind, ExprKind::Attribute { attr, .. } if attr == "SparkContext");
        match method_name(c) {
            Some("setMaster") | Some("master") => true,
            Some("set") | Some("setIfMissing") => args
                .first()
                .and_then(str_literal)
                .is_some_and(|k| k == "spark.master"),
            _ => is_context && (!args.is_empty() || kwargs.iter().any(|k| k.name == "master")),
        }
    })
}

/// What an export reads from `sys.argv` and the values it falls back to.
struct Arguments {
    host: Option<String>,
    port: Option<u16>,
    checkpoint: Option<String>,
    /// False in a notebook: the values are set as they are.
    from_argv: bool,
}

impl Arguments {
    /// The names, in argument order.
    fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.host.is_some() {
            v.extend([ARG_HOST, ARG_PORT]);
        }
        if self.checkpoint.is_some() {
            v.push(ARG_CHECKPOINT);
        }
        v
    }
}

/// The top of every export: what it is, how to run it, and the constants
/// read from the program's arguments (set as they are in a notebook).
fn preamble(args: &Arguments, master_in_code: bool) -> String {
    let names = args.names();
    let usage: String =
        names.iter().map(|n| format!(" [{n}")).collect::<String>() + &"]".repeat(names.len());
    let mut out = if args.from_argv {
        format!(
            "# Exported by streamlab: a complete PySpark program. Run it on Spark with\n\
             #   spark-submit [--master URL] THIS_FILE.py{usage}\n\
             # (or python where pyspark is installed), or here with\n\
             #   streamlab run THIS_FILE.py{usage}\n"
        )
    } else {
        "# Exported by streamlab: a PySpark notebook. Run its cells top to bottom in a\n\
         # Python kernel with pyspark installed, or here with `streamlab run THIS_FILE.ipynb`.\n"
            .to_string()
    };
    if master_in_code {
        out.push_str(
            "# This program sets its master in code, and on Spark that wins over\n\
             # spark-submit's --master: leave the master out to run on a cluster.\n",
        );
    }
    if names.is_empty() {
        return out;
    }
    let overrides = if args.from_argv {
        out.push_str("\nimport sys\n");
        " (the program's arguments override them)"
    } else {
        ""
    };
    let arg = |i: usize, conv: &str, default: String| {
        if !args.from_argv {
            return format!("{default}\n");
        }
        let read = if conv.is_empty() {
            format!("sys.argv[{i}]")
        } else {
            format!("{conv}(sys.argv[{i}])")
        };
        format!("{read} if len(sys.argv) > {i} else {default}\n")
    };
    let mut i = 1;
    if let (Some(host), Some(port)) = (&args.host, args.port) {
        out.push_str(&format!(
            "\n# Where the socket source reads from{overrides}. On a cluster the\n\
             # receiver runs on a worker: the host must be reachable from there.\n"
        ));
        out.push_str(&format!("{ARG_HOST} = {}", arg(1, "", format!("{host:?}"))));
        out.push_str(&format!("{ARG_PORT} = {}", arg(2, "int", port.to_string())));
        i = 3;
    }
    if let Some(dir) = &args.checkpoint {
        out.push_str(&format!(
            "\n# Where checkpoints go{overrides}. On a cluster every node must\n\
             # reach it (hdfs://..., s3a://...); a local directory works on one machine.\n"
        ));
        out.push_str(&format!(
            "{ARG_CHECKPOINT} = {}",
            arg(i, "", format!("{dir:?}"))
        ));
    }
    out
}

/// The edits pointing the program's sources and checkpoint directory at the
/// argument constants, and what those constants fall back to.
fn argument_edits(prog: &Program, opts: &ExportOptions) -> (Vec<(Span, String)>, Arguments) {
    let mut edits = Vec::new();
    // A source whose address is computed (an export's HOST and PORT, a
    // program's own arguments) keeps it, unless the options say otherwise.
    let asked = opts.host.is_some() || opts.port.is_some();
    let sources: Vec<SocketSource> = socket_sources(prog)
        .into_iter()
        .filter(|s| {
            asked
                || s.host.as_ref().is_some_and(|h| h.1.is_some())
                || s.port.as_ref().is_some_and(|p| p.1.is_some())
        })
        .collect();
    let first = sources.first().cloned().unwrap_or_default();
    let own_host = first.host.as_ref().and_then(|(_, v)| v.clone());
    let own_port = first.port.as_ref().and_then(|(_, v)| *v);
    let mut args = Arguments {
        host: None,
        port: None,
        checkpoint: None,
        from_argv: !opts.notebook,
    };
    if !sources.is_empty() {
        // Sources reading elsewhere than the first one keep their address.
        for s in &sources {
            let same = s.host.as_ref().map(|h| &h.1) == first.host.as_ref().map(|h| &h.1)
                && s.port.as_ref().map(|p| p.1) == first.port.as_ref().map(|p| p.1);
            if !same {
                continue;
            }
            if let Some((span, _)) = s.host {
                edits.push((span, ARG_HOST.to_string()));
            }
            if let Some((span, _)) = s.port {
                edits.push((span, ARG_PORT.to_string()));
            }
        }
        args.host = Some(
            opts.host
                .clone()
                .or(own_host)
                .unwrap_or_else(|| DEFAULT_HOST.into()),
        );
        args.port = Some(opts.port.or(own_port).unwrap_or(DEFAULT_PORT));
    }
    let dirs = checkpoint_dirs(prog);
    if let Some((_, own)) = dirs.first() {
        args.checkpoint = Some(opts.checkpoint_dir.clone().unwrap_or_else(|| own.clone()));
        for (span, dir) in &dirs {
            if dir == own {
                edits.push((*span, ARG_CHECKPOINT.to_string()));
            }
        }
    }
    (edits, args)
}

/// An exported program and the API it streams with.
pub struct Exported {
    pub text: String,
    pub api: Api,
}

/// Apply edits (span, replacement) to `src`; the spans must not overlap.
fn edit(src: &str, mut edits: Vec<(Span, String)>) -> String {
    let mut body = src.to_string();
    edits.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    for (span, text) in edits {
        body.replace_range(span.start..span.end, &text);
    }
    body
}

/// The whole lines a statement spans, with the line break that ends them.
fn whole_lines(src: &str, span: Span) -> Span {
    let start = src[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = src[span.end.max(span.start)..]
        .find('\n')
        .map_or(src.len(), |i| span.end.max(span.start) + i + 1);
    Span { start, end }
}

/// Export a Structured Streaming program: the session it relied on, the
/// socket options and checkpoint location pointed at the argument
/// constants, and a wait for its queries.
fn export_structured(
    src: &str,
    prog: &Program,
    session: &Session,
    session_style: bool,
    opts: &ExportOptions,
) -> Result<String, ProgramError> {
    let (edits, args) = argument_edits(prog, opts);
    if opts.checkpoint_dir.is_some() && args.checkpoint.is_none() {
        return Err(no_checkpoint_to_replace());
    }
    let body = edit(src, edits);
    let mut out = preamble(&args, !session_style && sets_master_in_code(prog));
    if session_style {
        let master = match &opts.master {
            Some(m) => format!(
                "\n# The master was set at export (--master); it wins over spark-submit's --master.\n\
                 spark = SparkSession.builder.appName(\"streamlab\").master({m:?}).getOrCreate()\n"
            ),
            None => "\n# In the streamlab REPL this was predefined. No master is set here:\n\
                     # spark-submit's --master chooses it (local[*] without one).\n\
                     spark = SparkSession.builder.appName(\"streamlab\").getOrCreate()\n"
                .to_string(),
        };
        out.push_str("\nfrom pyspark.sql import SparkSession\n");
        out.push_str(&master);
    }
    out.push('\n');
    out.push_str(body.trim_end());
    out.push('\n');
    if !session.facts().awaited_queries() {
        out.push_str("\nspark.streams.awaitAnyTermination()\n");
    }
    Ok(out)
}

/// `--checkpoint-dir` given for a program that names no checkpoint directory.
fn no_checkpoint_to_replace() -> ProgramError {
    ProgramError::Runtime(crate::lang::value::Exc::value_error(
        "--checkpoint-dir: this program sets no checkpoint directory to replace \
         (ssc.checkpoint(\"dir\") or .option(\"checkpointLocation\", \"dir\")); add one to the program",
    ))
}

/// Export a program (a `.py` file or a REPL session's entries) to PySpark.
pub fn export(src: &str, opts: &ExportOptions) -> Result<String, ProgramError> {
    export_program(src, opts).map(|e| e.text)
}

/// [`export`], also telling the API the program streams with.
pub fn export_program(src: &str, opts: &ExportOptions) -> Result<Exported, ProgramError> {
    let prog = parse_program(src).map_err(ProgramError::Syntax)?;
    let session_style = !creates_own_session(&prog);
    // Check it the way streamlab runs it (with sc/ssc/spark predefined for a session).
    let session = Session::new(Arc::new(InertHost));
    if session_style {
        session
            .define_shell_contexts(
                crate::session::SHELL_MASTER,
                (opts.batch_seconds * 1000.0) as i64,
            )
            .map_err(ProgramError::Runtime)?;
    }
    // A program file is checked as written. A REPL session's starting,
    // waiting and stopping statements are recorded, not run: they move to
    // the end, since on Spark nothing can be added to a started context,
    // while a REPL session may have kept entries typed after the start (for
    // :restart).
    session.set_lenient(session_style);
    session.run_program(src)?;
    if session.facts().api() == Some(Api::Structured) {
        return Ok(Exported {
            text: export_structured(src, &prog, &session, session_style, opts)?,
            api: Api::Structured,
        });
    }
    let ctx = session.facts().main_context();
    let name = ctx.as_ref().and_then(|c| session.name_of(c));
    if session_style {
        // As it will be exported: started at the end.
        if let Some(c) = &ctx {
            c.validate_start().map_err(ProgramError::Runtime)?;
        }
    }

    // Point every socket source and checkpoint directory at the argument
    // constants; a session's lifecycle statements go (they are added at the end).
    let (mut edits, mut args) = argument_edits(&prog, opts);
    // A session without a checkpoint directory gets one when asked for.
    let add_checkpoint = opts.checkpoint_dir.is_some() && args.checkpoint.is_none();
    if add_checkpoint {
        if !session_style {
            return Err(no_checkpoint_to_replace());
        }
        args.checkpoint = opts.checkpoint_dir.clone();
    }
    if session_style {
        let facts = session.facts();
        for c in facts.calls() {
            if let (true, Some(stmt), Target::Context(_)) = (c.skipped, c.stmt, c.target) {
                let lines = whole_lines(src, stmt);
                if !edits.iter().any(|(s, _)| s.start == lines.start) {
                    edits.push((lines, String::new()));
                }
            }
        }
    }
    let body = edit(src, edits);
    let mut out = preamble(&args, !session_style && sets_master_in_code(&prog));
    if session_style {
        let seconds = if opts.batch_seconds.fract() == 0.0 {
            format!("{}", opts.batch_seconds as i64)
        } else {
            format!("{}", opts.batch_seconds)
        };
        let ssc = crate::session::SHELL_CONTEXT;
        let conf = match &opts.master {
            Some(m) => format!(
                "# The master was set at export (--master); it wins over spark-submit's --master.\n\
                 sc = SparkContext(conf=SparkConf().setAppName(\"streamlab\").setMaster({m:?}))\n"
            ),
            None => "# No master is set here: spark-submit's --master chooses it (local[*] without one).\n\
                     sc = SparkContext(conf=SparkConf().setAppName(\"streamlab\"))\n"
                .to_string(),
        };
        out.push_str(&format!(
            "\nfrom pyspark import SparkConf, SparkContext\nfrom pyspark.streaming import StreamingContext\n\n\
             # In the streamlab REPL these two were predefined.\n{conf}{ssc} = StreamingContext(sc, {seconds})\n",
        ));
    }
    out.push('\n');
    out.push_str(body.trim_end());
    out.push('\n');
    let (started, awaited) = {
        let f = session.facts();
        (f.started(), f.awaited())
    };
    if let Some(name) = name {
        if add_checkpoint {
            out.push_str(&format!("\n{name}.checkpoint({ARG_CHECKPOINT})"));
        }
        if session_style || !started {
            out.push_str(&format!("\n{name}.start()\n"));
        }
        if session_style || !awaited {
            out.push_str(&format!("{name}.awaitTermination()\n"));
        }
    }
    Ok(Exported {
        text: out,
        api: Api::DStream,
    })
}

/// Export a program as a Jupyter notebook: these Markdown cells first (a
/// lesson's text), then the exported program, one code cell per group of
/// top-level statements (a REPL session's entries joined with blank lines
/// give one cell per entry).
pub fn export_notebook(
    src: &str,
    opts: &ExportOptions,
    markdown: &[String],
) -> Result<String, ProgramError> {
    use crate::formats::notebook::{self, Cell};
    let opts = ExportOptions {
        notebook: true,
        ..opts.clone()
    };
    let text = export(src, &opts)?;
    let mut cells: Vec<Cell> = markdown.iter().map(|m| Cell::Markdown(m.clone())).collect();
    cells.extend(notebook::program_cells(&text));
    Ok(notebook::write(&cells))
}

/// What `streamlab export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A PySpark program for spark-submit.
    Py,
    /// A Jupyter notebook (nbformat 4).
    Ipynb,
}

/// `streamlab export` options.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The program (or a saved REPL session) to export.
    pub program: std::path::PathBuf,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "FILE.py")]
    pub output: Option<std::path::PathBuf>,
    /// The host the socket source reads from (default: the program's own,
    /// else localhost); the exported program also takes it as its first argument.
    #[arg(long)]
    pub host: Option<String>,
    /// The port the socket source reads from (default: the program's own,
    /// else 9999); the program's second argument overrides it.
    #[arg(long)]
    pub port: Option<u16>,
    /// The checkpoint directory (default: the program's own); on a cluster,
    /// storage every node reaches (hdfs://..., s3a://...).
    #[arg(long, value_name = "DIR")]
    pub checkpoint_dir: Option<String>,
    /// Write this master into the program. Without it the program sets none
    /// and `spark-submit --master` decides (a master set in code wins over it).
    #[arg(long, value_name = "URL")]
    pub master: Option<String>,
    /// A program, or a Jupyter notebook [default: ipynb when the output file
    /// ends in .ipynb, else py].
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
}

/// Run `streamlab export`; returns the exit code.
pub fn run(args: ExportArgs) -> i32 {
    let file = args.program.display().to_string();
    let src = match crate::lang::source::read_program(&args.program) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let opts = ExportOptions {
        host: args.host,
        port: args.port,
        master: args.master,
        checkpoint_dir: args.checkpoint_dir,
        ..ExportOptions::default()
    };
    let notebook = match args.format {
        Some(f) => f == ExportFormat::Ipynb,
        None => args
            .output
            .as_deref()
            .is_some_and(crate::lang::source::is_notebook),
    };
    let exported = if notebook {
        export_notebook(&src, &opts, &[])
    } else {
        export(&src, &opts)
    };
    match exported {
        Err(e) => {
            eprint!("{}", e.diagnostic().render(&file, &src));
            eprintln!("streamlab exports only programs it can run: fix the error above first");
            1
        }
        Ok(text) => match args.output {
            None => {
                print!("{text}");
                0
            }
            Some(path) => match std::fs::write(&path, text) {
                Ok(()) => {
                    eprintln!("wrote {}", path.display());
                    0
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    1
                }
            },
        },
    }
}
