//! `collections`: `Counter`, `defaultdict` and `OrderedDict` (dicts with a
//! [`DictKind`], so every dict operation works on them and they flow through
//! the engine as dicts do), `namedtuple` (classes whose instances behave as
//! tuples: indexing, unpacking, hashing, ordering, shuffle keys) and `deque`.

use std::any::Any;
use std::cmp::Ordering;
use std::collections::VecDeque;
use std::sync::Arc;

use indexmap::IndexMap;
use parking_lot::RwLock;

use super::Attrs;
use crate::lang::ast::{BinOp, CmpOp};
use crate::lang::compile::call_value;
use crate::lang::iter::PyIter;
use crate::lang::native::SigFn;
use crate::lang::ops;
use crate::lang::registry::Signature;
use crate::lang::value::{Dict, DictKind, Exc, Key, Kwargs, Object, PyResult, Value};

pub const NAMES: &[&str] = &[
    "Counter",
    "defaultdict",
    "OrderedDict",
    "namedtuple",
    "deque",
];

pub fn make() -> Attrs {
    IndexMap::from([
        ("Counter", Value::object(DictClass(DictKind::Counter))),
        (
            "defaultdict",
            Value::object(DictClass(DictKind::DefaultDict(Value::None))),
        ),
        (
            "OrderedDict",
            Value::object(DictClass(DictKind::OrderedDict)),
        ),
        (
            "namedtuple",
            SigFn::value(
                "namedtuple",
                "(typename, field_names, *, rename=False, defaults=None, module=None)",
                |b| {
                    namedtuple(
                        &b.get("typename"),
                        &b.get("field_names"),
                        &b.get("defaults"),
                    )
                },
            ),
        ),
        ("deque", Value::object(DequeClass)),
    ])
}

// ---------------------------------------------------------------- dict kinds

/// A plain dict built from `dict(*args, **kwargs)`'s arguments.
fn dict_from(args: Vec<Value>, kwargs: Kwargs) -> PyResult<IndexMap<Key, Value>> {
    let dict = crate::lang::classes::builtin_type("dict")
        .ok_or_else(|| Exc::type_error("dict is not available"))?;
    match call_value(&dict, args, kwargs)? {
        Value::Dict(d) => Ok(d.to_map()),
        _ => Ok(IndexMap::new()),
    }
}

fn counter(map: IndexMap<Key, Value>) -> Value {
    Value::Dict(Dict::with_kind(map, DictKind::Counter))
}

/// `Counter.update` (`sign` 1) and `Counter.subtract` (`sign` -1).
fn count_into(d: &Dict, source: &Value, kwargs: &Kwargs, sign: i64) -> PyResult<()> {
    let op = if sign > 0 { BinOp::Add } else { BinOp::Sub };
    let add = |k: Value, n: Value| -> PyResult<()> {
        let key = Key::new(k)?;
        let old = d.read().get(&key).cloned().unwrap_or(Value::Int(0));
        let new = ops::binary(op, &old, &n)?;
        d.write().insert(key, new);
        Ok(())
    };
    match source {
        Value::None => {}
        Value::Dict(m) => {
            let entries: Vec<(Value, Value)> = m
                .read()
                .iter()
                .map(|(k, v)| (k.0.clone(), v.clone()))
                .collect();
            for (k, v) in entries {
                add(k, v)?;
            }
        }
        other => {
            for x in ops::iterate(other)? {
                add(x, Value::Int(1))?;
            }
        }
    }
    for (k, v) in kwargs {
        add(Value::Str(k.clone()), v.clone())?;
    }
    Ok(())
}

/// Entries by count, largest first; equal counts keep their order.
fn by_count(d: &Dict) -> PyResult<Vec<(Value, Value)>> {
    let mut entries: Vec<(Value, Value)> = d
        .read()
        .iter()
        .map(|(k, v)| (k.0.clone(), v.clone()))
        .collect();
    let mut err = None;
    entries.sort_by(|a, b| match ops::py_cmp(&b.1, &a.1) {
        Ok(o) => o,
        Err(e) => {
            err.get_or_insert(e);
            Ordering::Equal
        }
    });
    match err {
        Some(e) => Err(e),
        None => Ok(entries),
    }
}

