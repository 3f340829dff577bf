//! `open()`: text files a program reads and writes, as Python's `io` does
//! for the common cases (`with open(path, 'a') as f: f.write(line)`).
//!
//! Only text files in UTF-8, opened with mode `r`, `w`, `a` or `x`. A file
//! opened for reading is read whole when it is opened (programs read small
//! files: lookup tables, expected output); one opened for writing writes
//! through at once, so what a batch appended is on disk when the batch ends,
//! even if the program forgets `close()`. Failures are Python's
//! `OSError` subclasses with its wording (`[Errno 2] No such file or
//! directory: 'x'`).

use std::any::Any;
use std::io::Write;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::lang::native::SigFn;
use crate::lang::registry::Signature;
use crate::lang::value::{Exc, ExcKind, Kwargs, Object, PyResult, Value};

/// The `open` builtin.
///
/// With `dry_run` (a program checked or exported, not run), a file opened
/// for writing keeps what is written in memory only, so checking a program
/// never truncates, creates or appends to a user's file.
pub fn open_fn(dry_run: bool) -> Value {
    SigFn::value(
        "open",
        "(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)",
        move |b| {
            let path = match b.get("file") {
                Value::Str(s) => s.to_string(),
                other => {
                    return Err(Exc::type_error(format!(
                        "expected str, bytes or os.PathLike object, not {}",
                        other.type_name()
                    )))
                }
            };
            let mode = match b.get("mode") {
                Value::Str(s) => s.to_string(),
                other => {
                    return Err(Exc::type_error(format!(
                        "open() argument 'mode' must be str, not {}",
                        other.type_name()
                    )))
                }
            };
            match b.get("encoding") {
                Value::None => {}
                Value::Str(e) if is_utf8(&e) => {}
                Value::Str(e) => {
                    return Err(Exc::value_error(format!(
                        "streamlab's open() reads and writes UTF-8 text only, not encoding '{e}'"
                    )))
                }
                other => {
                    return Err(Exc::type_error(format!(
                        "open() argument 'encoding' must be str or None, not {}",
                        other.type_name()
                    )))
                }
            }
            FileObject::open(&path, &mode, dry_run).map(Value::object)
        },
    )
}

fn is_utf8(e: &str) -> bool {
    let e = e.to_ascii_lowercase().replace('_', "-");
    e == "utf-8" || e == "utf8"
}

/// What a mode string asks for: `r`, `w`, `a` or `x`, optionally with `t`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Read,
    Write,
    Append,
    Create,
}

fn parse_mode(mode: &str) -> PyResult<Mode> {
    let invalid = || Exc::value_error(format!("invalid mode: '{mode}'"));
    let mut kind = None;
    let mut text = false;
    for c in mode.chars() {
        let k = match c {
            'r' => Mode::Read,
            'w' => Mode::Write,
            'a' => Mode::Append,
            'x' => Mode::Create,
            't' if !text => {
                text = true;
                continue;
            }
            'b' => {
                return Err(Exc::value_error(format!(
                    "binary mode '{mode}' is not supported in streamlab's Python subset: open files in text mode ('r', 'w', 'a' or 'x')"
                )))
            }
            '+' => {
                return Err(Exc::value_error(format!(
                    "mode '{mode}' (reading and writing at once) is not supported in streamlab's Python subset: open the file once to read and again to write"
                )))
            }
            _ => return Err(invalid()),
        };
        if kind.replace(k).is_some() {
            return Err(Exc::value_error(
                "must have exactly one of create/read/write/append mode",
            ));
        }
    }
    kind.ok_or_else(|| {
        Exc::value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        )
    })
}

/// Python's `OSError` subclass and text for an I/O failure on `path`.
pub fn io_error(e: &std::io::Error, path: &str) -> Exc {
    use std::io::ErrorKind as K;
    let errno = e.raw_os_error();
    let (kind, what) = match (e.kind(), errno) {
        (K::NotFound, _) | (_, Some(2)) => {
            (ExcKind::FileNotFoundError, "No such file or directory")
        }
        (K::AlreadyExists, _) | (_, Some(17)) => (ExcKind::FileExistsError, "File exists"),
        (K::PermissionDenied, _) | (_, Some(13)) => (ExcKind::PermissionError, "Permission denied"),
        (_, Some(21)) => (ExcKind::IsADirectoryError, "Is a directory"),
        (_, Some(20)) => (ExcKind::NotADirectoryError, "Not a directory"),
        _ => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            return Exc::new(
                ExcKind::OSError,
                format!("[Errno {}] {text}: '{path}'", errno.unwrap_or(0)),
            );
        }
    };
    let errno = errno.unwrap_or(match kind {
        ExcKind::FileNotFoundError => 2,
        ExcKind::FileExistsError => 17,
        ExcKind::PermissionError => 13,
        _ => 0,
    });
    Exc::new(kind, format!("[Errno {errno}] {what}: '{path}'"))
}

