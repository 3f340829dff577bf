//! The way out to real Spark: `streamlab export PROGRAM.py` (and `:export` in
//! the UI) writes a complete PySpark program.
//!
//! The program is checked first (it must parse, compile and build its stream
//! graph here), then completed: the imports, `sc`/`ssc` when a REPL session
//! relied on the predefined ones, the socket source pointed at `HOST`/`PORT`
//! constants set at the top, and `ssc.start()`/`ssc.awaitTermination()`. A
//! REPL session's start moves to the end (on Spark nothing can be added to a
//! started context); a program file keeps its order and only gets what it
//! lacks. The result stays inside streamlab's subset, so it runs unchanged both
//! on Spark and with `streamlab run`.

pub mod spark_run;

use std::sync::Arc;

use crate::lang::ast::{Expr, ExprKind, Program, Span, Stmt, StmtKind};
use crate::lang::parse::parse_program;
use crate::session::context::InertHost;
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

fn walk_expr<'a>(e: &'a Expr, found: &mut Vec<&'a Expr>) {
    if let ExprKind::Call { func, args, kwargs } = &e.kind {
        if let ExprKind::Attribute { attr, value, .. } = &func.kind {
            if SOURCE_CALLS.contains(&attr.as_str()) {
                found.push(e);
            }
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
        StmtKind::If { branches, orelse } => {
            for (c, b) in branches {
                walk_expr(c, found);
                b.iter().for_each(|s| walk_stmt(s, found));
            }
            orelse.iter().flatten().for_each(|s| walk_stmt(s, found));
        }
        StmtKind::Return(Some(e)) => walk_expr(e, found),
        _ => {}
    }
}

fn source_calls(prog: &Program) -> Vec<&Expr> {
    let mut calls = Vec::new();
    prog.stmts.iter().for_each(|s| walk_stmt(s, &mut calls));
    calls
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

/// Does the program use the DataFrame streaming API (Structured Streaming)?
pub fn is_structured(src: &str) -> bool {
    src.lines()
        .any(|l| !l.trim_start().starts_with('#') && l.contains(".readStream"))
}

/// Export a Structured Streaming program: the session it relied on, the
/// socket options pointed at HOST/PORT, and a wait for its queries.
fn export_structured(
    src: &str,
    prog: &Program,
    opts: &ExportOptions,
) -> Result<String, ProgramError> {
    let session_style = !defines(prog, "spark");
    let session = Session::new(Arc::new(InertHost));
    if session_style {
        session
            .define_shell_contexts(&opts.master, (opts.batch_seconds * 1000.0) as i64)
            .map_err(ProgramError::Runtime)?;
    }
    session.run_program(src)?;
    let mut body = src.to_string();
    let mut spans = socket_options(prog);
    spans.sort_by_key(|(_, s)| std::cmp::Reverse(s.start));
    for (name, span) in &spans {
        body.replace_range(span.start..span.end, name);
    }
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
    let waits = body.lines().any(|l| {
        let t = l.trim_start();
        !t.starts_with('#')
            && (t.contains(".awaitTermination(") || t.contains("awaitAnyTermination("))
    });
    if !waits {
        out.push_str("\nspark.streams.awaitAnyTermination()\n");
    }
    Ok(out)
}

fn defines(prog: &Program, name: &str) -> bool {
    prog.stmts.iter().any(|s| match &s.kind {
        StmtKind::Assign {
            target: crate::lang::ast::Target::Name(n, _),
            ..
        } => n == name,
        _ => false,
    })
}

/// Export a program (a `.py` file or a REPL session's entries) to PySpark.
pub fn export(src: &str, opts: &ExportOptions) -> Result<String, ProgramError> {
    let prog = parse_program(src).map_err(ProgramError::Syntax)?;
    if is_structured(src) {
        return export_structured(src, &prog, opts);
    }
    let session_style = !defines(&prog, "ssc");
    // Check it the way streamlab runs it (with sc/ssc predefined for a session).
    let session = Session::new(Arc::new(InertHost));
    if session_style {
        session
            .define_shell_contexts(&opts.master, (opts.batch_seconds * 1000.0) as i64)
            .map_err(ProgramError::Runtime)?;
    }
    // Starting, waiting and stopping move to the end: on Spark nothing can be
    // added to a started context, while a REPL session may have kept lines
    // typed after `ssc.start()` (for :restart).
    let without_lifecycle = |text: &str| -> String {
        text.lines()
            .filter(|l| {
                let t = l.trim_start();
                !(t.starts_with("ssc.start()")
                    || t.starts_with("ssc.awaitTermination")
                    || t.starts_with("ssc.stop("))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    // A program file is checked as written; a REPL session as it will be exported.
    if session_style {
        session.run_program(&format!("{}\nssc.start()\n", without_lifecycle(src)))?;
    } else {
        session.run_program(src)?;
    }

    // Point every socket source at HOST/PORT (replacing from the end keeps spans valid).
    let mut body = src.to_string();
    let mut spans = socket_args(&prog);
    spans.sort_by_key(|(h, _)| std::cmp::Reverse(h.start));
    for (h, p) in &spans {
        body.replace_range(p.start..p.end, "PORT");
        body.replace_range(h.start..h.end, "HOST");
    }
    let body = if session_style {
        without_lifecycle(&body)
    } else {
        body
    };
    let mut out = preamble(!spans.is_empty(), opts);
    if session_style {
        let seconds = if opts.batch_seconds.fract() == 0.0 {
            format!("{}", opts.batch_seconds as i64)
        } else {
            format!("{}", opts.batch_seconds)
        };
        out.push_str(&format!(
            "\nfrom pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\n\n\
             # In the streamlab REPL these two were predefined.\nsc = SparkContext({:?}, \"streamlab\")\nssc = StreamingContext(sc, {seconds})\n",
            opts.master
        ));
    }
    out.push('\n');
    out.push_str(body.trim_end());
    out.push('\n');
    let has = |what: &str| body.lines().any(|l| l.trim_start().starts_with(what));
    if session_style || !has("ssc.start()") {
        out.push_str("\nssc.start()\n");
    }
    if session_style || !has("ssc.awaitTermination") {
        out.push_str("ssc.awaitTermination()\n");
    }
    Ok(out)
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
