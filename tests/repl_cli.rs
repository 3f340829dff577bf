//! `streamlab repl` end to end, with piped input: values are echoed, errors
//! go to stderr, `:commands` work, and a started stream prints its batches.

use assert_cmd::Command;

fn repl(home: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("streamlab").expect("binary");
    cmd.arg("repl")
        .env("STREAMLAB_HOME", home.path())
        .current_dir(home.path())
        .timeout(std::time::Duration::from_secs(60));
    cmd
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn piped_lines_echo_values() {
    let home = tempfile::tempdir().expect("tmp");
    repl(&home)
        .write_stdin("x = 1\nx + 1\n")
        .assert()
        .success()
        .stdout("2\n")
        .stderr("");
}

#[test]
fn blocks_and_open_brackets_continue_on_the_next_lines() {
    let home = tempfile::tempdir().expect("tmp");
    repl(&home)
        .write_stdin("def f(a):\n    return a * 2\n\nf(21)\ny = (1,\n     2)\ny\n'ok'\n")
        .assert()
        .success()
        .stdout("42\n(1, 2)\n'ok'\n");
    // A block at the very end of the input needs no blank line.
    repl(&home)
        .write_stdin("def g():\n    return 7\n")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn errors_go_to_stderr_and_the_exit_code_is_1() {
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .write_stdin("nope\n:quti\n:load\n1 + 1\n")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out), "2\n", "later entries still run");
    let err = stderr_of(&out);
    assert!(
        err.contains("NameError: name 'nope' is not defined"),
        "{err}"
    );
    assert!(err.contains("<repl>:1:1"), "{err}");
    assert!(
        err.contains("streamlab: unknown command ':quti'. Did you mean ':quit'?\n"),
        "{err}"
    );
    assert!(
        err.contains("streamlab: ':load' needs a file name: :load FILE\n"),
        "{err}"
    );
}

#[test]
fn quit_stops_reading() {
    let home = tempfile::tempdir().expect("tmp");
    repl(&home)
        .write_stdin("1\n:q\n2\n")
        .assert()
        .success()
        .stdout("1\n");
}

#[test]
fn paused_stream_steps_and_waits_then_saves_a_program_that_runs() {
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .write_stdin(
            "s = ssc.queueStream([[1], [2], [3]], default=[0])\n\
             s.map(lambda x: x * 10).pprint()\n\
             :pause\n\
             ssc.start()\n\
             :step 2\n\
             :wait 2\n\
             :save wc.py\n",
        )
        .output()
        .expect("run");
    let stdout = stdout_of(&out);
    assert!(out.status.success(), "{stdout}{}", stderr_of(&out));
    let blocks: Vec<&str> = stdout
        .split("-------------------------------------------\nTime: ")
        .skip(1)
        .collect();
    assert_eq!(blocks.len(), 2, "{stdout}");
    assert!(
        blocks[0].ends_with("-------------------------------------------\n10\n\n"),
        "{stdout}"
    );
    assert!(
        blocks[1].contains("-------------------------------------------\n20\n\n"),
        "{stdout}"
    );
    assert!(stdout.starts_with("streamlab: clock paused"), "{stdout}");
    assert!(stdout.ends_with("streamlab: saved to wc.py\n"), "{stdout}");

    // The saved session is a program: streamlab run (and Spark) run it.
    let saved = std::fs::read_to_string(home.path().join("wc.py")).expect("saved");
    assert!(saved.contains("from pyspark.streaming import StreamingContext\n"));
    assert!(
        saved.ends_with("ssc.start()\nssc.awaitTermination()\n"),
        "{saved}"
    );
    let run = Command::cargo_bin("streamlab")
        .expect("binary")
        .args(["run", "--batches", "2"])
        .arg(home.path().join("wc.py"))
        .output()
        .expect("run");
    assert!(run.status.success());
    let printed = stdout_of(&run);
    assert!(
        printed.contains("\n10\n") && printed.contains("\n20\n"),
        "{printed}"
    );

    // And :load runs it in a new session, keeping the REPL's sc and ssc.
    let out = repl(&home)
        .write_stdin(":pause\n:load wc.py\n:step\n:wait\n")
        .output()
        .expect("run");
    let stdout = stdout_of(&out);
    assert!(out.status.success(), "{stdout}{}", stderr_of(&out));
    assert!(
        stdout.contains("loaded wc.py (lines 5, 6 skipped: the REPL's own sc and ssc are kept)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("-------------------------------------------\n10\n"),
        "{stdout}"
    );
}

#[test]
fn a_running_stream_prints_on_the_real_clock() {
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .write_stdin(
            "s = ssc.queueStream([['a', 'b', 'a']])\n\
             s.countByValue().pprint()\n\
             ssc.start()\n\
             :wait 1\n",
        )
        .output()
        .expect("run");
    let stdout = stdout_of(&out);
    assert!(out.status.success(), "{stdout}{}", stderr_of(&out));
    assert!(
        stdout.contains("('a', 2)\n") && stdout.contains("('b', 1)\n"),
        "{stdout}"
    );
}

#[test]
fn wait_without_a_stream_says_so() {
    let home = tempfile::tempdir().expect("tmp");
    repl(&home)
        .write_stdin(":wait 3\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "streamlab: :wait needs a running stream: type ssc.start() (or start a query) first\n",
        );
}

#[test]
fn help_lists_every_command() {
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .write_stdin(":help\n:help window\n")
        .output()
        .expect("run");
    let stdout = stdout_of(&out);
    for (_, usage, _) in streamlab::formats::command::COMMANDS {
        assert!(stdout.contains(usage), "{usage} missing from {stdout}");
    }
    assert!(stdout.contains("DStream.window(windowDuration, slideDuration=None)\n"));
}

#[test]
fn a_multi_line_def_in_piped_input_is_one_entry() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = assert_cmd::Command::cargo_bin("streamlab")
        .expect("binary")
        .env("STREAMLAB_HOME", home.path())
        .args(["repl", "--no-history"])
        .write_stdin("def f(x):\n    y = x + 1\n    return y * 2\n\nf(20)\n")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("42"), "{stdout}\n{stderr}");
}

