//! The host-dependent modules of the curated standard library (`sys`,
//! `os`, `os.path`, `time`; the table of every module is
//! `lang::stdlib::STDLIB`) and the builtins that talk to the outside world
//! (`print`). They live in the session because what they do depends on the
//! front end: `print` goes to stdout in `streamlab run`, in order with the
//! batches' output, and to the Output pane in the UI; `time.sleep` after
//! `ssc.start()` lets batches run; `sys.argv` holds `streamlab run PROGRAM
//! ARGS...`.
//!
//! Every function binds its arguments with the registry's one binder
//! ([`SigFn`]), so a wrong call gets Python's `TypeError`.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;
use parking_lot::Mutex;

use super::context::Host;
use crate::lang::compile::Globals;
use crate::lang::native::SigFn;
use crate::lang::registry::Bound;
use crate::lang::stdlib;
use crate::lang::value::{Exc, ExcKind, Key, Kwargs, Object, PyResult, Value};

/// What the standard library shares within one session: the host it prints
/// and sleeps through, `sys.argv`, and each module made once (so
/// `sys.argv` is the same list every time it is read).
pub struct Stdlib {
    host: Arc<dyn Host>,
    argv: Mutex<Vec<String>>,
    made: Mutex<HashMap<&'static str, Value>>,
}

impl Stdlib {
    pub fn new(host: Arc<dyn Host>) -> Arc<Stdlib> {
        Arc::new(Stdlib {
            host,
            // What `sys.argv` is in Python's interactive shell.
            argv: Mutex::new(vec![String::new()]),
            made: Mutex::new(HashMap::new()),
        })
    }

    /// `sys.argv` for a program run as `streamlab run PROGRAM ARGS...`:
    /// `[PROGRAM, ARGS...]`. Call before the program first imports `sys`.
    pub fn set_argv(&self, argv: Vec<String>) {
        *self.argv.lock() = argv;
        self.made.lock().remove("sys");
    }

    /// Whether `name` is a standard-library module streamlab offers.
    pub fn has(name: &str) -> bool {
        stdlib::find(name).is_some()
    }

    /// The module `name` (made on first use).
    pub fn module(self: &Arc<Self>, name: &str) -> Option<Value> {
        let def = stdlib::find(name)?;
        let key = def.name;
        if let Some(m) = self.made.lock().get(key) {
            return Some(m.clone());
        }
        let attrs = match (def.make, key) {
            (Some(make), _) => make(),
            (None, "sys") => self.sys(),
            (None, "time") => self.time(),
            (None, "os") => self.os(),
            _ => os_path(),
        };
        let m = stdlib::module_value(key, attrs);
        self.made.lock().insert(key, m.clone());
        Some(m)
    }

    /// The `print` builtin of this session.
    pub fn print_fn(self: &Arc<Self>) -> Value {
        let me = self.clone();
        SigFn::value(
            "print",
            "(*values, sep=' ', end='\\n', file=None, flush=False)",
            move |b| {
                let text_arg = |name: &str| -> PyResult<Option<String>> {
                    match b.get(name) {
                        Value::None => Ok(None),
                        Value::Str(s) => Ok(Some(s.to_string())),
                        other => Err(Exc::type_error(format!(
                            "{name} must be None or a string, not {}",
                            other.type_name()
                        ))),
                    }
                };
                let sep = text_arg("sep")?.unwrap_or_else(|| " ".into());
                let end = text_arg("end")?.unwrap_or_else(|| "\n".into());
                let mut text = String::new();
                for (i, v) in b.rest().iter().enumerate() {
                    if i > 0 {
                        text.push_str(&sep);
                    }
                    text.push_str(&crate::lang::classes::try_str(v)?);
                }
                text.push_str(&end);
                me.write(&b.get("file"), &text)?;
                Ok(Value::None)
            },
        )
    }

