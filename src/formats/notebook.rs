//! Jupyter notebooks (nbformat 4), both ways: `streamlab export --format
//! ipynb` writes one, and `streamlab run NOTEBOOK.ipynb` and `:load` run the
//! code cells of one as a program.
//!
//! A notebook is JSON: `nbformat`/`nbformat_minor`, notebook `metadata` and a
//! list of `cells`, each with a `cell_type` (`code`, `markdown` or `raw`), its
//! `source` (one string, or a list of strings to concatenate) and, for code
//! cells, `outputs` and an `execution_count`. Written notebooks are nbformat
//! 4.5, where every cell also has an `id`.
//!
//! Reading keeps code cells only, in order, each preceded by a comment naming
//! it (`# cell 3`) so that a message about a line can be traced back to the
//! cell. Lines IPython treats specially (`%magic`, `%%cell_magic`, `!shell`)
//! are not Python: they are refused, each named with its cell and line.

use serde_json::{json, Value};

/// The nbformat version written.
pub const NBFORMAT: u64 = 4;
pub const NBFORMAT_MINOR: u64 = 5;

/// The extension of notebook files.
pub const EXTENSION: &str = "ipynb";

/// One cell of a notebook to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Markdown(String),
    Code(String),
}

/// A notebook's source field: a list of lines, each but the last ending in
/// a newline (as Jupyter writes it).
fn source_lines(text: &str) -> Value {
    let text = text.trim_end_matches('\n');
    Value::Array(
        text.split_inclusive('\n')
            .map(|l| Value::String(l.to_string()))
            .collect(),
    )
}

/// The notebook holding these cells, as nbformat 4.5 JSON, for a Python 3
/// (PySpark) kernel.
pub fn write(cells: &[Cell]) -> String {
    let cells: Vec<Value> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = format!("streamlab-{}", i + 1);
            match c {
                Cell::Markdown(text) => json!({
                    "cell_type": "markdown",
                    "id": id,
                    "metadata": {},
                    "source": source_lines(text),
                }),
                Cell::Code(text) => json!({
                    "cell_type": "code",
                    "execution_count": null,
                    "id": id,
                    "metadata": {},
                    "outputs": [],
                    "source": source_lines(text),
                }),
            }
        })
        .collect();
    let nb = json!({
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (PySpark)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": NBFORMAT,
        "nbformat_minor": NBFORMAT_MINOR,
    });
    let mut text = serde_json::to_string_pretty(&nb).unwrap_or_default();
    text.push('\n');
    text
}

/// Split a program into cells: one per group of top-level statements
/// separated by blank lines (a comment above a statement stays with it).
/// `program` must parse; a program that does not is one cell.
pub fn program_cells(program: &str) -> Vec<Cell> {
    let Ok(prog) = crate::lang::parse::parse_program(program) else {
        return vec![Cell::Code(program.trim().to_string())];
    };
    let mut cuts = vec![0];
    for pair in prog.stmts.windows(2) {
        let (end, next) = (pair[0].span.end, pair[1].span.start);
        if end >= next {
            continue;
        }
        let gap = &program[end..next];
        // After the last blank line of the gap: comments there belong to
        // the next statement.
        if let Some(i) = gap.rfind("\n\n") {
            cuts.push(end + i + 2);
        }
    }
    cuts.push(program.len());
    cuts.windows(2)
        .map(|w| program[w[0]..w[1]].trim())
        .filter(|t| !t.is_empty())
        .map(|t| Cell::Code(t.to_string()))
        .collect()
}

/// Why a notebook cannot be run as a program.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotebookError {
    #[error("not a notebook: {0}")]
    NotJson(String),
    #[error("not an nbformat 4 notebook: {0}")]
    NotNotebook(String),
    /// IPython-only lines: (cell, line in the cell, the line), all of them.
    #[error("{}", describe_magics(.0))]
    Magics(Vec<(usize, usize, String)>),
}

fn describe_magics(found: &[(usize, usize, String)]) -> String {
    let mut out = String::from(
        "the notebook has IPython commands, which are not Python (streamlab and spark-submit run Python only); remove or rewrite them:",
    );
    for (cell, line, text) in found {
        let what = if text.starts_with('!') {
            "a shell command"
        } else {
            "a magic"
        };
        out.push_str(&format!("\n  cell {cell}, line {line}: {what}: {text}"));
    }
    out
}

