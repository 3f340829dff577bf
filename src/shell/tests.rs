//! The shell without a front end: commands, their answers and actions.

use std::time::Duration;

use tokio::sync::mpsc;

use super::*;
use crate::engine::driver::RunOptions;
use crate::session::live::{LiveHost, EVENT_CAP};

fn shell(front: Front) -> Shell {
    let (tx, _rx) = mpsc::channel(EVENT_CAP);
    let host = LiveHost::new(tx, RunOptions::default());
    let repl = Repl::new(host, "local[2]", 1000).expect("repl");
    Shell::new(repl, front, "local[2]")
}

fn entered_ok(s: &mut Shell, src: &str) {
    match s.repl.submit(src) {
        Entered::Ok { .. } => {}
        other => panic!("{src:?}: {other:?}"),
    }
}

#[test]
fn help_without_a_topic_opens_the_overlay_in_the_ui_and_prints_in_the_repl() {
    let mut ui = shell(Front::Ui);
    assert_eq!(ui.command(":help").actions, [Action::HelpOverlay]);
    let mut plain = shell(Front::Plain);
    let r = plain.command(":help");
    assert!(r.actions.is_empty());
    assert!(r.text.contains(":restart"), "{}", r.text);
    // A topic is answered as text in both.
    for s in [&mut ui, &mut plain] {
        let r = s.command(":help window");
        assert!(
            r.text.starts_with("DStream.window(windowDuration"),
            "{}",
            r.text
        );
    }
}

#[test]
fn restart_after_a_structured_query_says_how_to_start_it_again() {
    let mut s = shell(Front::Plain);
    entered_ok(&mut s, "df = spark.readStream.format(\"rate\").load()");
    entered_ok(
        &mut s,
        "q = df.writeStream.format(\"memory\").queryName(\"r\").start()",
    );
    entered_ok(&mut s, "q.stop()");
    let r = s.command(":restart");
    assert!(r.ok, "{}", r.text);
    assert_eq!(
        r.text,
        "restarted: 1 definitions replayed; the Structured Streaming query was not started again: enter its writeStream ... .start() line again (Up recalls it)"
    );
}

#[test]
fn a_two_line_def_survives_restart_and_is_saved_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    for front in [Front::Ui, Front::Plain] {
        let mut s = shell(front);
        entered_ok(&mut s, "def shout3(s):\n    return s.upper() + \"!\"\n");
        entered_ok(&mut s, "q = ssc.queueStream([[\"a\"]])");
        entered_ok(&mut s, "q.map(shout3).pprint()");
        let r = s.command(":restart");
        assert!(r.ok, "{}", r.text);
        assert_eq!(
            r.text,
            "restarted: 3 definitions replayed; no stream had been started, so none runs (ssc.start() starts it)"
        );
        assert_eq!(r.actions, [Action::Rebuilt { reset: false }]);
        match s.repl.submit("shout3('x')") {
            Entered::Ok { echo } => assert_eq!(echo.as_deref(), Some("'X!'")),
            other => panic!("{other:?}"),
        }
        let path = dir.path().join("saved.py");
        let r = s.command(&format!(":save {}", path.display()));
        assert!(r.ok, "{}", r.text);
        let text = std::fs::read_to_string(&path).expect("saved");
        assert!(
            text.contains("def shout3(s):\n    return s.upper() + \"!\"\n"),
            "{text}"
        );
        assert!(text.contains("q.map(shout3).pprint()"), "{text}");
        s.repl.host().halt();
    }
}

#[test]
fn export_writes_the_exporter_in_both_front_ends() {
    let dir = tempfile::tempdir().expect("tmp");
    for front in [Front::Ui, Front::Plain] {
        let mut s = shell(front);
        entered_ok(&mut s, "lines = ssc.socketTextStream(\"localhost\", 9999)");
        entered_ok(&mut s, "lines.count().pprint()");
        let path = dir.path().join("out.py");
        let r = s.command(&format!(":export {}", path.display()));
        assert!(r.ok, "{}", r.text);
        assert!(r.text.starts_with("exported to"), "{}", r.text);
        let text = std::fs::read_to_string(&path).expect("exported");
        // The exporter's program reads HOST and PORT; :save's does not.
        assert!(text.contains("PORT"), "{text}");
        s.repl.host().halt();
    }
}