/// The repr of a `Counter`, `defaultdict` or `OrderedDict`.
pub fn write_dict(out: &mut String, d: &Dict, item: fn(&mut String, &Value)) {
    let pairs = |out: &mut String, entries: &[(Value, Value)]| {
        for (i, (k, v)) in entries.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            item(out, k);
            out.push_str(": ");
            item(out, v);
        }
    };
    let plain = || -> Vec<(Value, Value)> {
        d.read()
            .iter()
            .map(|(k, v)| (k.0.clone(), v.clone()))
            .collect()
    };
    match &d.kind {
        DictKind::Counter => {
            if d.is_empty() {
                out.push_str("Counter()");
                return;
            }
            let entries = by_count(d).unwrap_or_else(|_| plain());
            out.push_str("Counter({");
            pairs(out, &entries);
            out.push_str("})");
        }
        DictKind::DefaultDict(f) => {
            out.push_str("defaultdict(");
            item(out, f);
            out.push_str(", {");
            pairs(out, &plain());
            out.push_str("})");
        }
        DictKind::OrderedDict => {
            if d.is_empty() {
                out.push_str("OrderedDict()");
                return;
            }
            out.push_str("OrderedDict([");
            for (i, (k, v)) in plain().iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push('(');
                item(out, k);
                out.push_str(", ");
                item(out, v);
                out.push(')');
            }
            out.push_str("])");
        }
        DictKind::Plain => {
            out.push('{');
            pairs(out, &plain());
            out.push('}');
        }
    }
}

/// `d[key]` for a key `d` lacks: 0 for a Counter, the factory's value
/// (stored) for a defaultdict, else KeyError.
pub fn missing(d: &Dict, key: Key) -> PyResult {
    match &d.kind {
        DictKind::Counter => Ok(Value::Int(0)),
        DictKind::DefaultDict(f) if !f.is_none() => {
            let v = call_value(f, Vec::new(), Vec::new())?;
            d.write().entry(key).or_insert(v.clone());
            Ok(v)
        }
        _ => Err(Exc::key_error_of(key.0)),
    }
}

/// `Counter + Counter` (and `-`, `|`, `&`): only positive counts are kept.
pub fn dict_binary(op: BinOp, x: &Dict, y: &Dict) -> Option<PyResult> {
    if !matches!(x.kind, DictKind::Counter) || !matches!(y.kind, DictKind::Counter) {
        return None;
    }
    if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::BitOr | BinOp::BitAnd) {
        return None;
    }
    Some((|| {
        let (a, b) = (x.to_map(), y.to_map());
        let zero = Value::Int(0);
        let positive = |v: &Value| ops::compare(CmpOp::Gt, v, &zero);
        let mut out = IndexMap::new();
        for (k, v) in &a {
            let w = b.get(k).cloned().unwrap_or(Value::Int(0));
            let n = match op {
                BinOp::Add => ops::binary(BinOp::Add, v, &w)?,
                BinOp::Sub => ops::binary(BinOp::Sub, v, &w)?,
                BinOp::BitOr => {
                    if ops::py_lt(v, &w)? {
                        w
                    } else {
                        v.clone()
                    }
                }
                _ => {
                    if ops::py_lt(v, &w)? {
                        v.clone()
                    } else {
                        w
                    }
                }
            };
            if positive(&n)? {
                out.insert(k.clone(), n);
            }
        }
        if matches!(op, BinOp::Add | BinOp::Sub | BinOp::BitOr) {
            for (k, w) in &b {
                if a.contains_key(k) {
                    continue;
                }
                let n = if op == BinOp::Sub {
                    ops::neg(w)?
                } else {
                    w.clone()
                };
                if positive(&n)? {
                    out.insert(k.clone(), n);
                }
            }
        }
        Ok(counter(out))
    })())
}