/// A cell's source: a string or a list of strings.
fn cell_source(cell: &Value, index: usize) -> Result<String, NotebookError> {
    match cell.get("source") {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Array(parts)) => parts
            .iter()
            .map(|p| {
                p.as_str().map(str::to_string).ok_or_else(|| {
                    NotebookError::NotNotebook(format!("cell {index}'s source is not text"))
                })
            })
            .collect(),
        _ => Err(NotebookError::NotNotebook(format!(
            "cell {index} has no source"
        ))),
    }
}

/// The program a notebook's code cells make, in order, each after a
/// `# cell N` comment (N counts every cell from 1, as Jupyter shows them).
pub fn program(text: &str) -> Result<String, NotebookError> {
    let nb: Value =
        serde_json::from_str(text).map_err(|e| NotebookError::NotJson(e.to_string()))?;
    match nb.get("nbformat").and_then(Value::as_u64) {
        Some(4) => {}
        Some(v) => {
            return Err(NotebookError::NotNotebook(format!(
                "nbformat {v} (save it as nbformat 4 in Jupyter)"
            )))
        }
        None => return Err(NotebookError::NotNotebook("no nbformat field".into())),
    }
    let cells = nb
        .get("cells")
        .and_then(Value::as_array)
        .ok_or_else(|| NotebookError::NotNotebook("no list of cells".into()))?;
    let mut out = String::new();
    let mut magics = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let n = i + 1;
        if cell.get("cell_type").and_then(Value::as_str) != Some("code") {
            continue;
        }
        let source = cell_source(cell, n)?;
        for (j, line) in source.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with('%') || t.starts_with('!') {
                magics.push((n, j + 1, t.to_string()));
            }
        }
        out.push_str(&format!("# cell {n}\n"));
        out.push_str(source.trim_end());
        out.push_str("\n\n");
    }
    if !magics.is_empty() {
        return Err(NotebookError::Magics(magics));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_cells_make_the_program_and_markdown_is_left_out() {
        let nb = write(&[
            Cell::Markdown("# Title\n\nSome text.".into()),
            Cell::Code("x = 1\ny = [\n  2]".into()),
            Cell::Code("print(x)\n".into()),
        ]);
        let v: Value = serde_json::from_str(&nb).expect("json");
        assert_eq!(v["nbformat"], 4);
        assert_eq!(
            v["cells"][1]["source"],
            json!(["x = 1\n", "y = [\n", "  2]"])
        );
        assert_eq!(
            program(&nb).expect("program"),
            "# cell 2\nx = 1\ny = [\n  2]\n\n# cell 3\nprint(x)\n\n"
        );
    }

    #[test]
    fn magics_and_shell_commands_are_named_with_cell_and_line() {
        let nb = write(&[
            Cell::Code("!pip install pyspark".into()),
            Cell::Markdown("text".into()),
            Cell::Code("x = 1\n  %time y = x".into()),
            Cell::Code("%%time\nz = 2".into()),
        ]);
        let err = program(&nb).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "the notebook has IPython commands, which are not Python (streamlab and spark-submit run Python only); remove or rewrite them:\n  \
             cell 1, line 1: a shell command: !pip install pyspark\n  \
             cell 3, line 2: a magic: %time y = x\n  \
             cell 4, line 1: a magic: %%time"
        );
    }

    #[test]
    fn other_json_is_refused_with_why() {
        assert!(matches!(program("{"), Err(NotebookError::NotJson(_))));
        assert_eq!(
            program("{\"nbformat\": 3, \"worksheets\": []}")
                .expect_err("v3")
                .to_string(),
            "not an nbformat 4 notebook: nbformat 3 (save it as nbformat 4 in Jupyter)"
        );
        assert_eq!(
            program("{\"nbformat\": 4}")
                .expect_err("no cells")
                .to_string(),
            "not an nbformat 4 notebook: no list of cells"
        );
    }

    #[test]
    fn a_program_splits_at_blank_lines_between_top_level_statements() {
        let cells = program_cells(
            "import sys\nX = 1\n\n# the function\ndef f(a):\n    b = a\n\n    return b\n\n\nprint(f(X))\n",
        );
        assert_eq!(
            cells,
            vec![
                Cell::Code("import sys\nX = 1".into()),
                Cell::Code("# the function\ndef f(a):\n    b = a\n\n    return b".into()),
                Cell::Code("print(f(X))".into()),
            ]
        );
    }
}