    /// Write to `file` (`None`, `sys.stdout` or `sys.stderr`).
    fn write(&self, file: &Value, text: &str) -> PyResult<()> {
        if let Some(r) = super::files::write_to(file, text) {
            return r;
        }
        let stderr = match file {
            Value::None => false,
            other => match other.downcast::<Stream>() {
                Some(s) => s.stderr,
                None => {
                    return Err(Exc::new(
                        ExcKind::AttributeError,
                        format!("'{}' object has no attribute 'write'", other.type_name()),
                    ))
                }
            },
        };
        self.host.print(text, stderr);
        Ok(())
    }

    fn sys(self: &Arc<Self>) -> IndexMap<&'static str, Value> {
        let argv = Value::list(self.argv.lock().iter().map(|a| Value::str(a)).collect());
        let stream = |stderr| {
            Value::Object(Arc::new(Stream {
                stderr,
                lib: self.clone(),
            }))
        };
        IndexMap::from([
            ("argv", argv),
            (
                "exit",
                SigFn::value("exit", "(status=None)", |b| {
                    Err(system_exit(b.get("status")))
                }),
            ),
            ("stdout", stream(false)),
            ("stderr", stream(true)),
            ("maxsize", Value::Int(i64::MAX)),
            ("platform", Value::str("linux")),
            ("version", Value::str("3.11.7 (streamlab)")),
        ])
    }

    fn time(self: &Arc<Self>) -> IndexMap<&'static str, Value> {
        let me = self.clone();
        let now = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or(0.0)
        };
        let start = std::time::Instant::now();
        IndexMap::from([
            (
                "time",
                SigFn::value("time", "()", move |_| Ok(Value::Float(now()))),
            ),
            (
                "sleep",
                SigFn::value("sleep", "(secs)", move |b| {
                    let secs = match b.get("secs") {
                        Value::Int(i) => i as f64,
                        Value::Bool(x) => f64::from(u8::from(x)),
                        Value::Float(f) if f.is_nan() => {
                            return Err(Exc::value_error("Invalid value NaN (not a number)"))
                        }
                        Value::Float(f) => f,
                        other => {
                            return Err(Exc::type_error(format!(
                                "'{}' object cannot be interpreted as an integer",
                                other.type_name()
                            )))
                        }
                    };
                    if secs < 0.0 {
                        return Err(Exc::value_error("sleep length must be non-negative"));
                    }
                    me.host.sleep(secs);
                    Ok(Value::None)
                }),
            ),
            (
                "perf_counter",
                SigFn::value("perf_counter", "()", move |_| {
                    Ok(Value::Float(start.elapsed().as_secs_f64()))
                }),
            ),
            (
                "monotonic",
                SigFn::value("monotonic", "()", move |_| {
                    Ok(Value::Float(start.elapsed().as_secs_f64()))
                }),
            ),
        ])
    }

    fn os(self: &Arc<Self>) -> IndexMap<&'static str, Value> {
        let dry_run = self.host.dry_run();
        let environ: IndexMap<Key, Value> = std::env::vars()
            .filter_map(|(k, v)| Key::new(Value::str(&k)).ok().map(|k| (k, Value::str(&v))))
            .collect();
        let path = self.module("os.path").unwrap_or(Value::None);
        IndexMap::from([
            (
                "getcwd",
                SigFn::value("getcwd", "()", |_| {
                    std::env::current_dir()
                        .map(|d| Value::str(&d.display().to_string()))
                        .map_err(|e| os_error(&e, "."))
                }),
            ),
            ("environ", Value::dict(environ)),
            (
                "getenv",
                SigFn::value("getenv", "(key, default=None)", |b| {
                    let key = str_of(&b, "key")?;
                    Ok(match std::env::var(&key) {
                        Ok(v) => Value::str(&v),
                        Err(_) => b.get("default"),
                    })
                }),
            ),
            (
                "listdir",
                SigFn::value("listdir", "(path=None)", |b| {
                    let dir = match b.get("path") {
                        Value::None => ".".to_string(),
                        _ => str_of(&b, "path")?,
                    };
                    let mut names: Vec<String> = std::fs::read_dir(&dir)
                        .map_err(|e| os_error(&e, &dir))?
                        .filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect();
                    names.sort();
                    Ok(Value::list(names.iter().map(|n| Value::str(n)).collect()))
                }),
            ),
            (
                "remove",
                SigFn::value("remove", "(path)", move |b| {
                    let p = str_of(&b, "path")?;
                    if std::path::Path::new(&p).is_dir() {
                        return Err(Exc::new(
                            ExcKind::IsADirectoryError,
                            format!("[Errno 21] Is a directory: '{p}'"),
                        ));
                    }
                    if dry_run {
                        return Ok(Value::None);
                    }
                    std::fs::remove_file(&p).map_err(|e| super::files::io_error(&e, &p))?;
                    Ok(Value::None)
                }),
            ),
            (
                "makedirs",
                SigFn::value("makedirs", "(name, mode=511, exist_ok=False)", move |b| {
                    let p = str_of(&b, "name")?;
                    let path = std::path::Path::new(&p);
                    if path.exists() {
                        if b.get("exist_ok").truthy() && path.is_dir() {
                            return Ok(Value::None);
                        }
                        return Err(Exc::new(
                            ExcKind::FileExistsError,
                            format!("[Errno 17] File exists: '{p}'"),
                        ));
                    }
                    if dry_run {
                        return Ok(Value::None);
                    }
                    std::fs::create_dir_all(path).map_err(|e| super::files::io_error(&e, &p))?;
                    Ok(Value::None)
                }),
            ),
            ("path", path),
            ("sep", Value::str("/")),
            ("linesep", Value::str("\n")),
        ])
    }
}

