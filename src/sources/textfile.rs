//! The directory watcher behind `ssc.textFileStream(dir)`.
//!
//! At each batch time T it lists the directory and takes every file that is
//! not hidden (`.`/`_` prefix), was modified after `max(start, T - 60 s)` and
//! at or before T, and was not taken before: Spark's selection rules. Each file
//! becomes one partition of the batch.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use super::replay::split_lines;
use super::Receiver;
use crate::engine::rdd::Rdd;

/// Spark's `spark.streaming.fileStream.minRememberDuration`.
const REMEMBER_MS: i64 = 60_000;

pub struct TextFileReceiver {
    dir: PathBuf,
    created_ms: i64,
    seen: HashSet<PathBuf>,
    status: Vec<String>,
}

impl TextFileReceiver {
    pub fn new(dir: PathBuf) -> TextFileReceiver {
        let created_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        TextFileReceiver {
            dir,
            created_ms,
            seen: HashSet::new(),
            status: Vec::new(),
        }
    }
}

impl Receiver for TextFileReceiver {
    fn allocate(&mut self, time_ms: i64) -> Rdd {
        let threshold = self.created_ms.max(time_ms - REMEMBER_MS);
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) => {
                self.status
                    .push(format!("cannot list {}: {e}", self.dir.display()));
                return Rdd::empty();
            }
        };
        let mut picked: Vec<(i64, PathBuf)> = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name.starts_with('_') {
                continue;
            }
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            let mtime = meta
                .modified()
                .ok()
                .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0);
            if mtime > threshold && mtime <= time_ms && !self.seen.contains(&path) {
                picked.push((mtime, path));
            }
        }
        picked.sort();
        let mut parts = Vec::new();
        for (_, path) in picked {
            self.seen.insert(path.clone());
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes);
                    if matches!(text, std::borrow::Cow::Owned(_)) {
                        self.status.push(format!(
                            "{} is not valid UTF-8; invalid bytes were replaced with U+FFFD",
                            path.display()
                        ));
                    }
                    parts.push(split_lines(&text));
                }
                Err(e) => self
                    .status
                    .push(format!("cannot read {}: {e}", path.display())),
            }
        }
        Rdd::new(parts)
    }

    fn drain_status(&mut self) -> Vec<String> {
        std::mem::take(&mut self.status)
    }
}
