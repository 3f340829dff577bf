//! The console sink's text, exactly as Spark prints it: a batch header, then
//! the table of `Dataset.show(numRows, truncate)`.
//!
//! ```
//! use streamlab::structured::console::show_string;
//! let cols = vec!["word".to_string(), "count".to_string()];
//! let rows = vec![vec!["cat".to_string(), "1".to_string()]];
//! assert_eq!(show_string(&cols, &rows, 20, 20),
//!            "+----+-----+\n|word|count|\n+----+-----+\n| cat|    1|\n+----+-----+\n");
//! ```

/// The 43 dashes around `Batch: N`.
pub const DASHES: &str = "-------------------------------------------";

/// The console sink's `numRows` default.
pub const DEFAULT_NUM_ROWS: usize = 20;
/// `truncate=true` cuts cells to this many characters.
pub const DEFAULT_TRUNCATE: usize = 20;

/// Spark's `showString(numRows, truncate)`: `rows` are the cells already as
/// display strings; `truncate` 0 means no truncation (cells left-aligned),
/// otherwise cells (not column names) longer than `truncate` are cut
/// (to `truncate - 3` + `...`)
/// and right-aligned. Only the first `num_rows` rows are shown, with a footer
/// when there were more.
pub fn show_string(
    columns: &[String],
    rows: &[Vec<String>],
    num_rows: usize,
    truncate: usize,
) -> String {
    let cut = |s: &str| -> String {
        let n = s.chars().count();
        if truncate > 0 && n > truncate {
            if truncate < 4 {
                s.chars().take(truncate).collect()
            } else {
                let mut t: String = s.chars().take(truncate - 3).collect();
                t.push_str("...");
                t
            }
        } else {
            s.to_string()
        }
    };
    // Column names are never cut, only cells.
    let header: Vec<String> = columns.to_vec();
    let body: Vec<Vec<String>> = rows
        .iter()
        .take(num_rows)
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count().max(3)).collect();
    for r in &body {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let sep: String = {
        let mut s = String::from("+");
        for w in &widths {
            s.push_str(&"-".repeat(*w));
            s.push('+');
        }
        s.push('\n');
        s
    };
    let line = |cells: &[String]| -> String {
        let mut s = String::from("|");
        for (i, w) in widths.iter().enumerate() {
            let c = cells.get(i).map(String::as_str).unwrap_or("");
            let pad = " ".repeat(w.saturating_sub(c.chars().count()));
            if truncate > 0 {
                s.push_str(&pad);
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&pad);
            }
            s.push('|');
        }
        s.push('\n');
        s
    };
    let mut out = sep.clone();
    out.push_str(&line(&header));
    out.push_str(&sep);
    for r in &body {
        out.push_str(&line(r));
    }
    out.push_str(&sep);
    if rows.len() > num_rows {
        let word = if num_rows == 1 { "row" } else { "rows" };
        out.push_str(&format!("only showing top {num_rows} {word}\n"));
    }
    out
}

/// One micro-batch as the console sink prints it: dashes, `Batch: N`,
/// dashes, the table, and a blank line.
pub fn console_batch(
    batch: u64,
    columns: &[String],
    rows: &[Vec<String>],
    num_rows: usize,
    truncate: usize,
) -> String {
    format!(
        "{DASHES}\nBatch: {batch}\n{DASHES}\n{}\n",
        show_string(columns, rows, num_rows, truncate)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn empty_table_has_header_and_two_rules() {
        assert_eq!(
            show_string(&s(&["word", "count"]), &[], 20, 20),
            "+----+-----+\n|word|count|\n+----+-----+\n+----+-----+\n"
        );
    }

    #[test]
    fn long_cells_are_cut_to_17_and_dots() {
        let t = show_string(
            &s(&["value"]),
            &[s(&["this line is much longer than twenty"])],
            20,
            20,
        );
        assert!(t.contains("|this line is much...|"), "{t}");
    }

    #[test]
    fn no_truncation_aligns_left() {
        let t = show_string(&s(&["word", "count"]), &[s(&["dog", "1"])], 20, 0);
        assert!(t.contains("|dog |1    |"), "{t}");
    }

    #[test]
    fn more_rows_than_shown_adds_a_footer() {
        let rows: Vec<Vec<String>> = (0..3).map(|i| vec![i.to_string()]).collect();
        let t = show_string(&s(&["n"]), &rows, 2, 20);
        assert!(t.ends_with("+---+\nonly showing top 2 rows\n"), "{t}");
        assert!(t.contains("|  1|") && !t.contains("|  2|"), "{t}");
    }
}
