//! The real binary in a real terminal (tmux): open the UI, type the word count
//! line by line, start it, type a line into the producer pane and see its
//! words counted, pause, step one batch, quit, and check that the terminal is
//! restored. Waits poll the screen with generous limits; nothing here is a
//! timing assertion.

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    session: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(args).output().expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", &self.session])
    }
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }
    /// Type text literally, then Enter.
    fn line(&self, text: &str) {
        self.cmd(&["send-keys", "-t", &self.session, "-l", text]);
        self.keys(&["Enter"]);
        std::thread::sleep(Duration::from_millis(150));
    }
    /// Wait until the screen satisfies `pred`; panic with the screen if it never does.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen was:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .output();
    }
}

/// After streamlab exits, the pane shows the terminal's line discipline as
/// `tty: icanon echo ` (cooked, as a shell wants it) or `tty: -icanon -echo `
/// (left raw).
const TTY_MODES: &str =
    "echo \"tty: $(stty -a | tr ' ;' '\\n\\n' | grep -xE -e '-?(icanon|echo)' | tr '\\n' ' ')\"";

/// Start `streamlab ARGS` (ARGS made from the test's home directory) in a new
/// tmux session of `w`x`h`, with its own STREAMLAB_HOME. After it exits, the
/// pane says `streamlab exited with N`. None (and a SKIPPED line saying why)
/// when tmux is missing.
fn start(
    test: &str,
    w: u16,
    h: u16,
    args: impl FnOnce(&std::path::Path) -> String,
) -> Option<(Tmux, tempfile::TempDir)> {
    start_with_env(test, w, h, "", args)
}

/// As [`start`], with `env` (like `NO_COLOR=1 `) before the command.
fn start_with_env(
    test: &str,
    w: u16,
    h: u16,
    env: &str,
    args: impl FnOnce(&std::path::Path) -> String,
) -> Option<(Tmux, tempfile::TempDir)> {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED {test}: tmux is not installed (bash .ci/run installs it)");
        return None;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let session = format!("streamlab-{test}-{}", std::process::id());
    let script = format!(
        "{env}STREAMLAB_HOME={} {} {}; echo \"streamlab exited with $?\"; {TTY_MODES}; sleep 60",
        home.path().display(),
        env!("CARGO_BIN_EXE_streamlab"),
        args(home.path())
    );
    let status = Command::new("tmux")
        .args(["new-session", "-d", "-s", &session])
        .args(["-x", &w.to_string(), "-y", &h.to_string()])
        .args(["sh", "-c", &script])
        .status()
        .expect("start tmux");
    assert!(status.success());
    Some((Tmux { session }, home))
}

impl Tmux {
    /// A tmux format variable of the pane, like `#{alternate_on}`.
    fn pane_var(&self, var: &str) -> String {
        self.cmd(&["display-message", "-p", "-t", &self.session, var])
            .trim()
            .to_string()
    }

