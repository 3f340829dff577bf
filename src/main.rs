//! The `streamlab` command.

use clap::{Parser, Subcommand};

use streamlab::cli::run::{run, RunArgs};
use streamlab::producer::cli::{produce, ProduceArgs};

/// Records are many small allocations (strings, tuples); mimalloc handles
/// that pattern much faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in mimalloc.h).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keep memory a batch freed for 10 s before giving it back to the system
/// (mimalloc's default is 10 ms): each batch reuses the last one's pages
/// instead of faulting in fresh ones the kernel must zero, which took about
/// a tenth of a word count's time; the peak is unchanged, and an idle
/// session still returns its memory. `MIMALLOC_PURGE_DELAY` overrides it.
#[allow(unsafe_code)]
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option; mimalloc reads options atomically
        // and this runs before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10_000) };
    }
}

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
    /// Open the terminal UI (what `streamlab` with no command does in a terminal).
    Ui(UiArgs),
    /// Write a program (or a saved session) as a complete PySpark program for a real cluster.
    Export(streamlab::export::ExportArgs),
    /// List the guided lessons and your progress.
    Lessons,
    /// Open lesson N in the UI, or check a program against it with --check.
    Lesson(streamlab::lessons::cli::LessonArgs),
    /// A plain line REPL (no panes): type PySpark code, batches print above
    /// the prompt; reads piped input too (`:wait N` waits for batches).
    Repl(streamlab::cli::repl::ReplArgs),
    /// Play a demo script in the UI at human speed, and record it (asciicast v2).
    Demo(streamlab::demo::DemoArgs),
}

/// Options of the terminal UI.
#[derive(clap::Args, Debug, Default)]
struct UiArgs {
    /// What the embedded producer streams: a dataset name (big1, weblogs, sensors, posts, events).
    #[arg(long, default_value = "big1")]
    dataset: String,
    /// The port the embedded producer listens on (a free one if taken).
    #[arg(long, default_value_t = 9999)]
    port: u16,
    /// Delay between the producer's lines, e.g. 500ms or 1s (`:delay` changes it while running).
    #[arg(long, default_value = streamlab::ui::DEFAULT_DELAY, value_parser = streamlab::formats::duration::parse_duration)]
    delay: std::time::Duration,
}

/// The built-in example `streamlab` runs when given no command and stdout is
/// not a terminal: the classic word count over a few replayed lines.
const EXAMPLE: &str = include_str!("../lessons/examples/wordcount.py");
const EXAMPLE_INPUT: &str = include_str!("../lessons/examples/wordcount.txt");

fn main() {
    tune_allocator();
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Run(args)) => run(args),
        Some(Command::Produce(args)) => produce(args),
        Some(Command::Ui(args)) => ui(args),
        Some(Command::Export(args)) => streamlab::export::run(args),
        Some(Command::Lessons) => streamlab::lessons::cli::list(),
        Some(Command::Lesson(args)) => streamlab::lessons::cli::lesson(args),
        Some(Command::Repl(args)) => streamlab::cli::repl::repl(args),
        Some(Command::Demo(args)) => streamlab::demo::run(args),
        None => {
            use std::io::IsTerminal;
            if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
                ui(UiArgs {
                    dataset: "big1".into(),
                    port: streamlab::ui::DEFAULT_PORT,
                    delay: streamlab::ui::default_delay(),
                })
            } else {
                println!("streamlab: standard output is not a terminal, so the terminal UI does not open.");
                example()
            }
        }
    };
    std::process::exit(code);
}

fn ui(args: UiArgs) -> i32 {
    let Some(dataset) = streamlab::producer::Dataset::from_name(&args.dataset) else {
        let names: Vec<&str> = streamlab::producer::Dataset::ALL
            .iter()
            .map(|d| d.name())
            .collect();
        eprintln!(
            "error: unknown dataset '{}'; choose one of: {}",
            args.dataset,
            names.join(", ")
        );
        return 2;
    };
    streamlab::ui::run(streamlab::ui::UiOptions {
        lines: dataset.lines(),
        source_name: format!("{}.txt", dataset.name()),
        port: args.port,
        delay: args.delay,
        lesson: None,
    })
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
        program_args: Vec::new(),
        engine: streamlab::cli::run::Engine::Streamlab,
        master: None,
        host: None,
        port: None,
        batches: Some(3),
        format: streamlab::cli::printer::Format::Pprint,
        replay: Some(input),
        lines_per_batch: 2,
        replay_batches: None,
        start_ms: None,
        checkpoint: None,
        pace: 0,
        explain: false,
        max_rate: None,
        checkpoint_interval: None,
        max_line: streamlab::sources::socket::DEFAULT_MAX_LINE,
    });
    let _ = std::fs::remove_dir_all(&dir);
    code
}