#[test]
fn pane_and_producer_commands_say_why_they_do_nothing_in_the_plain_repl() {
    let mut plain = shell(Front::Plain);
    for c in [
        ":zoom output",
        ":hide producer",
        ":sort key",
        ":rate 5",
        ":check",
    ] {
        let r = plain.command(c);
        assert!(!r.ok && !r.text.is_empty(), "{c}: {r:?}");
        assert!(r.actions.is_empty(), "{c}");
    }
    let mut ui = shell(Front::Ui);
    assert_eq!(
        ui.command(":zoom output").actions,
        [Action::Zoom(Pane::Output)]
    );
    assert_eq!(
        ui.command(":delay 500ms").actions,
        [Action::Pace(Pace::Delay(Duration::from_millis(500)))]
    );
    let r = ui.command(":check");
    assert!(!r.ok && r.text.contains(":lessons"), "{r:?}");
}

#[test]
fn wait_is_for_the_plain_repl_and_step_pauses_the_clock() {
    let mut plain = shell(Front::Plain);
    assert_eq!(plain.command(":wait 3").actions, [Action::Wait(3)]);
    let mut ui = shell(Front::Ui);
    let r = ui.command(":wait 3");
    assert!(r.actions.is_empty() && r.text.contains("streamlab repl"));
    let r = ui.command(":step 2");
    assert_eq!(r.actions, [Action::Clock { paused: true }]);
    assert!(ui.repl.host().control.is_paused());
    let r = ui.command(":resume");
    assert_eq!(r.actions, [Action::Clock { paused: false }]);
    assert!(!ui.repl.host().control.is_paused());
}

#[test]
fn entries_lists_what_restart_replays() {
    let mut s = shell(Front::Plain);
    assert!(s.command(":entries").text.starts_with("no entries yet"));
    entered_ok(&mut s, "def f(x):\n    return x\n");
    entered_ok(&mut s, "y = f(2)");
    let r = s.command(":entries");
    assert_eq!(
        r.text,
        "2 entries (:restart replays them, :save writes them):\n  1  def f(x):\n         return x\n  2  y = f(2)"
    );
}

#[test]
fn next_after_the_last_step_opens_the_next_lesson() {
    let mut s = shell(Front::Ui);
    let first = crate::lessons::lesson(1).expect("lesson 1");
    let steps = first.steps.len();
    let r = s.open_lesson(first);
    assert!(matches!(r.actions[..], [Action::Lesson { .. }]));
    for _ in 1..steps {
        s.command(":next");
    }
    assert_eq!(s.lesson.as_ref().map(|l| l.lesson.number), Some(1));
    let r = s.command(":next");
    assert!(r.ok, "{}", r.text);
    assert_eq!(s.lesson.as_ref().map(|l| l.lesson.number), Some(2));
    assert_eq!(s.lesson.as_ref().map(|l| l.step), Some(0));
    let Some(Action::Lesson { status, .. }) = r.actions.last() else {
        panic!("{r:?}");
    };
    assert!(status.starts_with("Lesson 2, step 1/"), "{status}");
    // :lessons lists every lesson, the open one marked.
    let list = s.command(":lessons").text;
    let count = crate::lessons::all().expect("lessons").len();
    assert_eq!(list.lines().count(), count + 1, "{list}");
    assert!(list.lines().any(|l| l.starts_with("▶  2")), "{list}");
}

#[test]
fn a_failed_start_then_one_fix_and_restart_runs_the_stream() {
    let mut s = shell(Front::Plain);
    entered_ok(&mut s, "lines = ssc.queueStream([[\"a b\"]])");
    entered_ok(&mut s, "pairs = lines.map(lambda l: (l, 1))");
    // No output operation: start fails and the context is stopped.
    match s.repl.submit("ssc.start()") {
        Entered::Error { text, .. } => assert!(text.contains(":restart"), "{text}"),
        other => panic!("{other:?}"),
    }
    // The fix is refused by Spark's rule but kept, and the note says so.
    match s.repl.submit("pairs.pprint()") {
        Entered::Error { text, .. } => assert!(text.contains("This entry is kept"), "{text}"),
        other => panic!("{other:?}"),
    }
    let listed = s.command(":entries").text;
    assert!(listed.contains("  3! pairs.pprint()"), "{listed}");
    assert!(listed.contains("! marks one Spark refused"), "{listed}");
    let r = s.command(":restart");
    assert!(r.ok, "{}", r.text);
    assert_eq!(r.text, "restarted: 3 definitions replayed, stream started");
    assert!(!s.command(":entries").text.contains('!'));
    assert!(s.repl.host().is_running());
    s.repl.host().halt();
}

#[test]
fn hints_and_step_text_show_no_raw_markdown() {
    // Issue 19: every hint of every lesson reads as text, not Markdown.
    let mut s = shell(Front::Ui);
    let mut hints = 0;
    for lesson in crate::lessons::all().expect("lessons") {
        let steps = lesson.steps.clone();
        s.open_lesson(lesson);
        for (i, step) in steps.iter().enumerate() {
            for _ in &step.hints {
                let r = s.command(":hint");
                assert!(r.text.starts_with("Hint "), "{}", r.text);
                assert!(!r.text.contains('`'), "step {}: {}", i + 1, r.text);
                hints += 1;
            }
            let task = s.command(":task").text;
            assert!(!task.contains('`') && !task.contains("```"), "{task}");
            if i + 1 < steps.len() {
                s.command(":next");
            }
        }
    }
    assert!(hints > 30, "only {hints} hints");
}