    /// Send `signal` (HUP, INT...) to the streamlab process the pane runs
    /// (the child of the pane's shell).
    fn kill_program(&self, signal: &str) {
        let shell = self.pane_var("#{pane_pid}");
        let child = std::fs::read_dir("/proc")
            .expect("/proc")
            .filter_map(|e| e.ok())
            .find_map(|e| {
                let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
                // pid (comm) state ppid ...
                let after = &stat[stat.rfind(')')? + 2..];
                let ppid = after.split_whitespace().nth(1)?;
                (ppid == shell).then(|| e.file_name().to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| panic!("no child of the pane's shell {shell}"));
        let status = Command::new("kill")
            .args(["-s", signal, &child])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -s {signal} {child}");
    }

    /// Wait for streamlab to exit; check the status and that the terminal was
    /// given back: cooked (echo, icanon), the main screen, the cursor shown.
    fn expect_exit_restored(&self, code: i32) -> String {
        let s = self.wait_for("streamlab to exit", |s| s.contains("tty: "));
        assert!(
            s.contains(&format!("streamlab exited with {code}")),
            "expected exit status {code}:\n{s}"
        );
        assert!(
            s.contains("tty: icanon echo"),
            "the terminal is left raw:\n{s}"
        );
        assert_eq!(
            self.pane_var("#{alternate_on} #{cursor_flag}"),
            "0 1",
            "the main screen with the cursor shown:\n{s}"
        );
        s
    }
}

/// True when a batch box shows a non-zero record count.
fn nonzero_box(screen: &str) -> bool {
    // A batch's count is in its box's top border: `┌12──────┐`.
    screen.split('┌').skip(1).any(|rest| {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        rest[digits.len()..].starts_with('─') && digits.parse::<u32>().is_ok_and(|n| n > 0)
    })
}

/// The batch number shown in the status bar (`batch N at ...`).
fn batch_number(screen: &str) -> Option<u64> {
    let at = screen.rfind(" batch ")?;
    screen[at + 7..].split_whitespace().next()?.parse().ok()
}

#[test]
fn learner_session_in_a_real_terminal() {
    let Some((t, home)) = start("learner-session", 120, 36, |_| {
        "ui --port 0 --delay 100ms".into()
    }) else {
        return;
    };

    // The UI opens with the REPL focused and the producer listening.
    let s = t.wait_for("the producer to listen", |s| {
        s.contains("Listening for a client at 127.0.0.1")
    });
    let port: u16 = s
        .split("Listening for a client at 127.0.0.1 ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|p| p.trim_end_matches('│').parse().ok())
        .unwrap_or_else(|| panic!("no port on screen:\n{s}"));
    assert!(s.contains(">>>"), "{s}");

    // Type the word count line by line and start it.
    t.line(&format!(
        "lines = ssc.socketTextStream(\"localhost\", {port})"
    ));
    // Tab completes `flatM` to `flatMap` (the rest of the pipeline needs it).
    t.cmd(&["send-keys", "-t", &t.session, "-l", "words = lines.flatM"]);
    t.keys(&["Tab"]);
    std::thread::sleep(Duration::from_millis(200));
    t.line("(lambda l: l.split())");
    t.wait_for("the completed entry", |s| {
        s.contains(">>> words = lines.flatMap(lambda l: l.split())")
    });
    t.line("counts = words.map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)");
    t.line("counts.pprint(100)");
    t.line("ssc.start()");
    t.wait_for("counts in Output", |s| s.contains("('"));
    t.wait_for("the graph in Pipeline", |s| {
        s.contains("reduceByKey") && s.contains("shuffle")
    });

    // Pause the producer's file (F4), then type a line into the producer
    // pane: it is sent at once and its words are counted.
    t.keys(&["F4"]);
    t.wait_for("the producer paused", |s| s.contains("Producer [paused"));
    t.keys(&["Tab"]);
    t.line("zebra zebra zebra");
    t.wait_for("the typed words counted", |s| s.contains("('zebra', 3)"));

    // Pause: the batch number stops; step: exactly one more batch.
    t.keys(&["F2"]);
    let paused = t.wait_for("the paused clock", |s| s.contains("PAUSED"));
    std::thread::sleep(Duration::from_millis(300));
    let before = batch_number(&t.screen()).unwrap_or_else(|| panic!("no batch number:\n{paused}"));
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(
        batch_number(&t.screen()),
        Some(before),
        "no batch runs while paused"
    );
    t.keys(&["F3"]);
    t.wait_for("one stepped batch", |s| batch_number(s) == Some(before + 1));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        batch_number(&t.screen()),
        Some(before + 1),
        "a step runs exactly one batch"
    );

    // Quit: the UI is gone and the shell's screen is back.
    t.keys(&["C-q"]);
    let s = t.wait_for("streamlab to exit", |s| s.contains("streamlab exited with"));
    assert!(s.contains("streamlab exited with 0"), "{s}");
    assert!(
        !s.contains("┏ REPL") && !s.contains("Producer ["),
        "the terminal is restored:\n{s}"
    );
    // The history was saved for the next run.
    let history = std::fs::read_to_string(home.path().join("history")).expect("history saved");
    assert!(history.contains("ssc.start()"), "{history}");
}

#[test]
fn a_taken_port_moves_the_producer_and_resizing_never_breaks_the_ui() {
    // Another program holds the port the UI wants.
    let squatter = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let taken = squatter.local_addr().expect("addr").port();
    let Some((t, _home)) = start("taken-port", 120, 36, |_| {
        format!("ui --port {taken} --delay 100ms")
    }) else {
        return;
    };
    let s = t.wait_for("the note about the taken port", |s| {
        s.contains("is used by another program")
    });
    assert!(s.contains(&format!("port {taken} is used")), "{s}");
    // The learner's code names the taken port, and still reaches the producer.
    t.line(&format!(
        "ssc.socketTextStream(\"localhost\", {taken}).count().pprint()"
    ));
    t.line("ssc.start()");
    t.wait_for(
        "records in the batch boxes through the redirected port",
        nonzero_box,
    );
    // Resize: smaller, tiny (a message, not a broken layout), and back.
    for (w, h) in [("80", "24"), ("40", "10"), ("120", "36")] {
        t.cmd(&["resize-window", "-t", &t.session, "-x", w, "-y", h]);
        std::thread::sleep(Duration::from_millis(400));
        let s = t.screen();
        if w == "40" {
            assert!(
                s.contains("Enlarge the terminal") || s.contains("enlarge"),
                "{s}"
            );
        } else {
            assert!(s.contains("REPL"), "{s}");
        }
    }
    t.keys(&["C-q"]);
    let s = t.wait_for("streamlab to exit", |s| s.contains("streamlab exited with"));
    assert!(s.contains("streamlab exited with 0"), "{s}");
    drop(squatter);
}

#[test]
fn a_newcomer_finishes_lesson_one_in_the_ui() {
    // Port 0 would change what the lesson tells the learner to type; the
    // lesson's producer moves to a free port if 9999 is taken and the
    // learner's 9999 still reaches it.
    let Some((t, home)) = start("lesson", 120, 36, |_| "lesson 1".into()) else {
        return;
    };
    let s = t.wait_for("the lesson", |s| {
        s.contains("Lesson 1, step 1/3") && s.contains("Lesson (PgUp/PgDn")
    });
    assert!(s.contains("Spark Streaming does not handle"), "{s}");
    // Step 1, as the lesson pane shows it.
    t.line("lines = ssc.socketTextStream(\"localhost\", 9999)");
    t.line("lines.pprint()");
    t.line("ssc.start()");
    // A live batch of the learner's own stream in the Output pane (the
    // lesson text's example header has a fixed time; a live one has today's).
    t.wait_for("a live batch", |s| {
        s.match_indices("Time: ")
            .any(|(i, _)| !s[i..].starts_with("Time: 2026-11-23"))
    });
    t.line(":check");
    t.wait_for("step 1 passed", |s| {
        s.contains("step 1 passed") && s.contains("Lesson 1, step 2/3")
    });
    // Step 2: definitions typed after start; the output needs :restart, as the error says.
    t.line("words = lines.flatMap(lambda line: line.split())");
    t.line("pairs = words.map(lambda word: (word, 1))");
    t.line("counts = pairs.reduceByKey(lambda a, b: a + b)");
    t.line("counts.pprint()");
    t.wait_for("the way out", |s| s.contains("This entry is kept"));
    t.line(":restart");
    t.line(":check");
    t.wait_for("step 2 passed", |s| s.contains("step 2 passed"));
    // Step 3: a hint, then the cleaned words.
    t.line(":hint");
    t.wait_for("a hint", |s| s.contains("Hint 1/"));
    t.line("words = lines.flatMap(lambda line: line.split()).map(lambda w: w.lower().strip('.,;:!?\"')).filter(lambda w: w != \"\")");
    t.line("pairs = words.map(lambda word: (word, 1))");
    t.line("counts = pairs.reduceByKey(lambda a, b: a + b)");
    t.line("counts.pprint()");
    t.line(":restart");
    t.line(":check");
    t.wait_for("the lesson done", |s| s.contains("Lesson 1 done!"));
    t.keys(&["C-q"]);
    t.wait_for("streamlab to exit", |s| {
        s.contains("streamlab exited with 0")
    });
    let progress =
        std::fs::read_to_string(home.path().join("progress.toml")).expect("progress saved");
    assert!(progress.contains("1 = 3"), "{progress}");
}

#[test]
fn a_demo_plays_in_a_real_terminal_and_records_what_it_showed() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/demos/wordcount.demo");
    // The live mode: the real producer on 127.0.0.1 and the real clock.
    let Some((t, home)) = start("demo", 120, 36, |home| {
        format!(
            "demo {demo} --record {} --speed 3",
            home.join("wc.cast").display()
        )
    }) else {
        return;
    };
    let cast_path = home.path().join("wc.cast");
    // The demo types the program by itself and starts it.
    let running = t.wait_for("the demo to start the stream", |s| {
        s.contains(">>> ssc.start()") && nonzero_box(s)
    });
    assert!(running.contains("counts.pprint()"), "{running}");
    let counted = t.wait_for("the typed line to be counted", |s| {
        s.contains("('spark', 2)")
    });
    let done = t.wait_for("the demo to end", |s| s.contains("streamlab exited with"));
    assert!(done.contains("streamlab exited with 0"), "{done}");
    assert!(done.contains("recorded to"), "{done}");

    // The cast replays what the terminal showed.
    let text = std::fs::read_to_string(&cast_path).expect("the cast");
    let cast = streamlab::demo::cast::read_cast(&text).expect("a valid cast");
    assert_eq!(cast.header.version, 2);
    assert_eq!(
        (cast.header.width, cast.header.height),
        (110, 32),
        "the script's size"
    );
    assert!(cast.events.windows(2).all(|w| w[0].time <= w[1].time));
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    let mut p = vt100::Parser::new(size(32), size(110), 0);
    let tmux_line = counted
        .lines()
        .find(|l| l.contains("('spark', 2)"))
        .expect("line")
        .chars()
        .take(110)
        .collect::<String>();
    let mut found = false;
    for e in &cast.events {
        p.process(e.data.as_bytes());
        if p.screen()
            .contents()
            .lines()
            .any(|l| l == tmux_line.trim_end())
        {
            found = true;
            break;
        }
    }
    assert!(
        found,
        "no frame of the cast shows the terminal's line {tmux_line:?}"
    );
    // The live demo takes real time: batches of 1 s, waits at --speed 3.
    let last = cast.events.last().expect("events").time;
    assert!(last > 5.0, "the cast lasts {last} s");
}

#[test]
fn a_structured_streaming_word_count_runs_in_the_ui() {
    let Some((t, _home)) = start("query", 150, 44, |_| "ui --port 0 --delay 200ms".into()) else {
        return;
    };
    let s = t.wait_for("the producer to listen", |s| {
        s.contains("Listening for a client at 127.0.0.1")
    });
    let port: u16 = s
        .split("Listening for a client at 127.0.0.1 ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .expect("port");
    // The Spark guide's word count over a socket, typed as a learner would;
    // `spark` is predefined in the REPL.
    t.line("from pyspark.sql.functions import explode, split");
    t.line(&format!(
        "lines = spark.readStream.format(\"socket\").option(\"host\", \"localhost\").option(\"port\", {port}).load()"
    ));
    t.line("words = lines.select(explode(split(lines.value, \" \")).alias(\"word\"))");
    t.line("wordCounts = words.groupBy(\"word\").count()");
    t.line("query = wordCounts.writeStream.outputMode(\"complete\").format(\"console\").start()");
    let s = t.wait_for("the query pane with rows", |s| {
        s.contains(" Query 0 [complete] batch ") && s.contains("Input table (unbounded): ")
    });
    assert!(s.contains("Result table"), "{s}");
    // The console sink prints Spark's table in Output.
    t.wait_for("a console batch", |s| {
        s.contains("|word|count|")
            || s.contains("|  word|count|")
            || s.lines().any(|l| l.contains("|count|"))
    });
    // A typed line reaches the query: its words appear in the result table.
    t.keys(&["Tab"]);
    t.wait_for("the producer pane focused", |s| s.contains("┏ Producer"));
    // Pause the producer's file first, so the typed line's batch stays on screen.
    t.keys(&["F4"]);
    t.wait_for("the producer paused", |s| s.contains("┏ Producer [paused"));
    t.line("zebra zebra");
    // In the result table: `▸+ zebra   2` (added, sent to the sink).
    t.wait_for("the typed words counted", |s| {
        s.lines().any(|l| {
            l.split("▸+ zebra")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                == Some("2")
        })
    });
    // query.stop() stops it; the pane keeps its last batch.
    t.keys(&["Escape"]);
    t.line("query.stop()");
    t.keys(&["C-q"]);
    let s = t.wait_for("exit", |s| s.contains("streamlab exited with"));
    assert!(s.contains("streamlab exited with 0"), "{s}");
}

/// Issue 13: SIGHUP, SIGINT, SIGQUIT and SIGTERM sent to the UI give the
/// terminal back and exit with 128 + the signal, after a clean stop (the
/// history is saved).
#[test]
fn issue_13_signals_give_the_terminal_back_and_exit_128_plus_the_signal() {
    for (signal, number) in [("HUP", 1), ("INT", 2), ("QUIT", 3), ("TERM", 15)] {
        let Some((t, home)) = start(&format!("signal-{signal}"), 100, 30, |_| {
            "ui --port 0 --delay 100ms".into()
        }) else {
            return;
        };
        t.wait_for("the UI", |s| s.contains("Listening for a client"));
        t.line("x = 41");
        t.wait_for("the entry", |s| s.contains(">>> x = 41"));
        t.kill_program(signal);
        t.expect_exit_restored(128 + number);
        assert!(!t.screen().contains("Producer ["), "the UI is gone");
        let history = std::fs::read_to_string(home.path().join("history")).expect("history saved");
        assert!(history.contains("x = 41"), "{signal}: {history}");
    }
}

/// Issue 13: a signal stops a playing demo the same way, and the recording
/// is finished (a valid cast), not cut off.
#[test]
fn issue_13_a_signal_stops_a_demo_and_gives_the_terminal_back() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/demos/wordcount.demo");
    let Some((t, home)) = start("demo-signal", 120, 36, |home| {
        format!("demo {demo} --record {}", home.join("wc.cast").display())
    }) else {
        return;
    };
    t.wait_for("the demo to type", |s| s.contains(">>> lines"));
    t.kill_program("INT");
    let s = t.expect_exit_restored(130);
    assert!(s.contains("stopped by signal 2"), "{s}");
    let text = std::fs::read_to_string(home.path().join("wc.cast")).expect("the cast");
    streamlab::demo::cast::read_cast(&text).expect("a complete cast");
}

/// The text inside the focused pane's heavy border (`┃ ... ┃`), its rows
/// joined and without whitespace: an entry wrapped over several rows reads
/// as one line again (compare with [`squash`]ed text).
fn focused_text(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| {
            let a = l.find('┃')?;
            let rest = &l[a + '┃'.len_utf8()..];
            let b = rest.find('┃')?;
            Some(rest[..b].to_string())
        })
        .collect::<String>()
        .split_whitespace()
        .collect()
}