/// A method of a `Counter`, `defaultdict` or `OrderedDict`: theirs first,
/// then dict's.
pub fn dict_method(
    recv: &Value,
    d: &Arc<Dict>,
    name: &str,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult {
    let q = format!("{}.{name}", d.kind.name());
    let bind = |sig: &'static str, args: Vec<Value>, kwargs: Kwargs| {
        Signature::parse(sig).bind(&q, args, kwargs)
    };
    match (&d.kind, name) {
        (_, "copy") => {
            bind("()", args, kwargs)?;
            Ok(Value::Dict(Dict::with_kind(d.to_map(), d.kind.clone())))
        }
        (DictKind::Counter, "most_common") => {
            let b = bind("(n=None)", args, kwargs)?;
            let mut entries = by_count(d)?;
            if let Value::Int(n) = b.get("n") {
                entries.truncate(usize::try_from(n).unwrap_or(0));
            }
            Ok(Value::list(
                entries
                    .into_iter()
                    .map(|(k, v)| Value::tuple(vec![k, v]))
                    .collect(),
            ))
        }
        (DictKind::Counter, "elements") => {
            bind("()", args, kwargs)?;
            let mut out = Vec::new();
            for (k, v) in d.read().iter() {
                let n = super::int_arg(v, "count").unwrap_or(0);
                for _ in 0..n.max(0) {
                    out.push(k.0.clone());
                }
            }
            Ok(PyIter::over("itertools.chain", out))
        }
        (DictKind::Counter, "update" | "subtract") => {
            let b = bind("(iterable=None, **kwds)", args, kwargs)?;
            let sign = if name == "update" { 1 } else { -1 };
            count_into(d, &b.get("iterable"), b.kwargs(), sign)?;
            Ok(Value::None)
        }
        (DictKind::Counter, "total") => {
            bind("()", args, kwargs)?;
            let mut acc = Value::Int(0);
            for v in d.read().values() {
                acc = ops::binary(BinOp::Add, &acc, v)?;
            }
            Ok(acc)
        }
        (DictKind::Counter, "fromkeys") => Err(Exc::new(
            crate::lang::value::ExcKind::NotImplementedError,
            "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.",
        )),
        (DictKind::OrderedDict, "move_to_end") => {
            let b = bind("(key, last=True)", args, kwargs)?;
            let key = Key::new(b.get("key"))?;
            let mut m = d.write();
            let Some(i) = m.get_index_of(&key) else {
                return Err(Exc::key_error_of(b.get("key")));
            };
            let last = m.len() - 1;
            if b.get("last").truthy() {
                m.move_index(i, last);
            } else {
                m.move_index(i, 0);
            }
            Ok(Value::None)
        }
        (DictKind::OrderedDict, "popitem") => {
            let b = bind("(last=True)", args, kwargs)?;
            let mut m = d.write();
            let taken = if b.get("last").truthy() {
                m.pop()
            } else {
                m.shift_remove_index(0)
            };
            let (k, v) = taken.ok_or_else(|| Exc::key_error("'dictionary is empty'"))?;
            Ok(Value::tuple(vec![k.0, v]))
        }
        _ => crate::lang::methods::dict_method(recv, name, args, kwargs),
    }
}

/// The `Counter`, `defaultdict` and `OrderedDict` classes.
struct DictClass(DictKind);

impl Object for DictClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        format!("<class 'collections.{}'>", self.0.name())
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        match &self.0 {
            DictKind::Counter => {
                let b =
                    Signature::parse("(iterable=None, **kwds)").bind("Counter", args, kwargs)?;
                let d = Dict::with_kind(IndexMap::new(), DictKind::Counter);
                count_into(&d, &b.get("iterable"), b.kwargs(), 1)?;
                Ok(Value::Dict(d))
            }
            DictKind::DefaultDict(_) => {
                let mut args = args.into_iter();
                let factory = args.next().unwrap_or(Value::None);
                if !factory.is_none() && !crate::lang::classes::callable(&factory) {
                    return Err(Exc::type_error("first argument must be callable or None"));
                }
                let map = dict_from(args.collect(), kwargs)?;
                Ok(Value::Dict(Dict::with_kind(
                    map,
                    DictKind::DefaultDict(factory),
                )))
            }
            kind => Ok(Value::Dict(Dict::with_kind(
                dict_from(args, kwargs)?,
                kind.clone(),
            ))),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let f = self.get_attr(this, name)?;
        call_value(&f, args, kwargs)
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "__name__" => Ok(Value::str(self.0.name())),
            "fromkeys" if matches!(self.0, DictKind::OrderedDict) => {
                Ok(SigFn::value("fromkeys", "(iterable, value=None, /)", |b| {
                    let mut map = IndexMap::new();
                    for k in ops::iterate(&b.get("iterable"))? {
                        map.insert(Key::new(k)?, b.get("value"));
                    }
                    Ok(Value::Dict(Dict::with_kind(map, DictKind::OrderedDict)))
                }))
            }
            _ => Err(Exc::attr_error(format!(
                "type object '{}' has no attribute '{name}'",
                self.0.name()
            ))),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------- namedtuple

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

fn is_identifier(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_alphabetic() || f == '_')
        && c.all(|ch| ch.is_alphanumeric() || ch == '_')
}

