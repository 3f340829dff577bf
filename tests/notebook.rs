//! Notebooks (issue 21): `streamlab export --format ipynb` writes an nbformat
//! 4 notebook (checked here against the rules of the nbformat 4.5 JSON
//! schema, written out below), one code cell per REPL entry, a lesson's text
//! as Markdown cells first; `streamlab run NOTEBOOK.ipynb` and `:load` run its
//! code cells, and IPython magics are named with their cell and line.

use assert_cmd::Command;
use serde_json::Value;

fn streamlab() -> Command {
    Command::cargo_bin("streamlab").expect("binary")
}

/// `source` in nbformat 4: a string, or a list of strings.
fn multiline_string(v: &Value) -> bool {
    v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
}

/// Every way `nb` breaks the nbformat 4.5 schema (nbformat's
/// `nbformat.v4.5.schema.json`): the required fields of the notebook, its
/// metadata and each cell, no fields the schema does not allow, the
/// types, and cell ids (1 to 64 of `[a-zA-Z0-9-_]`, unique).
fn schema_errors(nb: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let mut need = |ok: bool, what: String| {
        if !ok {
            errors.push(what);
        }
    };
    let Some(top) = nb.as_object() else {
        return vec!["the notebook is not an object".into()];
    };
    for k in ["metadata", "nbformat_minor", "nbformat", "cells"] {
        need(top.contains_key(k), format!("missing {k}"));
    }
    for k in top.keys() {
        need(
            ["metadata", "nbformat_minor", "nbformat", "cells"].contains(&k.as_str()),
            format!("field {k} is not allowed"),
        );
    }
    need(nb["nbformat"] == 4, "nbformat must be 4".into());
    need(
        nb["nbformat_minor"].as_u64().is_some_and(|m| m >= 5),
        "nbformat_minor must be an integer >= 5 (cell ids)".into(),
    );
    let meta = &nb["metadata"];
    need(meta.is_object(), "metadata must be an object".into());
    if let Some(k) = meta.get("kernelspec") {
        need(
            k["name"].is_string() && k["display_name"].is_string(),
            "kernelspec needs name and display_name".into(),
        );
    }
    if let Some(l) = meta.get("language_info") {
        need(l["name"].is_string(), "language_info needs a name".into());
    }
    let mut ids = std::collections::BTreeSet::new();
    for (i, cell) in nb["cells"].as_array().into_iter().flatten().enumerate() {
        let Some(c) = cell.as_object() else {
            need(false, format!("cell {i} is not an object"));
            continue;
        };
        let (required, allowed): (&[&str], &[&str]) = match cell["cell_type"].as_str() {
            Some("code") => (
                &[
                    "id",
                    "cell_type",
                    "metadata",
                    "source",
                    "outputs",
                    "execution_count",
                ],
                &[
                    "id",
                    "cell_type",
                    "metadata",
                    "source",
                    "outputs",
                    "execution_count",
                ],
            ),
            Some("markdown") => (
                &["id", "cell_type", "metadata", "source"],
                &["id", "cell_type", "metadata", "source", "attachments"],
            ),
            Some("raw") => (
                &["id", "cell_type", "metadata", "source"],
                &["id", "cell_type", "metadata", "source", "attachments"],
            ),
            other => {
                need(false, format!("cell {i}: cell_type {other:?}"));
                continue;
            }
        };
        for k in required {
            need(c.contains_key(*k), format!("cell {i}: missing {k}"));
        }
        for k in c.keys() {
            need(
                allowed.contains(&k.as_str()),
                format!("cell {i}: field {k} is not allowed"),
            );
        }
        need(
            cell["metadata"].is_object(),
            format!("cell {i}: metadata is not an object"),
        );
        need(
            multiline_string(&cell["source"]),
            format!("cell {i}: source is not text"),
        );
        if c.contains_key("outputs") {
            need(
                cell["outputs"].is_array(),
                format!("cell {i}: outputs is not a list"),
            );
            need(
                cell["execution_count"].is_null() || cell["execution_count"].is_u64(),
                format!("cell {i}: execution_count"),
            );
        }
        let id = cell["id"].as_str().unwrap_or("");
        need(
            (1..=64).contains(&id.len())
                && id
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'),
            format!("cell {i}: id {id:?}"),
        );
        need(
            ids.insert(id.to_string()),
            format!("cell {i}: id {id:?} repeats"),
        );
    }
    errors
}

