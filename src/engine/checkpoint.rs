//! Checkpoints: what a stopped or killed run needs to continue where it left off.
//!
//! After every completed batch the engine records the RDDs that windows and
//! state will still look back at, the positions of its sources and the batch
//! counter. Each RDD is written once, to its own file `DIR/rdds/n<node>-t<time>.json`,
//! when it first needs saving; the checkpoint itself, `DIR/checkpoint-<batch time ms>.json`,
//! is a small manifest naming those files. So a batch costs what entered the
//! window, not the whole window again. Every file is written to a temporary
//! name, fsynced and renamed into place; data files before the manifest that
//! names them, and the directory is fsynced after. Each file ends with a
//! checksum line, so a file torn by a crash is detected on recovery and the
//! previous checkpoint is used. The two newest checkpoints are kept, with every
//! file either of them names.
//!
//! The directory is streamlab's own: it is marked with a `.streamlab-checkpoint`
//! file, and streamlab deletes nothing there but files of its own naming
//! (`checkpoint-<ms>.json`, `rdds/n<node>-t<ms>.json` and their temporary
//! files), never a directory. A directory that already holds other files
//! and has no marker is refused, as are `/` and the home directory; a
//! manifest may name only plain file names inside `rdds/`, so an altered one
//! cannot make streamlab read or delete anything outside.
//!
//! A checkpoint records a fingerprint of the DStream graph; recovering with a
//! different program is refused with a clear message rather than mixing state.
//!
//! ```
//! use streamlab::engine::checkpoint::{value_from_json, value_to_json};
//! use streamlab::lang::value::Value;
//! let v = Value::tuple(vec![Value::str("a"), Value::Float(0.1), Value::None]);
//! let back = value_from_json(&value_to_json(&v).unwrap()).unwrap();
//! assert_eq!(back.repr(), "('a', 0.1, None)");
//! ```

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use num_bigint::BigInt;
use serde_json::{json, Value as Json};

use super::graph::NodeId;
use super::rdd::{Rdd, RddRef};
use crate::lang::ops::int_from_big;
use crate::lang::value::{Key, Value};
use std::collections::HashSet;

pub const FORMAT: &str = "streamlab-checkpoint";
pub const VERSION: u64 = 1;
const KEEP: usize = 2;
/// The file that marks a directory as a streamlab checkpoint directory.
pub const MARKER: &str = ".streamlab-checkpoint";

/// One node's remembered RDDs: (batch time, RDD), `None` for "no RDD at that time".
pub type SavedRdds = Vec<(i64, Option<RddRef>)>;

/// The engine's state after a completed batch.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    pub fingerprint: u64,
    pub batch_ms: i64,
    pub zero_ms: i64,
    /// Batches completed (the next batch has this index).
    pub batches_done: u64,
    /// Remembered RDDs per node: (time, partitions); `None` is "no RDD at that time".
    pub nodes: Vec<(NodeId, SavedRdds)>,
    /// Next item of each queue source.
    pub queues: Vec<(NodeId, usize)>,
    /// Position of each receiver that can resume (replays: lines consumed).
    pub receivers: Vec<(NodeId, u64)>,
    /// Batches completed when every input was found used up (the end of a
    /// replay): the final drain of the windows counts from there, so a resumed
    /// run drains only what is left of it.
    pub inputs_done_at: Option<u64>,
}

