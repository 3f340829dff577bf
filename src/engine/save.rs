//! `saveAsTextFiles(prefix, suffix)`: one directory per batch, Spark's layout.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use super::rdd::Rdd;
use crate::lang::value::ExcKind;
use crate::lang::value::{Exc, PyResult};

/// Write `prefix-<batch ms>[.suffix]/part-NNNNN` (one line per record, `str()`),
/// plus an empty `_SUCCESS`. An existing directory is tolerated, as in Spark.
pub fn save_as_text_files(
    rdd: &Rdd,
    prefix: &str,
    suffix: Option<&str>,
    time_ms: i64,
) -> PyResult<()> {
    let mut name = format!("{prefix}-{time_ms}");
    if let Some(s) = suffix {
        name.push('.');
        name.push_str(s);
    }
    let dir = PathBuf::from(&name);
    let io = |e: std::io::Error| {
        Exc::new(
            ExcKind::OSError,
            format!("cannot write {}: {e}", dir.display()),
        )
    };
    fs::create_dir_all(&dir).map_err(io)?;
    for (i, part) in rdd.parts.iter().enumerate() {
        let mut f = fs::File::create(dir.join(format!("part-{i:05}"))).map_err(io)?;
        for x in part {
            writeln!(f, "{}", x.to_str()).map_err(io)?;
        }
    }
    fs::File::create(dir.join("_SUCCESS")).map_err(io)?;
    Ok(())
}
