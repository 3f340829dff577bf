//! Classes a program defines with `class`, their instances, and the builtin
//! types (`int`, `str`, ...) as values `isinstance` and `type` work with.
//!
//! A [`Class`] holds the attributes its body bound (methods are the
//! functions among them) and at most one base: another program class, or a
//! builtin exception class, which makes it an exception class that `raise`
//! and `except` accept. An [`Instance`] holds its own attributes; looking a
//! name up goes instance, class, bases, and a function found on a class is
//! bound to the instance. Python's dunder methods (`__repr__`, `__eq__`,
//! `__hash__`, `__lt__`, `__add__`, `__call__`, ...) are honoured through the
//! hooks of [`Object`], so every place a value goes (printing, dict keys,
//! shuffles, sorting, arithmetic) follows them.
//!
//! Instances print as CPython's `<__main__.Point object at 0x...>`; the
//! address is a fake one, stable for a run: `0x7f0000000000` plus sixteen
//! times the instance's creation number.

use std::any::Any;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Weak};

use indexmap::IndexMap;
use parking_lot::RwLock;

use super::ast::{BinOp, CmpOp};
use super::compile::call_value;
use super::exceptions::{ExcClass, ExcInstance};
use super::value::{Callable, Exc, ExcArgs, ExcKind, Kwargs, Object, PyResult, UserExc, Value};

/// Creation numbers of instances, for their fake addresses and identity hashes.
static SERIAL: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// An exception raised by a program's `__repr__`/`__str__` while a value
    /// was being printed. Printing cannot fail half-way through a nested
    /// value, so the first such exception waits here for [`try_repr`] or
    /// [`try_str`] to raise it.
    static REPR_ERROR: RefCell<Option<Exc>> = const { RefCell::new(None) };
}

fn note_repr_error(e: Exc) {
    REPR_ERROR.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_none() {
            *r = Some(e);
        }
    });
}

/// Run a printing function, raising the first exception a program's
/// `__repr__`/`__str__` raised inside it.
fn checked(f: impl FnOnce() -> String) -> PyResult<String> {
    let outer = REPR_ERROR.with(|r| r.borrow_mut().take());
    let text = f();
    let err = REPR_ERROR.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer));
    match err {
        Some(e) => Err(e),
        None => Ok(text),
    }
}

/// `repr(v)`, with the exception of a failing `__repr__` raised.
pub fn try_repr(v: &Value) -> PyResult<String> {
    checked(|| v.repr())
}

/// `str(v)`, with the exception of a failing `__str__` raised.
pub fn try_str(v: &Value) -> PyResult<String> {
    checked(|| v.to_str())
}

fn not_supported(what: &str) -> Exc {
    Exc::type_error(format!("{what} not supported in streamlab's Python subset"))
}

/// The special methods streamlab honours. A class that defines another one
/// (`__iter__`, `__format__`, `__new__`, ...) is refused with a message
/// naming it, rather than having it silently ignored.
pub const SPECIAL_METHODS: &[&str] = &[
    "__init__",
    "__repr__",
    "__str__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__hash__",
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__truediv__",
    "__rtruediv__",
    "__floordiv__",
    "__rfloordiv__",
    "__mod__",
    "__rmod__",
    "__pow__",
    "__rpow__",
    "__or__",
    "__ror__",
    "__and__",
    "__rand__",
    "__xor__",
    "__rxor__",
    "__lshift__",
    "__rlshift__",
    "__rshift__",
    "__rrshift__",
    "__neg__",
    "__invert__",
    "__call__",
    "__len__",
    "__bool__",
    "__contains__",
    "__getitem__",
    "__setitem__",
    "__enter__",
    "__exit__",
];

/// True for a name Python treats as a special method (`__name__`).
pub fn is_special(name: &str) -> bool {
    name.len() > 4 && name.starts_with("__") && name.ends_with("__")
}

// ---- builtin types --------------------------------------------------------------

/// A builtin type as a value: `int`, `str`, `object`, ... Calling one calls
/// its constructor (the builtin function of the same name).
pub struct BuiltinType {
    pub name: String,
    ctor: Option<Value>,
}

/// The builtin types a program can name, created once so that `type(1) is int`.
static TYPES: LazyLock<Vec<(&'static str, Value)>> = LazyLock::new(|| {
    let ctor = |n: &str| super::builtins::function(n);
    [
        "bool",
        "dict",
        "float",
        "frozenset",
        "int",
        "list",
        "set",
        "str",
        "tuple",
        "range",
        "object",
        "type",
    ]
    .into_iter()
    .map(|n| {
        let v = Value::object(BuiltinType {
            name: n.to_string(),
            ctor: ctor(n),
        });
        (n, v)
    })
    .collect()
});