/// Why a checkpoint could not be written, read or used. Each says what is
/// wrong and, where there is one, what to do.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("a {0} cannot be saved in a checkpoint; keep only plain values (numbers, strings, tuples, lists, dicts) in state")]
    Unsavable(String),
    #[error("unreadable value in checkpoint: {0}")]
    BadValue(String),
    #[error("unreadable key in checkpoint: {0}")]
    BadKey(String),
    #[error("an RDD file is malformed")]
    BadRdd,
    #[error("not a streamlab checkpoint")]
    NotACheckpoint,
    #[error(
        "checkpoint format version {0} is not supported (this streamlab reads version {VERSION})"
    )]
    Version(u64),
    #[error("checkpoint field '{0}' is missing or malformed")]
    Field(&'static str),
    #[error("it names the data file '{0}', which is not a plain file name inside rdds/ (the manifest was altered); streamlab reads nothing outside the checkpoint directory")]
    DataFileOutside(String),
    #[error("{file}: {error}")]
    DataFile {
        file: String,
        error: Box<CheckpointError>,
    },
    #[error("cannot read: {0}")]
    Unreadable(std::io::Error),
    #[error("the file is incomplete (no checksum line)")]
    Incomplete,
    #[error("its checksum does not match (a torn or altered write)")]
    Checksum,
    #[error("unreadable JSON: {0}")]
    Json(serde_json::Error),
    #[error("cannot {action} {path}: {error}")]
    Io {
        action: &'static str,
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("refusing to use {dir} as the checkpoint directory: it is {what}, and streamlab deletes old checkpoints in its checkpoint directory. Give it a directory of its own (for example ./checkpoint, which streamlab creates)", dir = .dir.display())]
    Forbidden { dir: PathBuf, what: &'static str },
    #[error("the checkpoint directory {} is not a directory; choose another path (streamlab creates the directory)", .0.display())]
    NotADirectory(PathBuf),
    #[error("refusing to use {dir} as the checkpoint directory: it already holds files streamlab did not write ({names}), and streamlab deletes old checkpoints there. Choose a new or empty directory (streamlab creates it), or move those files out", dir = .dir.display())]
    Foreign { dir: PathBuf, names: String },
    #[error("it was written by a different program (its streams, functions or batch interval differ); delete the directory or choose another one to start afresh")]
    OtherProgram,
    #[error("it refers to stream #{0}, which this program does not have")]
    UnknownStream(NodeId),
}

impl CheckpointError {
    fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> CheckpointError {
        let path = path.to_path_buf();
        move |error| CheckpointError::Io {
            action,
            path,
            error,
        }
    }
}

/// A value as tagged JSON; functions and engine objects cannot be saved.
pub fn value_to_json(v: &Value) -> Result<Json, CheckpointError> {
    let list = |items: &[Value]| {
        items
            .iter()
            .map(value_to_json)
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(match v {
        Value::None => json!({ "n": null }),
        Value::Bool(b) => json!({ "b": b }),
        Value::Int(i) => json!({ "i": i }),
        Value::BigInt(b) => json!({ "I": b.to_string() }),
        // Bits, so every float (inf, nan, -0.0) comes back exactly.
        Value::Float(f) => json!({ "f": f.to_bits() }),
        Value::Str(s) => json!({ "s": &**s }),
        Value::Tuple(t) => json!({ "t": list(t)? }),
        Value::List(l) => json!({ "l": list(&l.read())? }),
        Value::Iterable(l) => json!({ "r": list(l)? }),
        Value::Range(a, b, c) => json!({ "g": [a, b, c] }),
        Value::Dict(d) => {
            let d = d.read();
            let mut pairs = Vec::with_capacity(d.len());
            for (k, v) in d.iter() {
                pairs.push(json!([value_to_json(&k.0)?, value_to_json(v)?]));
            }
            json!({ "d": pairs })
        }
        Value::Set(set) => {
            let items = set.read().values();
            if set.frozen {
                json!({ "F": list(&items)? })
            } else {
                json!({ "S": list(&items)? })
            }
        }
        Value::Func(_) | Value::Object(_) => {
            return Err(CheckpointError::Unsavable(v.type_name().to_string()))
        }
    })
}

pub fn value_from_json(j: &Json) -> Result<Value, CheckpointError> {
    let bad = || CheckpointError::BadValue(j.to_string());
    let obj = j.as_object().ok_or_else(bad)?;
    let (tag, x) = obj.iter().next().ok_or_else(bad)?;
    let list = |x: &Json| -> Result<Vec<Value>, CheckpointError> {
        x.as_array()
            .ok_or_else(bad)?
            .iter()
            .map(value_from_json)
            .collect()
    };
    Ok(match tag.as_str() {
        "n" => Value::None,
        "b" => Value::Bool(x.as_bool().ok_or_else(bad)?),
        "i" => Value::Int(x.as_i64().ok_or_else(bad)?),
        "I" => int_from_big(
            x.as_str()
                .and_then(|s| s.parse::<BigInt>().ok())
                .ok_or_else(bad)?,
        ),
        "f" => Value::Float(f64::from_bits(x.as_u64().ok_or_else(bad)?)),
        "s" => Value::str(x.as_str().ok_or_else(bad)?),
        "t" => Value::tuple(list(x)?),
        "l" => Value::list(list(x)?),
        "r" => Value::Iterable(Arc::new(list(x)?)),
        "S" | "F" => crate::lang::set::from_iterable(&Value::list(list(x)?), tag == "F")
            .map_err(|_| bad())?,
        "g" => {
            let a = x.as_array().ok_or_else(bad)?;
            let n = |i: usize| a.get(i).and_then(Json::as_i64).ok_or_else(bad);
            Value::Range(n(0)?, n(1)?, n(2)?)
        }
        "d" => {
            let mut m = IndexMap::new();
            for p in x.as_array().ok_or_else(bad)? {
                let kv = p.as_array().filter(|a| a.len() == 2).ok_or_else(bad)?;
                let k = Key::new(value_from_json(&kv[0])?)
                    .map_err(|e| CheckpointError::BadKey(e.to_string()))?;
                m.insert(k, value_from_json(&kv[1])?);
            }
            Value::dict(m)
        }
        _ => return Err(bad()),
    })
}

fn rdd_file(node: NodeId, time: i64) -> String {
    format!("rdds/n{node}-t{time}.json")
}

/// An RDD as a JSON tree (the tests check [`rdd_json_text`] prints the same).
#[cfg(test)]
fn rdd_to_json(rdd: &Rdd) -> Result<Json, CheckpointError> {
    Ok(Json::Array(
        rdd.parts
            .iter()
            .map(|p| {
                p.iter()
                    .map(value_to_json)
                    .collect::<Result<Vec<_>, _>>()
                    .map(Json::Array)
            })
            .collect::<Result<Vec<_>, _>>()?,
    ))
}

/// The text of [`rdd_to_json`] written straight from the values: the same
/// bytes, without a JSON tree (whose one-key objects cost hundreds of bytes
/// per value: a state of a million keys took gigabytes to save).
fn rdd_json_text(rdd: &Rdd) -> Result<String, CheckpointError> {
    let mut out = Vec::with_capacity(64 * rdd.count() + 16);
    out.push(b'[');
    for (i, p) in rdd.parts.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        for (j, v) in p.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            write_value_json(&mut out, v)?;
        }
        out.push(b']');
    }
    out.push(b']');
    // serde_json writes UTF-8; this path writes only its output and ASCII.
    String::from_utf8(out).map_err(|_| CheckpointError::BadRdd)
}

