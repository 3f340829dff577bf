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

/// Where the exported program reads from, and how it runs.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub host: String,
    pub port: u16,
    /// The master of the SparkContext the export creates (a REPL session's).
    pub master: String,
    /// The batch interval, in seconds, of the StreamingContext the export creates.
    pub batch_seconds: f64,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            host: "localhost".into(),
            port: 9999,
            master: "local[2]".into(),
            batch_seconds: 1.0,
        }
    }
}

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
        | ExprKind::Pos(value) => walk_expr(value, found),
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

/// Spans of the host and port arguments of every `socketTextStream` call.
fn socket_args(prog: &Program) -> Vec<(Span, Span)> {
    source_calls(prog)
        .into_iter()
        .filter(|c| method_name(c) == Some("socketTextStream"))
        .filter_map(|c| match &c.kind {
            ExprKind::Call { args, .. } if args.len() >= 2 => Some((args[0].span, args[1].span)),
            _ => None,
        })
        .collect()
}

/// The value spans of every `.option("host", ...)` and `.option("port", ...)`
/// (a socket source's address in the DataFrame API), with the option's name.
fn socket_options(prog: &Program) -> Vec<(&'static str, Span)> {
    source_calls(prog)
        .into_iter()
        .filter(|c| method_name(c) == Some("option"))
        .filter_map(|c| match &c.kind {
            ExprKind::Call { args, .. } if args.len() == 2 => match &args[0].kind {
                ExprKind::Str(k) if k == "host" => Some(("HOST", args[1].span)),
                ExprKind::Str(k) if k == "port" => Some(("PORT", args[1].span)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The top of every export: what it is, how to run it, and the HOST/PORT
/// constants when a socket source was pointed at them.
fn preamble(has_socket: bool, opts: &ExportOptions) -> String {
    let mut out = String::from(
        "# Exported by streamlab: a complete PySpark program.\n\
         # Run it on Spark with `spark-submit THIS_FILE.py` (or `python THIS_FILE.py`\n\
         # where pyspark is installed), or with `streamlab run THIS_FILE.py`.\n",
    );
    if has_socket {
        out.push_str(&format!(
            "\n# Where the socket source reads from: change these for your cluster.\nHOST = {:?}\nPORT = {}\n",
            opts.host, opts.port
        ));
    }
    out
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
/// socket options pointed at HOST/PORT, and a wait for its queries.
fn export_structured(
    src: &str,
    prog: &Program,
    session: &Session,
    session_style: bool,
    opts: &ExportOptions,
) -> String {
    let spans = socket_options(prog);
    let body = edit(
        src,
        spans.iter().map(|(n, s)| (*s, n.to_string())).collect(),
    );
    let mut out = preamble(!spans.is_empty(), opts);
    if session_style {
        out.push_str(
            "\nfrom pyspark.sql import SparkSession\n\n\
             # In the streamlab REPL this was predefined.\n\
             spark = SparkSession.builder.appName(\"streamlab\").getOrCreate()\n",
        );
    }
    out.push('\n');
    out.push_str(body.trim_end());
    out.push('\n');
    if !session.facts().awaited_queries() {
        out.push_str("\nspark.streams.awaitAnyTermination()\n");
    }
    out
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
            .define_shell_contexts(&opts.master, (opts.batch_seconds * 1000.0) as i64)
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
            text: export_structured(src, &prog, &session, session_style, opts),
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

    // Point every socket source at HOST/PORT; a session's lifecycle
    // statements go (they are added at the end).
    let spans = socket_args(&prog);
    let mut edits: Vec<(Span, String)> = Vec::new();
    for (h, p) in &spans {
        edits.push((*h, "HOST".into()));
        edits.push((*p, "PORT".into()));
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
    let mut out = preamble(!spans.is_empty(), opts);
    if session_style {
        let seconds = if opts.batch_seconds.fract() == 0.0 {
            format!("{}", opts.batch_seconds as i64)
        } else {
            format!("{}", opts.batch_seconds)
        };
        out.push_str(&format!(
            "\nfrom pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\n\n\
             # In the streamlab REPL these two were predefined.\nsc = SparkContext({:?}, \"streamlab\")\n{} = StreamingContext(sc, {seconds})\n",
            opts.master,
            crate::session::SHELL_CONTEXT
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

/// `streamlab export` options.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The program (or a saved REPL session) to export.
    pub program: std::path::PathBuf,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "FILE.py")]
    pub output: Option<std::path::PathBuf>,
    /// The host the socket source reads from on the cluster.
    #[arg(long, default_value = "localhost")]
    pub host: String,
    /// The port the socket source reads from on the cluster.
    #[arg(long, default_value_t = 9999)]
    pub port: u16,
    /// The master, when the program relied on the REPL's predefined `sc`.
    #[arg(long, default_value = "local[2]")]
    pub master: String,
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
        ..ExportOptions::default()
    };
    match export(&src, &opts) {
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