/// `SystemExit` for `sys.exit(status)`.
pub fn system_exit(status: Value) -> Exc {
    let (code, msg) = match &status {
        Value::None => (0, String::new()),
        Value::Int(i) => ((*i & 0xFF) as i32, i.to_string()),
        Value::Bool(b) => (i32::from(*b), i32::from(*b).to_string()),
        other => (1, other.to_str()),
    };
    let mut e = Exc::new(ExcKind::SystemExit, msg);
    e.exit_code = Some(code);
    e
}

fn str_of(b: &Bound, name: &str) -> PyResult<String> {
    match b.get(name) {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(Exc::type_error(format!(
            "{name}: path should be string, bytes or os.PathLike, not {}",
            other.type_name()
        ))),
    }
}

fn os_error(e: &std::io::Error, path: &str) -> Exc {
    let kind = ExcKind::OSError;
    let errno = e.raw_os_error().unwrap_or(0);
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
        _ => e.to_string(),
    };
    Exc::new(kind, format!("[Errno {errno}] {what}: '{path}'"))
}

fn os_path() -> IndexMap<&'static str, Value> {
    let pred = |name: &'static str, f: fn(&std::path::Path) -> bool| {
        (
            name,
            SigFn::value(name, "(path)", move |b| {
                Ok(Value::Bool(match b.get("path") {
                    Value::Str(s) => f(std::path::Path::new(&*s)),
                    _ => false,
                }))
            }),
        )
    };
    IndexMap::from([
        (
            "join",
            SigFn::value("join", "(a, *p)", |b| {
                let mut out = str_of(&b, "a")?;
                for part in b.rest() {
                    let Value::Str(p) = part else {
                        return Err(Exc::type_error(format!(
                            "join() argument must be str, bytes, or os.PathLike object, not '{}'",
                            part.type_name()
                        )));
                    };
                    if p.starts_with('/') {
                        out = p.to_string();
                    } else if out.is_empty() || out.ends_with('/') {
                        out.push_str(p);
                    } else {
                        out.push('/');
                        out.push_str(p);
                    }
                }
                Ok(Value::str(&out))
            }),
        ),
        pred("exists", |p| p.exists()),
        (
            "getsize",
            SigFn::value("getsize", "(filename)", |b| {
                let p = str_of(&b, "filename")?;
                let meta = std::fs::metadata(&p).map_err(|e| super::files::io_error(&e, &p))?;
                Ok(Value::Int(i64::try_from(meta.len()).unwrap_or(i64::MAX)))
            }),
        ),
        pred("isdir", |p| p.is_dir()),
        pred("isfile", |p| p.is_file()),
        (
            "basename",
            SigFn::value("basename", "(p)", |b| {
                let p = str_of(&b, "p")?;
                Ok(Value::str(p.rsplit('/').next().unwrap_or("")))
            }),
        ),
        (
            "dirname",
            SigFn::value("dirname", "(p)", |b| {
                let p = str_of(&b, "p")?;
                let head = match p.rfind('/') {
                    Some(i) => &p[..i + 1],
                    None => "",
                };
                let trimmed = head.trim_end_matches('/');
                Ok(Value::str(if trimmed.is_empty() && !head.is_empty() {
                    head
                } else {
                    trimmed
                }))
            }),
        ),
        (
            "abspath",
            SigFn::value("abspath", "(path)", |b| {
                let p = str_of(&b, "path")?;
                let joined = if p.starts_with('/') {
                    std::path::PathBuf::from(&p)
                } else {
                    std::env::current_dir().unwrap_or_default().join(&p)
                };
                let mut parts: Vec<String> = Vec::new();
                for c in joined.components() {
                    match c {
                        std::path::Component::ParentDir => {
                            parts.pop();
                        }
                        std::path::Component::Normal(s) => {
                            parts.push(s.to_string_lossy().into_owned())
                        }
                        _ => {}
                    }
                }
                Ok(Value::str(&format!("/{}", parts.join("/"))))
            }),
        ),
        (
            "splitext",
            SigFn::value("splitext", "(p)", |b| {
                let p = str_of(&b, "p")?;
                let base_start = p.rfind('/').map_or(0, |i| i + 1);
                let base = &p[base_start..];
                let dot = base
                    .rfind('.')
                    .filter(|&i| base[..i].chars().any(|c| c != '.'));
                let (root, ext) = match dot {
                    Some(i) => p.split_at(base_start + i),
                    None => (&p[..], ""),
                };
                Ok(Value::tuple(vec![Value::str(root), Value::str(ext)]))
            }),
        ),
    ])
}