#[test]
fn a_structured_query_prints_its_console_sink() {
    // A real producer on 127.0.0.1 serves three lines; the query reads it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = std::thread::spawn(move || {
        use std::io::Write;
        if let Ok((mut conn, _)) = listener.accept() {
            let _ = conn.write_all(b"a b a\nb c\n");
            std::thread::sleep(std::time::Duration::from_secs(3));
        }
    });
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .write_stdin(format!(
            "from pyspark.sql.functions import explode, split\n\
             lines = spark.readStream.format(\"socket\").option(\"host\", \"localhost\").option(\"port\", {port}).load()\n\
             words = lines.select(explode(split(lines.value, \" \")).alias(\"word\"))\n\
             q = words.groupBy(\"word\").count().writeStream.outputMode(\"complete\").format(\"console\").start()\n\
             :wait 2\n"
        ))
        .output()
        .expect("run");
    let _ = server.join();
    let stdout = stdout_of(&out);
    assert!(out.status.success(), "{stdout}{}", stderr_of(&out));
    // Batch 0 (empty), then Spark's table with the lines' counts.
    assert!(stdout.contains("Batch: 0\n"), "{stdout}");
    assert!(stdout.contains("Batch: 1\n"), "{stdout}");
    assert!(stdout.contains("|   a|    2|"), "{stdout}");
}

/// Issue 13: `:wait` while the clock is paused says so and returns, instead
/// of waiting forever; the batches that did come count.
#[test]
fn issue_13_wait_on_a_paused_clock_says_so_and_returns() {
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .timeout(std::time::Duration::from_secs(20))
        .write_stdin(
            ":pause\n\
             s = ssc.queueStream([['a'], ['b'], ['c']])\n\
             s.pprint()\n\
             ssc.start()\n\
             :step\n\
             :wait 2\n\
             :resume\n\
             :wait 1\n",
        )
        .output()
        .expect("run");
    let stdout = stdout_of(&out);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "streamlab: the batch clock is paused, so :wait 2 would wait forever (1 of 2 came): \
             :resume lets batches come, or :step N runs N of them\n"
        ),
        "{stderr}"
    );
    // The stepped batch, then the one :resume let come.
    assert!(
        stdout.contains("\na\n") && stdout.contains("\nb\n"),
        "{stdout}"
    );
}

