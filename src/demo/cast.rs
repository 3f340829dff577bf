//! Recordings in the asciicast v2 format, which standard players replay: a
//! header line (`{"version": 2, "width": .., "height": .., "timestamp": ..}`)
//! and then one `[time, "o", text]` line per chunk the terminal was sent.
//!
//! [`Screen`] is what the demo draws on: it passes every byte to the real
//! terminal (when there is one) and records the same bytes, so the cast is
//! exactly what the terminal showed. [`read_cast`] reads a cast back (tests,
//! and `streamlab demo --check-cast`).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

/// The header line of a cast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub version: u32,
    pub width: u16,
    pub height: u16,
    /// Unix seconds of the recording's start.
    pub timestamp: i64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub env: Option<std::collections::BTreeMap<String, String>>,
}

/// One output event: seconds since the start, and the text sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub time: f64,
    pub data: String,
}

/// A cast read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Cast {
    pub header: Header,
    pub events: Vec<Event>,
}

/// Writes a cast as the demo runs.
pub struct Recorder {
    out: BufWriter<File>,
    /// Bytes written since the last flush (one event per flush).
    pending: Vec<u8>,
    /// The time the next event gets, in seconds (set by the player).
    now: f64,
    last: f64,
}

impl Recorder {
    pub fn create(path: &Path, header: &Header) -> io::Result<Recorder> {
        let mut out = BufWriter::new(File::create(path)?);
        serde_json::to_writer(&mut out, header)?;
        out.write_all(b"\n")?;
        Ok(Recorder {
            out,
            pending: Vec::new(),
            now: 0.0,
            last: 0.0,
        })
    }

    /// The time of the events that follow (never earlier than the last one).
    pub fn set_time(&mut self, seconds: f64) {
        self.now = seconds.max(self.last);
    }

    fn event(&mut self) -> io::Result<()> {
        // Keep an incomplete UTF-8 sequence for the next event.
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        if valid == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.pending[..valid]).into_owned();
        self.pending.drain(..valid);
        self.last = self.now;
        // Times with a fixed number of decimals, so equal runs give equal files.
        writeln!(
            self.out,
            "[{:.6}, \"o\", {}]",
            self.now,
            serde_json::to_string(&text)?
        )
    }

    pub fn finish(&mut self) -> io::Result<()> {
        self.event()?;
        self.out.flush()
    }
}

/// The demo's terminal: the real one (if shown) plus the recorder (if any).
pub struct Screen {
    pub terminal: Option<io::Stdout>,
    pub recorder: Option<Arc<Mutex<Recorder>>>,
}

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(t) = self.terminal.as_mut() {
            t.write_all(buf)?;
        }
        if let Some(r) = &self.recorder {
            r.lock().pending.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(t) = self.terminal.as_mut() {
            t.flush()?;
        }
        if let Some(r) = &self.recorder {
            r.lock().event()?;
        }
        Ok(())
    }
}

/// Why a cast file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum CastError {
    #[error("empty cast")]
    Empty,
    /// The first line is not a header.
    #[error("line 1: bad header: {0}")]
    Header(serde_json::Error),
    #[error("version {0} (only 2 is read)")]
    Version(u32),
    /// Line `line` (1-based) is not an event.
    #[error("line {line}: bad event: {error}")]
    Event {
        line: usize,
        error: serde_json::Error,
    },
}

/// Read a cast file: its header and output events (other event kinds are skipped).
pub fn read_cast(text: &str) -> Result<Cast, CastError> {
    let mut lines = text.lines().enumerate();
    let header: Header = match lines.next() {
        Some((_, l)) => serde_json::from_str(l).map_err(CastError::Header)?,
        None => return Err(CastError::Empty),
    };
    if header.version != 2 {
        return Err(CastError::Version(header.version));
    }
    let mut events = Vec::new();
    for (i, l) in lines {
        if l.trim().is_empty() {
            continue;
        }
        let (time, kind, data): (f64, String, String) =
            serde_json::from_str(l).map_err(|error| CastError::Event { line: i + 1, error })?;
        if kind == "o" {
            events.push(Event { time, data });
        }
    }
    Ok(Cast { header, events })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_cast_says_which_line_and_why() {
        assert!(matches!(read_cast(""), Err(CastError::Empty)));
        let v3 = r#"{"version": 3, "width": 80, "height": 24, "timestamp": 0}"#;
        let e = read_cast(v3).unwrap_err();
        assert!(matches!(e, CastError::Version(3)), "{e}");
        assert_eq!(e.to_string(), "version 3 (only 2 is read)");
        let v2 = v3.replace('3', "2");
        let e = read_cast(&format!("{v2}\n[0.5, \"o\", \"a\"]\n\n[1, \"o\"]\n")).unwrap_err();
        assert!(matches!(e, CastError::Event { line: 4, .. }), "{e}");
        assert!(e.to_string().starts_with("line 4: bad event: "), "{e}");
    }

    #[test]
    fn a_recorded_screen_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.cast");
        let header = Header {
            version: 2,
            width: 80,
            height: 24,
            timestamp: 1_704_067_200,
            title: Some("t".into()),
            env: None,
        };
        let rec = Arc::new(Mutex::new(Recorder::create(&path, &header).unwrap()));
        let mut s = Screen {
            terminal: None,
            recorder: Some(rec.clone()),
        };
        s.write_all("héllo \u{1b}[1m".as_bytes()).unwrap();
        s.flush().unwrap();
        rec.lock().set_time(1.5);
        // A character split across two writes stays whole.
        let e = "é".as_bytes();
        s.write_all(&e[..1]).unwrap();
        s.flush().unwrap();
        s.write_all(&e[1..]).unwrap();
        s.flush().unwrap();
        rec.lock().finish().unwrap();
        let cast = read_cast(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(cast.header, header);
        assert_eq!(
            cast.events,
            vec![
                Event {
                    time: 0.0,
                    data: "héllo \u{1b}[1m".into()
                },
                Event {
                    time: 1.5,
                    data: "é".into()
                }
            ]
        );
    }
}
