//! Exported programs on a real Spark standalone cluster (issue 21): a master
//! and one worker started on 127.0.0.1 from the installed PySpark, a DStream
//! notebook and a Structured Streaming program exported by streamlab and
//! submitted with `streamlab run --engine spark --master spark://...`, fed
//! by `streamlab produce`. The master's JSON status must show each
//! application, the worker an executor for it, and the records must match
//! streamlab's own run on the same input. Master and worker are stopped by
//! their process ids, also when the test fails. Where PySpark or Java is
//! missing, the test prints NOT RUN with the reason.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one submitted program may take to show all its records (this
/// machine can be slow; Spark's start alone takes a minute when busy).
const PROGRAM_DEADLINE: Duration = Duration::from_secs(300);

fn streamlab_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_streamlab"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A process this test started, stopped by its id when dropped (a panic
/// included). `group`: the process leads its own group, and the whole
/// group is signalled (spark-submit's JVM and the driver's python).
struct Guard {
    name: &'static str,
    child: Child,
    group: bool,
}

impl Guard {
    /// Send `sig` to the process (or its group); false when none is left.
    fn signal(&self, sig: &str) -> bool {
        let target = if self.group {
            format!("-{}", self.child.id())
        } else {
            self.child.id().to_string()
        };
        Command::new("kill")
            .args([sig, "--", &target])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Is the process (or any of its group) still there?
    fn alive(&mut self) -> bool {
        let leader = matches!(self.child.try_wait(), Ok(None));
        leader || (self.group && self.signal("-0"))
    }

    /// Send `sig`, and wait up to `patience` for the process (and its group)
    /// to end; true if it did.
    fn stop_with(&mut self, sig: &str, patience: Duration) -> bool {
        if !self.alive() {
            return true;
        }
        self.signal(sig);
        let began = Instant::now();
        while began.elapsed() < patience {
            if !self.alive() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.stop_with("-TERM", Duration::from_secs(20)) {
            eprintln!(
                "spark_cluster: {} did not stop on TERM; killing it",
                self.name
            );
            self.signal("-KILL");
        }
        let _ = self.child.wait();
    }
}

/// `spark-class` of the installed PySpark.
fn spark_class() -> Result<PathBuf, String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import os, pyspark; print(os.path.dirname(pyspark.__file__))",
        ])
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    let home = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let class = home.join("bin/spark-class");
    if class.is_file() {
        Ok(class)
    } else {
        Err(format!("no {} in the installed PySpark", class.display()))
    }
}

/// GET a JSON status page of the master or the worker.
fn get_json(port: u16) -> Option<serde_json::Value> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.write_all(b"GET /json/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let body = text.split_once("\r\n\r\n")?.1;
    serde_json::from_str(body).ok()
}