#[test]
fn issue_18_layout_presets_come_from_one_table() {
    let mut ui = shell(Front::Ui);
    // Without a name: every preset of the table, with its doc.
    let r = ui.command(":layout");
    assert!(r.ok && r.actions.is_empty(), "{r:?}");
    for (name, doc, _) in crate::formats::command::LAYOUTS {
        assert!(r.text.contains(&format!("{name:<8} {doc}")), "{}", r.text);
    }
    // `:help layout` lists them too.
    let help = ui.command(":help layout").text;
    assert!(
        help.contains("windows  batches with their window lanes"),
        "{help}"
    );
    let r = ui.command(":layout windows");
    assert_eq!(
        r.actions,
        [Action::Layout(vec![
            Pane::Timeline,
            Pane::Output,
            Pane::Pipeline
        ])]
    );
    let r = ui.command(":layout window");
    assert!(!r.ok);
    assert_eq!(
        r.text,
        "':layout': there is no layout 'window'. Did you mean 'windows'? (layouts: all, learn, windows, state, present)"
    );
    // The plain REPL has no panes.
    let mut plain = shell(Front::Plain);
    assert!(!plain.command(":layout learn").ok);
    assert!(!plain.command(":screenshot").ok);
    assert_eq!(
        ui.command(":screenshot").actions,
        [Action::Screenshot("screenshot.txt".into())]
    );
    assert_eq!(
        ui.command(":screenshot a b.svg").actions,
        [Action::Screenshot("a b.svg".into())]
    );
}

/// A shell whose engine events are kept, to read batch failures.
fn shell_with_events(front: Front) -> (Shell, mpsc::Receiver<crate::engine::events::EngineEvent>) {
    let (tx, rx) = mpsc::channel(EVENT_CAP);
    let host = LiveHost::new(tx, RunOptions::default());
    let repl = Repl::new(host, "local[2]", 100).expect("repl");
    (Shell::new(repl, front, "local[2]"), rx)
}