/// [`value_to_json`]'s compact text for `v`, appended to `out`.
fn write_value_json(out: &mut Vec<u8>, v: &Value) -> Result<(), CheckpointError> {
    fn tag(out: &mut Vec<u8>, t: &str) {
        out.extend_from_slice(b"{\"");
        out.extend_from_slice(t.as_bytes());
        out.extend_from_slice(b"\":");
    }
    fn list(out: &mut Vec<u8>, items: &[Value]) -> Result<(), CheckpointError> {
        out.push(b'[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_value_json(out, x)?;
        }
        out.push(b']');
        Ok(())
    }
    // A JSON string with serde_json's escaping, exactly.
    let json =
        |out: &mut Vec<u8>, x: &str| serde_json::to_writer(out, x).map_err(CheckpointError::Json);
    match v {
        Value::None => out.extend_from_slice(b"{\"n\":null"),
        Value::Bool(b) => {
            tag(out, "b");
            out.extend_from_slice(if *b { b"true" } else { b"false" });
        }
        Value::Int(i) => {
            tag(out, "i");
            out.extend_from_slice(i.to_string().as_bytes());
        }
        Value::BigInt(b) => {
            tag(out, "I");
            json(out, &b.to_string())?;
        }
        Value::Float(f) => {
            tag(out, "f");
            out.extend_from_slice(f.to_bits().to_string().as_bytes());
        }
        Value::Str(s) => {
            tag(out, "s");
            json(out, s)?;
        }
        Value::Tuple(t) => {
            tag(out, "t");
            list(out, t)?;
        }
        Value::List(l) => {
            tag(out, "l");
            list(out, &l.read())?;
        }
        Value::Iterable(l) => {
            tag(out, "r");
            list(out, l)?;
        }
        Value::Range(a, b, c) => {
            tag(out, "g");
            out.extend_from_slice(format!("[{a},{b},{c}]").as_bytes());
        }
        Value::Dict(d) => {
            tag(out, "d");
            out.push(b'[');
            for (i, (k, x)) in d.read().iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.push(b'[');
                write_value_json(out, &k.0)?;
                out.push(b',');
                write_value_json(out, x)?;
                out.push(b']');
            }
            out.push(b']');
        }
        Value::Set(set) => {
            tag(out, if set.frozen { "F" } else { "S" });
            list(out, &set.read().values())?;
        }
        Value::Func(_) | Value::Object(_) => {
            return Err(CheckpointError::Unsavable(v.type_name().to_string()))
        }
    }
    out.push(b'}');
    Ok(())
}

/// An RDD read from the text [`rdd_json_text`] writes, value by value (no
/// JSON tree: a state of a million keys would take gigabytes as one). The
/// same values and the same refusals as [`value_from_json`] over the tree.
fn rdd_from_text(text: &str) -> Result<Rdd, CheckpointError> {
    let parts: Vec<Vec<Saved>> = serde_json::from_str(text).map_err(CheckpointError::Json)?;
    Ok(Rdd::new(
        parts
            .into_iter()
            .map(|p| p.into_iter().map(|v| v.0).collect())
            .collect(),
    ))
}

/// A value as a checkpoint saves it: a one-key object whose key says its type.
struct Saved(Value);

impl<'de> serde::Deserialize<'de> for Saved {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Saved, D::Error> {
        d.deserialize_map(SavedVisitor)
    }
}

struct SavedVisitor;

impl<'de> serde::de::Visitor<'de> for SavedVisitor {
    type Value = Saved;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a saved value: an object with one key naming its type")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Saved, A::Error> {
        use serde::de::Error;
        let items = |v: Vec<Saved>| v.into_iter().map(|x| x.0).collect::<Vec<_>>();
        let Some(tag) = map.next_key::<std::borrow::Cow<'de, str>>()? else {
            return Err(A::Error::custom("a saved value with no type"));
        };
        let v = match &*tag {
            "n" => {
                map.next_value::<()>()?;
                Value::None
            }
            "b" => Value::Bool(map.next_value()?),
            "i" => Value::Int(map.next_value()?),
            "I" => {
                let digits: std::borrow::Cow<'de, str> = map.next_value()?;
                int_from_big(
                    digits
                        .parse::<BigInt>()
                        .map_err(|_| A::Error::custom(format!("not an integer: {digits}")))?,
                )
            }
            "f" => Value::Float(f64::from_bits(map.next_value()?)),
            "s" => {
                let text: std::borrow::Cow<'de, str> = map.next_value()?;
                Value::str(&text)
            }
            "t" => Value::tuple(items(map.next_value()?)),
            "l" => Value::list(items(map.next_value()?)),
            "r" => Value::Iterable(Arc::new(items(map.next_value()?))),
            "S" | "F" => crate::lang::set::from_iterable(
                &Value::list(items(map.next_value()?)),
                &*tag == "F",
            )
            .map_err(|e| A::Error::custom(format!("a set that cannot be rebuilt: {}", e.msg)))?,
            "g" => {
                let [a, b, c]: [i64; 3] = map.next_value()?;
                Value::Range(a, b, c)
            }
            "d" => {
                let pairs: Vec<(Saved, Saved)> = map.next_value()?;
                let mut m = IndexMap::with_capacity(pairs.len());
                for (k, x) in pairs {
                    let k = Key::new(k.0)
                        .map_err(|e| A::Error::custom(format!("a dict key: {}", e.msg)))?;
                    m.insert(k, x.0);
                }
                Value::dict(m)
            }
            other => return Err(A::Error::custom(format!("unknown saved type {other:?}"))),
        };
        if map.next_key::<serde::de::IgnoredAny>()?.is_some() {
            return Err(A::Error::custom("a saved value with more than one key"));
        }
        Ok(Saved(v))
    }
}