/// `text` without its whitespace, as [`focused_text`] and [`pane_text`]
/// read the screen: rows may break at a space (messages) or anywhere (code).
fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The title of the focused pane (the one with the heavy border).
fn focused_title(screen: &str) -> String {
    screen
        .split("┏ ")
        .nth(1)
        .and_then(|rest| rest.split([' ', '━']).next())
        .unwrap_or("")
        .to_string()
}

/// The text of the pane titled `title` (`┌ Output` or `┏ Output`), as
/// [`focused_text`] reads the focused one.
fn pane_text(screen: &str, title: &str) -> String {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let line: String = row.iter().collect();
        let Some(at) = [format!("┌ {title}"), format!("┏ {title}")]
            .iter()
            .find_map(|t| line.find(t.as_str()))
        else {
            continue;
        };
        let col = line[..at].chars().count();
        for r in &rows[i + 1..] {
            match r.get(col) {
                Some('│' | '┃') => {}
                _ => break,
            }
            let inner: String = r[col + 1..]
                .iter()
                .take_while(|c| **c != '│' && **c != '┃')
                .collect();
            out.push_str(&inner);
        }
        break;
    }
    out.split_whitespace().collect()
}

/// The rows inside a pane titled `title`, between its borders.
fn pane_lines(screen: &str, title: &str) -> Vec<String> {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    for (i, row) in rows.iter().enumerate() {
        let line: String = row.iter().collect();
        let Some(at) = [format!("┌ {title}"), format!("┏ {title}")]
            .iter()
            .find_map(|t| line.find(t.as_str()))
        else {
            continue;
        };
        let col = line[..at].chars().count();
        return rows[i + 1..]
            .iter()
            .take_while(|r| matches!(r.get(col), Some('│' | '┃')))
            .map(|r| {
                r[col + 1..]
                    .iter()
                    .take_while(|c| **c != '│' && **c != '┃')
                    .collect()
            })
            .collect();
    }
    Vec::new()
}

