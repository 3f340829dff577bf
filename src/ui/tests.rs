//! The UI's update loop with the shell behind it, without a terminal.

use super::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn handles() -> Handles {
    let (tx, _rx) = mpsc::channel(EVENT_CAP);
    let host = LiveHost::new(tx, RunOptions::default());
    let repl = Repl::new(host, "local[2]", 1000).expect("repl");
    let pace = Pace::Delay(Duration::from_millis(500));
    let producer = ProducerHandle::Scripted(crate::producer::scripted::ScriptedProducer::new(
        Arc::from(Vec::<String>::new()),
        9999,
        pace,
        crate::sources::feed::Feed::new(),
    ));
    Handles {
        shell: Shell::new(repl, Front::Ui, "local[2]"),
        producer,
        pace,
    }
}

/// Issue 17: "15 failed | batch 6 failed: ..." survived `:reset`.
#[test]
fn issue_18_the_default_pace_puts_several_lines_in_a_batch() {
    // Parsed exactly (the fallback in `default_delay` is never used) and
    // about five lines per default 1-second batch.
    let d = crate::formats::duration::parse_duration(DEFAULT_DELAY).expect("parses");
    assert_eq!(d, default_delay());
    let per_batch = 1000 / d.as_millis();
    assert!((3..=10).contains(&per_batch), "{per_batch} lines a batch");
}

#[test]
fn issue_17_reset_and_restart_clear_the_failures_of_the_old_graph() {
    for cmd in [":reset", ":restart"] {
        let mut h = handles();
        let mut app = App::new();
        app.ledger = Some(h.shell.repl.ledger());
        app.failed_batches = 15;
        app.status = Some("batch 6 failed: AttributeError: ...".into());
        dispatch(&mut h, &mut app, Msg::Command(cmd.into()));
        h.shell.repl.host().halt();
        let answer = format!("{:?}", app.transcript.last());
        assert_eq!(app.failed_batches, 0, "{cmd}: {answer}");
        assert_eq!(app.status, None, "{cmd}: {answer}");
        // A failure of the halted engine, still queued, stays away.
        let failed = || {
            Msg::Engine(EngineEvent::Output(crate::engine::events::OutputEvent {
                batch: 7,
                time_ms: 7000,
                output: 0,
                pprint_num: Some(10),
                result: Err(crate::lang::value::Exc::new(
                    crate::lang::value::ExcKind::ValueError,
                    "old",
                )),
            }))
        };
        dispatch(&mut h, &mut app, failed());
        assert_eq!(app.status, None, "{cmd}");
        assert!(!app.output.iter().any(|l| l.contains("batch 7")), "{cmd}");
        // The next engine's failures are shown, message first.
        dispatch(
            &mut h,
            &mut app,
            Msg::Engine(EngineEvent::Started {
                zero_ms: 0,
                batch_ms: 1000,
            }),
        );
        dispatch(&mut h, &mut app, failed());
        assert_eq!(
            app.status.as_deref(),
            Some("batch 7 failed: ValueError: old (:error shows it whole)"),
            "{cmd}"
        );
        assert_eq!(
            h.shell.command(":error").text.lines().nth(1),
            Some("error: ValueError: old"),
            "{cmd}"
        );
        // The same failure again: one line, its message in view.
        let before = app.output.len();
        dispatch(&mut h, &mut app, failed());
        let added: Vec<&String> = app.output.iter().skip(before).collect();
        assert_eq!(
            added,
            ["batch 7 failed the same way: ValueError: old"],
            "{cmd}"
        );
    }
}

/// A session whose StreamingContext is bound to `streaming`, not `ssc`:
/// starting it marks the clock started and shows its graph, as the
/// session's facts say, whatever the name.
#[test]
fn a_context_of_any_name_drives_the_ui() {
    let (tx, _rx) = mpsc::channel(EVENT_CAP);
    let host = LiveHost::new(tx, RunOptions::default());
    let repl = Repl::new(host, "local[2]", 1000).expect("repl");
    let pace = Pace::Delay(Duration::from_millis(500));
    let producer = ProducerHandle::Scripted(crate::producer::scripted::ScriptedProducer::new(
        Arc::from(Vec::<String>::new()),
        9999,
        pace,
        crate::sources::feed::Feed::new(),
    ));
    let mut h = Handles {
        shell: Shell::new(repl, Front::Ui, "local[2]"),
        producer,
        pace,
    };
    let mut app = App::new();
    let entries = [
        "from pyspark.streaming import StreamingContext",
        "streaming = StreamingContext(sc, 1)",
        "nums = streaming.queueStream([[1, 2, 3]])",
        "nums.map(lambda x: x * 10).pprint()",
        "streaming.start()",
    ];
    for entry in entries {
        let msg = carry_out(&mut h, &app, Effect::Submit(entry.into())).expect("answer");
        let Msg::Entered { started, .. } = &msg else {
            panic!("expected an entry's result");
        };
        assert_eq!(*started, entry == "streaming.start()", "{entry}");
        update(&mut app, msg);
    }
    h.shell.repl.host().halt();
    assert!(app.clock.started);
    let g = app.graph.as_ref().expect("the started context's graph");
    assert!(g.nodes.iter().any(|n| n.label == "queueStream"));
    assert!(app.transcript.iter().any(
        |l| matches!(l, app::TranscriptLine::Note(n) if n.starts_with("the stream is running"))
    ));
    let mut t = Terminal::new(TestBackend::new(140, 45)).expect("terminal");
    t.draw(|f| panes::render(&app, f)).expect("draw");
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("queueStream"), "{screen}");
    // Stopping it says how to go on (Spark will not start it again).
    let msg = carry_out(
        &mut h,
        &app,
        Effect::Submit("streaming.stop(stopSparkContext=False)".into()),
    )
    .expect("answer");
    assert!(matches!(
        msg,
        Msg::Entered {
            stopped: true,
            started: false,
            ..
        }
    ));
    update(&mut app, msg);
    assert!(app.transcript.iter().any(
        |l| matches!(l, app::TranscriptLine::Note(n) if n.starts_with("the stream stopped") && n.contains(":restart"))
    ));
    h.shell.repl.host().halt();
}