fn namedtuple(typename: &Value, field_names: &Value, defaults: &Value) -> PyResult {
    let name = super::str_arg(typename, "typename")?;
    let fields: Vec<String> = match field_names {
        Value::Str(s) => s
            .replace(',', " ")
            .split_whitespace()
            .map(String::from)
            .collect(),
        other => ops::iterate(other)?
            .iter()
            .map(|v| super::str_arg(v, "field name").map(|s| s.to_string()))
            .collect::<PyResult<_>>()?,
    };
    for n in std::iter::once(&*name).chain(fields.iter().map(String::as_str)) {
        if !is_identifier(n) {
            return Err(Exc::value_error(format!(
                "Type names and field names must be valid identifiers: '{n}'"
            )));
        }
        if is_keyword(n) {
            return Err(Exc::value_error(format!(
                "Type names and field names cannot be a keyword: '{n}'"
            )));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for f in &fields {
        if f.starts_with('_') {
            return Err(Exc::value_error(format!(
                "Field names cannot start with an underscore: '{f}'"
            )));
        }
        if !seen.insert(f.clone()) {
            return Err(Exc::value_error(format!(
                "Encountered duplicate field name: '{f}'"
            )));
        }
    }
    let defaults = match defaults {
        Value::None => Vec::new(),
        d => ops::iterate(d)?,
    };
    if defaults.len() > fields.len() {
        return Err(Exc::type_error("Got more default values than field names"));
    }
    Ok(Value::object(NtClass(Arc::new(NtData {
        name: name.to_string(),
        fields: fields.into_iter().map(|f| Arc::from(f.as_str())).collect(),
        defaults,
    }))))
}

/// A class made by `namedtuple`.
pub struct NtClass(Arc<NtData>);

/// What a namedtuple class knows: its name, fields and defaults.
pub struct NtData {
    name: String,
    fields: Vec<Arc<str>>,
    /// Defaults of the last fields.
    defaults: Vec<Value>,
}

impl NtData {
    fn fields_value(&self) -> Value {
        Value::tuple(self.fields.iter().map(|f| Value::Str(f.clone())).collect())
    }

    fn instance(self: &Arc<Self>, items: Vec<Value>) -> Value {
        Value::object(NtInstance {
            class: self.clone(),
            items: Arc::new(items),
        })
    }

    fn make(self: &Arc<Self>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let n = self.fields.len();
        let who = format!("{}.__new__()", self.name);
        if args.len() > n {
            return Err(Exc::type_error(format!(
                "{who} takes {} positional arguments but {} were given",
                n + 1,
                args.len() + 1
            )));
        }
        let mut slots: Vec<Option<Value>> = args.into_iter().map(Some).collect();
        slots.resize(n, None);
        for (k, v) in kwargs {
            let Some(i) = self.fields.iter().position(|f| *f == k) else {
                return Err(Exc::type_error(format!(
                    "{who} got an unexpected keyword argument '{k}'"
                )));
            };
            if slots[i].is_some() {
                return Err(Exc::type_error(format!(
                    "{who} got multiple values for argument '{k}'"
                )));
            }
            slots[i] = Some(v);
        }
        let first_default = n - self.defaults.len();
        let mut missing = Vec::new();
        for (i, slot) in slots.iter_mut().enumerate() {
            if slot.is_none() {
                if i >= first_default {
                    *slot = Some(self.defaults[i - first_default].clone());
                } else {
                    missing.push(format!("'{}'", self.fields[i]));
                }
            }
        }
        if !missing.is_empty() {
            let list = match missing.len() {
                1 => missing[0].clone(),
                k => format!("{} and {}", missing[..k - 1].join(", "), missing[k - 1]),
            };
            return Err(Exc::type_error(format!(
                "{who} missing {} required positional argument{}: {list}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" }
            )));
        }
        Ok(self.instance(slots.into_iter().flatten().collect()))
    }
}

impl Object for NtClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        format!("<class '__main__.{}'>", self.0.name)
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        self.0.make(args, kwargs)
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "_fields" => Ok(self.0.fields_value()),
            "__name__" => Ok(Value::str(&self.0.name)),
            "_make" => {
                let me = self.0.clone();
                Ok(SigFn::value("_make", "(iterable)", move |b| {
                    me.make(ops::iterate(&b.get("iterable"))?, Vec::new())
                }))
            }
            _ => Err(Exc::attr_error(format!(
                "type object '{}' has no attribute '{name}'",
                self.0.name
            ))),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let f = self.get_attr(this, name)?;
        call_value(&f, args, kwargs)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An instance of a namedtuple class: a tuple with field names.
pub struct NtInstance {
    class: Arc<NtData>,
    items: Arc<Vec<Value>>,
}

impl NtInstance {
    fn tuple(&self) -> Value {
        Value::Tuple(self.items.clone())
    }
}

/// The items of a namedtuple instance (a tuple in Python), if `v` is one.
pub fn tuple_items(v: &Value) -> Option<Vec<Value>> {
    v.downcast::<NtInstance>().map(|n| n.items.to_vec())
}

/// The type names of a collections class's instances.
pub fn instance_type_names(class: &Value) -> Option<Vec<&str>> {
    if let Some(c) = class.downcast::<DictClass>() {
        return Some(vec![c.0.name()]);
    }
    if let Some(c) = class.downcast::<NtClass>() {
        return Some(vec![c.0.name.as_str()]);
    }
    class
        .downcast::<DequeClass>()
        .map(|_| vec!["collections.deque"])
}

/// Whether `v` is a value of this module that defines `==` (namedtuples, deques).
pub fn overloads_eq(v: &Value) -> bool {
    v.downcast::<NtInstance>().is_some() || v.downcast::<Deque>().is_some()
}

fn as_tuple(v: &Value) -> Option<Value> {
    match v {
        Value::Tuple(_) => Some(v.clone()),
        _ => v.downcast::<NtInstance>().map(NtInstance::tuple),
    }
}

impl Object for NtInstance {
    fn type_name(&self) -> &str {
        &self.class.name
    }
    fn repr(&self) -> String {
        let parts: Vec<String> = self
            .class
            .fields
            .iter()
            .zip(self.items.iter())
            .map(|(f, v)| format!("{f}={}", v.repr()))
            .collect();
        format!("{}({})", self.class.name, parts.join(", "))
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        if let Some(i) = self.class.fields.iter().position(|f| &**f == name) {
            return Ok(self.items[i].clone());
        }
        match name {
            "_fields" => Ok(self.class.fields_value()),
            _ => Err(crate::lang::diag::no_attribute(
                &self.class.name,
                name,
                self.class.fields.iter().map(|f| &**f),
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
            "_asdict" => {
                Signature::parse("()").bind("_asdict", args, kwargs)?;
                let mut m = IndexMap::new();
                for (f, v) in self.class.fields.iter().zip(self.items.iter()) {
                    m.insert(Key::new(Value::Str(f.clone()))?, v.clone());
                }
                Ok(Value::dict(m))
            }
            "_replace" => {
                if !args.is_empty() {
                    return Err(Exc::type_error(format!(
                        "{}._replace() takes 1 positional argument but {} were given",
                        self.class.name,
                        args.len() + 1
                    )));
                }
                let mut items = self.items.to_vec();
                let mut bad = Vec::new();
                for (k, v) in kwargs {
                    match self.class.fields.iter().position(|f| *f == k) {
                        Some(i) => items[i] = v,
                        None => bad.push(format!("'{k}'")),
                    }
                }
                if !bad.is_empty() {
                    return Err(Exc::value_error(format!(
                        "Got unexpected field names: [{}]",
                        bad.join(", ")
                    )));
                }
                Ok(self.class.instance(items))
            }
            "count" | "index" => {
                crate::lang::methods::call_method(&self.tuple(), name, args, kwargs)
            }
            _ => {
                let f = self.get_attr(this, name)?;
                call_value(&f, args, kwargs)
            }
        }
    }
    fn hash(&self, _this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        Some(crate::lang::hash::py_hash(&self.tuple()))
    }
    fn py_len(&self, _this: &Arc<dyn Object>) -> Option<PyResult<usize>> {
        Some(Ok(self.items.len()))
    }
    fn py_bool(&self, _this: &Arc<dyn Object>) -> Option<PyResult<bool>> {
        Some(Ok(!self.items.is_empty()))
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        match as_tuple(other) {
            Some(t) => Some(ops::compare_value(op, &self.tuple(), &t)),
            None => match op {
                CmpOp::Eq => Some(Ok(Value::Bool(false))),
                CmpOp::NotEq => Some(Ok(Value::Bool(true))),
                _ => None,
            },
        }
    }
    fn binary_op(
        &self,
        _this: &Arc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult> {
        let me = self.tuple();
        match (op, other) {
            (BinOp::Add, _) => {
                let o = as_tuple(other)?;
                Some(if reflected {
                    ops::binary(op, &o, &me)
                } else {
                    ops::binary(op, &me, &o)
                })
            }
            (BinOp::Mul, Value::Int(_) | Value::Bool(_)) => Some(ops::binary(op, &me, other)),
            _ => None,
        }
    }
    fn subscript(&self, _this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        Some(ops::subscript(&self.tuple(), index))
    }
    fn contains(&self, _this: &Arc<dyn Object>, item: &Value) -> Option<PyResult<bool>> {
        Some(ops::contains(&self.tuple(), item))
    }
    fn iterate(&self, _this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(self.items.to_vec()))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["_asdict", "_replace", "_fields", "count", "index"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------- deque

struct DequeClass;

impl Object for DequeClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'collections.deque'>".into()
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let b = Signature::parse("(iterable=None, maxlen=None)").bind("deque", args, kwargs)?;
        let maxlen = match b.get("maxlen") {
            Value::None => None,
            v => Some(
                usize::try_from(super::int_arg(&v, "maxlen")?)
                    .map_err(|_| Exc::value_error("maxlen must be non-negative"))?,
            ),
        };
        let d = Deque {
            items: RwLock::new(VecDeque::new()),
            maxlen,
        };
        if !b.get("iterable").is_none() {
            for x in ops::iterate(&b.get("iterable"))? {
                d.push(x, false);
            }
        }
        Ok(Value::object(d))
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        Err(Exc::attr_error(format!(
            "type object 'collections.deque' has no attribute '{name}'"
        )))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `collections.deque`.
pub struct Deque {
    items: RwLock<VecDeque<Value>>,
    maxlen: Option<usize>,
}

const DEQUE_METHODS: &[&str] = &[
    "append",
    "appendleft",
    "pop",
    "popleft",
    "extend",
    "extendleft",
    "rotate",
    "clear",
    "count",
    "remove",
    "reverse",
    "copy",
    "index",
    "maxlen",
];

impl Deque {
    fn push(&self, x: Value, left: bool) {
        let mut d = self.items.write();
        if self.maxlen == Some(0) {
            return;
        }
        if left {
            d.push_front(x);
        } else {
            d.push_back(x);
        }
        if let Some(m) = self.maxlen {
            while d.len() > m {
                if left {
                    d.pop_back();
                } else {
                    d.pop_front();
                }
            }
        }
    }

    fn snapshot(&self) -> Vec<Value> {
        self.items.read_recursive().iter().cloned().collect()
    }
}

impl Object for Deque {
    fn type_name(&self) -> &str {
        "collections.deque"
    }
    fn repr(&self) -> String {
        let items = Value::list(self.snapshot()).repr();
        match self.maxlen {
            Some(m) => format!("deque({items}, maxlen={m})"),
            None => format!("deque({items})"),
        }
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "maxlen" => Ok(self.maxlen.map_or(Value::None, |m| Value::Int(m as i64))),
            _ => Err(crate::lang::diag::no_attribute(
                "collections.deque",
                name,
                DEQUE_METHODS.iter().copied(),
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
        let q = format!("deque.{name}");
        let bind = |sig: &'static str| Signature::parse(sig).bind(&q, args, kwargs);
        match name {
            "append" | "appendleft" => {
                let x = bind("(x)")?.get("x");
                self.push(x, name == "appendleft");
                Ok(Value::None)
            }
            "pop" | "popleft" => {
                bind("()")?;
                let mut d = self.items.write();
                let v = if name == "pop" {
                    d.pop_back()
                } else {
                    d.pop_front()
                };
                v.ok_or_else(|| Exc::index_error("pop from an empty deque"))
            }
            "extend" | "extendleft" => {
                let it = bind("(iterable)")?.get("iterable");
                for x in ops::iterate(&it)? {
                    self.push(x, name == "extendleft");
                }
                Ok(Value::None)
            }
            "rotate" => {
                let n = super::int_arg(&bind("(n=1)")?.get("n"), "n")?;
                let mut d = self.items.write();
                let len = d.len() as i64;
                if len > 0 {
                    let k = n.rem_euclid(len) as usize;
                    d.rotate_right(k);
                }
                Ok(Value::None)
            }
            "clear" => {
                bind("()")?;
                self.items.write().clear();
                Ok(Value::None)
            }
            "reverse" => {
                bind("()")?;
                self.items.write().make_contiguous().reverse();
                Ok(Value::None)
            }
            "count" => {
                let x = bind("(x)")?.get("x");
                Ok(Value::Int(
                    self.snapshot().iter().filter(|v| ops::py_eq(v, &x)).count() as i64,
                ))
            }
            "index" => {
                let x = bind("(x)")?.get("x");
                self.snapshot()
                    .iter()
                    .position(|v| ops::py_eq(v, &x))
                    .map(|i| Value::Int(i as i64))
                    .ok_or_else(|| Exc::value_error(format!("{} is not in deque", x.repr())))
            }
            "remove" => {
                let x = bind("(value)")?.get("value");
                let pos = self.snapshot().iter().position(|v| ops::py_eq(v, &x));
                match pos {
                    Some(i) => {
                        self.items.write().remove(i);
                        Ok(Value::None)
                    }
                    None => Err(Exc::value_error(format!("{} is not in deque", x.repr()))),
                }
            }
            "copy" => {
                bind("()")?;
                Ok(Value::object(Deque {
                    items: RwLock::new(self.snapshot().into()),
                    maxlen: self.maxlen,
                }))
            }
            _ => {
                let f = self.get_attr(this, name)?;
                call_value(&f, Vec::new(), Vec::new())
            }
        }
    }
    fn py_len(&self, _this: &Arc<dyn Object>) -> Option<PyResult<usize>> {
        Some(Ok(self.items.read_recursive().len()))
    }
    fn py_bool(&self, _this: &Arc<dyn Object>) -> Option<PyResult<bool>> {
        Some(Ok(!self.items.read_recursive().is_empty()))
    }
    fn subscript(&self, _this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        let Value::Int(i) = index else {
            return Some(Err(Exc::type_error(format!(
                "sequence index must be integer, not '{}'",
                index.type_name()
            ))));
        };
        let d = self.items.read_recursive();
        let len = d.len() as i64;
        let j = if *i < 0 { i + len } else { *i };
        Some(
            usize::try_from(j)
                .ok()
                .and_then(|j| d.get(j).cloned())
                .ok_or_else(|| Exc::index_error("deque index out of range")),
        )
    }
    fn contains(&self, _this: &Arc<dyn Object>, item: &Value) -> Option<PyResult<bool>> {
        Some(Ok(self.snapshot().iter().any(|v| ops::py_eq(v, item))))
    }
    fn iterate(&self, _this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(self.snapshot()))
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        let theirs = other.downcast::<Deque>()?.snapshot();
        Some(ops::compare_value(
            op,
            &Value::list(self.snapshot()),
            &Value::list(theirs),
        ))
    }
    fn hash(&self, _this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        Some(Err(Exc::type_error("unhashable type: 'collections.deque'")))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        DEQUE_METHODS.to_vec()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
