//! Python's builtin functions that the subset offers.

use std::cell::RefCell;
use std::sync::Arc;

use indexmap::IndexMap;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};

use super::ast::{BinOp, CmpOp};
use super::ops::{self, as_bigint, as_i64, float_to_int, int_from_big};
use super::value::{Callable, Exc, Key, Kwargs, PyResult, Value};
use crate::lang::value::ExcKind;

type BuiltinFn = fn(Vec<Value>, Kwargs) -> PyResult;

/// A builtin function: a name and a Rust function.
pub struct Builtin {
    name: &'static str,
    func: BuiltinFn,
}

impl Callable for Builtin {
    fn name(&self) -> &str {
        self.name
    }
    fn call(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        (self.func)(args, kwargs)
    }
    fn is_builtin(&self) -> bool {
        true
    }
}

const TABLE: &[(&str, BuiltinFn)] = &[
    ("abs", b_abs),
    ("all", b_all),
    ("any", b_any),
    ("bin", b_bin),
    ("bool", b_bool),
    ("callable", b_callable),
    ("chr", b_chr),
    ("classmethod", b_classmethod),
    ("dict", b_dict),
    ("divmod", b_divmod),
    ("enumerate", b_enumerate),
    ("filter", b_filter),
    ("float", b_float),
    ("format", b_format),
    ("frozenset", b_frozenset),
    ("getattr", b_getattr),
    ("hasattr", b_hasattr),
    ("hash", b_hash),
    ("hex", b_hex),
    ("int", b_int),
    ("isinstance", b_isinstance),
    ("issubclass", b_issubclass),
    ("iter", b_iter),
    ("len", b_len),
    ("list", b_list),
    ("map", b_map),
    ("max", b_max),
    ("min", b_min),
    ("next", b_next),
    ("oct", b_oct),
    ("ord", b_ord),
    ("pow", b_pow),
    ("property", b_property),
    ("range", b_range),
    ("repr", b_repr),
    ("reversed", b_reversed),
    ("round", b_round),
    ("set", b_set),
    ("setattr", b_setattr),
    ("sorted", b_sorted),
    ("staticmethod", b_staticmethod),
    ("str", b_str),
    ("sum", b_sum),
    ("super", b_super),
    ("tuple", b_tuple),
    ("zip", b_zip),
];

/// The builtin called `name` (`len`, `sorted`, ...), as a value: the
/// builtin types (`int`, `str`, `set`, `object`, ...) are type objects, which
/// `isinstance` and `type` work with; the builtin exception classes
/// (`ValueError`, ...) too.
pub fn lookup(name: &str) -> Option<Value> {
    if name == "NotImplemented" {
        return Some(super::classes::not_implemented());
    }
    super::classes::builtin_type(name)
        .or_else(|| function(name))
        .or_else(|| super::exceptions::class(name))
}

/// The builtin function called `name` (for a type, its constructor).
pub fn function(name: &str) -> Option<Value> {
    TABLE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(name, func)| Value::Func(Arc::new(Builtin { name, func })))
}

/// Python's builtin functions, all of them: a name here that [`lookup`]
/// does not know is one streamlab's subset does not have (yet), which a
/// NameError says instead of "not defined".
const PYTHON_BUILTINS: &[&str] = &[
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

/// The message for an undefined `name` that is one of Python's builtins.
pub fn missing_builtin(name: &str) -> Option<String> {
    PYTHON_BUILTINS.contains(&name).then(|| {
        format!(
            "name '{name}' is not defined: '{name}' is a Python builtin that streamlab's Python subset does not have yet"
        )
    })
}

/// Every builtin name, for completion and "did you mean ...?" (read
/// from the table, so a new builtin is offered as soon as it exists).
pub fn names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        // The builtins that are values but not functions of the table.
        let mut names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        names.extend(["NotImplemented", "object", "type"]);
        names.sort_unstable();
        names
    })
}

/// Call a callable value (a function, a builtin, or a callable object).
pub fn call_value(f: &Value, args: Vec<Value>) -> PyResult {
    match f {
        Value::Func(func) => func.call(args, Vec::new()),
        Value::Object(o) => o.call(o, args, Vec::new()),
        other => Err(Exc::type_error(format!(
            "'{}' object is not callable",
            other.type_name()
        ))),
    }
}

// ---- argument helpers -------------------------------------------------------------

fn no_kwargs(name: &str, kwargs: &Kwargs) -> PyResult<()> {
    match kwargs.first() {
        None => Ok(()),
        Some(_) => Err(Exc::type_error(format!(
            "{name}() takes no keyword arguments"
        ))),
    }
}

