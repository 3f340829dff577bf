//! Exported programs on a real PySpark, seen through streamlab's printers.
//!
//! `streamlab run PROGRAM.py --engine spark` writes the exported program
//! unchanged, and next to it a small harness (`spark_harness.py`) that runs it
//! and reports every output operation's records of every batch as one tagged
//! JSON line on stdout. streamlab turns those lines into its own pprint blocks
//! or `--format jsonl` lines, so the same program can be compared on both
//! engines. With several programs the harness runs them one after another on
//! one SparkContext, which is how the real-Spark conformance test runs the
//! whole suite in one Spark process.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

/// The harness, written as [`HARNESS_FILE`] next to the exported program.
pub const HARNESS: &str = include_str!("spark_harness.py");

/// The harness's file name (it imports itself under this module name).
pub const HARNESS_FILE: &str = "streamlab_harness.py";

/// The start of every line the harness writes; other lines on the Spark
/// process's stdout are Spark's or the program's own.
pub const TAG: &str = "@streamlab@ ";

/// Spark settings for every run: no console progress bar, and Spark's log
/// from warnings up (its INFO lines would bury the batches).
pub const QUIET: &[(&str, &str)] = &[
    ("spark.ui.showConsoleProgress", "false"),
    ("spark.log.level", "WARN"),
];

/// Spark's manual clock: the harness moves it one batch interval at a time
/// as soon as the previous batch is done, so batches do not wait for the
/// wall clock (batch times then count from the epoch).
pub const MANUAL_CLOCK: (&str, &str) =
    ("spark.streaming.clock", "org.apache.spark.util.ManualClock");

/// How to start PySpark on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launcher {
    /// `spark-submit` on PATH.
    SparkSubmit,
    /// A python that can import pyspark.
    Python(String),
}

impl Launcher {
    /// spark-submit on PATH, else python3 or python with pyspark installed.
    pub fn find() -> Option<Launcher> {
        let quiet = |c: &mut Command| {
            c.stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
        };
        let mut probe = Command::new("spark-submit");
        probe.arg("--version");
        quiet(&mut probe);
        if probe.status().is_ok_and(|s| s.success()) {
            return Some(Launcher::SparkSubmit);
        }
        for py in ["python3", "python"] {
            let mut probe = Command::new(py);
            probe.args(["-c", "import pyspark"]);
            quiet(&mut probe);
            if probe.status().is_ok_and(|s| s.success()) {
                return Some(Launcher::Python(py.to_string()));
            }
        }
        None
    }

    /// `spark-submit`, or the python's name (`python3`).
    pub fn describe(&self) -> String {
        match self {
            Launcher::SparkSubmit => "spark-submit".into(),
            Launcher::Python(py) => py.clone(),
        }
    }

    /// The command running `script` with `args`, with these Spark settings.
    pub fn command(&self, script: &Path, args: &[&Path], conf: &[(&str, &str)]) -> Command {
        self.submit(None, script, args, conf)
    }

    /// [`Launcher::command`] on a master (`spark://HOST:PORT`, `yarn`,
    /// `local[2]`...; None: Spark's default), as `spark-submit --master` gives it.
    pub fn submit(
        &self,
        master: Option<&str>,
        script: &Path,
        args: &[&Path],
        conf: &[(&str, &str)],
    ) -> Command {
        let mut cmd = match self {
            Launcher::SparkSubmit => {
                let mut cmd = Command::new("spark-submit");
                if let Some(m) = master {
                    cmd.arg("--master").arg(m);
                }
                for (k, v) in conf {
                    cmd.arg("--conf").arg(format!("{k}={v}"));
                }
                cmd
            }
            Launcher::Python(py) => {
                // pyspark launches its JVM with these arguments.
                let mut submit: Vec<String> = master
                    .map(|m| format!("--master {m}"))
                    .into_iter()
                    .collect();
                submit.extend(conf.iter().map(|(k, v)| format!("--conf {k}={v}")));
                submit.push(
                    std::env::var("PYSPARK_SUBMIT_ARGS").unwrap_or_else(|_| "pyspark-shell".into()),
                );
                let mut cmd = Command::new(py);
                cmd.env("PYSPARK_SUBMIT_ARGS", submit.join(" "));
                cmd
            }
        };
        cmd.arg(script);
        cmd.args(args);
        cmd
    }
}

/// One program for the harness to run.
#[derive(Debug, Clone, Serialize)]
pub struct HarnessProgram {
    /// The exported program.
    pub file: PathBuf,
    /// Stop after this many batches (run until stopped otherwise).
    pub batches: Option<u64>,
    /// With a shared context: the directory the program runs in.
    pub cwd: Option<PathBuf>,
    /// The program's arguments: its `sys.argv[1:]`.
    #[serde(default)]
    pub args: Vec<String>,
}

/// What the harness runs, and how.
#[derive(Debug, Clone, Serialize)]
pub struct HarnessConfig {
    pub tag: String,
    pub programs: Vec<HarnessProgram>,
    /// Run the programs one after another on one SparkContext, each reported
    /// with an end line (its error, if it failed) instead of ending the run.
    pub shared_context: bool,
    /// With a batch count: give up on a program whose batches take longer.
    pub timeout_seconds: Option<f64>,
    /// Structured Streaming: report every console sink's micro-batches as
    /// tagged lines ([`TriggerLine`]) instead of letting Spark print them.
    #[serde(default)]
    pub report_queries: bool,
}