/// The status bar: the screen's last row that is not blank.
fn status_row(screen: &str) -> &str {
    screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Issue 17, "Why" 1: a failed `ssc.start()` was a trap (the context
/// stopped, the fix refused, `:restart` did not start). Now the fix is
/// kept and one `:restart` rebuilds and starts: at 120x36 with the output
/// forgotten, at 80x24 in lesson 5 step 3 with the checkpoint forgotten.
#[test]
fn issue_17_why_1_a_failed_start_ends_in_a_running_stream_after_one_fix_and_restart() {
    let Some((t, _home)) = start("issue17start", 120, 36, |_| "ui --delay 100ms".into()) else {
        return;
    };
    t.wait_for("the REPL", |s| s.contains("REPL"));
    // The REPL over the whole screen: its messages on one row each.
    t.line(":zoom repl");
    t.line("lines = ssc.socketTextStream(\"localhost\", 9999)");
    t.line("totals = lines.map(lambda l: (l, 1)).reduceByKey(lambda a, b: a + b)");
    t.line("ssc.start()");
    let s = t.wait_for("start() refused", |s| s.contains("No output operations"));
    assert!(s.contains("Fix the cause"), "the next step is said:\n{s}");
    t.line("totals.pprint()");
    t.wait_for("the fix kept", |s| s.contains("This entry is kept"));
    t.line(":restart");
    let s = t.wait_for("the restart", |s| s.contains("restarted:"));
    assert!(
        s.contains("restarted: 3 definitions replayed, stream started"),
        "{s}"
    );
    t.wait_for("batches coming", |s| {
        batch_number(s).is_some_and(|n| n >= 2) && status_row(s).starts_with(" running")
    });
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);

    let Some((t, home)) = start("issue17ckpt", 80, 24, |_| "lesson 5".into()) else {
        return;
    };
    t.wait_for("the lesson", |s| s.contains("Lesson 5, step 1/"));
    t.line(":next");
    t.line(":next");
    t.wait_for("step 3", |s| status_row(s).contains("Lesson 5, step 3/"));
    t.line("lines = ssc.socketTextStream(\"localhost\", 9999)");
    t.line("lines.countByWindow(4, 2).pprint()");
    t.line("ssc.start()");
    t.wait_for("start() refused, the next step said", |s| {
        focused_text(s).contains(&squash("then type :restart"))
    });
    let dir = home.path().join("ckpt");
    t.line(&format!("ssc.checkpoint(\"{}\")", dir.display()));
    t.line(":restart");
    t.wait_for("the restart", |s| {
        focused_text(s).contains(&squash("restarted: 3 definitions replayed, stream started"))
    });
    t.wait_for("batches coming", |s| {
        status_row(s).starts_with(" running") && batch_number(s).is_some_and(|n| n >= 2)
    });
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);
    assert!(dir.is_dir(), "the checkpoint directory was made");
}