#[cfg(test)]
fn rdd_from_json(j: &Json) -> Result<Rdd, CheckpointError> {
    let bad = || CheckpointError::BadRdd;
    let parts = j
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|p| {
            p.as_array()
                .ok_or_else(bad)?
                .iter()
                .map(value_from_json)
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Rdd::new(parts))
}

impl Checkpoint {
    /// The manifest: everything but the RDDs, which it names by file.
    fn manifest(&self) -> Json {
        let mut rdds = Vec::new();
        for (id, times) in &self.nodes {
            for (t, r) in times {
                rdds.push(json!([id, t, r.as_ref().map(|_| rdd_file(*id, *t))]));
            }
        }
        json!({
            "format": FORMAT,
            "version": VERSION,
            "fingerprint": format!("{:016x}", self.fingerprint),
            "batch_ms": self.batch_ms,
            "zero_ms": self.zero_ms,
            "batches_done": self.batches_done,
            "rdds": rdds,
            "queues": self.queues.iter().map(|(n, p)| json!([n, p])).collect::<Vec<_>>(),
            "receivers": self.receivers.iter().map(|(n, p)| json!([n, p])).collect::<Vec<_>>(),
            "inputs_done_at": self.inputs_done_at,
        })
    }

    /// Read a manifest and the RDD files it names from `dir`.
    fn from_manifest(j: &Json, dir: &Path) -> Result<Checkpoint, CheckpointError> {
        let bad = CheckpointError::Field;
        if j["format"] != FORMAT {
            return Err(CheckpointError::NotACheckpoint);
        }
        let version = j["version"].as_u64().ok_or_else(|| bad("version"))?;
        if version != VERSION {
            return Err(CheckpointError::Version(version));
        }
        let fingerprint = j["fingerprint"]
            .as_str()
            .and_then(|s| u64::from_str_radix(s, 16).ok())
            .ok_or_else(|| bad("fingerprint"))?;
        let pairs = |name: &'static str| -> Result<Vec<(usize, u64)>, CheckpointError> {
            j[name]
                .as_array()
                .ok_or_else(|| bad(name))?
                .iter()
                .map(|p| {
                    let a = p.as_array().ok_or_else(|| bad(name))?;
                    let n = a.first().and_then(Json::as_u64).ok_or_else(|| bad(name))?;
                    let v = a.get(1).and_then(Json::as_u64).ok_or_else(|| bad(name))?;
                    Ok((n as usize, v))
                })
                .collect()
        };
        let mut nodes: Vec<(NodeId, SavedRdds)> = Vec::new();
        for r in j["rdds"].as_array().ok_or_else(|| bad("rdds"))? {
            let id = r[0].as_u64().ok_or_else(|| bad("rdds"))? as usize;
            let t = r[1].as_i64().ok_or_else(|| bad("rdds"))?;
            let rdd = match &r[2] {
                Json::Null => None,
                Json::String(f) => {
                    let name = data_file_name(f)?;
                    let in_file = |e| CheckpointError::DataFile {
                        file: f.clone(),
                        error: Box::new(e),
                    };
                    let body = read_checked(&dir.join("rdds").join(name)).map_err(in_file)?;
                    Some(Arc::new(rdd_from_text(&body).map_err(in_file)?))
                }
                _ => return Err(bad("rdds")),
            };
            match nodes.last_mut() {
                Some((last, times)) if *last == id => times.push((t, rdd)),
                _ => nodes.push((id, vec![(t, rdd)])),
            }
        }
        Ok(Checkpoint {
            fingerprint,
            batch_ms: j["batch_ms"].as_i64().ok_or_else(|| bad("batch_ms"))?,
            zero_ms: j["zero_ms"].as_i64().ok_or_else(|| bad("zero_ms"))?,
            batches_done: j["batches_done"]
                .as_u64()
                .ok_or_else(|| bad("batches_done"))?,
            nodes,
            queues: pairs("queues")?
                .into_iter()
                .map(|(n, p)| (n, p as usize))
                .collect(),
            receivers: pairs("receivers")?,
            // Absent in checkpoints written before it was recorded.
            inputs_done_at: j.get("inputs_done_at").and_then(Json::as_u64),
        })
    }
}

/// The file name inside `rdds/` of a data file a manifest names as `rdds/NAME`:
/// a plain name only (no separators, no `..`, not absolute), so that a damaged
/// or altered manifest can never send a read outside the checkpoint directory.
fn data_file_name(f: &str) -> Result<&str, CheckpointError> {
    match f.strip_prefix("rdds/") {
        Some(name)
            if !name.is_empty()
                && name != "."
                && name != ".."
                && !name.contains(['/', '\\', ':', '\0']) =>
        {
            Ok(name)
        }
        _ => Err(CheckpointError::DataFileOutside(f.to_string())),
    }
}

/// `checkpoint-<ms>.json`, as [`file_name`] writes it.
fn is_checkpoint_name(n: &str) -> bool {
    n.strip_prefix("checkpoint-")
        .and_then(|r| r.strip_suffix(".json"))
        .is_some_and(is_time)
}

/// `n<node>-t<ms>.json`, as [`rdd_file`] writes it.
fn is_rdd_name(n: &str) -> bool {
    n.strip_prefix('n')
        .and_then(|r| r.strip_suffix(".json"))
        .and_then(|r| r.split_once("-t"))
        .is_some_and(|(id, t)| {
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && is_time(t)
        })
}