/// Take the keyword arguments named in `allowed`; anything else is a TypeError.
fn take_kwargs(fname: &str, kwargs: Kwargs, allowed: &[&str]) -> PyResult<Vec<Option<Value>>> {
    let mut out = vec![None; allowed.len()];
    for (k, v) in kwargs {
        match allowed.iter().position(|a| **a == *k) {
            Some(i) => out[i] = Some(v),
            None => {
                return Err(Exc::type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    Ok(out)
}

fn exactly_one(name: &str, args: Vec<Value>, kwargs: &Kwargs) -> PyResult<Value> {
    no_kwargs(name, kwargs)?;
    if args.len() != 1 {
        return Err(Exc::type_error(format!(
            "{}() takes exactly one argument ({} given)",
            name,
            args.len()
        )));
    }
    Ok(args.into_iter().next().unwrap_or(Value::None))
}

fn at_most(name: &str, args: &[Value], n: usize) -> PyResult<()> {
    if args.len() > n {
        return Err(Exc::type_error(format!(
            "{} expected at most {} argument{}, got {}",
            name,
            n,
            if n == 1 { "" } else { "s" },
            args.len()
        )));
    }
    Ok(())
}

fn int_arg(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(_) | Value::Bool(_) => Ok(as_i64(v).unwrap_or(0)),
        Value::BigInt(_) => Err(Exc::overflow(
            "Python int too large to convert to C ssize_t",
        )),
        _ => Err(Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        ))),
    }
}

// ---- the builtins -----------------------------------------------------------------

fn b_set(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    set_or_frozenset("set", args, kwargs, false)
}

fn b_frozenset(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    set_or_frozenset("frozenset", args, kwargs, true)
}

fn set_or_frozenset(name: &str, args: Vec<Value>, kwargs: Kwargs, frozen: bool) -> PyResult {
    if !kwargs.is_empty() {
        return Err(Exc::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    at_most(name, &args, 1)?;
    match args.into_iter().next() {
        None => Ok(super::set::value(super::set::Table::default(), frozen)),
        Some(v @ Value::Set(_)) if frozen && matches!(&v, Value::Set(s) if s.frozen) => Ok(v),
        Some(v) => super::set::from_iterable(&v, frozen),
    }
}

/// `iter(x)`: a generator is its own iterator; anything else iterable gets one.
fn b_iter(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("iter", args, &kwargs)?;
    if v.downcast::<super::iter::PyIter>().is_some() {
        return Ok(v);
    }
    let name: &'static str = match &v {
        Value::List(_) => "list_iterator",
        Value::Tuple(_) => "tuple_iterator",
        Value::Str(_) => "str_ascii_iterator",
        Value::Set(_) => "set_iterator",
        Value::Dict(_) => "dict_keyiterator",
        Value::Range(..) => "range_iterator",
        _ => "iterator",
    };
    Ok(super::iter::PyIter::over(name, ops::iterate(&v)?))
}

/// `next(it)` / `next(it, default)`.
fn b_next(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("next", &kwargs)?;
    at_most("next", &args, 2)?;
    let mut args = args.into_iter();
    let Some(it) = args.next() else {
        return Err(Exc::type_error("next expected at least 1 argument, got 0"));
    };
    let default = args.next();
    let Some(iter) = it.downcast::<super::iter::PyIter>() else {
        return Err(Exc::type_error(format!(
            "'{}' object is not an iterator",
            it.type_name()
        )));
    };
    match iter.next()? {
        Some(v) => Ok(v),
        None => default.ok_or_else(|| Exc::new(ExcKind::StopIteration, "")),
    }
}

/// `bin`, `oct`, `hex`: `-0b101`, `0o17`, `0xff`.
fn radix_text(name: &str, args: Vec<Value>, kwargs: Kwargs, prefix: &str) -> PyResult {
    let v = exactly_one(name, args, &kwargs)?;
    let Some(n) = (match &v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => as_bigint(&v),
        _ => None,
    }) else {
        return Err(Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        )));
    };
    let m = n.abs();
    let digits = match prefix {
        "0b" => m.to_str_radix(2),
        "0o" => m.to_str_radix(8),
        _ => m.to_str_radix(16),
    };
    let sign = if n.is_negative() { "-" } else { "" };
    Ok(Value::str(&format!("{sign}{prefix}{digits}")))
}

fn b_bin(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    radix_text("bin", args, kwargs, "0b")
}

fn b_oct(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    radix_text("oct", args, kwargs, "0o")
}

