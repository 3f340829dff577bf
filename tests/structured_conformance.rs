//! The Structured Streaming conformance suite: every case in
//! `tests/conformance/structured/cases` was recorded on PySpark 3.5.9 by
//! `tests/conformance/structured/record.py`. Each runs through the real
//! `streamlab run CASE.py --replay-batches CASE.input` binary.
//!
//! What is compared (see tests/conformance/structured/README.md):
//! - the batch ids printed by the console sink (no-data batches included);
//! - each batch's console text exactly, for cases marked `# rows: ordered`
//!   (stateless queries, and the `sink_order_*` aggregations, whose order
//!   streamlab reproduces);
//!   for the others (aggregations, whose row order follows Spark's hash
//!   partitioning) the text with the table's data rows sorted: header, column
//!   widths, cells and row counts must still match exactly;
//! - for cases marked `# compare: stdout` (foreachBatch, foreach, memory
//!   tables read back with `spark.sql`): everything the program printed;
//! - for cases where Spark raised an error: streamlab exits with status 1,
//!   prints nothing on stdout, and its error names the same exception and
//!   message (a failed query's random ids, recorded as `[id = ID, runId =
//!   RUNID]`, may differ).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DASHES: &str = "-------------------------------------------";

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/structured/cases")
}

/// (batch id, table text) from console sink output.
fn split_console(stdout: &str) -> Vec<(u64, String)> {
    let lines: Vec<&str> = stdout.split('\n').collect();
    let is_header = |i: usize| {
        lines[i] == DASHES
            && i + 2 < lines.len()
            && lines[i + 1].starts_with("Batch: ")
            && lines[i + 2] == DASHES
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_header(i) {
            i += 1;
            continue;
        }
        let batch: u64 = lines[i + 1]["Batch: ".len()..].parse().unwrap_or(u64::MAX);
        let mut j = i + 3;
        let mut body = Vec::new();
        while j < lines.len() && !is_header(j) {
            body.push(lines[j]);
            j += 1;
        }
        out.push((
            batch,
            body.join("\n").trim_end_matches('\n').to_string() + "\n",
        ));
        i = j;
    }
    out
}

/// The table with its data rows sorted (the lines between the second and the
/// last `+---+` rule), for comparing results whose row order is Spark's hash order.
fn sorted_rows(table: &str) -> String {
    let lines: Vec<&str> = table.lines().collect();
    let rules: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with('+'))
        .map(|(i, _)| i)
        .collect();
    if rules.len() < 3 {
        return table.to_string();
    }
    let (a, b) = (rules[1] + 1, rules[rules.len() - 1]);
    let mut body: Vec<&str> = lines[a..b].to_vec();
    body.sort_unstable();
    let mut out: Vec<&str> = lines[..a].to_vec();
    out.extend(body);
    out.extend(&lines[b..]);
    out.join("\n") + "\n"
}

fn run_case(py: &Path) -> Result<(), String> {
    let exp: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(py.with_extension("expected.json"))
            .map_err(|e| format!("no expected.json: {e}"))?,
    )
    .map_err(|e| e.to_string())?;
    // `# clean: DIR` lines name directories the case writes (a file sink's
    // output and checkpoint): each run starts without them, as the recording did.
    let program = std::fs::read_to_string(py).map_err(|e| e.to_string())?;
    for line in program.lines() {
        if let Some(dir) = line.strip_prefix("# clean:") {
            let _ = std::fs::remove_dir_all(dir.trim());
        }
    }
    let input = py.with_extension("input");
    let mut child = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .arg("run")
        .arg(py)
        .arg("--replay-batches")
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start streamlab: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().map_err(|e| e.to_string())?.is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err("timed out after 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Some(err) = exp["error"].as_str() {
        if out.status.code() != Some(1) {
            return Err(format!(
                "Spark raised {err:?}; streamlab exited with {:?}, stdout:\n{stdout}",
                out.status.code()
            ));
        }
        // Spark's message may end with `;` and a plan; the first sentence must match.
        let (kind, msg) = err.split_once(": ").unwrap_or((err, ""));
        let msg = msg.trim_end_matches(';');
        let msg = msg.split(";\n").next().unwrap_or(msg);
        // A failed query's ids are random: the recorder wrote a placeholder,
        // and the text on each side of it must match.
        let pieces_match = msg
            .split("[id = ID, runId = RUNID]")
            .all(|piece| stderr.contains(piece));
        if !stderr.contains(kind) || !pieces_match {
            return Err(format!("Spark raised {err:?}; streamlab said:\n{stderr}"));
        }
        if !stdout.trim().is_empty() {
            return Err(format!("expected no output with an error, got:\n{stdout}"));
        }
        return Ok(());
    }
    if !out.status.success() {
        return Err(format!(
            "exit status {:?}; stderr:\n{stderr}",
            out.status.code()
        ));
    }
    // Cases marked `# compare: stdout` (foreachBatch, memory tables): the
    // program's whole standard output, exactly.
    if let Some(want) = exp["stdout"].as_str() {
        if want != stdout {
            return Err(format!(
                "stdout differs: Spark printed\n{want}\nstreamlab printed\n{stdout}"
            ));
        }
    }
    let ordered = exp["rows_ordered"].as_bool().unwrap_or(false);
    let want: Vec<(u64, String)> = exp["console"]
        .as_array()
        .ok_or("console is not a list")?
        .iter()
        .map(|b| {
            (
                b["batch"].as_u64().unwrap_or(u64::MAX),
                b["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let got = split_console(&stdout);
    let ids = |v: &[(u64, String)]| v.iter().map(|b| b.0).collect::<Vec<_>>();
    if ids(&want) != ids(&got) {
        return Err(format!(
            "batches differ: Spark printed {:?}, streamlab {:?}\nstreamlab's output:\n{stdout}",
            ids(&want),
            ids(&got)
        ));
    }
    let mut diffs = Vec::new();
    for ((b, w), (_, g)) in want.iter().zip(&got) {
        let (w, g) = if ordered {
            (w.clone(), g.clone())
        } else {
            (sorted_rows(w), sorted_rows(g))
        };
        if w != g {
            diffs.push(format!(
                "batch {b}: Spark printed\n{w}streamlab printed\n{g}"
            ));
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n"))
    }
}

#[test]
fn structured_cases_match_pyspark() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("the cases directory exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "found {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|py| {
            run_case(py)
                .err()
                .map(|e| format!("{}:\n{e}", py.display()))
        })
        .collect();
    eprintln!(
        "structured conformance: {} of {} cases match PySpark",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn sorting_rows_keeps_the_frame() {
    let t = "+---+\n|  n|\n+---+\n|  b|\n|  a|\n+---+\n";
    assert_eq!(sorted_rows(t), "+---+\n|  n|\n+---+\n|  a|\n|  b|\n+---+\n");
    let got = split_console(&format!("{DASHES}\nBatch: 3\n{DASHES}\n{t}\n"));
    assert_eq!(got, vec![(3, t.to_string())]);
}