fn is_time(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The temporary name [`write_checked`] gives a file named by `is_name`.
fn is_temp_of(n: &str, is_name: fn(&str) -> bool) -> bool {
    n.strip_prefix('.')
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(is_name)
}

fn is_regular_file(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.is_file())
}

fn is_real_dir(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
}

/// Why `dir` must never be a checkpoint directory (`/`, the home directory).
fn forbidden(dir: &Path) -> Option<&'static str> {
    let canonical = fs::canonicalize(dir).ok()?;
    if canonical.parent().is_none() {
        return Some("the root directory");
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    if fs::canonicalize(home).is_ok_and(|h| h == canonical) {
        return Some("your home directory");
    }
    None
}

/// Names in `dir` that streamlab did not write (at most a few, for a message).
/// Empty when every entry has streamlab's own naming: the directory of a
/// streamlab that predates the marker, which may be adopted.
fn foreign_entries(dir: &Path) -> Result<Vec<String>, CheckpointError> {
    let entries = fs::read_dir(dir).map_err(CheckpointError::io("read", dir))?;
    let mut foreign = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = if name == "rdds" && is_real_dir(&path) {
            fs::read_dir(&path).is_ok_and(|rdds| {
                rdds.flatten().all(|f| {
                    let n = f.file_name().to_string_lossy().into_owned();
                    is_regular_file(&f.path()) && (is_rdd_name(&n) || is_temp_of(&n, is_rdd_name))
                })
            })
        } else {
            is_regular_file(&path)
                && (is_checkpoint_name(&name) || is_temp_of(&name, is_checkpoint_name))
        };
        if !ours {
            foreign.push(name);
        }
    }
    foreign.sort();
    Ok(foreign)
}

/// Make `dir` streamlab's checkpoint directory, or say why it cannot be.
///
/// A new or empty directory is created and marked; a marked one is used as
/// it is; one that holds only streamlab's own files (written before the
/// marker existed) is marked and used. Anything else is refused, with what
/// to do instead: streamlab deletes old checkpoints in this directory, and
/// must never delete what it did not write.
pub fn claim(dir: &Path) -> Result<(), CheckpointError> {
    if let Some(what) = forbidden(dir) {
        return Err(CheckpointError::Forbidden {
            dir: dir.to_path_buf(),
            what,
        });
    }
    let marker = dir.join(MARKER);
    match fs::symlink_metadata(dir) {
        Err(_) => {
            fs::create_dir_all(dir)
                .map_err(CheckpointError::io("create the checkpoint directory", dir))?;
        }
        Ok(m) if !m.is_dir() && !fs::metadata(dir).is_ok_and(|m| m.is_dir()) => {
            return Err(CheckpointError::NotADirectory(dir.to_path_buf()));
        }
        Ok(_) if is_regular_file(&marker) => return Ok(()),
        Ok(_) => {
            let foreign = foreign_entries(dir)?;
            if !foreign.is_empty() {
                let mut names = foreign
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if foreign.len() > 3 {
                    names.push_str(&format!(" and {} more", foreign.len() - 3));
                }
                return Err(CheckpointError::Foreign {
                    dir: dir.to_path_buf(),
                    names,
                });
            }
        }
    }
    fs::write(
        &marker,
        "This directory holds streamlab checkpoints. streamlab deletes its own old\n\
         checkpoint-*.json and rdds/*.json files here, and nothing else.\n",
    )
    .map_err(CheckpointError::io("write", &marker))
}

/// FNV-1a, 64 bits: enough to notice a torn or altered file.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn file_name(time_ms: i64) -> String {
    format!("checkpoint-{time_ms:013}.json")
}

/// Write `text` plus a checksum line to `path` atomically (temp file, fsync, rename).
fn write_checked(path: &Path, text: &str) -> Result<(), CheckpointError> {
    let body = format!("{text}\nchecksum {:016x}\n", checksum(text.as_bytes()));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("checkpoint");
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let written = fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(body.as_bytes())?;
        f.sync_all()
    });
    let result = written.and_then(|_| fs::rename(&tmp, path));
    if result.is_err() {
        // A failed write leaves nothing behind (a full disk stays no fuller).
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(CheckpointError::io("write", path))
}

/// Read a file written by [`write_checked`], checking its checksum.
fn read_checked(path: &Path) -> Result<String, CheckpointError> {
    let text = fs::read_to_string(path).map_err(CheckpointError::Unreadable)?;
    let (body, tail) = text
        .trim_end()
        .rsplit_once('\n')
        .ok_or(CheckpointError::Incomplete)?;
    let sum = tail
        .strip_prefix("checksum ")
        .and_then(|s| u64::from_str_radix(s.trim(), 16).ok())
        .ok_or(CheckpointError::Incomplete)?;
    if sum != checksum(body.as_bytes()) {
        return Err(CheckpointError::Checksum);
    }
    Ok(body.to_string())
}

/// Writes checkpoints into one directory, each RDD file only once.
pub struct Writer {
    dir: PathBuf,
    /// RDD files this run has written or recovered (others may be stale).
    written: HashSet<(NodeId, i64)>,
    /// The kept manifests, oldest first, with the RDD files each names.
    kept: std::collections::VecDeque<(PathBuf, HashSet<(NodeId, i64)>)>,
}