/// Issue 17, "Why" 2: a `def` typed over two lines (its body indented by
/// hand, as Python's REPL wants it) survives `:restart` and `:save`, at
/// 80x24.
#[test]
fn issue_17_why_2_a_two_line_def_survives_restart_and_save() {
    let Some((t, home)) = start("issue17def", 80, 24, |_| "ui --delay 200ms".into()) else {
        return;
    };
    t.wait_for("the REPL", |s| s.contains("┏ REPL"));
    t.line("def shout3(s):");
    t.line("    t = s.upper()");
    t.line("    return t + \"!\"");
    t.line("");
    t.line("ssc.socketTextStream(\"localhost\", 9999).map(shout3).pprint()");
    t.line("ssc.start()");
    t.wait_for("the stream running", |s| {
        status_row(s).starts_with(" running")
    });
    t.line(":restart");
    t.wait_for("the restart", |s| {
        focused_text(s).contains(&squash("restarted: 2 definitions replayed, stream started"))
    });
    t.line("shout3('ok')");
    t.wait_for("the def after :restart", |s| {
        focused_text(s).contains(&squash("'OK!'"))
    });
    let saved = home.path().join("saved.py");
    t.line(&format!(":save {}", saved.display()));
    t.wait_for("saved", |s| focused_text(s).contains(&squash("saved to")));
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);
    let text = std::fs::read_to_string(&saved).expect("the saved program");
    assert!(
        text.contains("def shout3(s):\n    t = s.upper()\n    return t + \"!\"\n"),
        "{text}"
    );
    assert!(text.contains(".map(shout3).pprint()"), "{text}");
}

/// Issue 17, "Why" 3: an 85-character line is whole on screen while typed,
/// at 120x36 (a 46-column REPL) as at 80x24 (30 columns), and the cursor
/// sits right after its last character; readline keys and Ctrl-R work.
#[test]
fn issue_17_why_3_an_85_character_line_is_visible_while_typed() {
    let long =
        "windowed = ssc.queueStream([]).reduceByKeyAndWindow(lambda x, y: x + y, None, 30, 10)";
    assert_eq!(long.len(), 85);
    for (w, h) in [(120u16, 36u16), (80, 24)] {
        let Some((t, _home)) = start(&format!("issue17long{w}"), w, h, |_| {
            "ui --delay 200ms".into()
        }) else {
            return;
        };
        t.wait_for("the REPL", |s| s.contains("┏ REPL"));
        t.cmd(&["send-keys", "-t", &t.session, "-l", long]);
        t.wait_for("the whole line, the cursor after it", |s| {
            if !focused_text(s).contains(&squash(&format!(">>> {long}"))) {
                return false;
            }
            let cursor = t.pane_var("#{cursor_x} #{cursor_y}");
            let mut xy = cursor.split(' ').filter_map(|n| n.parse::<usize>().ok());
            let (Some(x), Some(y)) = (xy.next(), xy.next()) else {
                return false;
            };
            let row: Vec<char> = s.lines().nth(y).unwrap_or("").chars().collect();
            x >= 2 && row.get(x - 2..x) == Some(&['0', ')'][..])
        });
        // Readline keys: Ctrl-A then Ctrl-K empties it.
        t.keys(&["C-a", "C-k"]);
        t.wait_for("the line deleted", |s| {
            !focused_text(s).contains(&squash("windowed"))
        });
        t.line("answer = 41 + 1");
        t.line("other = 1");
        t.keys(&["C-r"]);
        t.cmd(&["send-keys", "-t", &t.session, "-l", "answer"]);
        t.wait_for("the history search", |s| {
            focused_text(s).contains(&squash("(history search) 'answer': answer = 41 + 1"))
        });
        t.keys(&["Enter"]);
        t.line("answer");
        t.wait_for("the entry found and run", |s| {
            focused_text(s).contains(&squash(">>> answer 42"))
        });
        t.keys(&["C-q"]);
        t.expect_exit_restored(0);
    }
}

