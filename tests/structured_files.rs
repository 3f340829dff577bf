//! `spark.read` of csv, json and text files as static DataFrames, against
//! PySpark: every `tests/conformance/structured/static/NAME.py` was run on
//! PySpark 3.5.9 by `tests/conformance/structured/record_static.py`, which kept
//! its standard output in `NAME.expected.txt`; streamlab must print the same.
//! (The streaming file sources are cases `f*` of the structured conformance
//! suite.)

use std::path::Path;
use std::process::Command;

#[test]
fn static_reads_print_what_pyspark_printed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/conformance/structured/static");
    let mut programs: Vec<_> = std::fs::read_dir(&dir)
        .expect("static cases")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    programs.sort();
    assert!(!programs.is_empty(), "no programs in {}", dir.display());
    for py in programs {
        let want = std::fs::read_to_string(py.with_extension("expected.txt"))
            .unwrap_or_else(|e| panic!("{}: no recording: {e}", py.display()));
        // The programs name their data relative to the repository root.
        let out = Command::new(env!("CARGO_BIN_EXE_streamlab"))
            .current_dir(root)
            .arg("run")
            .arg(&py)
            .output()
            .expect("run streamlab");
        let got = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {}",
            py.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(got, want, "{}", py.display());
    }
}