impl Writer {
    /// A writer for a run that starts afresh: checkpoints left in `dir` by an
    /// earlier run are removed, so they can never be mistaken for this one's.
    /// Only files of streamlab's own naming go, in a directory [`claim`] accepts.
    pub fn new(dir: &Path) -> Result<Writer, CheckpointError> {
        claim(dir)?;
        for f in list(dir) {
            let _ = fs::remove_file(f);
        }
        remove_matching(dir, |n| is_temp_of(n, is_checkpoint_name));
        let rdds = dir.join("rdds");
        if is_real_dir(&rdds) {
            remove_matching(&rdds, |n| is_rdd_name(n) || is_temp_of(n, is_rdd_name));
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            written: HashSet::new(),
            kept: std::collections::VecDeque::new(),
        })
    }

    /// A writer that continues from the recovered checkpoint at `path`.
    pub fn resume(dir: &Path, path: &Path, cp: &Checkpoint) -> Result<Writer, CheckpointError> {
        claim(dir)?;
        let refs: HashSet<(NodeId, i64)> = cp
            .nodes
            .iter()
            .flat_map(|(id, times)| {
                times
                    .iter()
                    .filter(|(_, r)| r.is_some())
                    .map(move |(t, _)| (*id, *t))
            })
            .collect();
        // Older manifests are not needed any more.
        for f in list(dir) {
            if f != path {
                let _ = fs::remove_file(f);
            }
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            written: refs.clone(),
            kept: [(path.to_path_buf(), refs)].into_iter().collect(),
        })
    }

    /// Write the checkpoint of the batch at `time_ms`: new RDD files, then the
    /// manifest; then drop what no kept manifest names.
    pub fn write(&mut self, time_ms: i64, cp: &Checkpoint) -> Result<PathBuf, CheckpointError> {
        let rdd_dir = self.dir.join("rdds");
        fs::create_dir_all(&rdd_dir).map_err(CheckpointError::io("create", &rdd_dir))?;
        let mut refs = HashSet::new();
        let mut fresh = Vec::new();
        let result = (|| {
            for (id, times) in &cp.nodes {
                for (t, r) in times {
                    let Some(rdd) = r else { continue };
                    refs.insert((*id, *t));
                    if self.written.contains(&(*id, *t)) {
                        continue;
                    }
                    let text = rdd_json_text(rdd)?;
                    write_checked(&self.dir.join(rdd_file(*id, *t)), &text)?;
                    self.written.insert((*id, *t));
                    fresh.push((*id, *t));
                }
            }
            let manifest = serde_json::to_string(&cp.manifest()).map_err(CheckpointError::Json)?;
            let target = self.dir.join(file_name(time_ms));
            write_checked(&target, &manifest)?;
            Ok::<_, CheckpointError>(target)
        })();
        let target = match result {
            Ok(t) => t,
            Err(e) => {
                // No manifest names the data files written for it: remove them.
                for r in fresh {
                    let _ = fs::remove_file(self.dir.join(rdd_file(r.0, r.1)));
                    self.written.remove(&r);
                }
                return Err(e);
            }
        };
        if let Ok(d) = fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        self.kept.push_back((target.clone(), refs));
        while self.kept.len() > KEEP {
            let Some((old, old_refs)) = self.kept.pop_front() else {
                break;
            };
            if old != target {
                let _ = fs::remove_file(&old);
            }
            for r in old_refs {
                if !self.kept.iter().any(|(_, k)| k.contains(&r)) {
                    let _ = fs::remove_file(self.dir.join(rdd_file(r.0, r.1)));
                    self.written.remove(&r);
                }
            }
        }
        Ok(target)
    }
}

/// The regular files in `dir` whose names `keep` accepts.
fn matching(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .filter(|p| is_regular_file(p))
        .collect()
}

fn remove_matching(dir: &Path, keep: impl Fn(&str) -> bool) {
    for f in matching(dir, keep) {
        let _ = fs::remove_file(f);
    }
}

/// The checkpoint manifests in `dir`.
fn list(dir: &Path) -> Vec<PathBuf> {
    matching(dir, is_checkpoint_name)
}

/// Read one checkpoint (its manifest and the RDD files it names).
pub fn read(path: &Path) -> Result<Checkpoint, CheckpointError> {
    let body = read_checked(path)?;
    let j: Json = serde_json::from_str(&body).map_err(CheckpointError::Json)?;
    Checkpoint::from_manifest(&j, path.parent().unwrap_or(Path::new(".")))
}

