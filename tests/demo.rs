//! `streamlab demo`: scripts play in the real UI and record themselves as
//! asciicast v2. The casts are replayed into a terminal emulator (vt100) to
//! check what a viewer sees; deterministic mode gives identical casts.

use std::path::{Path, PathBuf};
use std::process::Command;

use streamlab::demo::cast::{read_cast, Cast};

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lessons/demos")
        .join(name)
}

/// Run `streamlab demo` without a terminal, recording to `cast`.
fn record(script: &Path, cast: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .env("STREAMLAB_HOME", cast.parent().expect("dir"))
        .arg("demo")
        .arg(script)
        .arg("--record")
        .arg(cast)
        .args(extra)
        .output()
        .expect("run streamlab demo")
}

/// The screen a player shows after the events up to `until` seconds.
fn screen_at(cast: &Cast, until: f64) -> String {
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    let mut p = vt100::Parser::new(size(cast.header.height), size(cast.header.width), 0);
    for e in cast.events.iter().take_while(|e| e.time <= until) {
        p.process(e.data.as_bytes());
    }
    p.screen().contents()
}

fn final_screen(cast: &Cast) -> String {
    screen_at(cast, f64::INFINITY)
}

fn recorded(script: &str, extra: &[&str]) -> (Cast, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let cast = dir.path().join("demo.cast");
    let out = record(&demo(script), &cast, extra);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{script}: {err}");
    let text = std::fs::read_to_string(&cast).expect("the cast exists");
    (read_cast(&text).expect("a valid cast"), text, dir)
}

/// The first time (cast seconds) the screen shows `what`, replaying event by event.
fn first_time_showing(cast: &Cast, what: &str) -> Option<f64> {
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    let mut p = vt100::Parser::new(size(cast.header.height), size(cast.header.width), 0);
    for e in &cast.events {
        p.process(e.data.as_bytes());
        if p.screen().contents().contains(what) {
            return Some(e.time);
        }
    }
    None
}

#[test]
fn the_wordcount_demo_records_a_cast_of_the_session() {
    let speed = 8.0;
    let (cast, _, _dir) = recorded("wordcount.demo", &["--deterministic", "--speed", "8"]);
    // The header: asciicast v2, the script's size, the virtual clock's start.
    assert_eq!(cast.header.version, 2);
    assert_eq!((cast.header.width, cast.header.height), (110, 32));
    assert_eq!(cast.header.timestamp, 1_704_067_200);
    // Events start at 0 and never go back in time.
    assert_eq!(cast.events.first().map(|e| e.time), Some(0.0));
    assert!(cast.events.windows(2).all(|w| w[0].time <= w[1].time));
    // What a viewer sees: the program typed, the stream running, the typed
    // producer line counted, the pause.
    let last = final_screen(&cast);
    for want in ["counts.pprint()", ">>> ssc.start()", "at 2024-01-01 00:00:"] {
        assert!(
            last.contains(want),
            "missing {want:?} in the last frame:\n{last}"
        );
    }
    let typed =
        first_time_showing(&cast, "(typed) spark spark streaming").expect("typed line shown");
    let counted = first_time_showing(&cast, "('spark', 2)").expect("typed words counted");
    assert!(counted > typed, "counted at {counted}, typed at {typed}");
    let paused = first_time_showing(&cast, " PAUSED ").expect("the clock pauses");
    assert!(paused > counted);
    // Timing: batches complete one interval (1 s) apart, scaled by --speed.
    let times: Vec<f64> = (1..=4)
        .map(|n| first_time_showing(&cast, &format!(" batch {n} at ")).expect("batch shown"))
        .collect();
    for w in times.windows(2) {
        let gap = (w[1] - w[0]) * speed;
        assert!((gap - 1.0).abs() < 1e-6, "batches {gap} s apart: {times:?}");
    }
    // Typing: one character per 1/22 s (the script's `typing 22`), scaled.
    let t1 = first_time_showing(&cast, ">>> lines = s").expect("typing");
    let t2 = first_time_showing(&cast, ">>> lines = ss").expect("typing");
    assert!(((t2 - t1) * speed - 1.0 / 22.0).abs() < 2e-3, "{t1} {t2}");
}

#[test]
fn the_deterministic_mode_gives_identical_casts() {
    let (_, a, _d1) = recorded("wordcount.demo", &["--deterministic", "--speed", "20"]);
    let (_, b, _d2) = recorded("wordcount.demo", &["--deterministic", "--speed", "20"]);
    assert!(a == b, "two deterministic runs differ");
    // And a different speed changes the times, not the frames.
    let (slow, _, _d3) = recorded("wordcount.demo", &["--deterministic", "--speed", "10"]);
    let fast = read_cast(&a).expect("cast");
    assert_eq!(slow.events.len(), fast.events.len());
    for (s, f) in slow.events.iter().zip(&fast.events) {
        assert_eq!(s.data, f.data);
        assert!(
            (s.time - 2.0 * f.time).abs() < 1e-5,
            "{} vs {}",
            s.time,
            f.time
        );
    }
}

