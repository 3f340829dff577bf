//! What the engine reports per batch for the UI to draw (window spans, the
//! batches that left and entered an inverse-reduced window, state diffs), and
//! properties of windows checked over random inputs.

use std::sync::{Arc, Mutex};

use proptest::prelude::*;
use streamlab::engine::driver::RunOptions;
use streamlab::engine::events::{BatchInfo, EngineEvent};
use streamlab::session::run_headless;

const HEADER: &str = "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext(\"local[2]\", \"T\")\nssc = StreamingContext(sc, 1)\nssc.checkpoint(CHECKPOINT)\n";
const ZERO: i64 = 1_000_000;

/// Run a program body for `batches` batches; return every event.
fn events(body: &str, batches: u64) -> Vec<EngineEvent> {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = format!(
        "{}{body}\nssc.start()\nssc.awaitTermination()\n",
        HEADER.replace(
            "CHECKPOINT",
            &format!("{:?}", dir.path().join("cp").display().to_string())
        )
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    run_headless(
        &src,
        RunOptions {
            max_batches: Some(batches),
            start_ms: Some(ZERO),
            ..RunOptions::default()
        },
        move |ev| sink.lock().expect("lock").push(ev),
    )
    .map_err(|e| format!("{:?}", e.diagnostic()))
    .expect("program runs");
    let out = seen.lock().expect("lock").clone();
    out
}

fn batches(evs: &[EngineEvent]) -> Vec<BatchInfo> {
    evs.iter()
        .filter_map(|e| match e {
            EngineEvent::BatchCompleted(b) => Some(b.clone()),
            _ => None,
        })
        .collect()
}

/// Batch time of batch index `i` (batch 0 runs at zero + 1 s).
fn t(i: i64) -> i64 {
    ZERO + (i + 1) * 1000
}

/// Records of output `k` per batch index, sorted (None = no RDD that batch).
fn outputs(evs: &[EngineEvent], k: usize, n: usize) -> Vec<Option<Vec<String>>> {
    let mut out = vec![None; n];
    for e in evs {
        if let EngineEvent::Output(o) = e {
            if o.output == k {
                let mut recs: Vec<String> = o
                    .result
                    .as_ref()
                    .expect("no error")
                    .iter()
                    .map(|v| v.repr())
                    .collect();
                recs.sort();
                out[o.batch as usize] = Some(recs);
            }
        }
    }
    out
}

#[test]
fn window_spans_show_coverage_and_slide_boundaries() {
    let evs = events(
        "s = ssc.queueStream([[1], [2], [3], [4], [5]])\ns.window(3, 2).pprint()",
        6,
    );
    let b = batches(&evs);
    let w: Vec<_> = b.iter().map(|b| b.windows[0].clone()).collect();
    assert_eq!(w[0].covers, Some((t(0), t(0))));
    assert!(!w[0].emitted, "a slide-2 window does not emit at batch 1");
    assert_eq!((w[1].covers, w[1].emitted), (Some((t(0), t(1))), true));
    assert_eq!((w[3].covers, w[3].emitted), (Some((t(1), t(3))), true));
    assert_eq!((w[5].covers, w[5].emitted), (Some((t(3), t(5))), true));
    assert_eq!((w[0].window_ms, w[0].slide_ms), (3000, 2000));
}

#[test]
fn inverse_windows_report_what_left_and_entered() {
    let body = "p = ssc.queueStream([[(\"a\", 1)], [(\"b\", 1)], [(\"a\", 1)], [], [], [], []])\np.reduceByKeyAndWindow(lambda x, y: x + y, lambda x, y: x - y, 5, 1).pprint()\np.reduceByKeyAndWindow(lambda x, y: x + y, lambda x, y: x - y, 3, 1).pprint()";
    let evs = events(body, 7);
    let b = batches(&evs);
    let long = |i: usize| {
        b[i].windows
            .iter()
            .find(|w| w.window_ms == 5000)
            .expect("long window")
            .clone()
    };
    let short = |i: usize| {
        b[i].windows
            .iter()
            .find(|w| w.window_ms == 3000)
            .expect("short window")
            .clone()
    };
    assert_eq!(
        long(0).incremental,
        Some(false),
        "the first window is computed from scratch"
    );
    assert_eq!(long(5).incremental, Some(true));
    assert_eq!(long(5).left, vec![t(0)]);
    assert_eq!(long(5).entered, vec![t(5)]);
    assert_eq!(long(5).covers, Some((t(1), t(5))));
    assert_eq!(
        short(5).incremental,
        Some(false),
        "3 < 5 x 1: Spark recomputes short windows"
    );
    // The lingering zero of the incremental path, as on Spark.
    assert_eq!(
        outputs(&evs, 0, 7)[5],
        Some(vec!["('a', 1)".into(), "('b', 1)".into()])
    );
    assert_eq!(
        outputs(&evs, 0, 7)[6],
        Some(vec!["('a', 1)".into(), "('b', 0)".into()])
    );
}

#[test]
fn state_diffs_name_added_updated_and_removed_keys() {
    let body = "s = ssc.queueStream([[(\"a\", 1), (\"b\", 1)], [(\"a\", 2)], [(\"b\", -1)]])\ns.updateStateByKey(lambda new, old: None if (old or 0) + sum(new) == 0 else (old or 0) + sum(new)).pprint()";
    let b = batches(&events(body, 3));
    let d0 = &b[0].states[0];
    let mut added: Vec<String> = d0
        .added
        .iter()
        .map(|(k, v)| format!("{}={}", k.repr(), v.repr()))
        .collect();
    added.sort();
    assert_eq!(added, ["'a'=1", "'b'=1"]);
    assert_eq!(d0.size, 2);
    let d1 = &b[1].states[0];
    assert!(d1.added.is_empty() && d1.removed.is_empty());
    let upd: Vec<String> = d1
        .updated
        .iter()
        .map(|(k, o, n)| format!("{} {}->{}", k.repr(), o.repr(), n.repr()))
        .collect();
    assert_eq!(upd, ["'a' 1->3"]);
    let d2 = &b[2].states[0];
    assert_eq!(
        d2.removed
            .iter()
            .map(|(k, v)| format!("{}={}", k.repr(), v.repr()))
            .collect::<Vec<_>>(),
        ["'b'=1"]
    );
    assert_eq!(d2.size, 1);
}

fn queue_literal(input: &[Vec<u8>]) -> String {
    let batches: Vec<String> = input
        .iter()
        .map(|b| {
            format!(
                "[{}]",
                b.iter()
                    .map(|w| format!("'w{w}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    format!("[{}]", batches.join(", "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// With W a multiple of S, every record is in exactly W/S emitted windows.
    #[test]
    fn every_record_lands_in_window_over_slide_windows(
        input in prop::collection::vec(prop::collection::vec(0u8..4, 0..4), 1..6),
        slide in 1i64..3,
        factor in 1i64..4,
    ) {
        let window = slide * factor;
        let n = input.len() as i64 + window + slide;
        // Tag each record with its batch so every occurrence is distinguishable.
        let tagged: Vec<Vec<String>> = input.iter().enumerate().map(|(i, b)| b.iter().enumerate().map(|(j, w)| format!("{i}.{j}.{w}")).collect()).collect();
        let lit = format!("[{}]", tagged.iter().map(|b| format!("[{}]", b.iter().map(|r| format!("'{r}'")).collect::<Vec<_>>().join(", "))).collect::<Vec<_>>().join(", "));
        let evs = events(&format!("s = ssc.queueStream({lit})\ns.window({window}, {slide}).pprint()"), n as u64);
        let mut seen = std::collections::HashMap::<String, i64>::new();
        for o in outputs(&evs, 0, n as usize).into_iter().flatten() {
            for r in o {
                *seen.entry(r).or_default() += 1;
            }
        }
        for r in tagged.iter().flatten() {
            prop_assert_eq!(seen.get(&format!("'{r}'")).copied().unwrap_or(0), factor, "record {}", r);
        }
    }

    /// The inverse (incremental) path gives the recomputed counts, apart from
    /// keys that linger with a zero count.
    #[test]
    fn inverse_reduced_windows_equal_recomputed_ones(
        input in prop::collection::vec(prop::collection::vec(0u8..4, 0..5), 1..8),
        slide in 1i64..3,
        factor in 1i64..7,
    ) {
        let window = slide * factor;
        let n = (input.len() as i64 + window + 2 * slide) as usize;
        let body = format!(
            "p = ssc.queueStream({}).map(lambda w: (w, 1))\np.reduceByKeyAndWindow(lambda a, b: a + b, None, {window}, {slide}).pprint()\np.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, {window}, {slide}).pprint()",
            queue_literal(&input)
        );
        let evs = events(&body, n as u64);
        let plain = outputs(&evs, 0, n);
        let inverse = outputs(&evs, 1, n);
        for i in 0..n {
            let drop_zeros = |v: &Option<Vec<String>>| v.as_ref().map(|v| v.iter().filter(|r| !r.ends_with(", 0)")).cloned().collect::<Vec<_>>());
            prop_assert_eq!(drop_zeros(&plain[i]), drop_zeros(&inverse[i]), "batch {}", i);
        }
    }
}