impl HarnessConfig {
    /// One program, run the way `streamlab run --engine spark` runs it.
    pub fn single(file: PathBuf, batches: Option<u64>) -> HarnessConfig {
        HarnessConfig {
            tag: TAG.into(),
            programs: vec![HarnessProgram {
                file,
                batches,
                cwd: None,
                args: Vec::new(),
            }],
            shared_context: false,
            timeout_seconds: None,
            report_queries: false,
        }
    }
}

/// Write the harness and its configuration into `dir`; returns the harness's
/// path and the configuration's path.
pub fn write_harness(dir: &Path, config: &HarnessConfig) -> std::io::Result<(PathBuf, PathBuf)> {
    let script = dir.join(HARNESS_FILE);
    let config_path = dir.join("streamlab_harness.json");
    std::fs::write(&script, HARNESS)?;
    let json = serde_json::to_string_pretty(config).map_err(std::io::Error::other)?;
    std::fs::write(&config_path, json)?;
    Ok((script, config_path))
}

/// The records one output operation produced in one batch on Spark.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SparkBatch {
    pub program: usize,
    pub batch: u64,
    pub output: usize,
    /// The batch time, in epoch milliseconds.
    pub time: i64,
    /// `repr()` of every record, in the RDD's order.
    pub records: Vec<String>,
    /// For pprint: its `num`.
    #[serde(default)]
    pub pprint: Option<usize>,
    /// For pprint: `str()` of the first `num` records.
    #[serde(default)]
    pub shown: Vec<String>,
    /// For pprint: there were more than `num` records.
    #[serde(default)]
    pub more: bool,
}

/// How a program rejected by Spark failed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SparkError {
    /// The Python exception's type, or the Java exception's class (its simple name).
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
}

/// With a shared context: a program finished.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProgramEnd {
    pub program: usize,
    pub end: bool,
    pub error: Option<SparkError>,
    #[serde(default)]
    pub seconds: f64,
}

/// One micro-batch a Structured Streaming query wrote to its console sink
/// on Spark: the rows as strings (Spark's cast to string), null as None.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TriggerLine {
    pub query: usize,
    pub batch: u64,
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

/// A line of the harness.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum HarnessLine {
    End(ProgramEnd),
    Batch(SparkBatch),
    Trigger(TriggerLine),
    /// Text the program wrote to its stderr (see the harness's `_TaggedStderr`).
    Stderr {
        stderr: String,
    },
}

/// A harness line whose JSON could not be read: the JSON and why.
#[derive(Debug, thiserror::Error)]
#[error("unreadable harness line ({error}): {json}")]
pub struct UnreadableLine {
    pub json: String,
    pub error: serde_json::Error,
}

/// `None` for a line that is not the harness's; otherwise what it says, or
/// why it could not be read.
pub fn parse_line(line: &str) -> Option<Result<HarnessLine, UnreadableLine>> {
    let json = line.trim_end_matches(['\r', '\n']).strip_prefix(TAG)?;
    Some(serde_json::from_str(json).map_err(|error| UnreadableLine {
        json: json.to_string(),
        error,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_batches_and_ends_and_leaves_other_lines() {
        let b = parse_line(
            "@streamlab@ {\"program\": 0, \"batch\": 2, \"output\": 1, \"time\": 3000, \"records\": [\"('a', 1)\"], \"pprint\": 10, \"shown\": [\"('a', 1)\"], \"more\": false}",
        );
        match b {
            Some(Ok(HarnessLine::Batch(b))) => {
                assert_eq!((b.batch, b.output, b.time), (2, 1, 3000));
                assert_eq!(b.records, ["('a', 1)"]);
                assert_eq!(b.pprint, Some(10));
            }
            other => panic!("{other:?}"),
        }
        let e = parse_line(
            "@streamlab@ {\"program\": 3, \"end\": true, \"error\": {\"type\": \"IndexError\", \"message\": \"list index out of range\"}, \"seconds\": 0.1}",
        );
        match e {
            Some(Ok(HarnessLine::End(e))) => {
                assert_eq!(e.program, 3);
                assert_eq!(e.error.map(|e| e.kind).as_deref(), Some("IndexError"));
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_line("WARN NativeCodeLoader: ...").is_none());
        match parse_line("@streamlab@ {not json") {
            Some(Err(e)) => {
                assert_eq!(e.json, "{not json");
                assert!(
                    e.to_string()
                        .starts_with("unreadable harness line (key must be a string")
                        && e.to_string().ends_with("): {not json"),
                    "{e}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn python_launcher_passes_spark_settings_to_pyspark() {
        let cmd = Launcher::Python("python3".into()).command(
            Path::new("h.py"),
            &[Path::new("c.json")],
            &[MANUAL_CLOCK],
        );
        let submit = cmd
            .get_envs()
            .find(|(k, _)| *k == "PYSPARK_SUBMIT_ARGS")
            .and_then(|(_, v)| v)
            .map(|v| v.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            submit.starts_with("--conf spark.streaming.clock=org.apache.spark.util.ManualClock ")
        );
        let args: Vec<_> = cmd.get_args().collect();
        assert_eq!(args, ["h.py", "c.json"]);
    }
}