/// Issue 17, "Why" 4: in lesson 7 the State pane the lesson points at is
/// reached (Alt-5), Pipeline too (Shift-Tab); a key that does nothing says
/// why; F6 on the REPL says why it stays; hiding the focused Producer gives
/// the keyboard back to the REPL, so what is typed next runs there instead
/// of being streamed as data.
#[test]
fn issue_17_why_4_every_pane_is_reachable_and_f6_gives_typing_back_to_the_repl() {
    let Some((t, _home)) = start("issue17panes", 120, 36, |_| "lesson 7".into()) else {
        return;
    };
    t.wait_for("the lesson", |s| s.contains("Lesson 7, step 1/"));
    t.keys(&["M-5"]);
    t.wait_for("State focused", |s| s.contains("┏ State"));
    t.keys(&["x"]);
    t.wait_for("a key that does nothing says why", |s| {
        s.contains("'x' does nothing in State")
    });
    t.keys(&["Escape"]);
    t.wait_for("back in the REPL", |s| s.contains("┏ REPL"));
    for _ in 0..9 {
        let before = focused_title(&t.screen());
        if before == "Pipeline" {
            break;
        }
        t.keys(&["BTab"]);
        t.wait_for("the focus moved", |s| focused_title(s) != before);
    }
    t.wait_for("Pipeline reached by Shift-Tab", |s| {
        s.contains("┏ Pipeline")
    });
    t.keys(&["F6"]);
    t.wait_for("Pipeline hidden, the REPL focused", |s| {
        s.contains("Pipeline hidden") && s.contains("┏ REPL")
    });
    t.keys(&["F6"]);
    t.wait_for("F6 on the REPL says why", |s| s.contains("the REPL stays"));
    t.keys(&["Tab"]);
    t.wait_for("the producer focused", |s| s.contains("┏ Producer"));
    let sent = |s: &str| {
        let at = s.find(" lines sent")?;
        s[..at].rsplit(' ').next()?.parse::<u64>().ok()
    };
    t.keys(&["F6"]);
    t.wait_for("the producer hidden, the REPL focused", |s| {
        s.contains("Producer hidden") && s.contains("┏ REPL")
    });
    t.line("probe = 6 * 7");
    t.line("probe");
    t.wait_for("typing ran in the REPL", |s| {
        focused_text(s).contains(&squash(">>> probe 42"))
    });
    t.keys(&["F7"]);
    let s = t.wait_for("the producer back", |s| s.contains("lines sent"));
    assert_eq!(sent(&s), Some(0), "nothing was streamed:\n{s}");
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);
}

/// Issue 17, "Why" 5: status lines end with their cause: F7 clears the
/// hidden note; F2 before any start makes a paused start, and the REPL
/// says so (not "running" beside PAUSED); `:reset` clears the failed-batch
/// counter and the receiver's "Connected"; a passed lesson step runs what
/// passed, not the earlier wrong attempt.
#[test]
fn issue_17_why_5_status_lines_end_with_their_cause() {
    let Some((t, _home)) = start("issue17status", 80, 24, |_| "ui --delay 100ms".into()) else {
        return;
    };
    t.wait_for("the REPL", |s| s.contains("┏ REPL"));
    t.keys(&["M-4"]);
    t.wait_for("Output focused", |s| s.contains("┏ Output"));
    t.keys(&["F6"]);
    t.wait_for("Output hidden", |s| status_row(s).contains("Output hidden"));
    t.keys(&["F7"]);
    t.wait_for("the hidden note gone", |s| {
        !status_row(s).contains("hidden") && s.contains("┌ Output")
    });
    // F2 before any start: the stream starts paused, and both the REPL and
    // the status bar say so; F2 again lets batches come.
    t.keys(&["F2"]);
    t.wait_for("F2 before start", |s| {
        status_row(s).contains("the stream starts paused")
    });
    t.line("lines = ssc.socketTextStream(\"localhost\", 9999)");
    t.line("lines.flatMap(lambda l: l.spilt()).pprint()");
    t.line("ssc.start()");
    let s = t.wait_for("started paused", |s| {
        focused_text(s).contains(&squash("the stream started with the clock paused"))
    });
    assert!(status_row(&s).starts_with(" PAUSED"), "{s}");
    assert!(
        !focused_text(&s).contains(&squash("the stream is running")),
        "{s}"
    );
    t.keys(&["F2"]);
    t.wait_for("batches failing", |s| {
        let st = status_row(s);
        st.starts_with(" running") && st.contains("failed")
    });
    t.line(":reset");
    t.wait_for("the counter and the connection gone", |s| {
        let st = status_row(s);
        st.starts_with(" stopped") && !st.contains("failed") && !st.contains("Connected")
    });
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);

    let Some((t, _home)) = start("issue17passed", 120, 36, |_| "lesson 2".into()) else {
        return;
    };
    t.wait_for("the lesson", |s| s.contains("Lesson 2, step 1/"));
    t.line(":zoom repl");
    t.line("posts = ssc.socketTextStream(\"localhost\", 9999)");
    t.line("posts.flatMap(lambda p: p.spilt()).pprint()");
    t.line("ssc.start()");
    t.wait_for("the wrong attempt failing", |s| {
        status_row(s).contains("failed")
    });
    t.line("tags = posts.flatMap(lambda p: p.split()).filter(lambda w: w.startswith(\"#\"))");
    t.line("tags.pprint()");
    t.line(":check");
    t.wait_for("the step passed", |s| s.contains("step 1 passed"));
    let s = t.wait_for("what passed runs", |s| {
        s.contains("The stream now runs what passed")
    });
    let from = batch_number(&s).unwrap_or(0);
    let s = t.wait_for("three more batches", |s| {
        batch_number(s).is_some_and(|n| n >= from + 3)
    });
    assert!(!status_row(&s).contains("failed"), "{s}");
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);
}

