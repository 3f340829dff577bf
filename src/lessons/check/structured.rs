//! Checks of Structured Streaming steps. The solution's queries and the
//! learner's run on the same replay: Spark's batch 0 at start, one trigger
//! per batch of input, and the no-data batches Spark adds when a watermark
//! moved. What each sink received is compared batch by batch (Spark's batch
//! ids, as the console prints them), rows as multisets unless the step says
//! `ordered: yes`, and the output mode with it. A difference is explained with
//! what usually causes it: the wrong output mode, a window that tumbles
//! instead of sliding, a missing watermark, words not split into rows.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::{diff, input_text, lesson_bug, list, load, CheckError, Loaded};
use crate::engine::events::EngineEvent;
use crate::lessons::{CheckSpec, Compare, Lesson};
use crate::structured::cell::parse_timestamp;
use crate::structured::driver::{run_queries, StructuredOptions};
use crate::structured::exec::QuerySpec;
use crate::structured::plan::Source;
use crate::structured::rate::Rate;
use crate::structured::report::{OutputMode, TriggerReport};

/// What one trigger's sink received.
#[derive(Debug, Clone, PartialEq)]
struct Sunk {
    /// Rows as `|cell|cell|`, sorted unless the check is ordered.
    rows: Vec<String>,
    /// Run without new input, because the watermark moved.
    no_data: bool,
}

/// One query's run, and what the explanations need to know about it.
#[derive(Debug, Clone, PartialEq)]
struct QueryRun {
    mode: OutputMode,
    columns: Vec<String>,
    /// By Spark's batch id.
    batches: BTreeMap<u64, Sunk>,
    /// How far the watermark trails the newest event time, once it is set.
    delay_ms: Option<i64>,
    /// Records dropped as too late, in the whole run.
    dropped_late: u64,
    /// Every event-time window seen in the result table, (start, end) ms.
    windows: Vec<(i64, i64)>,
    /// The source, as `format(...)` names it.
    source: &'static str,
    /// The options of a rate source.
    rate: Option<Rate>,
}

impl QueryRun {
    fn from_reports(spec: &QuerySpec, reports: &[TriggerReport], ordered: bool) -> QueryRun {
        let (source, rate) = match spec.plan.source_of() {
            Source::Rate(r) => ("rate", Some(*r)),
            Source::Socket { .. } => ("socket", None),
            _ => ("file", None),
        };
        let mut run = QueryRun {
            mode: spec.mode,
            source,
            rate,
            columns: Vec::new(),
            batches: BTreeMap::new(),
            delay_ms: None,
            dropped_late: 0,
            windows: Vec::new(),
        };
        let mut newest = None::<i64>;
        for r in reports {
            if run.columns.is_empty() {
                run.columns = r.result_columns.clone();
            }
            let mut rows: Vec<String> = r.emitted.rows.iter().map(|c| row(c)).collect();
            if !ordered {
                rows.sort();
            }
            run.batches.insert(
                r.batch,
                Sunk {
                    rows,
                    no_data: r.no_data,
                },
            );
            let cells = r
                .emitted
                .rows
                .iter()
                .chain(r.result.iter().map(|x| &x.cells));
            run.windows
                .extend(cells.flat_map(|c| c.iter().filter_map(|c| parse_window(c))));
            if let Some(et) = &r.event_time {
                newest = et
                    .records
                    .iter()
                    .filter_map(|f| f.event_ms)
                    .chain(newest)
                    .max();
                if let (Some(w), Some(n)) = (et.watermark_after_ms, newest) {
                    run.delay_ms.get_or_insert(n - w);
                }
                run.dropped_late = run.dropped_late.max(et.dropped_late_total);
            }
        }
        run.windows.sort();
        run.windows.dedup();
        run
    }
}

fn reads_rate(q: &QuerySpec) -> bool {
    matches!(q.plan.source_of(), Source::Rate(_))
}

fn row(cells: &[String]) -> String {
    format!("|{}|", cells.join("|"))
}