fn cells_of(nb: &Value, kind: &str) -> Vec<String> {
    nb["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .filter(|c| c["cell_type"] == kind)
        .map(|c| {
            c["source"]
                .as_array()
                .expect("lines")
                .iter()
                .map(|l| l.as_str().expect("line"))
                .collect()
        })
        .collect()
}

/// The checker itself finds what it should.
#[test]
fn the_schema_checks_catch_broken_notebooks() {
    let good: Value = serde_json::from_str(&streamlab::formats::notebook::write(&[
        streamlab::formats::notebook::Cell::Code("x = 1".into()),
    ]))
    .expect("json");
    assert_eq!(schema_errors(&good), Vec::<String>::new());
    let mut bad = good.clone();
    bad["cells"][0]["id"] = Value::String("no spaces allowed".into());
    bad["cells"][0]
        .as_object_mut()
        .expect("cell")
        .remove("outputs");
    bad["nbformat"] = 3.into();
    assert_eq!(schema_errors(&bad).len(), 3, "{:?}", schema_errors(&bad));
}

#[test]
fn a_session_exports_to_a_notebook_that_runs_here_like_the_program() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Three REPL entries, as :save writes them apart.
    std::fs::write(
        dir.path().join("session.py"),
        "lines = ssc.socketTextStream(\"localhost\", 9999)\n\n\
         def pairs(line):\n    return [(w, 1) for w in line.split()]\n\n\
         lines.flatMap(pairs).reduceByKey(lambda a, b: a + b).pprint()\n",
    )
    .expect("write");
    let out = streamlab()
        .current_dir(dir.path())
        .args(["export", "session.py", "-o", "session.ipynb"])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("session.ipynb")).expect("notebook");
    let nb: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(schema_errors(&nb), Vec::<String>::new(), "{text}");
    let code = cells_of(&nb, "code");
    // The preamble's groups, then one cell per entry, then the start.
    let entries: Vec<&String> = code
        .iter()
        .filter(|c| {
            c.starts_with("lines =") || c.starts_with("def pairs") || c.starts_with("lines.flatMap")
        })
        .collect();
    assert_eq!(entries.len(), 3, "{code:#?}");
    assert_eq!(
        code.last().map(String::as_str),
        Some("ssc.start()\nssc.awaitTermination()")
    );
    // A kernel's sys.argv is the kernel's: plain constants in a notebook.
    assert!(
        code.iter()
            .any(|c| c.contains("HOST = \"localhost\"\nPORT = 9999")),
        "{code:#?}"
    );
    assert!(!text.contains("sys.argv"), "{text}");

    // `streamlab run` runs the notebook's code cells, with the output of the
    // program export.
    std::fs::write(dir.path().join("in.txt"), "a b a\nc\n").expect("write");
    let out = streamlab()
        .current_dir(dir.path())
        .args(["export", "session.py", "-o", "session_export.py"])
        .output()
        .expect("export");
    assert!(out.status.success());
    let run = |prog: &str| {
        let out = streamlab()
            .current_dir(dir.path())
            .args(["run", prog, "--replay", "in.txt", "--format", "jsonl"])
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{prog}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let from_notebook = run("session.ipynb");
    assert!(from_notebook.contains("\"('a', 2)\""), "{from_notebook}");
    assert_eq!(from_notebook, run("session_export.py"));

    // :load runs a notebook's code cells too, keeping the REPL's sc and ssc.
    let out = streamlab()
        .arg("repl")
        .env("STREAMLAB_HOME", dir.path())
        .current_dir(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .write_stdin(":pause\n:load session.ipynb\n:entries\n")
        .output()
        .expect("repl");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("loaded session.ipynb"), "{stdout}");
    assert!(stdout.contains("def pairs(line):"), "{stdout}");
}

#[test]
fn a_lesson_session_exports_with_the_lesson_text_first() {
    let lessons = streamlab::lessons::all().expect("lessons");
    let lesson = &lessons[0];
    let step = &lesson.steps[0];
    let markdown = lesson.markdown_cells();
    let text = streamlab::export::export_notebook(
        &step.solution,
        &streamlab::export::ExportOptions {
            batch_seconds: lesson.batch.as_secs_f64(),
            ..Default::default()
        },
        &markdown,
    )
    .expect("exports");
    let nb: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(schema_errors(&nb), Vec::<String>::new(), "{text}");
    let cells = nb["cells"].as_array().expect("cells");
    let kinds: Vec<&str> = cells
        .iter()
        .map(|c| c["cell_type"].as_str().unwrap_or(""))
        .collect();
    let first_code = kinds.iter().position(|k| *k == "code").expect("code");
    assert_eq!(first_code, lesson.steps.len() + 1, "{kinds:?}");
    assert!(
        kinds[first_code..].iter().all(|k| *k == "code"),
        "{kinds:?}"
    );
    let md = cells_of(&nb, "markdown");
    assert!(
        md[0].starts_with(&format!("# Lesson {}: {}", lesson.number, lesson.title)),
        "{}",
        md[0]
    );
    assert!(
        md[1].contains(&step.title) && md[1].contains("**Task:**"),
        "{}",
        md[1]
    );
}

#[test]
fn magics_in_a_notebook_are_named_with_cell_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nb = streamlab::formats::notebook::write(&[
        streamlab::formats::notebook::Cell::Markdown("# Word count".into()),
        streamlab::formats::notebook::Cell::Code("!pip install pyspark".into()),
        streamlab::formats::notebook::Cell::Code("%%time\nx = 1".into()),
    ]);
    std::fs::write(dir.path().join("course.ipynb"), nb).expect("write");
    let out = streamlab()
        .current_dir(dir.path())
        .args(["run", "course.ipynb"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("course.ipynb: the notebook has IPython commands")
            && err.contains("cell 2, line 1: a shell command: !pip install pyspark")
            && err.contains("cell 3, line 1: a magic: %%time"),
        "{err}"
    );
    let out = streamlab()
        .arg("repl")
        .env("STREAMLAB_HOME", dir.path())
        .current_dir(dir.path())
        .write_stdin(":load course.ipynb\n")
        .output()
        .expect("repl");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cell 3, line 1: a magic: %%time"), "{err}");
}
