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

/// Issue 18: `--record out.gif` draws the recording as an animated GIF at the
/// recording's size (cells times the font's cell) and timing (pauses capped),
/// redrawing only the cells that changed; the same script gives the same file.
#[test]
fn the_window_demo_records_an_animated_gif() {
    use streamlab::demo::picture::{cell_size, IDLE_CAP, MIN_DELAY_CS};
    let args = ["--deterministic", "--speed", "1", "--font-size", "8"];
    let dir = tempfile::tempdir().expect("tempdir");
    let gif_path = dir.path().join("window.gif");
    let out = record(&demo("window.demo"), &gif_path, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&gif_path).expect("the GIF exists");
    let mut d = gif::DecodeOptions::new()
        .read_info(&bytes[..])
        .expect("a GIF the gif crate reads");
    // window.demo says `size 110x32`.
    let cell = cell_size(8.0);
    assert_eq!(
        (d.width() as usize, d.height() as usize),
        (110 * cell.width, 32 * cell.height)
    );
    let (full_w, full_h) = (d.width(), d.height());
    let mut frames = Vec::new();
    while let Some(f) = d.read_next_frame().expect("a frame decodes") {
        frames.push((f.left, f.top, f.width, f.height, f.delay));
    }
    // Typing, captions, the zoom and the batches: many distinct screens.
    assert!(frames.len() >= 20, "{} frames", frames.len());
    assert_eq!((frames[0].0, frames[0].1), (0, 0));
    assert_eq!((frames[0].2, frames[0].3), (full_w, full_h));
    // Later frames hold only what changed: a typed character is one cell.
    let smallest = frames[1..]
        .iter()
        .map(|f| f.2 as usize * f.3 as usize)
        .min();
    assert_eq!(smallest, Some(cell.width * cell.height), "{frames:?}");
    for f in &frames {
        assert!(f.0 + f.2 <= full_w && f.1 + f.3 <= full_h, "{f:?} outside");
    }
    // Delays: at least what viewers show, pauses capped, the last one held.
    let cap = (IDLE_CAP * 100.0) as u16;
    for f in &frames {
        assert!(f.4 >= MIN_DELAY_CS && f.4 <= cap + 50, "delay {} cs", f.4);
    }
    assert_eq!(frames.last().map(|f| f.4), Some(cap));
    // The recording's timing: the cast of the same deterministic run lasts at
    // least as long as the picture less its hold (pauses only get shorter),
    // and the typed program (about 7 s of typing at 24 characters a second,
    // at speed 1) is in it.
    let (cast, _, _d) = recorded("window.demo", &args[..3]);
    let cast_cs = cast.events.last().map_or(0.0, |e| e.time * 100.0);
    let total: u32 = frames.iter().map(|f| f.4 as u32).sum::<u32>() - cap as u32;
    assert!(
        total as f64 <= cast_cs + 1.0,
        "{total} cs vs the cast's {cast_cs}"
    );
    assert!(total >= 700, "{total} cs");
    // Deterministic: a second run writes the same bytes.
    let again = dir.path().join("again.gif");
    let out = record(&demo("window.demo"), &again, &args);
    assert!(out.status.success());
    assert!(
        std::fs::read(&again).expect("again") == bytes,
        "two runs differ"
    );
}

/// The same recording as an SVG: one group per frame, on one looping clock,
/// with the text a viewer can select; a wrong extension is refused up front.
#[test]
fn a_demo_records_an_svg_and_refuses_unknown_extensions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svg_path = dir.path().join("window.svg");
    let out = record(&demo("window.demo"), &svg_path, &["--deterministic"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG exists");
    assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.matches("<g ").count() >= 20);
    assert!(svg.contains("reduceByKeyAndWindow"));
    let out = record(&demo("window.demo"), &dir.path().join("w.png"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("w.png") && err.contains(".gif"), "{err}");
}