#[test]
fn the_window_and_state_demos_play() {
    let (window, _, _d1) = recorded("window.demo", &["--deterministic", "--speed", "20"]);
    let last = final_screen(&window);
    assert!(last.contains("reduceByKeyAndWindow"), "{last}");
    assert!(
        first_time_showing(&window, "Timeline").is_some()
            || first_time_showing(&window, "Batches").is_some()
    );
    let (state, _, _d2) = recorded("state.demo", &["--deterministic", "--speed", "20"]);
    // The def typed in the UI defines the function, and the totals grow.
    let last = final_screen(&state);
    assert!(!last.contains("NameError"), "{last}");
    // The State pane: `spark` with its total, 3.
    let shows_total = |screen: &str| {
        screen.lines().any(|l| {
            let cells: Vec<&str> = l.split(['┃', '│']).collect();
            cells.iter().any(|c| {
                let w: Vec<&str> = c.split_whitespace().collect();
                w.len() >= 2 && w[0] == "spark" && w[1] == "3"
            })
        })
    };
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    let mut p = vt100::Parser::new(size(state.header.height), size(state.header.width), 0);
    let mut seen = false;
    for e in &state.events {
        p.process(e.data.as_bytes());
        seen |= shows_total(&p.screen().contents());
    }
    assert!(seen, "the three typed 'spark's are totalled:\n{last}");
}

#[test]
fn a_script_error_names_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("bad.demo");
    std::fs::write(&script, "type 'x = 1\\n'\nwiat 2s\n").expect("write");
    let out = record(&script, &dir.path().join("bad.cast"), &["--deterministic"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.demo:2: unknown step 'wiat'. Did you mean 'wait'?"),
        "{err}"
    );
    // A step that cannot happen stops the demo with its line.
    std::fs::write(&script, "# no stream yet\nwait 2 batches\n").expect("write");
    let out = record(&script, &dir.path().join("bad.cast"), &["--deterministic"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.demo:2: wait 2 batch(es): no stream is running yet"),
        "{err}"
    );
}

#[test]
fn without_a_terminal_the_demo_needs_a_recording() {
    let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .arg("demo")
        .arg(demo("wordcount.demo"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --record FILE.cast"));
}

#[test]
fn the_structured_streaming_demo_is_deterministic_too() {
    let (cast, a, _d1) = recorded("structured.demo", &["--deterministic", "--speed", "20"]);
    let (_, b, _d2) = recorded("structured.demo", &["--deterministic", "--speed", "20"]);
    assert!(a == b, "two deterministic runs differ");
    assert_eq!((cast.header.width, cast.header.height), (120, 36));
    // The query runs on the scripted producer's lines: its pane, the
    // console sink's batches, and the late line typed into the producer
    // dropped below the watermark.
    assert!(first_time_showing(&cast, " Query 0 [update] batch ").is_some());
    // The batches the Query pane showed, as the query ran.
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    let mut p = vt100::Parser::new(size(cast.header.height), size(cast.header.width), 0);
    let mut shown = std::collections::BTreeSet::new();
    for e in &cast.events {
        p.process(e.data.as_bytes());
        let screen = p.screen().contents();
        if let Some(n) = screen
            .split(" Query 0 [update] batch ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
        {
            shown.insert(n);
        }
    }
    assert!(
        shown.len() >= 5 && shown.iter().any(|n| *n >= 10),
        "{shown:?}"
    );
    assert!(
        first_time_showing(&cast, "Batch: ").is_some(),
        "the console sink in Output"
    );
    let typed = first_time_showing(&cast, "(typed) 2024-01-01 11:40:00,late").expect("typed");
    let dropped = first_time_showing(&cast, "1 late dropped").expect("the late line dropped");
    assert!(dropped > typed, "dropped at {dropped}, typed at {typed}");
}

/// Issue 13: a shared demo script may not read or write files outside its
/// own directory with `:load`, `:save` or `:export`; it is stopped with the
/// line. Paths inside it are relative to it, not to where the viewer is.
#[test]
fn issue_13_demo_file_commands_stay_in_the_demo_directory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("demo");
    std::fs::create_dir(&dir).expect("mkdir");
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    std::fs::write(outside.join("secret.py"), "SECRET_LINE = 1\n").expect("write");
    std::os::unix::fs::symlink(outside.join("secret.py"), dir.join("link.py")).expect("symlink");
    let script = dir.join("shared.demo");
    // Run from the outside directory: relative paths must not land there.
    let play = |step: &str| {
        std::fs::write(&script, format!("type 'x = 1\\n'\ntype '{step}\\n'\n")).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
            .env("STREAMLAB_HOME", tmp.path())
            .current_dir(&outside)
            .arg("demo")
            .arg(&script)
            .args(["--record", "../d.cast", "--deterministic", "--speed", "50"])
            .output()
            .expect("run streamlab demo");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let cast = std::fs::read_to_string(tmp.path().join("d.cast")).unwrap_or_default();
        (out.status.code(), err, cast)
    };
    for (step, why) in [
        (":load ../outside/secret.py", "the path goes up with '..'"),
        (":load link.py", "through a symbolic link"),
        (":save ../outside/x.py", "the path goes up with '..'"),
    ] {
        let (code, err, cast) = play(step);
        assert_eq!(code, Some(1), "{step}: {err}");
        assert!(
            err.contains(&format!("shared.demo:2: {step} refused: ")) && err.contains(why),
            "{step}: {err}"
        );
        assert!(
            !cast.contains("SECRET_LINE"),
            "{step}: the secret is in the cast"
        );
    }
    let abs = outside.join("x.py");
    let (code, err, _) = play(&format!(":export {}", abs.display()));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("refused: the path is outside it"), "{err}");
    assert!(!abs.exists() && !outside.join("x.py").exists());
    // Inside the directory: written there, not in the current directory.
    let (code, err, _) = play(":save session.py");
    assert_eq!(code, Some(0), "{err}");
    assert!(dir.join("session.py").exists(), "{err}");
    assert!(!outside.join("session.py").exists());
}