/// `{2024-01-01 12:00:00, 2024-01-01 12:10:00}`, a window cell as `show()` prints it.
fn parse_window(cell: &str) -> Option<(i64, i64)> {
    let (a, b) = cell
        .strip_prefix('{')?
        .strip_suffix('}')?
        .split_once(", ")?;
    Some((parse_timestamp(a)?, parse_timestamp(b)?))
}

/// `10 minutes`, `30 seconds`: a duration as `window()` and `withWatermark()` take it.
fn duration(ms: i64) -> String {
    let (n, unit) = if ms % 3_600_000 == 0 && ms != 0 {
        (ms / 3_600_000, "hour")
    } else if ms % 60_000 == 0 && ms != 0 {
        (ms / 60_000, "minute")
    } else if ms % 1000 == 0 {
        (ms / 1000, "second")
    } else {
        (ms, "millisecond")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// What a mode writes, as the subject of "your query ..." and as what a step wants.
fn mode_words(mode: OutputMode) -> (&'static str, &'static str) {
    match mode {
        OutputMode::Complete => (
            "prints the whole result table each trigger",
            "the whole result table each trigger",
        ),
        OutputMode::Update => (
            "prints only changed rows",
            "only the rows that changed in each trigger",
        ),
        OutputMode::Append => (
            "prints only final rows, once each",
            "only final rows, each once, when the watermark has closed their window",
        ),
    }
}

/// Run the queries on the step's replay, one [`QueryRun`] per query.
fn run(
    lesson: &Lesson,
    spec: &CheckSpec,
    queries: &[QuerySpec],
    on_rate: bool,
) -> Result<Vec<QueryRun>, CheckError> {
    let opts = match &spec.input {
        Some(input) => {
            let (lines, per_batch) = input_text(lesson, input)?;
            let batches: Vec<Vec<String>> =
                lines.chunks(per_batch.max(1)).map(|c| c.to_vec()).collect();
            StructuredOptions {
                replay: Some(Arc::new(batches)),
                ..StructuredOptions::default()
            }
        }
        // A step on the rate source: `batches:` micro-batches (batch 0
        // included) on the virtual clock; a query on another source reads an
        // empty replay.
        None if on_rate => StructuredOptions {
            replay: Some(Arc::new(Vec::new())),
            max_batches: Some(spec.batches),
            ..StructuredOptions::default()
        },
        None => return Err(CheckError::NoInput),
    };
    let mut reports: Vec<TriggerReport> = Vec::new();
    let stop = AtomicBool::new(false);
    run_queries(queries.to_vec(), &opts, &stop, &mut |ev| {
        if let EngineEvent::Trigger(r) = ev {
            reports.push(*r);
        }
    })?;
    Ok(queries
        .iter()
        .map(|q| {
            let mine: Vec<TriggerReport> = reports
                .iter()
                .filter(|r| r.query == q.index)
                .cloned()
                .collect();
            QueryRun::from_reports(q, &mine, spec.ordered)
        })
        .collect())
}

/// Check a Structured Streaming step: `(passed, message)`.
pub(super) fn check(
    lesson: &Lesson,
    spec: &CheckSpec,
    solution: &Loaded,
    program: &str,
) -> (bool, String) {
    if spec.compare != Compare::Output {
        return (
            false,
            lesson_bug("a Structured Streaming step compares 'output' (what the sinks received)"),
        );
    }
    // Without `input:` the step is about the rate source: both programs run
    // on the virtual clock for `batches:` micro-batches.
    let on_rate = solution.queries.iter().any(reads_rate);
    let expected = match run(lesson, spec, &solution.queries, on_rate) {
        Ok(e) => e,
        Err(e) => return (false, lesson_bug(&e)),
    };
    let mine = match load(lesson, program) {
        Ok(l) => l,
        Err(e) => return (false, start_error(e, &expected)),
    };
    if mine.queries.len() < expected.len() {
        return (false, too_few_queries(&mine, expected.len(), &expected));
    }
    // A REPL session keeps the queries of earlier steps: compare the newest.
    let newest = &mine.queries[mine.queries.len() - expected.len()..];
    let got = match run(lesson, spec, newest, on_rate) {
        Ok(g) => g,
        Err(e) => return (false, e.to_string()),
    };
    match compare(&expected, &got) {
        Some(why) => (false, why),
        None => {
            let batches = expected.iter().map(|q| q.batches.len()).max().unwrap_or(0);
            let mut modes: Vec<&str> = expected.iter().map(|q| q.mode.name()).collect();
            modes.dedup();
            (
                true,
                format!(
                    "in {} mode, the sink received the same rows as the solution's in all {batches} batches",
                    modes.join(" and ")
                ),
            )
        }
    }
}

/// Spark refuses some queries at `start()`: its error, and what this step wants.
fn start_error(error: CheckError, expected: &[QueryRun]) -> String {
    let error = error.to_string();
    let Some(e) = expected.first() else {
        return error;
    };
    if !error.to_ascii_lowercase().contains("output mode") {
        return error;
    }
    let mode = e.mode.name();
    let mut hint = format!("\nthis step's query writes in {mode} mode: .outputMode(\"{mode}\")");
    if let (OutputMode::Append, Some(d)) = (e.mode, e.delay_ms) {
        hint.push_str(&format!(
            "; an aggregation in append mode needs a watermark: .withWatermark(\"timestamp\", \"{}\") before groupBy",
            duration(d)
        ));
    }
    format!("{}{hint}", error.trim_end())
}

fn too_few_queries(mine: &Loaded, wanted: usize, expected: &[QueryRun]) -> String {
    let mode = expected.first().map_or("complete", |e| e.mode.name());
    let end = format!(".writeStream.outputMode(\"{mode}\").format(\"console\").start()");
    if !mine.queries.is_empty() {
        return format!(
            "the solution starts {wanted} queries, your program {}: each one ends with {end}",
            mine.queries.len()
        );
    }
    let has_dstreams = mine
        .streaming_context()
        .is_ok_and(|ssc| !ssc.graph.lock().outputs.is_empty());
    if has_dstreams {
        format!("this step is about Structured Streaming: your program prints DStreams but starts no query; read with spark.readStream and end with {end}")
    } else {
        format!("your program starts no query: end it with {end}")
    }
}

/// Compare the learner's queries with the solution's, first difference first.
fn compare(expected: &[QueryRun], got: &[QueryRun]) -> Option<String> {
    for (i, (e, g)) in expected.iter().zip(got).enumerate() {
        if let Some(why) = compare_query(e, g) {
            return Some(if expected.len() > 1 {
                format!("query {}: {why}", i + 1)
            } else {
                why
            });
        }
    }
    None
}

fn compare_query(e: &QueryRun, g: &QueryRun) -> Option<String> {
    if e.mode != g.mode {
        return Some(format!(
            "your query {} ({} mode); this step wants {}: outputMode(\"{}\")",
            mode_words(g.mode).0,
            g.mode.name(),
            mode_words(e.mode).1,
            e.mode.name()
        ));
    }
    if e.source != g.source && (e.source == "rate" || g.source == "rate") {
        return Some(if e.source == "rate" {
            let rows = e.rate.map_or(1, |r| r.rows_per_second);
            format!(
                "your query reads a {} source; this step reads the rate source: spark.readStream.format(\"rate\").option(\"rowsPerSecond\", {rows}).load()",
                g.source
            )
        } else {
            format!(
                "your query reads the rate source; this step reads a {} source",
                e.source
            )
        });
    }
    if e.columns != g.columns {
        let mut msg = format!(
            "the result table's columns are {}; the solution's are {}",
            g.columns.join(", "),
            e.columns.join(", ")
        );
        let named = e.columns.iter().zip(&g.columns).find(|(a, b)| a != b);
        if let Some((want, _)) = named {
            msg.push_str(&format!(": name the column with .alias(\"{want}\")"));
        }
        return Some(msg);
    }
    let mut ids: Vec<u64> = e.batches.keys().chain(g.batches.keys()).copied().collect();
    ids.sort();
    ids.dedup();
    for b in ids {
        let base = match (e.batches.get(&b), g.batches.get(&b)) {
            (Some(x), Some(y)) if x.rows == y.rows => continue,
            (Some(x), Some(y)) => {
                let (mut sx, mut sy) = (x.rows.clone(), y.rows.clone());
                sx.sort();
                sy.sort();
                if sx == sy {
                    return Some(format!(
                        "batch {b}: the right rows in a different order: expected {}, your query's sink received {}: check the sort",
                        list(&x.rows),
                        list(&y.rows)
                    ));
                }
                let missing = diff(&x.rows, &y.rows);
                let extra = diff(&y.rows, &x.rows);
                let base = if missing.is_empty() {
                    format!(
                        "batch {b}: your query's sink received {} row(s) too many: {}",
                        extra.len(),
                        list(&extra)
                    )
                } else if extra.is_empty() {
                    format!(
                        "batch {b}: your query's sink did not receive {}",
                        list(&missing)
                    )
                } else {
                    format!(
                        "batch {b}: expected {}, your query's sink received {}",
                        list(&missing),
                        list(&extra)
                    )
                };
                return Some(with_hint(base, hint(e, g, &missing, &extra)));
            }
            (Some(x), None) => format!(
                "batch {b}: the solution's query runs a batch here{}, yours does not",
                if x.no_data {
                    " (a no-data batch: its watermark moved)"
                } else {
                    ""
                }
            ),
            (None, Some(y)) => format!(
                "batch {b}: your query runs a batch here{}, the solution's does not",
                if y.no_data {
                    " (a no-data batch: its watermark moved)"
                } else {
                    ""
                }
            ),
            (None, None) => continue,
        };
        return Some(with_hint(base, hint(e, g, &[], &[])));
    }
    None
}

fn with_hint(base: String, hint: Option<String>) -> String {
    match hint {
        Some(h) => format!("{base}: {h}"),
        None => base,
    }
}

/// The usual cause of a difference, when one fits: event time first (it
/// changes every row), then the words, then the counts.
fn hint(e: &QueryRun, g: &QueryRun, missing: &[String], extra: &[String]) -> Option<String> {
    if let (Some(re), Some(rg)) = (e.rate, g.rate) {
        if re.rows_per_second != rg.rows_per_second {
            return Some(format!(
                "your rate source makes {} row{} a second, the solution's {}: .option(\"rowsPerSecond\", {})",
                rg.rows_per_second,
                if rg.rows_per_second == 1 { "" } else { "s" },
                re.rows_per_second,
                re.rows_per_second
            ));
        }
    }
    match (e.delay_ms, g.delay_ms) {
        (Some(d), None) => {
            return Some(format!(
                "your query has no watermark, so late records are still counted and old windows are never dropped from the state; add .withWatermark(\"timestamp\", \"{}\") before groupBy",
                duration(d)
            ))
        }
        (None, Some(_)) => {
            return Some(
                "your query has a watermark this step does not use: remove withWatermark".into(),
            )
        }
        _ => {}
    }
    if let Some(h) = window_hint(&e.windows, &g.windows) {
        return Some(h);
    }
    if let (Some(de), Some(dg)) = (e.delay_ms, g.delay_ms) {
        if de != dg {
            return Some(format!(
                "your watermark trails the newest event time by {}, the solution's by {} (the solution drops {} late record{}, yours {}): check the delay in withWatermark",
                duration(dg),
                duration(de),
                e.dropped_late,
                if e.dropped_late == 1 { "" } else { "s" },
                g.dropped_late
            ));
        }
    }
    let cells = |rows: &[String]| -> Vec<String> {
        rows.iter()
            .flat_map(|r| {
                r.trim_matches('|')
                    .split('|')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let expected_cells: Vec<String> = e.batches.values().flat_map(|s| cells(&s.rows)).collect();
    let extra_cells = cells(extra);
    let wordy = |c: &&String| parse_window(c).is_none() && parse_timestamp(c).is_none();
    let is_array = |c: &&String| c.starts_with('[') && c.ends_with(']');
    if extra_cells.iter().any(|c| is_array(&c)) && !expected_cells.iter().any(|c| is_array(&c)) {
        return Some(
            "your rows hold arrays of words: explode(...) turns each array into one row per word"
                .into(),
        );
    }
    let with = |ch: char| {
        let theirs = extra_cells.iter().filter(wordy).find(|c| c.contains(ch));
        let ours = expected_cells.iter().filter(wordy).any(|c| c.contains(ch));
        theirs.filter(|_| !ours)
    };
    if let Some(c) = with(',') {
        return Some(format!(
            "your words still hold the line's time (\"{c}\"): split(col(\"value\"), \",\") separates the time from the words"
        ));
    }
    if let Some(c) = with(' ') {
        return Some(format!(
            "your words still hold spaces (\"{c}\"): split(..., \" \") and explode(...) make one row per word"
        ));
    }
    // A row's key: every cell but the last (the count, the aggregate).
    let key = |r: &String| {
        r.strip_suffix('|')
            .and_then(|r| r.rsplit_once('|'))
            .map(|(k, _)| k.to_string())
    };
    let mut km: Vec<String> = missing.iter().filter_map(key).collect();
    let mut kx: Vec<String> = extra.iter().filter_map(key).collect();
    km.sort();
    kx.sort();
    if !km.is_empty() && km == kx {
        return Some("the counts are off: the same keys, different values".into());
    }
    None
}

/// Windows of the wrong length, or tumbling where they should slide.
fn window_hint(e: &[(i64, i64)], g: &[(i64, i64)]) -> Option<String> {
    let length = |ws: &[(i64, i64)]| ws.first().map(|(s, t)| t - s);
    let le = length(e)?;
    let Some(lg) = length(g) else {
        return Some(
            "your query has no event-time windows: group by window(col(\"timestamp\"), ...) and the word".into(),
        );
    };
    if le != lg {
        return Some(format!(
            "your windows are {} long, the solution's {}: window()'s second argument is the window's length",
            duration(lg),
            duration(le)
        ));
    }
    // The slide: the smallest gap between two window starts.
    let slide = |ws: &[(i64, i64)]| {
        let mut starts: Vec<i64> = ws.iter().map(|w| w.0).collect();
        starts.dedup();
        starts.windows(2).map(|p| p[1] - p[0]).min()
    };
    let (se, sg) = (slide(e).unwrap_or(le), slide(g).unwrap_or(lg));
    if se == sg {
        return None;
    }
    if sg >= lg && se < le {
        Some(format!(
            "your windows do not overlap (without a slide, a window tumbles: each record counts in one window); window(col(\"timestamp\"), \"{}\", \"{}\") starts a window every {}, so each record counts in {}",
            duration(le),
            duration(se),
            duration(se),
            le / se
        ))
    } else {
        Some(format!(
            "your windows start every {}, the solution's every {}: window()'s third argument is the slide",
            duration(sg),
            duration(se)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn query(mode: OutputMode, batches: &[(u64, &[&str])]) -> QueryRun {
        QueryRun {
            mode,
            columns: vec!["word".into(), "count".into()],
            batches: batches
                .iter()
                .map(|(b, rows)| {
                    (
                        *b,
                        Sunk {
                            rows: rows.iter().map(|r| r.to_string()).collect(),
                            no_data: false,
                        },
                    )
                })
                .collect(),
            delay_ms: None,
            dropped_late: 0,
            windows: Vec::new(),
            source: "socket",
            rate: None,
        }
    }

    #[test]
    fn a_wrong_output_mode_is_named_in_words() {
        let e = query(OutputMode::Complete, &[(1, &["|cat|1|"])]);
        let g = query(OutputMode::Update, &[(1, &["|cat|1|"])]);
        assert_eq!(
            compare(&[e], &[g]).as_deref(),
            Some("your query prints only changed rows (update mode); this step wants the whole result table each trigger: outputMode(\"complete\")")
        );
    }

    #[test]
    fn rows_are_compared_per_batch_with_a_hint() {
        let e = query(
            OutputMode::Complete,
            &[(0, &[]), (1, &["|cat|2|", "|dog|1|"])],
        );
        let g = query(
            OutputMode::Complete,
            &[(0, &[]), (1, &["|cat|1|", "|dog|1|"])],
        );
        assert_eq!(
            compare(std::slice::from_ref(&e), &[g]).as_deref(),
            Some("batch 1: expected |cat|2|, your query's sink received |cat|1|: the counts are off: the same keys, different values")
        );
        let g = query(OutputMode::Complete, &[(0, &[]), (1, &["|cat dog|1|"])]);
        let m = compare(std::slice::from_ref(&e), &[g]).unwrap_or_default();
        assert!(m.ends_with("your words still hold spaces (\"cat dog\"): split(..., \" \") and explode(...) make one row per word"), "{m}");
        let g = query(OutputMode::Complete, &[(0, &[]), (1, &["|[cat, dog]|1|"])]);
        let m = compare(std::slice::from_ref(&e), &[g]).unwrap_or_default();
        assert!(m.contains("arrays of words: explode"), "{m}");
        assert_eq!(
            compare(std::slice::from_ref(&e), std::slice::from_ref(&e)),
            None
        );
    }

    #[test]
    fn windows_that_tumble_or_differ_in_length_are_named() {
        let sliding: Vec<(i64, i64)> = (0..4)
            .map(|i| (i * 5 * MIN, i * 5 * MIN + 10 * MIN))
            .collect();
        let tumbling: Vec<(i64, i64)> = (0..2)
            .map(|i| (i * 10 * MIN, i * 10 * MIN + 10 * MIN))
            .collect();
        let m = window_hint(&sliding, &tumbling).unwrap_or_default();
        assert!(m.starts_with("your windows do not overlap"), "{m}");
        assert!(
            m.contains("window(col(\"timestamp\"), \"10 minutes\", \"5 minutes\")")
                && m.ends_with("counts in 2"),
            "{m}"
        );
        let short: Vec<(i64, i64)> = (0..4)
            .map(|i| (i * 5 * MIN, i * 5 * MIN + 5 * MIN))
            .collect();
        let m = window_hint(&sliding, &short).unwrap_or_default();
        assert!(
            m.starts_with("your windows are 5 minutes long, the solution's 10 minutes"),
            "{m}"
        );
        assert_eq!(window_hint(&sliding, &sliding), None);
        assert_eq!(
            parse_window("{2024-01-01 00:00:00, 2024-01-01 00:10:00}"),
            Some((1_704_067_200_000, 1_704_067_800_000))
        );
        assert_eq!(parse_window("cat"), None);
    }

    #[test]
    fn a_missing_watermark_is_named_with_the_delay() {
        let mut e = query(OutputMode::Update, &[(0, &[]), (2, &[])]);
        e.delay_ms = Some(10 * MIN);
        e.batches.get_mut(&2).expect("batch 2").no_data = true;
        let g = query(OutputMode::Update, &[(0, &[]), (2, &["|owl|1|"])]);
        let m = compare(&[e], &[g]).unwrap_or_default();
        assert!(m.starts_with("batch 2: your query's sink received 1 row(s) too many: |owl|1|: your query has no watermark"), "{m}");
        assert!(
            m.ends_with(".withWatermark(\"timestamp\", \"10 minutes\") before groupBy"),
            "{m}"
        );
    }

    #[test]
    fn durations_read_as_spark_takes_them() {
        assert_eq!(duration(10 * MIN), "10 minutes");
        assert_eq!(duration(MIN), "1 minute");
        assert_eq!(duration(90_000), "90 seconds");
        assert_eq!(duration(120 * MIN), "2 hours");
    }
}