/// Wait for the first failed output and report it through the ledger, as
/// the front ends do.
fn first_failure(s: &Shell, rx: &mut mpsc::Receiver<crate::engine::events::EngineEvent>) -> String {
    use crate::engine::events::EngineEvent;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        match rx.try_recv() {
            Ok(EngineEvent::Output(o)) => {
                if let Err(e) = &o.result {
                    return s.repl.ledger().lock().batch_failed(o.batch, o.output, e);
                }
            }
            Ok(_) => {}
            Err(_) => {
                assert!(std::time::Instant::now() < deadline, "no batch failed");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

#[test]
fn a_batch_failure_points_into_the_entry_that_defined_the_function() {
    let (mut s, mut rx) = shell_with_events(Front::Plain);
    entered_ok(
        &mut s,
        "lines = ssc.queueStream([[\"a b\"], [\"c\"]], False)",
    );
    entered_ok(&mut s, "words = lines.flatMap(lambda l: l.spilt())");
    entered_ok(&mut s, "words.pprint()");
    assert_eq!(
        s.command(":error").text,
        "no batch has failed since the session was (re)built"
    );
    entered_ok(&mut s, "ssc.start()");
    let text = first_failure(&s, &mut rx);
    s.repl.host().halt();
    assert!(text.contains("Did you mean: 'split'?"), "{text}");
    // Line 1, column 35 of entry 2, with the entry's own line and a caret
    // under the method.
    assert!(text.contains("--> <repl>:1:35"), "{text}");
    assert!(
        text.contains("1 | words = lines.flatMap(lambda l: l.spilt())"),
        "{text}"
    );
    assert!(text.contains("^^^^^"), "{text}");
    // The output was registered by entry 3.
    assert!(text.contains("output of entry 3"), "{text}");
    let r = s.command(":error");
    assert!(
        r.text
            .starts_with("The last batch failure:\nerror: AttributeError"),
        "{}",
        r.text
    );
    assert!(r.text.contains("--> <repl>:1:35"), "{}", r.text);
    // :reset forgets the failure.
    assert!(s.command(":reset").ok);
    assert_eq!(
        s.command(":error").text,
        "no batch has failed since the session was (re)built"
    );
}

#[test]
fn a_failed_output_replaced_by_a_later_one_stops_at_restart() {
    let (mut s, mut rx) = shell_with_events(Front::Ui);
    entered_ok(
        &mut s,
        "lines = ssc.queueStream([[\"a b\"], [\"c\"]], False)",
    );
    entered_ok(&mut s, "lines.flatMap(lambda l: l.spilt()).pprint()");
    entered_ok(&mut s, "ssc.start()");
    first_failure(&s, &mut rx);
    // Typed while the stream runs: Spark refuses it, the session keeps it.
    match s.repl.submit("lines.flatMap(lambda l: l.split()).pprint()") {
        Entered::Error { text, .. } => assert!(text.contains("This entry is kept"), "{text}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.repl.superseded(), [1]);
    assert!(!s.repl.program().contains("spilt"), "{}", s.repl.program());
    let r = s.command(":restart");
    s.repl.host().halt();
    assert!(r.ok, "{}", r.text);
    assert_eq!(
        r.text,
        "restarted: 2 definitions replayed, stream started\nnot replayed, entry 2: lines.flatMap(lambda l: l.spilt()).pprint()  (its output failed in batches and you typed another output after it; type it again to bring it back)"
    );
    assert!(!s.entries_text().contains("spilt"), "{}", s.entries_text());
    // A failed output nothing replaced is kept: the learner may fix its cause.
    let (mut s, mut rx) = shell_with_events(Front::Ui);
    entered_ok(
        &mut s,
        "lines = ssc.queueStream([[\"a b\"], [\"c\"]], False)",
    );
    entered_ok(&mut s, "lines.flatMap(lambda l: l.spilt()).pprint()");
    entered_ok(&mut s, "ssc.start()");
    first_failure(&s, &mut rx);
    assert!(s.repl.superseded().is_empty());
    let r = s.command(":restart");
    s.repl.host().halt();
    assert_eq!(r.text, "restarted: 2 definitions replayed, stream started");
}

#[test]
fn forget_drops_one_entry_and_replays_the_rest() {
    for front in [Front::Ui, Front::Plain] {
        let mut s = shell(front);
        entered_ok(&mut s, "q = ssc.queueStream([[\"a\"]])");
        entered_ok(&mut s, "bad = 1 / 1");
        entered_ok(&mut s, "q.map(lambda x: x + \"!\").pprint()");
        let r = s.command(":forget 2");
        assert!(r.ok, "{}", r.text);
        assert_eq!(
            r.text,
            "forgot entry 2: bad = 1 / 1\nrestarted: 2 definitions replayed; no stream had been started, so none runs (ssc.start() starts it)"
        );
        assert_eq!(r.actions, [Action::Rebuilt { reset: false }]);
        assert!(s.repl.lookup("bad").is_none());
        assert_eq!(
            s.repl.entries(),
            [
                "q = ssc.queueStream([[\"a\"]])",
                "q.map(lambda x: x + \"!\").pprint()"
            ]
        );
        let r = s.command(":forget 3");
        assert!(!r.ok);
        assert_eq!(
            r.text,
            "there is no entry 3: the session has 2 (:entries lists them)"
        );
        assert!(r.actions.is_empty());
        assert_eq!(
            s.command(":forget x").text,
            "':forget': expected an entry number, 1 or more, as :entries shows them, not 'x': :forget N"
        );
        // Listed by help and completed from the one command table.
        assert!(s.command(":help forget").text.contains(":forget N"));
        s.repl.host().halt();
    }
}

#[test]
fn forgetting_the_start_leaves_the_stream_stopped() {
    let mut s = shell(Front::Plain);
    entered_ok(&mut s, "q = ssc.queueStream([[\"a\"]])");
    entered_ok(&mut s, "q.pprint()");
    entered_ok(&mut s, "ssc.start()");
    let r = s.command(":forget 3");
    s.repl.host().halt();
    assert!(r.ok, "{}", r.text);
    assert!(
        r.text
            .ends_with("no stream had been started, so none runs (ssc.start() starts it)"),
        "{}",
        r.text
    );
}

/// Issue 17: an error raised inside a function an earlier entry defined
/// pointed past the end of the calling entry (`<repl>:2:1` over an empty
/// line); it points into the defining entry, with its line and a caret.
#[test]
fn an_error_in_an_earlier_def_points_into_that_entry() {
    let mut s = shell(Front::Plain);
    entered_ok(&mut s, "def f(x):\n    y = x * 2\n    return y.upper()\n");
    let Entered::Error { text, .. } = s.repl.submit("f(3)") else {
        panic!("f(3) should fail");
    };
    assert!(text.contains("--> <repl>:3:14"), "{text}");
    assert!(text.contains("3 |     return y.upper()"), "{text}");
    // An error in the entry itself still points into it.
    let Entered::Error { text, .. } = s.repl.submit("g = 1\ng()") else {
        panic!("g() should fail");
    };
    assert!(text.contains("2 | g()"), "{text}");
}