fn b_hex(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    radix_text("hex", args, kwargs, "0x")
}

/// `format(value, spec='')`: the format-spec mini-language `str.format`
/// and f-strings use.
fn b_format(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("format", &kwargs)?;
    at_most("format", &args, 2)?;
    let mut args = args.into_iter();
    let Some(v) = args.next() else {
        return Err(Exc::type_error(
            "format expected at least 1 argument, got 0",
        ));
    };
    let spec = match args.next() {
        None => String::new(),
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "format() argument 2 must be str, not {}",
                other.type_name()
            )))
        }
    };
    Ok(Value::str(&super::methods::format_spec(&v, &spec)?))
}

fn b_len(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("len", args, &kwargs)?;
    Ok(Value::Int(ops::len(&v)? as i64))
}

fn b_abs(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("abs", args, &kwargs)?;
    ops::abs(&v)
}

fn b_repr(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("repr", args, &kwargs)?;
    Ok(Value::Str(Arc::from(super::classes::try_repr(&v)?)))
}

// ---- classes and attributes ---------------------------------------------------------

/// `args` as exactly `N` positional arguments of `name`.
fn positional<const N: usize>(
    name: &str,
    args: Vec<Value>,
    kwargs: &Kwargs,
) -> PyResult<[Value; N]> {
    no_kwargs(name, kwargs)?;
    let n = args.len();
    args.try_into().map_err(|_| {
        Exc::type_error(format!(
            "{name} expected {N} argument{}, got {n}",
            if N == 1 { "" } else { "s" }
        ))
    })
}

fn attr_name(fname: &str, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(Exc::type_error(format!(
            "{fname}(): attribute name must be string, not '{}'",
            other.type_name()
        ))),
    }
}

fn b_isinstance(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let [v, t] = positional("isinstance", args, &kwargs)?;
    Ok(Value::Bool(super::classes::isinstance(&v, &t)?))
}

fn b_issubclass(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let [c, t] = positional("issubclass", args, &kwargs)?;
    Ok(Value::Bool(super::classes::issubclass(&c, &t)?))
}

fn b_callable(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("callable", args, &kwargs)?;
    Ok(Value::Bool(super::classes::callable(&v)))
}

fn b_hasattr(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let [v, name] = positional("hasattr", args, &kwargs)?;
    let name = attr_name("hasattr", &name)?;
    match super::compile::get_attr(&v, &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.kind == ExcKind::AttributeError => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn b_getattr(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("getattr", &kwargs)?;
    let n = args.len();
    let mut args = args.into_iter();
    let (Some(v), Some(name)) = (args.next(), args.next()) else {
        return Err(Exc::type_error(format!(
            "getattr expected at least 2 arguments, got {n}"
        )));
    };
    let default = args.next();
    if args.next().is_some() {
        return Err(Exc::type_error(format!(
            "getattr expected at most 3 arguments, got {n}"
        )));
    }
    let name = attr_name("getattr", &name)?;
    match (super::compile::get_attr(&v, &name), default) {
        (Err(e), Some(d)) if e.kind == ExcKind::AttributeError => Ok(d),
        (r, _) => r,
    }
}

fn b_setattr(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let [v, name, x] = positional("setattr", args, &kwargs)?;
    let name = attr_name("setattr", &name)?;
    ops::set_attr(&v, &name, x)?;
    Ok(Value::None)
}

fn b_staticmethod(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    super::classes::decorator("staticmethod", args, kwargs)
}

fn b_classmethod(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    super::classes::decorator("classmethod", args, kwargs)
}

fn b_property(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    super::classes::decorator("property", args, kwargs)
}

/// `super(Class, obj)`; the compiler turns `super()` in a method into this.
fn b_super(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    if args.is_empty() && kwargs.is_empty() {
        return Err(Exc::new(ExcKind::RuntimeError, "super(): no arguments"));
    }
    let [c, obj] = positional("super", args, &kwargs)?;
    super::classes::make_super(&c, obj)
}

fn b_hash(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("hash", args, &kwargs)?;
    Ok(Value::Int(super::hash::py_hash(&v)?))
}

fn b_ord(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("ord", args, &kwargs)?;
    match &v {
        Value::Str(s) => {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Ok(Value::Int(c as i64)),
                _ => Err(Exc::type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.chars().count()
                ))),
            }
        }
        other => Err(Exc::type_error(format!(
            "ord() expected string of length 1, but {} found",
            other.type_name()
        ))),
    }
}