/// `sys.stdout` / `sys.stderr`.
struct Stream {
    stderr: bool,
    lib: Arc<Stdlib>,
}

impl Object for Stream {
    fn type_name(&self) -> &str {
        "TextIOWrapper"
    }
    fn repr(&self) -> String {
        format!(
            "<_io.TextIOWrapper name='<{}>' mode='w' encoding='utf-8'>",
            if self.stderr { "stderr" } else { "stdout" }
        )
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
                let sig = crate::lang::registry::Signature::parse("(s)");
                let b = sig.bind("write", args, kwargs)?;
                let Value::Str(s) = b.get("s") else {
                    return Err(Exc::type_error(format!(
                        "write() argument must be str, not {}",
                        b.get("s").type_name()
                    )));
                };
                self.lib.write(&Value::Object(this.clone()), &s)?;
                Ok(Value::Int(s.chars().count() as i64))
            }
            "flush" => {
                crate::lang::registry::Signature::parse("()").bind("flush", args, kwargs)?;
                Ok(Value::None)
            }
            _ => Err(crate::lang::diag::no_attribute(
                "_io.TextIOWrapper",
                name,
                ["write", "flush"].into_iter(),
            )),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["write", "flush"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `globals()`: a live view of the module's names, as Python's dict of
/// globals is. Reading, writing (`globals()['x'] = v` defines `x`) and
/// testing names go straight to the session's [`Globals`]; the builtins the
/// session binds as names (`print`, `open`, `globals`) are not listed, as
/// they are builtins in Python.
pub struct GlobalsView {
    pub globals: Arc<Globals>,
}

/// Names the session binds to builtins of its own (see `Session::new`).
pub const SESSION_BUILTINS: &[&str] = &["print", "open", "globals"];

impl GlobalsView {
    /// The `globals` builtin of a session.
    pub fn builtin(globals: &Arc<Globals>) -> Value {
        let globals = Arc::downgrade(globals);
        SigFn::value("globals", "()", move |_| {
            let globals = globals
                .upgrade()
                .ok_or_else(|| Exc::new(ExcKind::RuntimeError, "the session has ended"))?;
            Ok(Value::object(GlobalsView { globals }))
        })
    }

    fn key(index: &Value) -> PyResult<String> {
        match index {
            Value::Str(s) => Ok(s.to_string()),
            other => Err(Exc::type_error(format!(
                "streamlab's globals() takes names (str) as keys, not {}",
                other.type_name()
            ))),
        }
    }

    fn get(&self, name: &str) -> Option<Value> {
        let v = self.globals.get(name)?;
        let hidden =
            SESSION_BUILTINS.contains(&name) && matches!(&v, Value::Func(f) if f.is_builtin());
        (!hidden).then_some(v)
    }

    /// The names, in sorted order (the map keeps no insertion order).
    fn names(&self) -> Vec<String> {
        self.globals
            .names()
            .into_iter()
            .filter(|n| self.get(n).is_some())
            .collect()
    }
}

impl Object for GlobalsView {
    fn type_name(&self) -> &str {
        "dict"
    }
    fn repr(&self) -> String {
        let items: Vec<String> = self
            .names()
            .into_iter()
            .filter_map(|n| {
                let v = self.get(&n)?;
                let text = match v.downcast::<GlobalsView>() {
                    Some(_) => "{...}".to_string(),
                    None => v.repr(),
                };
                Some(format!("{}: {text}", Value::str(&n).repr()))
            })
            .collect();
        format!("{{{}}}", items.join(", "))
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let sig = |s: &'static str| crate::lang::registry::Signature::parse(s);
        match name {
            "get" => {
                let b = sig("(key, default=None)").bind("get", args, kwargs)?;
                let k = Self::key(&b.get("key"))?;
                Ok(self.get(&k).unwrap_or_else(|| b.get("default")))
            }
            "keys" => {
                sig("()").bind("keys", args, kwargs)?;
                Ok(Value::list(
                    self.names().iter().map(|n| Value::str(n)).collect(),
                ))
            }
            "values" => {
                sig("()").bind("values", args, kwargs)?;
                Ok(Value::list(
                    self.names().iter().filter_map(|n| self.get(n)).collect(),
                ))
            }
            "items" => {
                sig("()").bind("items", args, kwargs)?;
                Ok(Value::list(
                    self.names()
                        .iter()
                        .filter_map(|n| self.get(n).map(|v| Value::tuple(vec![Value::str(n), v])))
                        .collect(),
                ))
            }
            "setdefault" => {
                let b = sig("(key, default=None)").bind("setdefault", args, kwargs)?;
                let k = Self::key(&b.get("key"))?;
                Ok(match self.get(&k) {
                    Some(v) => v,
                    None => {
                        self.globals.set(&k, b.get("default"));
                        b.get("default")
                    }
                })
            }
            _ => Err(crate::lang::diag::no_attribute(
                "dict",
                name,
                ["get", "keys", "values", "items", "setdefault"].into_iter(),
            )),
        }
    }
    fn subscript(&self, _this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        Some(
            Self::key(index).and_then(|k| self.get(&k).ok_or_else(|| Exc::key_error(index.repr()))),
        )
    }
    fn set_item(
        &self,
        _this: &Arc<dyn Object>,
        index: &Value,
        value: Value,
    ) -> Option<PyResult<()>> {
        Some(Self::key(index).map(|k| self.globals.set(&k, value)))
    }
    fn contains(&self, _this: &Arc<dyn Object>, item: &Value) -> Option<PyResult<bool>> {
        Some(Ok(match item {
            Value::Str(s) => self.get(s).is_some(),
            _ => false,
        }))
    }
    fn iterate(&self, _this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(self.names().iter().map(|n| Value::str(n)).collect()))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["get", "keys", "values", "items", "setdefault"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