/// The builtin type called `name`, if the subset has it as a value.
pub fn builtin_type(name: &str) -> Option<Value> {
    TYPES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.clone())
}

impl Object for BuiltinType {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        format!("<class '{}'>", self.name)
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
            "__name__" | "__qualname__" => Ok(Value::str(&self.name)),
            _ => Err(Exc::attr_error(format!(
                "type object '{}' has no attribute '{name}'",
                self.name
            ))),
        }
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        match (&self.ctor, self.name.as_str()) {
            (Some(c), _) => call_value(c, args, kwargs),
            (None, "object") if args.is_empty() && kwargs.is_empty() => {
                Err(not_supported("creating a bare 'object()' is"))
            }
            (None, "object") => Err(Exc::type_error("object() takes no arguments")),
            (None, "type") if args.len() == 1 && kwargs.is_empty() => Ok(type_of(&args[0])),
            (None, "type") => Err(not_supported(
                "creating classes with type(name, bases, dict) is",
            )),
            (None, n) => Err(Exc::type_error(format!("cannot create '{n}' instances"))),
        }
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        let same = other
            .downcast::<BuiltinType>()
            .is_some_and(|o| o.name == self.name);
        match op {
            CmpOp::Eq => Some(Ok(Value::Bool(same))),
            CmpOp::NotEq => Some(Ok(Value::Bool(!same))),
            _ => None,
        }
    }
    fn hash(&self, _this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        Some(super::hash::py_hash(&Value::str(&self.name)))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `type(v)`.
pub fn type_of(v: &Value) -> Value {
    if let Some(i) = v.downcast::<Instance>() {
        return i.class.value();
    }
    if let Some(e) = v.downcast::<ExcInstance>() {
        return super::exceptions::class_of(e.kind);
    }
    let name = match v {
        Value::Object(o) if o.as_any().is::<Class>() || o.as_any().is::<ExcClass>() => "type",
        _ => v.type_name(),
    };
    builtin_type(name).unwrap_or_else(|| {
        Value::object(BuiltinType {
            name: name.to_string(),
            ctor: None,
        })
    })
}

/// Whether a value of builtin type `have` is an instance of builtin type `want`.
fn builtin_is_a(have: &str, want: &str) -> bool {
    have == want
        || want == "object"
        || (have == "bool" && want == "int")
        || (want == "dict" && matches!(have, "Counter" | "OrderedDict" | "defaultdict"))
}

/// `isinstance(v, typ)`; `typ` may be a tuple of types.
pub fn isinstance(v: &Value, typ: &Value) -> PyResult<bool> {
    if let Value::Tuple(items) = typ {
        for t in items.iter() {
            if isinstance(v, t)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let actual = type_of(v);
    issubclass_of(
        &actual,
        typ,
        "isinstance() arg 2 must be a type, a tuple of types, or a union",
    )
}

/// `issubclass(cls, typ)`.
pub fn issubclass(cls: &Value, typ: &Value) -> PyResult<bool> {
    if !is_class(cls) {
        return Err(Exc::type_error("issubclass() arg 1 must be a class"));
    }
    if let Value::Tuple(items) = typ {
        for t in items.iter() {
            if issubclass(cls, t)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    issubclass_of(
        cls,
        typ,
        "issubclass() arg 2 must be a class, a tuple of classes, or a union",
    )
}

/// True for the values that are classes: program classes, builtin types, exception classes.
pub fn is_class(v: &Value) -> bool {
    v.downcast::<Class>().is_some()
        || v.downcast::<BuiltinType>().is_some()
        || v.downcast::<ExcClass>().is_some()
}

fn issubclass_of(cls: &Value, typ: &Value, bad: &str) -> PyResult<bool> {
    if let Some(want) = typ.downcast::<BuiltinType>() {
        if want.name == "object" {
            return Ok(true);
        }
        if let Some(have) = cls.downcast::<BuiltinType>() {
            return Ok(builtin_is_a(&have.name, &want.name));
        }
        // Exception classes and program classes derive from no other builtin type.
        return Ok(false);
    }
    if let Some(want) = typ.downcast::<ExcClass>() {
        if let Some(have) = cls.downcast::<ExcClass>() {
            return Ok(have.0.is_a(want.0));
        }
        if let Some(have) = cls.downcast::<Class>() {
            return Ok(have.exc_kind().is_some_and(|k| k.is_a(want.0)));
        }
        return Ok(false);
    }
    if let Some(want) = typ.downcast::<Class>() {
        return Ok(cls
            .downcast::<Class>()
            .is_some_and(|have| have.is_subclass_of(want)));
    }
    if let Some(wants) = super::stdlib::instance_type_names(typ) {
        return Ok(cls
            .downcast::<BuiltinType>()
            .is_some_and(|have| wants.contains(&have.name.as_str())));
    }
    Err(Exc::type_error(bad))
}

/// Whether `a == b` goes through an overloaded `__eq__`: a program's
/// instance, a builtin type or an exception class is on one side.
pub fn overloads_eq(a: &Value, b: &Value) -> bool {
    let ours = |v: &Value| {
        v.downcast::<Instance>().is_some()
            || v.downcast::<BuiltinType>().is_some()
            || v.downcast::<ExcClass>().is_some()
            || super::stdlib::overloads_eq(v)
    };
    ours(a) || ours(b)
}

/// `callable(v)`.
pub fn callable(v: &Value) -> bool {
    match v {
        Value::Func(_) => true,
        Value::Object(_) if is_class(v) => true,
        Value::Object(_) => match v.downcast::<Instance>() {
            Some(i) => i.class.lookup("__call__").is_some(),
            None => false,
        },
        _ => false,
    }
}

// ---- NotImplemented ---------------------------------------------------------------

/// `NotImplemented`: what a dunder method returns to let Python try the
/// other operand (or fall back to the default).
pub struct NotImplementedType;

static NOT_IMPLEMENTED: LazyLock<Value> = LazyLock::new(|| Value::object(NotImplementedType));

pub fn not_implemented() -> Value {
    NOT_IMPLEMENTED.clone()
}

fn is_not_implemented(v: &Value) -> bool {
    v.downcast::<NotImplementedType>().is_some()
}

impl Object for NotImplementedType {
    fn type_name(&self) -> &str {
        "NotImplementedType"
    }
    fn repr(&self) -> String {
        "NotImplemented".into()
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        Err(Exc::attr_error(format!(
            "'NotImplementedType' object has no attribute '{name}'"
        )))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---- decorators ------------------------------------------------------------------

/// `@staticmethod`: a function called without the instance.
pub struct StaticMethod(pub Value);
/// `@classmethod`: a function called with the class first.
pub struct ClassMethod(pub Value);
/// `@property` (and `@name.setter`): an attribute computed by a method.
pub struct Property {
    fget: Value,
    fset: Option<Value>,
}

macro_rules! wrapper_object {
    ($t:ty, $name:expr) => {
        impl Object for $t {
            fn type_name(&self) -> &str {
                $name
            }
            fn repr(&self) -> String {
                format!("<{} object at {}>", $name, super::repr::FAKE_ADDRESS)
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
            fn get_attr(&self, this: &Arc<dyn Object>, name: &str) -> PyResult {
                self.attr(this, name).unwrap_or_else(|| {
                    Err(Exc::attr_error(format!(
                        "'{}' object has no attribute '{name}'",
                        $name
                    )))
                })
            }
            fn as_any(&self) -> &dyn Any {
                self
            }
        }
    };
}

impl StaticMethod {
    fn attr(&self, _this: &Arc<dyn Object>, name: &str) -> Option<PyResult> {
        (name == "__func__").then(|| Ok(self.0.clone()))
    }
}
impl ClassMethod {
    fn attr(&self, _this: &Arc<dyn Object>, name: &str) -> Option<PyResult> {
        (name == "__func__").then(|| Ok(self.0.clone()))
    }
}
impl Property {
    fn attr(&self, _this: &Arc<dyn Object>, name: &str) -> Option<PyResult> {
        match name {
            "fget" => Some(Ok(self.fget.clone())),
            "setter" => {
                let fget = self.fget.clone();
                Some(Ok(super::native::NativeFn::value(
                    "setter",
                    1,
                    move |args| {
                        let fset = args.first().cloned().unwrap_or(Value::None);
                        Ok(Value::object(Property {
                            fget: fget.clone(),
                            fset: Some(fset),
                        }))
                    },
                )))
            }
            _ => None,
        }
    }
}

wrapper_object!(StaticMethod, "staticmethod");
wrapper_object!(ClassMethod, "classmethod");
wrapper_object!(Property, "property");

/// The `staticmethod`, `classmethod` and `property` builtins.
pub fn decorator(name: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    if !kwargs.is_empty() {
        return Err(not_supported(&format!("keyword arguments to {name}() are")));
    }
    let mut args = args.into_iter();
    let (Some(f), None) = (args.next(), args.next()) else {
        return Err(Exc::type_error(format!("{name} expected 1 argument")));
    };
    match name {
        "staticmethod" => Ok(Value::object(StaticMethod(f))),
        "classmethod" => Ok(Value::object(ClassMethod(f))),
        _ => Ok(Value::object(Property {
            fget: f,
            fset: None,
        })),
    }
}

// ---- bound methods ----------------------------------------------------------------

/// A function bound to its first argument: `obj.method` (or `Class.cm` for
/// a classmethod). Its `arg_count` is the function's, `self` included, as
/// `method.__code__.co_argcount` is (PySpark's `foreachRDD` and `transform`
/// look at that).
pub struct Method {
    func: Value,
    this: Value,
}

impl Callable for Method {
    fn name(&self) -> &str {
        match &self.func {
            Value::Func(f) => f.name(),
            _ => "method",
        }
    }
    fn call(&self, mut args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        args.insert(0, self.this.clone());
        call_value(&self.func, args, kwargs)
    }
    fn call1(&self, a: Value) -> PyResult {
        match &self.func {
            Value::Func(f) => f.call2(self.this.clone(), a),
            _ => self.call(vec![a], Vec::new()),
        }
    }
    fn arg_count(&self) -> Option<usize> {
        match &self.func {
            Value::Func(f) => f.arg_count(),
            _ => None,
        }
    }
    fn source(&self) -> Option<&str> {
        match &self.func {
            Value::Func(f) => f.source(),
            _ => None,
        }
    }
}

fn bind(func: Value, this: Value) -> Value {
    Value::Func(Arc::new(Method { func, this }))
}

/// What a name found on a class gives when read through `this` (an
/// instance, or the class itself when `this` is None).
fn resolve_attr(found: Value, this: Option<&Value>, class: &Class) -> PyResult {
    if let Some(s) = found.downcast::<StaticMethod>() {
        return Ok(s.0.clone());
    }
    if let Some(c) = found.downcast::<ClassMethod>() {
        return Ok(bind(c.0.clone(), class.value()));
    }
    if let Some(p) = found.downcast::<Property>() {
        return match this {
            Some(t) => call_value(&p.fget, vec![t.clone()], Vec::new()),
            None => Ok(found.clone()),
        };
    }
    match (&found, this) {
        (Value::Func(f), Some(t)) if f.binds_self() => Ok(bind(found.clone(), t.clone())),
        _ => Ok(found),
    }
}

// ---- classes ----------------------------------------------------------------------

/// What a class derives from, besides `object`.
#[derive(Clone)]
pub enum Base {
    Class(Arc<Class>),
    Exception(ExcKind),
}

/// A class the program defined.
pub struct Class {
    pub name: String,
    pub base: Option<Base>,
    attrs: RwLock<IndexMap<String, Value>>,
    me: Weak<Class>,
}

impl Class {
    /// A new class. As in Python, a class that defines `__eq__` without
    /// `__hash__` gets `__hash__ = None`: its instances are unhashable.
    pub fn create(name: &str, base: Option<Base>, mut attrs: IndexMap<String, Value>) -> Value {
        if attrs.contains_key("__eq__") && !attrs.contains_key("__hash__") {
            attrs.insert("__hash__".into(), Value::None);
        }
        let c = Arc::new_cyclic(|me| Class {
            name: name.to_string(),
            base,
            attrs: RwLock::new(attrs),
            me: me.clone(),
        });
        Value::Object(c)
    }

    /// The class as a value.
    pub fn value(&self) -> Value {
        match self.me.upgrade() {
            Some(c) => Value::Object(c),
            None => Value::None,
        }
    }

    /// The base for `class C(base)`; a located message for what cannot be one.
    pub fn base_from(v: &Value) -> PyResult<Option<Base>> {
        if let Value::Object(o) = v {
            if o.as_any().is::<Class>() {
                let any: Arc<dyn Any + Send + Sync> = o.clone();
                if let Ok(c) = any.downcast::<Class>() {
                    return Ok(Some(Base::Class(c)));
                }
            }
        }
        if let Some(e) = v.downcast::<ExcClass>() {
            return Ok(Some(Base::Exception(e.0)));
        }
        if let Some(t) = v.downcast::<BuiltinType>() {
            if t.name == "object" {
                return Ok(None);
            }
            return Err(not_supported(&format!(
                "subclassing the builtin type '{}' is",
                t.name
            )));
        }
        Err(Exc::type_error(format!(
            "class base must be a class, not {}",
            v.type_name()
        )))
    }

    /// `name` on the class or its bases.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.attrs.read().get(name) {
            return Some(v.clone());
        }
        match &self.base {
            Some(Base::Class(b)) => b.lookup(name),
            _ => None,
        }
    }

    /// The builtin exception class at the root of its bases, if any.
    pub fn exc_kind(&self) -> Option<ExcKind> {
        match &self.base {
            Some(Base::Class(b)) => b.exc_kind(),
            Some(Base::Exception(k)) => Some(*k),
            None => None,
        }
    }

    pub fn is_subclass_of(&self, other: &Class) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        match &self.base {
            Some(Base::Class(b)) => b.is_subclass_of(other),
            _ => false,
        }
    }

    fn attr_names(&self, out: &mut Vec<String>) {
        out.extend(self.attrs.read().keys().cloned());
        if let Some(Base::Class(b)) = &self.base {
            b.attr_names(out);
        }
    }

    fn no_attr(&self, name: &str) -> Exc {
        Exc::attr_error(format!(
            "type object '{}' has no attribute '{name}'",
            self.name
        ))
    }

    /// Make an instance: `Class(args)`.
    fn instantiate(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let class = self
            .me
            .upgrade()
            .ok_or_else(|| Exc::new(ExcKind::RuntimeError, "class is gone"))?;
        let is_exc = self.exc_kind().is_some();
        let inst = Arc::new_cyclic(|me| Instance {
            class,
            attrs: RwLock::new(IndexMap::new()),
            exc_args: RwLock::new(Arc::new(if is_exc { args.clone() } else { Vec::new() })),
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
            me: me.clone(),
        });
        let this = Value::Object(inst);
        match self.lookup("__init__") {
            Some(init) => {
                let init = resolve_attr(init, Some(&this), self)?;
                let r = call_value(&init, args, kwargs)?;
                if !r.is_none() {
                    return Err(Exc::type_error(format!(
                        "__init__() should return None, not '{}'",
                        r.type_name()
                    )));
                }
            }
            None if is_exc && !kwargs.is_empty() => {
                return Err(Exc::type_error(format!(
                    "{}() takes no keyword arguments",
                    self.name
                )));
            }
            None if is_exc => {}
            None if !args.is_empty() || !kwargs.is_empty() => {
                return Err(Exc::type_error(format!(
                    "{}() takes no arguments",
                    self.name
                )))
            }
            None => {}
        }
        Ok(this)
    }
}

impl Object for Class {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        format!("<class '__main__.{}'>", self.name)
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
        if let Some(v) = self.lookup(name) {
            return resolve_attr(v, None, self);
        }
        match name {
            "__name__" | "__qualname__" => Ok(Value::str(&self.name)),
            "__module__" => Ok(Value::str("__main__")),
            "__bases__" => Ok(Value::tuple(vec![match &self.base {
                Some(Base::Class(b)) => b.value(),
                Some(Base::Exception(k)) => super::exceptions::class_of(*k),
                None => builtin_type("object").unwrap_or(Value::None),
            }])),
            _ => Err(self.no_attr(name)),
        }
    }
    fn set_attr(&self, _this: &Arc<dyn Object>, name: &str, value: Value) -> Option<PyResult<()>> {
        self.attrs.write().insert(name.to_string(), value);
        Some(Ok(()))
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        self.instantiate(args, kwargs)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---- instances --------------------------------------------------------------------

/// An instance of a program class.
pub struct Instance {
    pub class: Arc<Class>,
    attrs: RwLock<IndexMap<String, Value>>,
    /// `e.args` of an exception instance: the constructor's arguments, or
    /// what `super().__init__(...)` set.
    exc_args: RwLock<Arc<Vec<Value>>>,
    serial: u64,
    me: Weak<Instance>,
}

fn binary_names(op: BinOp) -> (&'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mul => ("__mul__", "__rmul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::BitOr => ("__or__", "__ror__"),
        BinOp::BitAnd => ("__and__", "__rand__"),
        BinOp::BitXor => ("__xor__", "__rxor__"),
        BinOp::LShift => ("__lshift__", "__rlshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__"),
    }
}

fn compare_name(op: CmpOp) -> Option<&'static str> {
    Some(match op {
        CmpOp::Eq => "__eq__",
        CmpOp::NotEq => "__ne__",
        CmpOp::Lt => "__lt__",
        CmpOp::LtE => "__le__",
        CmpOp::Gt => "__gt__",
        CmpOp::GtE => "__ge__",
        _ => return None,
    })
}

impl Instance {
    fn this(&self) -> Value {
        match self.me.upgrade() {
            Some(i) => Value::Object(i),
            None => Value::None,
        }
    }

    /// The fake address in the default repr.
    fn address(&self) -> u64 {
        0x7f00_0000_0000 + (self.serial << 4)
    }

    /// Call the dunder method `name` if the class (not the instance) has it.
    fn dunder(&self, this: &Value, name: &str, args: Vec<Value>) -> Option<PyResult> {
        let f = self.class.lookup(name)?;
        if f.is_none() {
            return None;
        }
        Some(
            resolve_attr(f, Some(this), &self.class).and_then(|m| call_value(&m, args, Vec::new())),
        )
    }

    fn text_dunder(&self, name: &str) -> Option<PyResult<String>> {
        let r = self.dunder(&self.this(), name, Vec::new())?;
        Some(r.and_then(|v| match v {
            Value::Str(s) => Ok(s.to_string()),
            other => Err(Exc::type_error(format!(
                "{name} returned non-string (type {})",
                other.type_name()
            ))),
        }))
    }

    fn exc_args(&self) -> Arc<Vec<Value>> {
        self.exc_args.read().clone()
    }

    /// `BaseException.__init__(self, *args)`: what `super().__init__(msg)` does.
    pub fn set_exc_args(&self, args: Vec<Value>) {
        *self.exc_args.write() = Arc::new(args);
    }

    fn default_repr(&self) -> String {
        if self.class.exc_kind().is_some() {
            let args: Vec<String> = self.exc_args().iter().map(Value::repr).collect();
            return format!("{}({})", self.class.name, args.join(", "));
        }
        format!(
            "<__main__.{} object at {:#x}>",
            self.class.name,
            self.address()
        )
    }

    fn default_str(&self) -> String {
        if let Some(kind) = self.class.exc_kind() {
            return ExcInstance::new(kind, self.exc_args().to_vec()).str();
        }
        self.repr()
    }

    /// The exception `raise` raises for this instance, if its class is an exception class.
    pub fn to_exc(&self) -> Option<Exc> {
        let kind = self.class.exc_kind()?;
        let mut e = Exc::new(kind, self.str());
        e.args = Some(ExcArgs(self.exc_args()));
        if kind.is_a(ExcKind::SystemExit) {
            e.exit_code = Some(super::exceptions::exit_status(&self.exc_args()));
        }
        e.user = Some(Arc::new(UserExc {
            class_name: Arc::from(self.class.name.as_str()),
            instance: self.this(),
        }));
        Some(e)
    }

    fn no_attr(&self, name: &str) -> Exc {
        Exc::attr_error(format!(
            "'{}' object has no attribute '{name}'",
            self.class.name
        ))
    }
}

impl Object for Instance {
    fn type_name(&self) -> &str {
        &self.class.name
    }
    fn repr(&self) -> String {
        match self.text_dunder("__repr__") {
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                note_repr_error(e);
                self.default_repr()
            }
            None => self.default_repr(),
        }
    }
    fn str(&self) -> String {
        let found = self
            .text_dunder("__str__")
            .or_else(|| self.text_dunder("__repr__"));
        match found {
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                note_repr_error(e);
                self.default_str()
            }
            None => self.default_str(),
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
    fn get_attr(&self, this: &Arc<dyn Object>, name: &str) -> PyResult {
        if let Some(v) = self.attrs.read().get(name) {
            return Ok(v.clone());
        }
        let me = Value::Object(this.clone());
        if let Some(v) = self.class.lookup(name) {
            return resolve_attr(v, Some(&me), &self.class);
        }
        match name {
            "__class__" => Ok(self.class.value()),
            "__dict__" => {
                let mut m = IndexMap::new();
                for (k, v) in self.attrs.read().iter() {
                    m.insert(super::value::Key::new(Value::str(k))?, v.clone());
                }
                Ok(Value::dict(m))
            }
            "args" if self.class.exc_kind().is_some() => Ok(Value::tuple(self.exc_args().to_vec())),
            _ => Err(self.no_attr(name)),
        }
    }
    fn set_attr(&self, this: &Arc<dyn Object>, name: &str, value: Value) -> Option<PyResult<()>> {
        if let Some(found) = self.class.lookup(name) {
            if let Some(p) = found.downcast::<Property>() {
                return Some(match &p.fset {
                    Some(f) => call_value(f, vec![Value::Object(this.clone()), value], Vec::new())
                        .map(|_| ()),
                    None => Err(Exc::attr_error(format!(
                        "property '{name}' of '{}' object has no setter",
                        self.class.name
                    ))),
                });
            }
        }
        if name == "args" && self.class.exc_kind().is_some() {
            let items = match super::ops::iterate(&value) {
                Ok(items) => items,
                Err(e) => return Some(Err(e)),
            };
            self.set_exc_args(items);
            return Some(Ok(()));
        }
        self.attrs.write().insert(name.to_string(), value);
        Some(Ok(()))
    }
    fn attr_names(&self) -> Vec<&'static str> {
        Vec::new()
    }
    fn call(&self, this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let me = Value::Object(this.clone());
        match self.class.lookup("__call__") {
            Some(f) => {
                let m = resolve_attr(f, Some(&me), &self.class)?;
                call_value(&m, args, kwargs)
            }
            None => Err(Exc::type_error(format!(
                "'{}' object is not callable",
                self.class.name
            ))),
        }
    }
    fn binary_op(
        &self,
        this: &Arc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult> {
        let (plain, rev) = binary_names(op);
        let name = if reflected { rev } else { plain };
        let r = self.dunder(&Value::Object(this.clone()), name, vec![other.clone()])?;
        match r {
            Ok(v) if is_not_implemented(&v) => None,
            r => Some(r),
        }
    }
    fn compare_op(&self, this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        let me = Value::Object(this.clone());
        let r = match self.dunder(&me, compare_name(op)?, vec![other.clone()]) {
            Some(r) => r,
            // `!=` is the negation of `__eq__` when only that is defined.
            None if op == CmpOp::NotEq => {
                let r = self.dunder(&me, "__eq__", vec![other.clone()])?;
                r.map(|v| {
                    if is_not_implemented(&v) {
                        v
                    } else {
                        Value::Bool(!v.truthy())
                    }
                })
            }
            None => return None,
        };
        match r {
            Ok(v) if is_not_implemented(&v) => None,
            r => Some(r),
        }
    }
    fn neg(&self, this: &Arc<dyn Object>) -> Option<PyResult> {
        self.dunder(&Value::Object(this.clone()), "__neg__", Vec::new())
    }
    fn invert(&self, this: &Arc<dyn Object>) -> Option<PyResult> {
        self.dunder(&Value::Object(this.clone()), "__invert__", Vec::new())
    }
    fn subscript(&self, this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        self.dunder(
            &Value::Object(this.clone()),
            "__getitem__",
            vec![index.clone()],
        )
    }
    fn set_item(
        &self,
        this: &Arc<dyn Object>,
        index: &Value,
        value: Value,
    ) -> Option<PyResult<()>> {
        self.dunder(
            &Value::Object(this.clone()),
            "__setitem__",
            vec![index.clone(), value],
        )
        .map(|r| r.map(|_| ()))
    }
    fn contains(&self, this: &Arc<dyn Object>, item: &Value) -> Option<PyResult<bool>> {
        self.dunder(
            &Value::Object(this.clone()),
            "__contains__",
            vec![item.clone()],
        )
        .map(|r| r.map(|v| v.truthy()))
    }
    fn iterate(&self, this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        if self.class.lookup("__iter__").is_some() {
            // `__iter__` must return an iterator, and the subset has none
            // (no `iter()`, no generators).
            return Some(Err(not_supported(
                "iterating an instance through '__iter__' is",
            )));
        }
        // Python's old protocol: `__getitem__(0)`, `(1)`, ... until IndexError.
        self.class.lookup("__getitem__")?;
        let me = Value::Object(this.clone());
        let mut out = Vec::new();
        loop {
            if let Err(e) = super::limits::check_items(out.len() + 1, "list") {
                return Some(Err(e));
            }
            match self.dunder(&me, "__getitem__", vec![Value::Int(out.len() as i64)])? {
                Ok(v) => out.push(v),
                Err(e) if e.kind == ExcKind::IndexError => return Some(Ok(out)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
    fn hash(&self, this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        match self.class.lookup("__hash__") {
            None => Some(Ok((self.address() >> 4) as i64)),
            Some(Value::None) => Some(Err(Exc::type_error(format!(
                "unhashable type: '{}'",
                self.class.name
            )))),
            Some(_) => {
                let r = self.dunder(&Value::Object(this.clone()), "__hash__", Vec::new())?;
                Some(r.and_then(|v| match v {
                    // CPython keeps a hash that fits in a machine word as it is.
                    Value::Int(-1) => Ok(-2),
                    Value::Int(i) => Ok(i),
                    Value::Bool(b) => Ok(i64::from(b)),
                    Value::BigInt(_) => super::hash::py_hash(&v),
                    _ => Err(Exc::type_error("__hash__ method should return an integer")),
                }))
            }
        }
    }
    fn py_len(&self, this: &Arc<dyn Object>) -> Option<PyResult<usize>> {
        let r = self.dunder(&Value::Object(this.clone()), "__len__", Vec::new())?;
        Some(r.and_then(|v| match v {
            Value::Int(i) if i >= 0 => Ok(i as usize),
            Value::Int(_) => Err(Exc::value_error("__len__() should return >= 0")),
            Value::Bool(b) => Ok(usize::from(b)),
            other => Err(Exc::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            ))),
        }))
    }
    fn py_bool(&self, this: &Arc<dyn Object>) -> Option<PyResult<bool>> {
        let me = Value::Object(this.clone());
        if let Some(r) = self.dunder(&me, "__bool__", Vec::new()) {
            return Some(r.and_then(|v| match v {
                Value::Bool(b) => Ok(b),
                other => Err(Exc::type_error(format!(
                    "__bool__ should return bool, returned {}",
                    other.type_name()
                ))),
            }));
        }
        self.py_len(this).map(|r| r.map(|n| n > 0))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The names an instance has (its own attributes, then its class's), for "did you mean".
pub fn instance_attr_names(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(i) = v.downcast::<Instance>() {
        out.extend(i.attrs.read().keys().cloned());
        i.class.attr_names(&mut out);
    }
    out
}

// ---- super() ----------------------------------------------------------------------

/// `super()` inside a method of `class`: attribute lookups start at its base.
pub struct Super {
    class: Arc<Class>,
    this: Value,
}

/// `super()` (the compiler passes the method's class and first argument)
/// or `super(Class, obj)`.
pub fn make_super(class: &Value, this: Value) -> PyResult {
    let Value::Object(o) = class else {
        return Err(Exc::type_error("super() argument 1 must be a type"));
    };
    let any: Arc<dyn Any + Send + Sync> = o.clone();
    match any.downcast::<Class>() {
        Ok(class) => Ok(Value::object(Super { class, this })),
        Err(_) => Err(not_supported(
            "super() outside a method of a class defined with 'class' is",
        )),
    }
}

impl Super {
    fn lookup(&self, name: &str) -> PyResult {
        let inst = self.this.downcast::<Instance>();
        match &self.class.base {
            Some(Base::Class(b)) => {
                if let Some(v) = b.lookup(name) {
                    return resolve_attr(v, Some(&self.this), b);
                }
                // On past the program's classes to the builtin root.
                let root = Super {
                    class: root_class(b),
                    this: self.this.clone(),
                };
                root.builtin(name, inst)
            }
            _ => self.builtin(name, inst),
        }
    }

    /// The methods of `object` (and `BaseException`) a program calls through `super()`.
    fn builtin(&self, name: &str, inst: Option<&Instance>) -> PyResult {
        let this = self.this.clone();
        let is_exc = self.class.exc_kind().is_some();
        let f = match name {
            "__init__" => super::native::NativeFn::value("__init__", 0, move |args| {
                if let Some(i) = this.downcast::<Instance>() {
                    if i.class.exc_kind().is_some() {
                        i.set_exc_args(args.to_vec());
                        return Ok(Value::None);
                    }
                }
                if !args.is_empty() {
                    return Err(Exc::type_error(
                        "object.__init__() takes exactly one argument (the instance to initialize)",
                    ));
                }
                Ok(Value::None)
            }),
            "__repr__" | "__str__" => {
                let text = match inst {
                    Some(i) if name == "__repr__" => i.default_repr(),
                    Some(i) => i.default_str(),
                    None => this.repr(),
                };
                super::native::NativeFn::value(name, 0, move |_| Ok(Value::str(&text)))
            }
            "__eq__" => super::native::NativeFn::value("__eq__", 1, move |args| {
                Ok(match args.first() {
                    Some(o) if super::ops::is_same(&this, o) => Value::Bool(true),
                    _ => not_implemented(),
                })
            }),
            "__hash__" => {
                let h = inst.map_or(0, |i| (i.address() >> 4) as i64);
                super::native::NativeFn::value("__hash__", 0, move |_| Ok(Value::Int(h)))
            }
            "args" if is_exc => {
                return Ok(inst.map_or(Value::tuple(Vec::new()), |i| {
                    Value::tuple(i.exc_args().to_vec())
                }))
            }
            _ => {
                return Err(Exc::attr_error(format!(
                    "'super' object has no attribute '{name}'"
                )))
            }
        };
        Ok(f)
    }
}

/// The first program class of a chain of bases (the one whose base is builtin).
fn root_class(c: &Arc<Class>) -> Arc<Class> {
    match &c.base {
        Some(Base::Class(b)) => root_class(b),
        _ => c.clone(),
    }
}

impl Object for Super {
    fn type_name(&self) -> &str {
        "super"
    }
    fn repr(&self) -> String {
        format!(
            "<super: <class '{}'>, <{} object>>",
            self.class.name,
            self.this.type_name()
        )
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let f = self.lookup(name)?;
        call_value(&f, args, kwargs)
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        self.lookup(name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A cell for the class a `class` statement is creating: its methods
/// capture it (as Python's `__class__` cell) so that `super()` finds the
/// class once the statement has made it.
#[derive(Default)]
pub struct ClassCell(RwLock<Option<Value>>);

impl ClassCell {
    pub fn set(&self, class: Value) {
        *self.0.write() = Some(class);
    }
    pub fn get(&self) -> Option<Value> {
        self.0.read().clone()
    }
}

impl Object for ClassCell {
    fn type_name(&self) -> &str {
        "cell"
    }
    fn repr(&self) -> String {
        format!("<cell at {}>", super::repr::FAKE_ADDRESS)
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        Err(Exc::attr_error(format!(
            "'cell' object has no attribute '{name}'"
        )))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