fn wait_for(what: &str, deadline: Duration, mut ready: impl FnMut() -> bool) {
    let began = Instant::now();
    while !ready() {
        assert!(
            began.elapsed() < deadline,
            "{what} did not happen within {deadline:?}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Start a Spark daemon with `spark-class CLASS ARGS`, its log in `log`.
fn daemon(name: &'static str, class: &Path, args: &[String], log: &Path, work: &Path) -> Guard {
    let log_file = std::fs::File::create(log).expect("log");
    let child = Command::new(class)
        .args(args)
        .current_dir(work)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("SPARK_LOG_DIR", work)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().expect("log"))
        .stderr(log_file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the {name}: {e}"));
    Guard {
        name,
        child,
        group: false,
    }
}

/// `streamlab produce FILE` on a port, sending every line once.
fn producer(file: &Path, port: u16) -> Guard {
    let child = Command::new(streamlab_bin())
        .arg("produce")
        .arg(file)
        .args(["--port", &port.to_string(), "--rate", "20", "-q"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("producer");
    Guard {
        name: "producer",
        child,
        group: false,
    }
}

/// Word counts of `--format jsonl` record lines (`('word', n)` reprs),
/// summed over batches.
fn summed_counts(lines: &[String]) -> BTreeMap<String, i64> {
    let mut totals = BTreeMap::new();
    for line in lines {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        for r in v["records"].as_array().into_iter().flatten() {
            let r = r.as_str().unwrap_or_default();
            let (word, n) = r
                .trim_matches(|c| c == '(' || c == ')')
                .rsplit_once(", ")
                .unwrap_or_else(|| panic!("not a (word, count) record: {r}"));
            *totals
                .entry(word.trim_matches('\'').to_string())
                .or_insert(0) += n.parse::<i64>().expect("count");
        }
    }
    totals
}

/// The rows of a Structured Streaming jsonl line as word -> count.
fn trigger_counts(line: &str) -> Option<BTreeMap<String, i64>> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let rows = v.get("rows")?.as_array()?;
    Some(
        rows.iter()
            .filter_map(|r| Some((r[0].as_str()?.to_string(), r[1].as_str()?.parse().ok()?)))
            .collect(),
    )
}

/// Run `streamlab run ARGS` on the cluster until `done` says the lines so
/// far are complete, then stop it with Ctrl-C, as a learner would. Returns
/// the lines, and the application's id and name as the master reported it
/// while it ran, with the worker's executors for it.
fn run_on_cluster(
    dir: &Path,
    args: &[String],
    master_ui: u16,
    worker_ui: u16,
    done: impl Fn(&[String]) -> bool,
) -> (Vec<String>, String, usize) {
    let err = std::fs::File::create(dir.join(format!("run-{}.log", args[0]))).expect("log");
    let mut child = Command::new(streamlab_bin());
    child
        .arg("run")
        .args(args)
        .current_dir(dir)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(err)
        .process_group(0);
    let mut run = Guard {
        name: "streamlab run --engine spark",
        child: child.spawn().expect("streamlab run"),
        group: true,
    };
    let stdout = run.child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let began = Instant::now();
    let mut lines = Vec::new();
    let mut app: Option<(String, usize)> = None;
    while !done(&lines) {
        assert!(
            began.elapsed() < PROGRAM_DEADLINE,
            "{args:?}: not all records within {PROGRAM_DEADLINE:?}; so far:\n{}\n(see run-{}.log in {})",
            lines.join("\n"),
            args[0],
            dir.display()
        );
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(line) => lines.push(line),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!(
                "{args:?} ended before all records came; so far:\n{}\n(see run-{}.log in {})",
                lines.join("\n"),
                args[0],
                dir.display()
            ),
        }
        // While it runs: the master lists the application, the worker an
        // executor for it.
        if app.is_none() {
            app = running_app(master_ui, worker_ui);
        }
    }
    if app.is_none() {
        app = running_app(master_ui, worker_ui);
    }
    let stopped = run.stop_with("-INT", Duration::from_secs(90));
    eprintln!("spark_cluster: {} stopped with Ctrl-C: {stopped}", args[0]);
    let (id, executors) = app.expect("the master listed the running application");
    (lines, id, executors)
}

/// The running application (the master's `activeapps`) and how many of the
/// worker's executors run for it.
fn running_app(master_ui: u16, worker_ui: u16) -> Option<(String, usize)> {
    let master = get_json(master_ui)?;
    let app = master["activeapps"].as_array()?.first()?.clone();
    let id = app["id"].as_str()?.to_string();
    let worker = get_json(worker_ui)?;
    let executors = worker["executors"]
        .as_array()?
        .iter()
        .filter(|e| e["appid"].as_str() == Some(id.as_str()))
        .count();
    (executors > 0).then_some((id, executors))
}

fn streamlab_ok(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(streamlab_bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("streamlab");
    assert!(
        out.status.success(),
        "streamlab {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn exported_programs_run_on_a_standalone_cluster() {
    if let Err(why) = common::spark_here() {
        println!("NOT RUN: {why}");
        return;
    }
    let class = match spark_class() {
        Ok(c) => c,
        Err(why) => {
            println!("NOT RUN: {why}");
            return;
        }
    };
    let began = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path();
    let (master_port, master_ui, worker_port, worker_ui) =
        (free_port(), free_port(), free_port(), free_port());
    let _master = daemon(
        "master",
        &class,
        &[
            "org.apache.spark.deploy.master.Master".into(),
            "--host".into(),
            "127.0.0.1".into(),
            "--port".into(),
            master_port.to_string(),
            "--webui-port".into(),
            master_ui.to_string(),
        ],
        &dir.join("master.log"),
        dir,
    );
    let master_url = format!("spark://127.0.0.1:{master_port}");
    // Two cores: a DStream receiver holds one for itself.
    let _worker = daemon(
        "worker",
        &class,
        &[
            "org.apache.spark.deploy.worker.Worker".into(),
            master_url.clone(),
            "--host".into(),
            "127.0.0.1".into(),
            "--port".into(),
            worker_port.to_string(),
            "--webui-port".into(),
            worker_ui.to_string(),
            "--cores".into(),
            "2".into(),
            "--memory".into(),
            "1g".into(),
            "--work-dir".into(),
            dir.join("work").display().to_string(),
        ],
        &dir.join("worker.log"),
        dir,
    );
    wait_for(
        "the master and its worker",
        Duration::from_secs(180),
        || {
            get_json(master_ui).is_some_and(|m| {
                m["status"] == "ALIVE"
                    && m["workers"]
                        .as_array()
                        .is_some_and(|w| w.iter().any(|w| w["state"] == "ALIVE"))
            })
        },
    );
    eprintln!(
        "spark_cluster: master and worker up after {:?}",
        began.elapsed()
    );

    let input = dir.join("input.txt");
    std::fs::write(
        &input,
        "to be or not to be\nthat is the question\nwhether tis nobler in the mind\nto suffer the slings\nand arrows of outrageous fortune\n",
    )
    .expect("input");

    // 1. A REPL session, exported as a notebook pointed at the producer,
    // whose code cells run on the cluster.
    let produce_port = free_port();
    std::fs::write(
        dir.join("session.py"),
        "lines = ssc.socketTextStream(\"localhost\", 9999)\n\n\
         counts = lines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)\n\n\
         counts.pprint()\n",
    )
    .expect("session");
    let port = produce_port.to_string();
    streamlab_ok(
        dir,
        &[
            "export",
            "session.py",
            "-o",
            "wordcount.ipynb",
            "--host",
            "127.0.0.1",
            "--port",
            &port,
        ],
    );
    // streamlab's own run on the same input.
    let ours = streamlab_ok(
        dir,
        &[
            "run",
            "wordcount.ipynb",
            "--replay",
            "input.txt",
            "--format",
            "jsonl",
        ],
    );
    let ours: Vec<String> = ours.lines().map(str::to_string).collect();
    let want = summed_counts(&ours);
    assert_eq!(want.get("to"), Some(&3), "{ours:?}");
    let _producer = producer(&input, produce_port);
    let (lines, app, executors) = run_on_cluster(
        dir,
        &[
            "wordcount.ipynb".into(),
            "--engine".into(),
            "spark".into(),
            "--master".into(),
            master_url.clone(),
            "--format".into(),
            "jsonl".into(),
        ],
        master_ui,
        worker_ui,
        |lines| summed_counts(lines) == want,
    );
    assert_eq!(summed_counts(&lines), want);
    eprintln!(
        "spark_cluster: DStream notebook ran as {app} with {executors} executor(s); {:?} so far",
        began.elapsed()
    );
    drop(_producer);

    // 2. A Structured Streaming program, exported, given the producer's
    // address as its arguments (as Spark's examples take them).
    let produce_port = free_port();
    std::fs::write(
        dir.join("structured.py"),
        "from pyspark.sql.functions import explode, split\n\
         lines = spark.readStream.format(\"socket\").option(\"host\", \"localhost\").option(\"port\", 9999).load()\n\
         words = lines.select(explode(split(lines.value, \" \")).alias(\"word\"))\n\
         query = words.groupBy(\"word\").count().writeStream.outputMode(\"complete\").format(\"console\").start()\n",
    )
    .expect("structured");
    streamlab_ok(
        dir,
        &["export", "structured.py", "-o", "structured_spark.py"],
    );
    let ours = streamlab_ok(
        dir,
        &[
            "run",
            "structured_spark.py",
            "--replay",
            "input.txt",
            "--format",
            "jsonl",
        ],
    );
    let want = ours
        .lines()
        .rev()
        .find_map(trigger_counts)
        .expect("streamlab's batches");
    assert_eq!(want.get("to"), Some(&3), "{ours}");
    let _producer = producer(&input, produce_port);
    let (lines, app, executors) = run_on_cluster(
        dir,
        &[
            "structured_spark.py".into(),
            "--engine".into(),
            "spark".into(),
            "--master".into(),
            master_url.clone(),
            "--format".into(),
            "jsonl".into(),
            "127.0.0.1".into(),
            produce_port.to_string(),
        ],
        master_ui,
        worker_ui,
        |lines| {
            lines
                .iter()
                .any(|l| trigger_counts(l).as_ref() == Some(&want))
        },
    );
    assert!(lines
        .iter()
        .any(|l| trigger_counts(l).as_ref() == Some(&want)));
    eprintln!(
        "spark_cluster: Structured Streaming program ran as {app} with {executors} executor(s); {:?} in all",
        began.elapsed()
    );

    // Both applications are the master's completed ones now.
    wait_for(
        "the master to list both applications as completed",
        Duration::from_secs(60),
        || {
            get_json(master_ui)
                .is_some_and(|m| m["completedapps"].as_array().is_some_and(|a| a.len() == 2))
        },
    );
}