/// The newest valid checkpoint in `dir`, with a note for every newer file that
/// could not be used. `Ok(None)` when the directory holds no checkpoint.
pub fn load_latest(dir: &Path) -> (Option<(PathBuf, Checkpoint)>, Vec<String>) {
    let mut files = list(dir);
    files.sort();
    let mut notes = Vec::new();
    for f in files.into_iter().rev() {
        match read(&f) {
            Ok(cp) => return (Some((f, cp)), notes),
            Err(e) => notes.push(format!(
                "checkpoint {} cannot be used: {e}; trying the previous one",
                f.display()
            )),
        }
    }
    (None, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Checkpoint {
        Checkpoint {
            fingerprint: 0xfeed,
            batch_ms: 1000,
            zero_ms: 5000,
            batches_done: 3,
            nodes: vec![(
                2,
                vec![
                    (
                        7000,
                        Some(Arc::new(Rdd::new(vec![
                            vec![Value::tuple(vec![Value::str("a"), Value::Int(3)])],
                            vec![],
                        ]))),
                    ),
                    (8000, None),
                ],
            )],
            queues: vec![(0, 2)],
            receivers: vec![(1, 40)],
            inputs_done_at: None,
        }
    }

    #[test]
    fn round_trip_of_every_value_kind() {
        let big: BigInt = "123456789012345678901234567890".parse().unwrap();
        let vals = [
            Value::None,
            Value::Bool(true),
            Value::Int(-5),
            int_from_big(big),
            Value::Float(f64::INFINITY),
            Value::Float(-0.0),
            Value::str("it's \"x\" é"),
            Value::list(vec![Value::tuple(vec![Value::Int(1)])]),
            Value::Range(0, 10, 2),
            Value::Iterable(Arc::new(vec![Value::Int(1)])),
        ];
        for v in vals {
            let back = value_from_json(&value_to_json(&v).unwrap()).unwrap();
            assert_eq!(back.repr(), v.repr());
        }
        let d = Value::dict(
            [(Key::new(Value::str("k")).unwrap(), Value::Int(1))]
                .into_iter()
                .collect(),
        );
        assert_eq!(
            value_from_json(&value_to_json(&d).unwrap()).unwrap().repr(),
            "{'k': 1}"
        );
    }

    #[test]
    fn an_rdd_is_written_as_the_json_tree_would_print_it() {
        let big: BigInt = "-123456789012345678901234567890".parse().unwrap();
        let d = Value::dict(
            [
                (
                    Key::new(Value::str("k\"\n\u{1}")).unwrap(),
                    Value::Float(f64::NAN),
                ),
                (Key::new(Value::Int(2)).unwrap(), Value::list(vec![])),
            ]
            .into_iter()
            .collect(),
        );
        let set = crate::lang::set::from_iterable(
            &Value::list(vec![Value::Int(1), Value::str("é")]),
            false,
        )
        .unwrap();
        let frozen =
            crate::lang::set::from_iterable(&Value::list(vec![Value::Int(3)]), true).unwrap();
        let records = vec![
            Value::None,
            Value::Bool(false),
            Value::Bool(true),
            Value::Int(i64::MIN),
            int_from_big(big),
            Value::Float(-0.0),
            Value::Float(1.5e300),
            Value::str("tab\there \\ \u{7f} \u{2028} 😀"),
            Value::tuple(vec![Value::str("w"), Value::Int(1)]),
            Value::list(vec![Value::tuple(vec![]), Value::None]),
            Value::Range(-3, 10, 2),
            Value::Iterable(Arc::new(vec![Value::Int(1)])),
            d,
            set,
            frozen,
        ];
        let rdd = Rdd::new(vec![records.clone(), vec![], records]);
        let tree = serde_json::to_string(&rdd_to_json(&rdd).unwrap()).unwrap();
        assert_eq!(rdd_json_text(&rdd).unwrap(), tree);
        // Read back value by value, it is what the tree gives.
        let show = |r: &Rdd| format!("{:?}", r.parts);
        let back = rdd_from_text(&tree).unwrap();
        assert_eq!(
            show(&back),
            show(&rdd_from_json(&serde_json::from_str(&tree).unwrap()).unwrap())
        );
        assert_eq!(show(&back), show(&rdd));
        // Damaged text is an error, not a panic.
        for bad in [
            "[[{\"x\":1}]]",
            "[[{\"i\":1,\"s\":\"a\"}]]",
            "[[{}]]",
            "[[{\"I\":\"12a\"}]]",
            "[[{\"d\":[[{\"l\":[]},{\"i\":1}]]}]]",
            "[[{\"g\":[1,2]}]]",
            "[[{\"i\":\"1\"}]]",
            "[[",
        ] {
            assert!(rdd_from_text(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn written_checkpoints_read_back_and_old_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::new(dir.path()).unwrap();
        for t in [6000, 7000, 8000] {
            w.write(t, &sample()).unwrap();
        }
        assert_eq!(list(dir.path()).len(), KEEP);
        let (got, notes) = load_latest(dir.path());
        let (path, cp) = got.unwrap();
        assert!(notes.is_empty());
        assert!(path.ends_with("checkpoint-0000000008000.json"));
        assert_eq!(cp.manifest(), sample().manifest());
        let saved = cp.nodes[0].1[0].1.as_ref().unwrap();
        assert_eq!(saved.collect()[0].repr(), "('a', 3)");
    }

    /// A checkpoint whose one RDD is at `t`.
    fn at(t: i64) -> Checkpoint {
        let mut cp = sample();
        cp.nodes[0].1 = vec![(t, Some(Arc::new(Rdd::new(vec![vec![Value::Int(t)]]))))];
        cp
    }

    #[test]
    fn rdd_files_live_as_long_as_a_kept_checkpoint_names_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::new(dir.path()).unwrap();
        for t in [1000, 2000, 3000] {
            w.write(t, &at(t)).unwrap();
        }
        let mut files: Vec<String> = fs::read_dir(dir.path().join("rdds"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(files, ["n2-t2000.json", "n2-t3000.json"]);
        // A torn data file makes its checkpoint unusable: the previous one is used.
        fs::write(dir.path().join("rdds/n2-t3000.json"), "{\"trunc").unwrap();
        let (got, notes) = load_latest(dir.path());
        let (path, cp) = got.unwrap();
        assert!(path.ends_with("checkpoint-0000000002000.json"), "{path:?}");
        assert_eq!(
            cp.nodes[0].1[0].1.as_ref().unwrap().collect()[0].repr(),
            "2000"
        );
        assert!(notes[0].contains("n2-t3000.json"), "{notes:?}");
    }

    #[test]
    fn a_torn_newest_checkpoint_falls_back_to_the_previous() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::new(dir.path()).unwrap();
        w.write(7000, &sample()).unwrap();
        let newest = w.write(8000, &sample()).unwrap();
        let text = fs::read_to_string(&newest).unwrap();
        fs::write(&newest, &text[..text.len() / 2]).unwrap();
        let (got, notes) = load_latest(dir.path());
        assert!(got.unwrap().0.ends_with("checkpoint-0000000007000.json"));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("cannot be used"), "{}", notes[0]);
    }

    #[test]
    fn issue_13_the_root_directory_is_never_a_checkpoint_directory() {
        assert!(matches!(
            claim(Path::new("/")),
            Err(CheckpointError::Forbidden {
                what: "the root directory",
                ..
            })
        ));
        let e = claim(Path::new("/")).unwrap_err().to_string();
        assert!(e.contains("root directory"), "{e}");
        assert!(e.contains("./checkpoint"), "what to do next: {e}");
        let e = Writer::new(Path::new("/")).err().unwrap().to_string();
        assert!(e.contains("refusing to use / "), "{e}");
    }

    #[test]
    fn issue_13_a_directory_of_other_files_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        fs::write(dir.path().join("checkpoint-mine.json"), "mine").unwrap();
        fs::create_dir(dir.path().join("rdds")).unwrap();
        fs::write(dir.path().join("rdds/keep.txt"), "mine").unwrap();
        let e = Writer::new(dir.path()).err().unwrap().to_string();
        assert!(e.contains(&dir.path().display().to_string()), "{e}");
        assert!(e.contains("checkpoint-mine.json, notes.txt, rdds"), "{e}");
        assert!(e.contains("new or empty directory"), "{e}");
        for f in ["notes.txt", "checkpoint-mine.json", "rdds/keep.txt"] {
            assert!(dir.path().join(f).exists(), "{f} deleted");
        }
        assert!(!dir.path().join(MARKER).exists());
    }

    #[test]
    fn issue_13_a_fresh_run_deletes_only_streamlab_files_in_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::new(dir.path()).unwrap();
        w.write(7000, &at(7000)).unwrap();
        assert!(dir.path().join(MARKER).is_file());
        // Someone else's files, added to the marked directory afterwards.
        fs::write(dir.path().join("rdds/notes.txt"), "mine").unwrap();
        fs::write(dir.path().join("checkpoint-old.json"), "mine").unwrap();
        fs::create_dir(dir.path().join("rdds/sub")).unwrap();
        Writer::new(dir.path()).unwrap();
        assert!(list(dir.path()).is_empty());
        assert!(!dir.path().join("rdds/n2-t7000.json").exists());
        for f in ["rdds/notes.txt", "checkpoint-old.json", "rdds/sub"] {
            assert!(dir.path().join(f).exists(), "{f} deleted");
        }
    }

    #[test]
    fn issue_13_a_directory_left_by_an_older_streamlab_is_adopted() {
        let dir = tempfile::tempdir().unwrap();
        Writer::new(dir.path())
            .unwrap()
            .write(7000, &at(7000))
            .unwrap();
        fs::remove_file(dir.path().join(MARKER)).unwrap();
        let (got, _) = load_latest(dir.path());
        let (path, cp) = got.unwrap();
        Writer::resume(dir.path(), &path, &cp).unwrap();
        assert!(dir.path().join(MARKER).is_file());
    }

    #[test]
    fn issue_13_a_tampered_manifest_cannot_reach_outside_the_directory() {
        let outer = tempfile::tempdir().unwrap();
        let dir = outer.path().join("cp");
        let mut w = Writer::new(&dir).unwrap();
        let path = w.write(7000, &at(7000)).unwrap();
        // A valid data file outside the checkpoint directory.
        let secret = outer.path().join("secret.json");
        fs::copy(dir.join("rdds/n2-t7000.json"), &secret).unwrap();
        let manifest = read_checked(&path).unwrap();
        for evil in [
            "rdds/../../secret.json".to_string(),
            "../secret.json".to_string(),
            secret.display().to_string(),
            "rdds/".to_string(),
        ] {
            let text = manifest.replace("rdds/n2-t7000.json", &evil.replace('\\', "\\\\"));
            assert_ne!(text, manifest);
            write_checked(&path, &text).unwrap();
            let (got, notes) = load_latest(&dir);
            assert!(got.is_none(), "{evil} was followed");
            assert!(
                notes[0].contains("not a plain file name inside rdds/"),
                "{notes:?}"
            );
        }
        Writer::new(&dir).unwrap();
        assert!(secret.exists());
    }

    #[test]
    fn issue_13_a_failed_write_leaves_no_temporary_or_orphan_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::new(dir.path()).unwrap();
        // The manifest cannot be renamed into place: a directory holds its name.
        fs::create_dir(dir.path().join(file_name(7000))).unwrap();
        let e = w.write(7000, &at(7000)).unwrap_err().to_string();
        assert!(e.contains("cannot write"), "{e}");
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .chain(fs::read_dir(dir.path().join("rdds")).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [MARKER, "checkpoint-0000000007000.json", "rdds"]);
        // The next write works and writes the data file again.
        w.write(8000, &at(7000)).unwrap();
        assert!(dir.path().join("rdds/n2-t7000.json").is_file());
    }

    #[test]
    fn issue_13_when_inputs_ran_out_is_checkpointed() {
        let dir = tempfile::tempdir().unwrap();
        let mut cp = sample();
        cp.inputs_done_at = Some(4);
        Writer::new(dir.path()).unwrap().write(7000, &cp).unwrap();
        let (got, _) = load_latest(dir.path());
        assert_eq!(got.unwrap().1.inputs_done_at, Some(4));
    }
}