fn b_chr(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("chr", args, &kwargs)?;
    let n = int_arg(&v)?;
    let c = u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| Exc::value_error("chr() arg not in range(0x110000)"))?;
    Ok(Value::Str(Arc::from(c.to_string())))
}

fn b_sum(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let [start_kw] =
        <[Option<Value>; 1]>::try_from(take_kwargs("sum", kwargs, &["start"])?).unwrap_or([None]);
    if args.is_empty() {
        return Err(Exc::type_error(
            "sum() takes at least 1 positional argument (0 given)",
        ));
    }
    if args.len() > 2 {
        return Err(Exc::type_error(format!(
            "sum() takes at most 2 arguments ({} given)",
            args.len()
        )));
    }
    let mut it = args.into_iter();
    let iterable = it.next().unwrap_or(Value::None);
    let start = it.next().or(start_kw).unwrap_or(Value::Int(0));
    if matches!(start, Value::Str(_)) {
        return Err(Exc::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let mut acc = start;
    for x in ops::iterate(&iterable)? {
        acc = ops::binary(BinOp::Add, &acc, &x)?;
    }
    Ok(acc)
}

fn min_max(name: &str, op: CmpOp, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let kw = take_kwargs(name, kwargs, &["key", "default"])?;
    let mut kw = kw.into_iter();
    let key = kw.next().flatten().filter(|k| !k.is_none());
    let default = kw.next().flatten();
    let items = match args.len() {
        0 => {
            return Err(Exc::type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
        1 => ops::iterate(&args[0])?,
        _ => {
            if default.is_some() {
                return Err(Exc::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => call_value(f, vec![item.clone()])?,
            None => item.clone(),
        };
        best = match best {
            None => Some((item, k)),
            Some((bi, bk)) => {
                if ops::compare(op, &k, &bk)? {
                    Some((item, k))
                } else {
                    Some((bi, bk))
                }
            }
        };
    }
    match best {
        Some((item, _)) => Ok(item),
        None => {
            default.ok_or_else(|| Exc::value_error(format!("{name}() arg is an empty sequence")))
        }
    }
}

fn b_min(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    min_max("min", CmpOp::Lt, args, kwargs)
}

fn b_max(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    min_max("max", CmpOp::Gt, args, kwargs)
}

/// Stable merge sort with a fallible `less than`, like Python's sort (which only uses `<`).
pub fn sort_values(items: Vec<Value>, key: Option<&Value>, reverse: bool) -> PyResult<Vec<Value>> {
    let keys: Vec<Value> = match key {
        Some(f) => items
            .iter()
            .map(|x| call_value(f, vec![x.clone()]))
            .collect::<PyResult<_>>()?,
        None => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let error: RefCell<Option<Exc>> = RefCell::new(None);
    // `a` goes before `b` strictly when this returns true.
    let before = |a: usize, b: usize| -> bool {
        if error.borrow().is_some() {
            return false;
        }
        let r = if reverse {
            ops::py_lt(&keys[b], &keys[a])
        } else {
            ops::py_lt(&keys[a], &keys[b])
        };
        match r {
            Ok(x) => x,
            Err(e) => {
                *error.borrow_mut() = Some(e);
                false
            }
        }
    };
    merge_sort(&mut idx, &before);
    if let Some(e) = error.into_inner() {
        return Err(e);
    }
    Ok(idx.into_iter().map(|i| items[i].clone()).collect())
}

fn merge_sort(v: &mut [usize], before: &dyn Fn(usize, usize) -> bool) {
    let n = v.len();
    if n <= 16 {
        // Insertion sort: stable.
        for i in 1..n {
            let mut j = i;
            while j > 0 && before(v[j], v[j - 1]) {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], before);
    merge_sort(&mut v[mid..], before);
    let left = v[..mid].to_vec();
    let right = v[mid..].to_vec();
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        // Take from the right only when strictly before: keeps equal items in order.
        if before(right[j], left[i]) {
            v[k] = right[j];
            j += 1;
        } else {
            v[k] = left[i];
            i += 1;
        }
        k += 1;
    }
    while i < left.len() {
        v[k] = left[i];
        i += 1;
        k += 1;
    }
    while j < right.len() {
        v[k] = right[j];
        j += 1;
        k += 1;
    }
}

fn b_sorted(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let kw = take_kwargs("sort", kwargs, &["key", "reverse"])?;
    let mut kw = kw.into_iter();
    let key = kw.next().flatten().filter(|k| !k.is_none());
    let reverse = kw.next().flatten().map(|r| r.truthy()).unwrap_or(false);
    if args.len() != 1 {
        return Err(Exc::type_error(format!(
            "sorted expected 1 argument, got {}",
            args.len()
        )));
    }
    let items = ops::iterate(&args[0])?;
    Ok(Value::list(sort_values(items, key.as_ref(), reverse)?))
}

fn b_reversed(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("reversed", args, &kwargs)?;
    match v {
        Value::Dict(_) | Value::Iterable(_) => Err(Exc::type_error(format!(
            "'{}' object is not reversible",
            v.type_name()
        ))),
        _ => {
            let mut items = ops::iterate(&v)?;
            items.reverse();
            Ok(Value::list(items))
        }
    }
}

/// `int(s)` for a string: Python's literal rules (whitespace, sign, underscores).
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let s = super::unicode::ascii_digits(s);
    let t = s.trim_matches(super::unicode::is_space);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let (base, digits) = {
        let prefixed = |p: &str, b: u32| -> Option<(u32, &str)> {
            if lower.starts_with(p) && (base == b || base == 0) {
                Some((b, &t[2..]))
            } else {
                None
            }
        };
        if let Some(x) = prefixed("0x", 16)
            .or_else(|| prefixed("0o", 8))
            .or_else(|| prefixed("0b", 2))
        {
            // A prefix may be followed by an underscore: 0x_ff.
            (x.0, x.1.strip_prefix('_').unwrap_or(x.1))
        } else if base == 0 {
            if t.len() > 1 && t.starts_with('0') && t.chars().any(|c| c != '0' && c != '_') {
                return None;
            }
            (10, t)
        } else {
            (base, t)
        }
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits
        .chars()
        .filter(|c| *c != '_')
        .map(|c| {
            c.to_digit(10)
                .map(|d| char::from(b'0' + d as u8))
                .unwrap_or(c)
        })
        .collect();
    if !clean.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let n = BigInt::parse_bytes(clean.as_bytes(), base)?;
    Some(if neg { -n } else { n })
}

fn b_int(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let kw = take_kwargs("int", kwargs, &["base"])?;
    let base_kw = kw.into_iter().next().flatten();
    if args.len() > 2 {
        return Err(Exc::type_error(format!(
            "int() takes at most 2 arguments ({} given)",
            args.len()
        )));
    }
    let mut it = args.into_iter();
    let x = it.next();
    let base = it.next().or(base_kw);
    let Some(x) = x else {
        if base.is_some() {
            return Err(Exc::type_error("int() missing string argument"));
        }
        return Ok(Value::Int(0));
    };
    if let Some(b) = base {
        let b = int_arg(&b)?;
        if b != 0 && !(2..=36).contains(&b) {
            return Err(Exc::value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        let Value::Str(s) = &x else {
            return Err(Exc::type_error(
                "int() can't convert non-string with explicit base",
            ));
        };
        return parse_int(s, b as u32).map(int_from_big).ok_or_else(|| {
            Exc::value_error(format!(
                "invalid literal for int() with base {}: {}",
                b,
                x.short_repr()
            ))
        });
    }
    match &x {
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
        Value::Float(f) => float_to_int(*f),
        Value::Str(s) => parse_int(s, 10).map(int_from_big).ok_or_else(|| {
            Exc::value_error(format!(
                "invalid literal for int() with base 10: {}",
                x.short_repr()
            ))
        }),
        other => Err(Exc::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// `float(s)` for a string: Python's rules (whitespace, underscores, inf/nan words).
pub fn parse_float(s: &str) -> Option<f64> {
    let s = super::unicode::ascii_digits(s);
    let t = s.trim_matches(super::unicode::is_space);
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let neg = t.starts_with('-');
    let word = body.to_ascii_lowercase();
    match word.as_str() {
        "inf" | "infinity" => {
            return Some(if neg {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        "nan" => return Some(if neg { -f64::NAN } else { f64::NAN }),
        _ => {}
    }
    // Only digits, '.', 'e'/'E', signs after an exponent marker, and underscores between digits.
    let bytes = body.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    for (i, &b) in bytes.iter().enumerate() {
        let ok = match b {
            b'0'..=b'9' | b'.' | b'e' | b'E' => true,
            b'+' | b'-' => i > 0 && matches!(bytes[i - 1], b'e' | b'E'),
            b'_' => {
                i > 0
                    && i + 1 < bytes.len()
                    && bytes[i - 1].is_ascii_digit()
                    && bytes[i + 1].is_ascii_digit()
            }
            _ => false,
        };
        if !ok {
            return None;
        }
    }
    let clean: String = t.chars().filter(|c| *c != '_').collect();
    clean.parse::<f64>().ok()
}

fn b_float(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("float", &kwargs)?;
    at_most("float", &args, 1)?;
    let Some(x) = args.into_iter().next() else {
        return Ok(Value::Float(0.0));
    };
    match &x {
        Value::Str(s) => parse_float(s).map(Value::Float).ok_or_else(|| {
            Exc::value_error(format!(
                "could not convert string to float: {}",
                x.short_repr()
            ))
        }),
        Value::Bool(_) | Value::Int(_) | Value::BigInt(_) | Value::Float(_) => {
            Ok(Value::Float(ops::to_f64(&x)?.unwrap_or(0.0)))
        }
        other => Err(Exc::type_error(format!(
            "float() argument must be a string or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

fn b_str(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("str", &kwargs)?;
    at_most("str", &args, 1)?;
    Ok(match args.first() {
        None => Value::str(""),
        Some(Value::Str(s)) => Value::Str(s.clone()),
        Some(v) => Value::Str(Arc::from(super::classes::try_str(v)?)),
    })
}

fn b_bool(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("bool", &kwargs)?;
    at_most("bool", &args, 1)?;
    Ok(Value::Bool(
        args.first().map(|v| v.truthy()).unwrap_or(false),
    ))
}

fn b_list(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("list", &kwargs)?;
    at_most("list", &args, 1)?;
    Ok(match args.first() {
        None => Value::list(Vec::new()),
        Some(Value::List(v)) => Value::list(v.to_vec()),
        Some(v) => Value::list(ops::iterate(v)?),
    })
}

fn b_tuple(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("tuple", &kwargs)?;
    at_most("tuple", &args, 1)?;
    Ok(match args.first() {
        None => Value::tuple(Vec::new()),
        Some(Value::Tuple(v)) => Value::Tuple(v.clone()),
        Some(v) => Value::tuple(ops::iterate(v)?),
    })
}

fn b_range(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("range", &kwargs)?;
    if args.is_empty() {
        return Err(Exc::type_error("range expected at least 1 argument, got 0"));
    }
    at_most("range", &args, 3)?;
    let n: Vec<i64> = args.iter().map(int_arg).collect::<PyResult<_>>()?;
    let (start, stop, step) = match n.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        _ => (0, 0, 1),
    };
    if step == 0 {
        return Err(Exc::value_error("range() arg 3 must not be zero"));
    }
    Ok(Value::Range(start, stop, step))
}

fn b_round(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let kw = take_kwargs("round", kwargs, &["number", "ndigits"])?;
    let mut kw = kw.into_iter();
    let (num_kw, nd_kw) = (kw.next().flatten(), kw.next().flatten());
    if args.len() > 2 {
        return Err(Exc::type_error(format!(
            "round() takes at most 2 arguments ({} given)",
            args.len()
        )));
    }
    let mut it = args.into_iter();
    let x = it
        .next()
        .or(num_kw)
        .ok_or_else(|| Exc::type_error("round() missing required argument 'number' (pos 1)"))?;
    let nd = it.next().or(nd_kw).filter(|v| !v.is_none());
    match (&x, nd) {
        (Value::Float(f), None) => float_to_int(f.round_ties_even()).map_err(|e| {
            if e.kind == ExcKind::OverflowError || e.kind == ExcKind::ValueError {
                e
            } else {
                Exc::overflow("cannot convert float infinity to integer")
            }
        }),
        (Value::Float(f), Some(nd)) => {
            let nd = match &nd {
                Value::BigInt(b) => {
                    if b.is_negative() {
                        i64::MIN
                    } else {
                        i64::MAX
                    }
                }
                other => int_arg(other)?,
            };
            round_float(*f, nd).map(Value::Float)
        }
        (Value::Bool(_) | Value::Int(_) | Value::BigInt(_), None) => ops::pos(&x),
        (Value::Bool(_) | Value::Int(_) | Value::BigInt(_), Some(nd)) => {
            let nd = int_arg(&nd)?;
            if nd >= 0 {
                return ops::pos(&x);
            }
            let n = as_bigint(&x).unwrap_or_default();
            let Ok(p) = u32::try_from(nd.unsigned_abs()) else {
                return Ok(Value::Int(0));
            };
            if p > 100_000 {
                return Ok(Value::Int(0));
            }
            let pow = num_traits::pow::Pow::pow(BigInt::from(10), p);
            Ok(int_from_big(round_half_even_big(&n, &pow) * pow))
        }
        (other, _) => Err(Exc::type_error(format!(
            "type {} doesn't define __round__ method",
            other.type_name()
        ))),
    }
}

/// `n / d` rounded half to even (d > 0).
fn round_half_even_big(n: &BigInt, d: &BigInt) -> BigInt {
    let (q, r) = n.div_mod_floor(d);
    let twice: BigInt = &r * 2;
    match twice.cmp(d) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => {
            if q.is_even() {
                q
            } else {
                q + 1
            }
        }
    }
}

/// `round(x, nd)` for a float: correctly rounded on the exact binary value.
pub fn round_float(x: f64, nd: i64) -> PyResult<f64> {
    if !x.is_finite() || x == 0.0 || nd > 323 {
        return Ok(x);
    }
    if nd < -308 {
        return Ok(0.0 * x);
    }
    if nd >= 0 {
        let s = format!("{:.*}", nd as usize, x);
        let r = s.parse::<f64>().unwrap_or(x);
        if r == 0.0 {
            return Ok(0f64.copysign(x));
        }
        return Ok(r);
    }
    // Negative ndigits: round the exact binary value to a multiple of 10**-nd (ties to
    // even) in integers, then read the decimal result back as a float.
    let (mantissa, exp2) = exact_parts(x);
    let (num, den) = if exp2 >= 0 {
        (mantissa << exp2 as usize, BigInt::from(1))
    } else {
        (mantissa, BigInt::from(1) << (-exp2) as usize)
    };
    let k = (-nd) as u32;
    let pow10 = num_traits::pow::Pow::pow(BigInt::from(10), k);
    let q = round_half_even_big(&num, &(den * pow10));
    let y: f64 = format!("{q}e{k}").parse().unwrap_or(x);
    if y.is_infinite() {
        return Err(Exc::overflow("rounded value too large to represent"));
    }
    Ok(if y == 0.0 { 0f64.copysign(x) } else { y })
}

/// `x` as `mantissa * 2**exp` exactly (x finite).
fn exact_parts(x: f64) -> (BigInt, i64) {
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    let m = BigInt::from(m);
    (if x.is_sign_negative() { -m } else { m }, e)
}

fn b_divmod(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("divmod", &kwargs)?;
    if args.len() != 2 {
        return Err(Exc::type_error(format!(
            "divmod expected 2 arguments, got {}",
            args.len()
        )));
    }
    let q = ops::binary(BinOp::FloorDiv, &args[0], &args[1]).map_err(|e| {
        if e.kind == ExcKind::ZeroDivisionError && matches!(args[1], Value::Float(_))
            || matches!(args[0], Value::Float(_))
        {
            Exc::zero_div("float divmod()")
        } else {
            e
        }
    })?;
    let r = ops::binary(BinOp::Mod, &args[0], &args[1])?;
    Ok(Value::tuple(vec![q, r]))
}

fn b_pow(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("pow", &kwargs)?;
    match args.as_slice() {
        [a, b] => ops::binary(BinOp::Pow, a, b),
        [a, b, m] => {
            let (Some(a), Some(b), Some(m)) = (as_bigint(a), as_bigint(b), as_bigint(m)) else {
                return Err(Exc::type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            };
            if m.is_zero() {
                return Err(Exc::value_error("pow() 3rd argument cannot be 0"));
            }
            if b.is_negative() {
                return Err(Exc::value_error(
                    "base is not invertible for the given modulus",
                ));
            }
            let r = a.modpow(&b, &m);
            // Python's result has the sign of the modulus.
            let r = if !r.is_zero() && r.is_negative() != m.is_negative() {
                r + &m
            } else {
                r
            };
            Ok(int_from_big(r))
        }
        _ => Err(Exc::type_error(format!(
            "pow expected 2 or 3 arguments, got {}",
            args.len()
        ))),
    }
}

fn b_any(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("any", args, &kwargs)?;
    Ok(Value::Bool(ops::iterate(&v)?.iter().any(|x| x.truthy())))
}

fn b_all(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let v = exactly_one("all", args, &kwargs)?;
    Ok(Value::Bool(ops::iterate(&v)?.iter().all(|x| x.truthy())))
}

fn b_enumerate(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let kw = take_kwargs("enumerate", kwargs, &["iterable", "start"])?;
    let mut kw = kw.into_iter();
    let (it_kw, start_kw) = (kw.next().flatten(), kw.next().flatten());
    if args.len() > 2 {
        return Err(Exc::type_error(format!(
            "enumerate() takes at most 2 arguments ({} given)",
            args.len()
        )));
    }
    let mut a = args.into_iter();
    let iterable = a.next().or(it_kw).ok_or_else(|| {
        Exc::type_error("enumerate() missing required argument 'iterable' (pos 1)")
    })?;
    let start = a.next().or(start_kw).unwrap_or(Value::Int(0));
    let start = as_bigint(&start).ok_or_else(|| {
        Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            start.type_name()
        ))
    })?;
    let items = ops::iterate(&iterable)?;
    Ok(Value::list(
        items
            .into_iter()
            .enumerate()
            .map(|(i, x)| Value::tuple(vec![int_from_big(&start + BigInt::from(i)), x]))
            .collect(),
    ))
}

fn b_zip(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    let kw = take_kwargs("zip", kwargs, &["strict"])?;
    let strict = kw
        .into_iter()
        .next()
        .flatten()
        .map(|v| v.truthy())
        .unwrap_or(false);
    let lists: Vec<Vec<Value>> = args.iter().map(ops::iterate).collect::<PyResult<_>>()?;
    let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
    if strict && lists.iter().any(|l| l.len() != n) {
        return Err(Exc::value_error("zip() arguments have different lengths"));
    }
    Ok(Value::list(
        (0..n)
            .map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect()))
            .collect(),
    ))
}

fn b_map(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("map", &kwargs)?;
    if args.len() < 2 {
        return Err(Exc::type_error("map() must have at least two arguments."));
    }
    let f = &args[0];
    let lists: Vec<Vec<Value>> = args[1..]
        .iter()
        .map(ops::iterate)
        .collect::<PyResult<_>>()?;
    let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(call_value(f, lists.iter().map(|l| l[i].clone()).collect())?);
    }
    Ok(Value::list(out))
}

fn b_filter(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    no_kwargs("filter", &kwargs)?;
    if args.len() != 2 {
        return Err(Exc::type_error(format!(
            "filter expected 2 arguments, got {}",
            args.len()
        )));
    }
    let mut out = Vec::new();
    for x in ops::iterate(&args[1])? {
        let keep = if args[0].is_none() {
            x.truthy()
        } else {
            call_value(&args[0], vec![x.clone()])?.truthy()
        };
        if keep {
            out.push(x);
        }
    }
    Ok(Value::list(out))
}

fn b_dict(args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    at_most("dict", &args, 1)?;
    let mut map: IndexMap<Key, Value> = IndexMap::new();
    if let Some(src) = args.first() {
        match src {
            Value::Dict(d) => map = d.to_map(),
            other => {
                for (i, item) in ops::iterate(other)?.into_iter().enumerate() {
                    let pair = match &item {
                        Value::Str(_)
                        | Value::Tuple(_)
                        | Value::List(_)
                        | Value::Iterable(_)
                        | Value::Range(..) => ops::iterate(&item)?,
                        _ => {
                            return Err(Exc::type_error(format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        )))
                        }
                    };
                    if pair.len() != 2 {
                        return Err(Exc::value_error(format!(
                            "dictionary update sequence element #{} has length {}; 2 is required",
                            i,
                            pair.len()
                        )));
                    }
                    let mut p = pair.into_iter();
                    let k = p.next().unwrap_or(Value::None);
                    let v = p.next().unwrap_or(Value::None);
                    map.insert(Key::new(k)?, v);
                }
            }
        }
    }
    for (k, v) in kwargs {
        map.insert(Key::new(Value::Str(k))?, v);
    }
    Ok(Value::dict(map))
}

#[cfg(test)]
mod tests {
    use super::round_float;
    use crate::lang::repr::float_repr;

    #[test]
    fn float_repr_keeps_the_nearest_of_the_shortest_digits() {
        // 4e15 / 3 is 1333333333333333.25 exactly: .2 and .3 both read back, .2 is the even tie.
        assert_eq!(float_repr(4e15 / 3.0), "1333333333333333.2");
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_repr(1e22), "1e+22");
        assert_eq!(float_repr(5e-324), "5e-324");
    }

    #[test]
    fn round_goes_through_the_exact_decimal_value() {
        let r = |x: f64, n: i64| round_float(x, n).map(float_repr).unwrap_or_default();
        assert_eq!(r(-6.16511792009401e+21, -1), "-6.16511792009401e+21");
        assert_eq!(r(1.7014821481072694e+17, -2), "1.701482148107269e+17");
        assert_eq!(r(2.675, 2), "2.67");
        assert_eq!(r(25.0, -1), "20.0");
        assert_eq!(r(35.0, -1), "40.0");
        assert_eq!(r(-0.5, -3), "-0.0");
        assert_eq!(r(1e22, 400), "1e+22");
        assert!(round_float(1.7e308, -308).is_err());
    }
}