/// An open file's state: the text left to read, or where writes go.
enum Handle {
    Reader {
        text: String,
        pos: usize,
    },
    Writer(std::fs::File),
    /// Writes go nowhere: see [`open_fn`]'s `dry_run`.
    Discard,
    Closed,
}

/// A text file object: what `open()` returns.
pub struct FileObject {
    name: String,
    mode: String,
    handle: Mutex<Handle>,
}

impl FileObject {
    fn open(path: &str, mode_text: &str, dry_run: bool) -> PyResult<FileObject> {
        let mode = parse_mode(mode_text)?;
        let handle = match mode {
            Mode::Read => {
                if std::path::Path::new(path).is_dir() {
                    return Err(Exc::new(
                        ExcKind::IsADirectoryError,
                        format!("[Errno 21] Is a directory: '{path}'"),
                    ));
                }
                let bytes = std::fs::read(path).map_err(|e| io_error(&e, path))?;
                crate::lang::limits::check_text(bytes.len())?;
                let text = String::from_utf8(bytes).map_err(|e| {
                    Exc::value_error(format!(
                        "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte (reading '{path}')",
                        e.as_bytes().get(e.utf8_error().valid_up_to()).copied().unwrap_or(0),
                        e.utf8_error().valid_up_to()
                    ))
                })?;
                // Universal newlines, as Python's text mode reads them.
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                Handle::Reader { text, pos: 0 }
            }
            Mode::Write | Mode::Append | Mode::Create if dry_run => Handle::Discard,
            Mode::Write | Mode::Append | Mode::Create => {
                let mut o = std::fs::OpenOptions::new();
                match mode {
                    // 'w' truncates an existing file, as Python's does.
                    Mode::Write => o.write(true).create(true).truncate(true),
                    Mode::Append => o.append(true).create(true),
                    _ => o.write(true).create_new(true),
                };
                Handle::Writer(o.open(path).map_err(|e| io_error(&e, path))?)
            }
        };
        Ok(FileObject {
            name: path.to_string(),
            mode: mode_text.to_string(),
            handle: Mutex::new(handle),
        })
    }

    fn closed_error() -> Exc {
        Exc::value_error("I/O operation on closed file.")
    }

    /// Run `f` on the text left to read (and where reading is).
    fn reading<T>(&self, f: impl FnOnce(&str, &mut usize) -> T) -> PyResult<T> {
        match &mut *self.handle.lock() {
            Handle::Reader { text, pos } => Ok(f(text, pos)),
            Handle::Writer(_) | Handle::Discard => Err(Exc::new(ExcKind::OSError, "not readable")),
            Handle::Closed => Err(Self::closed_error()),
        }
    }

    fn write(&self, s: &str) -> PyResult<usize> {
        match &mut *self.handle.lock() {
            Handle::Writer(file) => {
                file.write_all(s.as_bytes())
                    .map_err(|e| io_error(&e, &self.name))?;
                Ok(s.chars().count())
            }
            Handle::Discard => Ok(s.chars().count()),
            Handle::Reader { .. } => Err(Exc::new(ExcKind::OSError, "not writable")),
            Handle::Closed => Err(Self::closed_error()),
        }
    }