/// The plain REPL with a StreamingContext named `streaming`: it prints the
/// batches once started, `:interval` knows it started, and `:save` ends the
/// program by awaiting `streaming`.
#[test]
fn a_context_named_streaming_runs_and_saves() {
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .write_stdin(
            "from pyspark.streaming import StreamingContext\n\
             streaming = StreamingContext(sc, 1)\n\
             nums = streaming.queueStream([[1, 2]])\n\
             nums.map(lambda x: x * 10).pprint()\n\
             streaming.start()\n\
             :wait 1\n\
             :interval 2s\n\
             :save s.py\n",
        )
        .output()
        .expect("runs");
    let stdout = stdout_of(&out);
    assert!(stdout.contains("10\n20\n"), "{stdout}");
    assert!(stdout.contains("from the next start"), "{stdout}");

    let saved = std::fs::read_to_string(home.path().join("s.py")).expect("saved");
    assert!(
        saved.ends_with("streaming.start()\nstreaming.awaitTermination()\n"),
        "{saved}"
    );
}

/// Issue 17: a `def` typed over two lines came back from `:restart` as an
/// unfinished entry and was dropped without a word, so the map using it
/// failed and `:save` lost it.
#[test]
fn issue_17_a_two_line_def_survives_restart_and_save() {
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .write_stdin(
            "def shout3(s):\n    return s.upper() + \"!\"\n\nlines = ssc.queueStream([[\"a b\"]])\nlines.map(shout3).pprint()\n:restart\nshout3('x')\n:save saved.py\n",
        )
        .output()
        .expect("run");
    let err = stderr_of(&out);
    assert!(
        out.status.success(),
        "{:?}\n{err}\n{}",
        out.status,
        stdout_of(&out)
    );
    assert_eq!(
        stdout_of(&out),
        "streamlab: restarted: 3 definitions replayed; no stream had been started, so none runs (ssc.start() starts it)\n'X!'\nstreamlab: saved to saved.py\n"
    );
    let saved = std::fs::read_to_string(home.path().join("saved.py")).expect("saved");
    assert!(
        saved.contains("def shout3(s):\n    return s.upper() + \"!\"\n"),
        "{saved}"
    );
    assert!(saved.contains("lines.map(shout3).pprint()"), "{saved}");
}

/// When a definition fails on `:restart` (here its file is gone), the
/// message says what to do, and it and every later entry are kept: `:save`
/// still writes all of them.
#[test]
fn issue_17_a_failed_replay_keeps_the_entries_it_did_not_run() {
    let home = tempfile::tempdir().expect("tmp");
    std::fs::write(home.path().join("words.txt"), "a b\n").expect("write");
    let out = repl(&home)
        .write_stdin(
            "import os\ntext = open('words.txt').read()\nos.remove('words.txt')\nlines = ssc.queueStream([[text]])\nlines.pprint()\n:restart\n:save saved.py\n",
        )
        .output()
        .expect("run");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("FileNotFoundError"), "{err}");
    assert!(
        err.contains(
            "4 entries are kept as typed but not run: fix the cause and type :restart again"
        ),
        "{err}"
    );
    let saved = std::fs::read_to_string(home.path().join("saved.py")).expect("saved");
    for line in [
        "import os",
        "text = open('words.txt').read()",
        "os.remove('words.txt')",
        "lines.pprint()",
    ] {
        assert!(saved.contains(line), "{line} missing from:\n{saved}");
    }
}

/// Issue 17: a `start()` that fails leaves the context stopped (as Spark
/// does). The fix typed next is kept, every refusal says the next step, and
/// one `:restart` rebuilds the graph with the fix and starts the stream.
#[test]
fn issue_17_a_failed_start_ends_in_a_running_stream_after_one_fix_and_restart() {
    let home = tempfile::tempdir().expect("tmp");
    let out = repl(&home)
        .write_stdin(
            "lines = ssc.queueStream([[\"a b\"], [\"c\"]])\nssc.start()\nlines.pprint()\nssc.start()\n:restart\n:wait 2\n",
        )
        .output()
        .expect("run");
    let err = stderr_of(&out);
    let stdout = stdout_of(&out);
    assert!(err.contains("No output operations registered"), "{err}");
    assert!(
        err.contains("Spark marks a context stopped when start() fails. Fix the cause"),
        "{err}"
    );
    assert!(
        err.contains(
            "This entry is kept: type :restart to rebuild the graph from your entries and start it"
        ),
        "{err}"
    );
    assert!(
        err.contains("A stopped context cannot start again in Spark: type :restart"),
        "{err}"
    );
    assert!(
        stdout.starts_with("streamlab: restarted: 2 definitions replayed, stream started\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\na b\n") && stdout.contains("\nc\n"),
        "{stdout}"
    );
}