/// Issue 17, "Why" 6: an error in a REPL entry shows the entry with a caret
/// (not `<repl>:1:1` over an empty line), `l.spilt()` gets "Did you mean",
/// and a failed batch's message is whole in Output, not cut at its width.
#[test]
fn issue_17_why_6_errors_show_the_entry_and_are_whole() {
    let Some((t, _home)) = start("issue17errors", 120, 36, |_| "ui --delay 100ms".into()) else {
        return;
    };
    t.wait_for("the REPL", |s| s.contains("┏ REPL"));
    t.line("x = \"a b\".spilt()");
    let s = t.wait_for("the error", |s| {
        focused_text(s).contains(&squash("<repl>:1:11"))
    });
    let text = focused_text(&s);
    assert!(text.contains(&squash("Did you mean: 'split'?")), "{s}");
    assert!(text.contains(&squash("1 | x = \"a b\".spilt()")), "{s}");
    // Raised in a def of an earlier entry: that entry's line, not an empty one.
    t.line("def f(x):");
    t.line("    y = x * 2");
    t.line("    return y.upper()");
    t.line("");
    t.line("f(3)");
    t.wait_for("the def's line", |s| {
        focused_text(s).contains(&squash("--> <repl>:3:14 | 3 | return y.upper()"))
    });
    t.line("lines = ssc.socketTextStream(\"localhost\", 9999)");
    t.line("lines.flatMap(lambda l: l.spilt()).pprint()");
    t.line("ssc.start()");
    // The 34-column Output: a failure repeated takes one row per batch, its
    // message whole (wrapped), where the first's block had it scrolled away.
    t.wait_for("the whole failure in Output", |s| {
        pane_text(s, "Output").contains(&squash(
            "AttributeError: 'str' object has no attribute 'spilt'. Did you mean: 'split'?",
        ))
    });
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);
}

/// Issue 17, "Why" 7: F1 help at 80x24 scrolls (PgDn does not close it) to
/// its last command; at 120x36 End reaches it too; Esc and q close it.
#[test]
fn issue_17_why_7_help_reaches_the_last_command_at_80x24() {
    let last = streamlab::formats::command::COMMANDS
        .last()
        .expect("commands")
        .1;
    for (w, h, key) in [(80u16, 24u16, "PageDown"), (120, 36, "End")] {
        let Some((t, _home)) = start(&format!("issue17help{w}"), w, h, |_| "ui".into()) else {
            return;
        };
        t.wait_for("the REPL", |s| s.contains("┏ REPL"));
        t.keys(&["F1"]);
        t.wait_for("the help", |s| s.contains(" Help "));
        // More presses than the help has pages: past its end they do nothing.
        for _ in 0..20 {
            t.keys(&[key]);
        }
        t.wait_for("the last command, the help still open", |s| {
            s.contains(&format!("  {last} "))
                && s.contains("Esc or q closes this help")
                && s.contains(" Help ")
        });
        t.keys(&[if w == 80 { "Escape" } else { "q" }]);
        t.wait_for("the help closed", |s| !s.contains(" Help "));
        t.keys(&["C-q"]);
        t.expect_exit_restored(0);
    }
}

/// Issue 17, "Why" 8: `:lessons` lists the lessons in the UI, the open one
/// marked; `:next` after a lesson's last step opens the next lesson.
#[test]
fn issue_17_why_8_next_opens_the_next_lesson_and_lessons_lists_them() {
    let Some((t, _home)) = start("issue17lessons", 120, 36, |_| "lesson 7".into()) else {
        return;
    };
    t.wait_for("the lesson", |s| s.contains("Lesson 7, step 1/"));
    t.line(":lessons");
    t.wait_for("the lessons listed", |s| s.contains("▶  7"));
    let steps = streamlab::lessons::lesson(7).expect("lesson 7").steps.len();
    for _ in 0..steps {
        t.line(":next");
    }
    t.wait_for("lesson 8 opened", |s| s.contains("Lesson 8, step 1/"));
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);
}