    /// The next line (with its newline), or "" at the end.
    fn next_line(text: &str, pos: &mut usize) -> String {
        let rest = &text[*pos..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        *pos += end;
        rest[..end].to_string()
    }

    fn lines(&self) -> PyResult<Vec<Value>> {
        self.reading(|text, pos| {
            let mut out = Vec::new();
            while *pos < text.len() {
                out.push(Value::str(&Self::next_line(text, pos)));
            }
            out
        })
    }

    fn close(&self) {
        *self.handle.lock() = Handle::Closed;
    }

    fn is_closed(&self) -> bool {
        matches!(*self.handle.lock(), Handle::Closed)
    }
}

const METHODS: &[&str] = &[
    "read",
    "readline",
    "readlines",
    "write",
    "writelines",
    "close",
    "flush",
    "readable",
    "writable",
    "__enter__",
    "__exit__",
];

fn bind(
    name: &str,
    sig: &'static str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<crate::lang::registry::Bound> {
    Signature::parse(sig).bind(name, args, kwargs)
}

/// `size` of `read(size)` / `readline(size)`: None or negative means all.
fn size_arg(v: Value) -> PyResult<Option<usize>> {
    match v {
        Value::None => Ok(None),
        Value::Int(n) if n < 0 => Ok(None),
        Value::Int(n) => Ok(Some(n as usize)),
        other => Err(Exc::type_error(format!(
            "argument should be integer or None, not '{}'",
            other.type_name()
        ))),
    }
}

/// The first `n` characters of `s` (all of it when `n` is None), in bytes.
fn char_prefix(s: &str, n: Option<usize>) -> usize {
    match n {
        None => s.len(),
        Some(n) => s.char_indices().nth(n).map_or(s.len(), |(i, _)| i),
    }
}

impl Object for FileObject {
    fn type_name(&self) -> &str {
        "TextIOWrapper"
    }
    fn repr(&self) -> String {
        format!(
            "<_io.TextIOWrapper name='{}' mode='{}' encoding='UTF-8'>",
            self.name, self.mode
        )
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "closed" => Ok(Value::Bool(self.is_closed())),
            "name" => Ok(Value::str(&self.name)),
            "mode" => Ok(Value::str(&self.mode)),
            "encoding" => Ok(Value::str("UTF-8")),
            _ => Err(crate::lang::diag::no_attribute(
                "_io.TextIOWrapper",
                name,
                METHODS
                    .iter()
                    .copied()
                    .chain(["closed", "name", "mode", "encoding"]),
            )),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "write" => {
                let b = bind("write", "(s)", args, kwargs)?;
                let Value::Str(s) = b.get("s") else {
                    return Err(Exc::type_error(format!(
                        "write() argument must be str, not {}",
                        b.get("s").type_name()
                    )));
                };
                Ok(Value::Int(self.write(&s)? as i64))
            }
            "writelines" => {
                let b = bind("writelines", "(lines)", args, kwargs)?;
                for line in crate::lang::ops::iterate(&b.get("lines"))? {
                    let Value::Str(s) = line else {
                        return Err(Exc::type_error(format!(
                            "write() argument must be str, not {}",
                            line.type_name()
                        )));
                    };
                    self.write(&s)?;
                }
                Ok(Value::None)
            }
            "read" => {
                let b = bind("read", "(size=-1)", args, kwargs)?;
                let n = size_arg(b.get("size"))?;
                self.reading(|text, pos| {
                    let rest = &text[*pos..];
                    let end = char_prefix(rest, n);
                    *pos += end;
                    Value::str(&rest[..end])
                })
            }
            "readline" => {
                let b = bind("readline", "(size=-1)", args, kwargs)?;
                let n = size_arg(b.get("size"))?;
                self.reading(|text, pos| {
                    let rest = &text[*pos..];
                    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
                    let end = char_prefix(&rest[..line_end], n);
                    *pos += end;
                    Value::str(&rest[..end])
                })
            }
            "readlines" => {
                bind("readlines", "(hint=-1)", args, kwargs)?;
                Ok(Value::list(self.lines()?))
            }
            "close" => {
                bind("close", "()", args, kwargs)?;
                self.close();
                Ok(Value::None)
            }
            "flush" => {
                bind("flush", "()", args, kwargs)?;
                if self.is_closed() {
                    return Err(Self::closed_error());
                }
                Ok(Value::None)
            }
            "readable" | "writable" => {
                bind(name, "()", args, kwargs)?;
                match &*self.handle.lock() {
                    Handle::Closed => Err(Self::closed_error()),
                    Handle::Reader { .. } => Ok(Value::Bool(name == "readable")),
                    Handle::Writer(_) | Handle::Discard => Ok(Value::Bool(name == "writable")),
                }
            }
            "__enter__" => {
                bind("__enter__", "()", args, kwargs)?;
                if self.is_closed() {
                    return Err(Self::closed_error());
                }
                Ok(Value::Object(this.clone()))
            }
            "__exit__" => {
                bind("__exit__", "(*args)", args, kwargs)?;
                self.close();
                Ok(Value::None)
            }
            _ => Err(self
                .get_attr(this, name)
                .err()
                .unwrap_or_else(|| Exc::type_error(format!("'{name}' of a file is not callable")))),
        }
    }
    fn iterate(&self, _this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        Some(self.lines())
    }
    fn attr_names(&self) -> Vec<&'static str> {
        let mut v = METHODS.to_vec();
        v.extend(["closed", "name", "mode", "encoding"]);
        v
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Write `text` to a file object (`print(..., file=f)`); false when `file`
/// is not one.
pub fn write_to(file: &Value, text: &str) -> Option<PyResult<()>> {
    file.downcast::<FileObject>()
        .map(|f| f.write(text).map(|_| ()))
}
