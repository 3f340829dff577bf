//! The `streamlab` command.

use clap::{Parser, Subcommand};

use streamlab::cli::run::{run, RunArgs};
use streamlab::producer::cli::{produce, ProduceArgs};

/// Records are many small allocations (strings, tuples); mimalloc handles
/// that pattern much faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Learn Spark Streaming by doing: run PySpark DStream programs and watch their batches.
#[derive(Parser)]
#[command(name = "streamlab", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a PySpark DStream program headless and print its batches.
    Run(RunArgs),
    /// Serve a text file over TCP one line at a time, like the classic
    /// producer script (for `socketTextStream("localhost", 9999)`).
    Produce(ProduceArgs),
}

/// The built-in example `streamlab` runs when given no command (until the
/// terminal UI lands): the classic word count over a few replayed lines.
const EXAMPLE: &str = include_str!("../lessons/examples/wordcount.py");
const EXAMPLE_INPUT: &str = include_str!("../lessons/examples/wordcount.txt");

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Run(args)) => run(args),
        Some(Command::Produce(args)) => produce(args),
        None => example(),
    };
    std::process::exit(code);
}

fn example() -> i32 {
    use clap::CommandFactory;
    let _ = Cli::command().print_help();
    println!("\nRunning the built-in example (lessons/examples/wordcount.py) on 3 batches of replayed lines:\n");
    for line in EXAMPLE.lines().filter(|l| !l.starts_with('#')) {
        println!("    {line}");
    }
    println!();
    let dir = std::env::temp_dir().join(format!("streamlab-example-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        eprintln!("error: cannot create a temporary directory for the example");
        return 1;
    }
    let prog = dir.join("wordcount.py");
    let input = dir.join("wordcount.txt");
    if std::fs::write(&prog, EXAMPLE).is_err() || std::fs::write(&input, EXAMPLE_INPUT).is_err() {
        eprintln!("error: cannot write the example files to {}", dir.display());
        return 1;
    }
    let code = run(RunArgs {
        program: prog,
        batches: Some(3),
        format: streamlab::cli::printer::Format::Pprint,
        replay: Some(input),
        lines_per_batch: 2,
        start_ms: None,
        checkpoint: None,
        pace: 0,
        explain: false,
    });
    let _ = std::fs::remove_dir_all(&dir);
    code
}
