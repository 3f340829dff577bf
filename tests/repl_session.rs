//! The interactive session behind the UI and `streamlab repl`: entries run one
//! at a time, the stream runs in the background, the clock can be paused and
//! stepped, and a restart rebuilds the graph from the definitions.

use std::time::Duration;

use streamlab::engine::driver::RunOptions;
use streamlab::engine::events::EngineEvent;
use streamlab::session::live::{Entered, LiveHost, Repl};
use tokio::sync::mpsc;

fn repl() -> (Repl, mpsc::Receiver<EngineEvent>) {
    let (tx, rx) = mpsc::channel(1024);
    let host = LiveHost::new(tx, RunOptions::default());
    (Repl::new(host, "local[2]", 1000).expect("repl"), rx)
}

fn ok(e: Entered) -> Option<String> {
    match e {
        Entered::Ok { echo } => echo,
        other => panic!("expected success, got {other:?}"),
    }
}

/// Wait for the next output event's records (generous timeout: only to avoid hanging).
fn next_output(rx: &mut mpsc::Receiver<EngineEvent>) -> Vec<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        match rx.try_recv() {
            Ok(EngineEvent::Output(o)) => {
                return o.result.expect("ok").iter().map(|v| v.repr()).collect()
            }
            Ok(_) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    panic!("no output within 20 s");
}

#[test]
fn expressions_echo_and_errors_render() {
    let (mut r, _rx) = repl();
    assert_eq!(ok(r.submit("1 + 1")), Some("2".into()));
    assert_eq!(ok(r.submit("x = [1, 2]")), None);
    assert_eq!(ok(r.submit("x")), Some("[1, 2]".into()));
    assert!(matches!(r.submit("def f(a):"), Entered::Incomplete));
    assert!(matches!(r.submit("y = (1,"), Entered::Incomplete));
    assert_eq!(ok(r.submit("def f(a):\n    return a * 2\n")), None);
    assert_eq!(ok(r.submit("f(21)")), Some("42".into()));
    match r.submit("ssc.sockeTextStream('localhost', 9999)") {
        Entered::Error { text, .. } => {
            assert!(text.contains("Did you mean: 'socketTextStream'?"), "{text}");
            assert!(text.contains("<repl>:1:5"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    assert!(r.names().contains(&"sc".to_string()) && r.names().contains(&"ssc".to_string()));
}

#[test]
fn a_started_stream_runs_in_the_background_and_can_be_paused_and_stepped() {
    let (mut r, mut rx) = repl();
    ok(r.submit("s = ssc.queueStream([[1], [2], [3], [4]], default=[0])"));
    ok(r.submit("s.map(lambda x: x * 10).pprint()"));
    r.host().control.pause();
    ok(r.submit("ssc.start()"));
    assert_eq!(
        ok(r.submit("ssc.awaitTermination()")),
        None,
        "returns at once in a REPL"
    );
    r.host().control.step();
    assert_eq!(next_output(&mut rx), ["10"]);
    r.host().control.step();
    assert_eq!(next_output(&mut rx), ["20"]);
    // Adding to a running context is Spark's error, with the way out.
    match r.submit("s.count().pprint()") {
        Entered::Error { text, .. } => {
            assert!(
                text.contains("after starting a context is not supported"),
                "{text}"
            );
            assert!(text.contains(":restart"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    r.host().halt();
}

#[test]
fn restart_rebuilds_the_graph_from_the_definitions() {
    let (mut r, mut rx) = repl();
    ok(r.submit("s = ssc.queueStream([[1, 2]], default=[5])"));
    ok(r.submit("s.pprint()"));
    r.host().control.pause();
    ok(r.submit("ssc.start()"));
    r.host().control.step();
    let mut first = next_output(&mut rx);
    first.sort();
    assert_eq!(first, ["1", "2"]);
    let msg = r.restart().expect("restart");
    assert!(msg.contains("stream started"), "{msg}");
    // The new graph starts from the beginning of the queue again.
    r.host().control.step();
    let mut again = next_output(&mut rx);
    while again != ["1", "2"] && again != ["2", "1"] {
        again = next_output(&mut rx);
    }
    r.host().halt();
    r.reset().expect("reset");
    assert!(r.entries().is_empty());
}

#[test]
fn an_entry_refused_after_start_is_kept_for_restart() {
    let (mut r, mut rx) = repl();
    ok(r.submit("s = ssc.queueStream([[1, 2]], default=[3])"));
    ok(r.submit("s.pprint()"));
    r.host().control.pause();
    ok(r.submit("ssc.start()"));
    assert!(matches!(
        r.submit("s.count().pprint()"),
        Entered::Error { .. }
    ));
    assert!(
        r.entries().iter().any(|e| e == "s.count().pprint()"),
        "{:?}",
        r.entries()
    );
    r.restart().expect("restart");
    r.host().control.step();
    // Both outputs run after the restart: the records and their count.
    let mut seen = Vec::new();
    while seen.len() < 2 {
        seen.push(next_output(&mut rx));
    }
    assert!(seen.iter().any(|o| o == &["2"]), "{seen:?}");
    r.host().halt();
}

/// The session's facts follow the StreamingContext, not the name `ssc`: a
/// context bound to `streaming` is started, saved with its own await, and
/// started again by a restart.
#[test]
fn a_context_named_streaming_is_the_sessions_context() {
    let (mut r, mut rx) = repl();
    for entry in [
        "from pyspark.streaming import StreamingContext",
        "streaming = StreamingContext(sc, 1)",
        "nums = streaming.queueStream([[1, 2]])",
        "nums.map(lambda x: x * 10).pprint()",
    ] {
        ok(r.submit(entry));
    }
    assert!(!r.started());
    ok(r.submit("streaming.start()"));
    assert!(r.started());
    assert_eq!(r.unawaited_context().as_deref(), Some("streaming"));
    assert_eq!(next_output(&mut rx), ["10", "20"]);
    let main = r.main_context().expect("context");
    assert!(!main.graph.lock().outputs.is_empty());
    let msg = r.restart().expect("restart");
    assert_eq!(msg, "restarted: 4 definitions replayed, stream started");
    assert_eq!(
        r.entries().last().map(String::as_str),
        Some("streaming.start()")
    );
    assert_eq!(next_output(&mut rx), ["10", "20"]);
    ok(r.submit("streaming.awaitTermination()"));
    assert_eq!(r.unawaited_context(), None);
    r.host().halt();
}