/// A port no one listens on now (the UI moves to another if it gets taken).
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// Issue 18: the window lane on the real binary at 80x24, with the default
/// producer pace: batches hold several records, and a window whose slide is
/// wider than the view gets its label, its bracket and its newest result —
/// no bare `▣ N` row repeating the result.
#[test]
fn issue_18_the_window_lane_in_a_real_terminal_at_80x24() {
    let port = free_port();
    let Some((t, _home)) = start("issue18-lane", 80, 24, |_| format!("ui --port {port}")) else {
        return;
    };
    t.wait_for("the producer to listen", |s| {
        s.contains("Listening for a client")
    });
    t.line(&format!(
        "lines = ssc.socketTextStream(\"localhost\", {port})"
    ));
    t.line("lines.window(6, 6).count().pprint()");
    t.line("ssc.start()");
    let s = t.wait_for("a window result in the lane", |s| {
        s.contains("window[6s/6s]") && s.contains("▣ 00:")
    });
    let rows: Vec<&str> = s.lines().collect();
    let label = rows
        .iter()
        .position(|l| l.contains("window[6s/6s]"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(rows[label + 1].contains("6 batches"), "the bracket\n{s}");
    assert!(
        rows[label + 2].contains("▣ 00:") && rows[label + 2].contains("record"),
        "the newest result right under the bracket\n{s}"
    );
    assert_eq!(
        rows.iter().filter(|l| l.contains('▣')).count(),
        1,
        "one ▣ in the lane\n{s}"
    );
    // The default pace (a line every 200ms) fills each 1 s batch with
    // several records: some batch box says so in its top border.
    let full = s.split('┌').skip(1).any(|rest| {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<u32>().is_ok_and(|n| n >= 3)
    });
    assert!(full, "a batch with 3 or more records\n{s}");
    // Alt-3 focuses Batches; Left picks the newest batch, Enter inspects it:
    // the source's records and the window, with the batch's timings.
    t.keys(&["M-3"]);
    t.keys(&["Left"]);
    t.wait_for("a picked batch", |s| s.contains('◂'));
    t.keys(&["Enter"]);
    let s = t.wait_for("the batch inspector", |s| s.contains("batch inspector"));
    assert!(s.contains("scheduling delay"), "{s}");
    assert!(s.contains("socketTextStream  "), "{s}");
    assert!(s.contains("└▶ window [6s/6s]"), "{s}");
    t.keys(&["Escape"]);
    t.wait_for("the inspector closed", |s| {
        !s.contains("batch inspector") && s.contains("REPL")
    });
    t.keys(&["C-q"]);
    t.expect_exit_restored(0);
}

/// The SGR parameters that set a colour, in `tmux capture-pane -e` output
/// (39 and 49, the default colours, are not colours).
fn colour_codes(escaped: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seq in escaped.split("\x1b[").skip(1) {
        let Some(end) = seq.find('m') else { continue };
        let params = &seq[..end];
        if !params.chars().all(|c| c.is_ascii_digit() || c == ';') {
            continue;
        }
        for p in params.split(';') {
            if let Ok(n) = p.parse::<u32>() {
                if matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107) {
                    out.push(params.to_string());
                }
            }
        }
    }
    out
}

/// Issue 18: `NO_COLOR=1` gives a UI without any colour in a real terminal,
/// where the same UI without it is coloured.
#[test]
fn issue_18_no_color_in_a_real_terminal() {
    for (env, coloured) in [("", true), ("NO_COLOR=1 ", false)] {
        let name = if coloured {
            "issue18-colour"
        } else {
            "issue18-nocolour"
        };
        let Some((t, home)) =
            start_with_env(name, 100, 30, env, |_| format!("ui --port {}", free_port()))
        else {
            return;
        };
        t.wait_for("the producer to listen", |s| {
            s.contains("Listening for a client")
        });
        t.line(":help layout");
        t.wait_for("the layouts listed", |s| s.contains("windows"));
        let escaped = t.cmd(&["capture-pane", "-p", "-e", "-t", &t.session]);
        let codes = colour_codes(&escaped);
        assert_eq!(!codes.is_empty(), coloured, "{env}: {codes:?}\n{escaped}");
        // `:screenshot FILE` writes the screen as the terminal shows it.
        let shot = home.path().join("shot.txt");
        t.line(&format!(":screenshot {}", shot.display()));
        t.wait_for("the screenshot written", |s| {
            s.contains("screenshot (100x30) written")
        });
        let text = std::fs::read_to_string(&shot).expect("screenshot file");
        assert_eq!(text.lines().count(), 30, "{text}");
        assert!(text.contains("Listening for a client"), "{text}");
        assert!(text.contains(">>> :help layout"), "{text}");
        t.keys(&["C-q"]);
        t.expect_exit_restored(0);
    }
}

/// Issue 16: a `foreachBatch` query's calls in the Query pane of the real
/// binary: each call with its batch id, the rows its DataFrame held and how
/// long it took; a line typed into the paused producer is the newest call.
#[test]
fn issue_16_foreach_batch_calls_in_the_query_pane() {
    let Some((t, _home)) = start("fbcalls", 120, 36, |_| "ui --port 0 --delay 200ms".into()) else {
        return;
    };
    let s = t.wait_for("the producer to listen", |s| {
        s.contains("Listening for a client at 127.0.0.1")
    });
    let port: u16 = s
        .split("Listening for a client at 127.0.0.1 ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .expect("port");
    t.line("from pyspark.sql.functions import explode, split");
    t.line(&format!(
        "lines = spark.readStream.format(\"socket\").option(\"host\", \"localhost\").option(\"port\", {port}).load()"
    ));
    t.line("words = lines.select(explode(split(lines.value, \" \")).alias(\"word\"))");
    t.line("query = words.writeStream.foreachBatch(lambda df, batch_id: df.count()).start()");
    // The producer's lines reach the query: calls with rows, each returned.
    let call = |l: &str, rows: &str| {
        l.contains("  batch ") && l.contains(rows) && l.contains(" ms  returned")
    };
    t.wait_for("a foreachBatch call with rows", |s| {
        s.contains("Sink: foreachBatch: ")
            && s.lines()
                .any(|l| call(l, " rows ") && !l.contains(" 0 rows ") && !l.contains("batch 0 "))
    });
    // Pause the producer's file, then type a line of 7 words: the newest
    // call got a DataFrame of 7 rows.
    t.keys(&["Tab"]);
    t.wait_for("the producer pane focused", |s| s.contains("┏ Producer"));
    t.keys(&["F4"]);
    t.wait_for("the producer paused", |s| s.contains("┏ Producer [paused"));
    t.line("ant bee cat dog eel fox gnu");
    let s = t.wait_for("the typed line's call", |s| {
        pane_lines(s, "Query")
            .iter()
            .rfind(|l| l.contains("  batch ") && l.contains(" ms "))
            .is_some_and(|l| call(l, " 7 rows "))
    });
    assert!(
        pane_lines(&s, "Query")
            .iter()
            .any(|l| l.starts_with("Sink: foreachBatch: ") && l.contains(" calls, one per batch")),
        "{s}"
    );
    t.keys(&["Escape"]);
    t.line("query.stop()");
    t.keys(&["C-q"]);
    let s = t.wait_for("exit", |s| s.contains("streamlab exited with"));
    assert!(s.contains("streamlab exited with 0"), "{s}");
}
