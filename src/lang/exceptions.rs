//! Python's exception classes as values a program can name, raise and catch.
//!
//! Each builtin exception name (`ValueError`, `KeyError`, ...) is an
//! [`ExcClass`] object: calling it makes an [`ExcInstance`] (`str()` is the
//! message, `repr()` is `ValueError('msg')`, `.args` the arguments), and
//! `raise` turns a class or an instance into an [`Exc`]. Going the other
//! way, `except E as e` binds [`instance_of`] the `Exc` that was caught.
//! Classes follow [`ExcKind`]'s hierarchy, so `except LookupError` catches a
//! `KeyError`, and `except Exception` lets `SystemExit` through.

use std::any::Any;
use std::sync::Arc;

use super::classes::{Class, Instance};
use super::value::{Exc, ExcArgs, ExcKind, Kwargs, Object, PyResult, Value};

/// Every exception name a program can use, with its class. `IOError` and
/// `EnvironmentError` are aliases of `OSError`, as in Python 3.
const CLASSES: &[(&str, ExcKind)] = &[
    ("ArithmeticError", ExcKind::ArithmeticError),
    ("AssertionError", ExcKind::AssertionError),
    ("AttributeError", ExcKind::AttributeError),
    ("BaseException", ExcKind::BaseException),
    ("EnvironmentError", ExcKind::OSError),
    ("Exception", ExcKind::Exception),
    ("FileExistsError", ExcKind::FileExistsError),
    ("FileNotFoundError", ExcKind::FileNotFoundError),
    ("IOError", ExcKind::OSError),
    ("ImportError", ExcKind::ImportError),
    ("IndexError", ExcKind::IndexError),
    ("IsADirectoryError", ExcKind::IsADirectoryError),
    ("KeyError", ExcKind::KeyError),
    ("KeyboardInterrupt", ExcKind::KeyboardInterrupt),
    ("LookupError", ExcKind::LookupError),
    ("MemoryError", ExcKind::MemoryError),
    ("ModuleNotFoundError", ExcKind::ModuleNotFoundError),
    ("NameError", ExcKind::NameError),
    ("NotADirectoryError", ExcKind::NotADirectoryError),
    ("NotImplementedError", ExcKind::NotImplementedError),
    ("OSError", ExcKind::OSError),
    ("OverflowError", ExcKind::OverflowError),
    ("PermissionError", ExcKind::PermissionError),
    ("RecursionError", ExcKind::RecursionError),
    ("RuntimeError", ExcKind::RuntimeError),
    ("StopIteration", ExcKind::StopIteration),
    ("SyntaxError", ExcKind::SyntaxError),
    ("SystemExit", ExcKind::SystemExit),
    ("TypeError", ExcKind::TypeError),
    ("ValueError", ExcKind::ValueError),
    ("ZeroDivisionError", ExcKind::ZeroDivisionError),
];

/// One class object per exception class, so that `type(e) is ValueError`
/// and `IOError is OSError` hold.
static CLASS_VALUES: std::sync::LazyLock<Vec<(ExcKind, Value)>> = std::sync::LazyLock::new(|| {
    let mut out: Vec<(ExcKind, Value)> = Vec::new();
    for &(_, kind) in CLASSES {
        if !out.iter().any(|(k, _)| *k == kind) {
            out.push((kind, Value::object(ExcClass(kind))));
        }
    }
    out
});

/// The exception class called `name`, if it is one.
pub fn class(name: &str) -> Option<Value> {
    let kind = CLASSES.iter().find(|(n, _)| *n == name)?.1;
    Some(class_of(kind))
}

/// The class object of an exception kind.
pub fn class_of(kind: ExcKind) -> Value {
    CLASS_VALUES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| Value::object(ExcClass(kind)))
}

/// Every exception class name, sorted, for completion and "did you mean".
pub fn names() -> impl Iterator<Item = &'static str> {
    CLASSES.iter().map(|(n, _)| *n)
}

/// An exception class: `ValueError`. Calling it makes an instance.
pub struct ExcClass(pub ExcKind);

impl Object for ExcClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        format!("<class '{}'>", self.0.qualified_name())
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        Err(Exc::attr_error(format!(
            "type object '{}' has no attribute '{name}'",
            self.0.name()
        )))
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "__name__" => Ok(Value::str(self.0.name())),
            _ => Err(Exc::attr_error(format!(
                "type object '{}' has no attribute '{name}'",
                self.0.name()
            ))),
        }
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        if !kwargs.is_empty() {
            return Err(Exc::type_error(format!(
                "{}() takes no keyword arguments",
                self.0.name()
            )));
        }
        Ok(Value::object(ExcInstance::new(self.0, args)))
    }
    // Each use of a name makes a new class object, so `type(e) == ValueError`
    // compares the classes themselves.
    fn compare_op(
        &self,
        _this: &Arc<dyn Object>,
        op: super::ast::CmpOp,
        other: &Value,
    ) -> Option<PyResult> {
        let same = other.downcast::<ExcClass>().is_some_and(|o| o.0 == self.0);
        match op {
            super::ast::CmpOp::Eq => Some(Ok(Value::Bool(same))),
            super::ast::CmpOp::NotEq => Some(Ok(Value::Bool(!same))),
            _ => None,
        }
    }
    fn hash(&self, _this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        Some(super::hash::py_hash(&Value::str(self.0.name())))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An exception object: what `ValueError("bad")` returns and what
/// `except ValueError as e` binds.
pub struct ExcInstance {
    pub kind: ExcKind,
    pub args: Arc<Vec<Value>>,
    /// `str(e)`: Python's rule for program-made exceptions, or the message
    /// of an exception streamlab raised.
    text: String,
    /// Carried over from a caught `SystemExit`, so re-raising it exits the same way.
    exit_code: Option<i32>,
}

impl ExcInstance {
    pub fn new(kind: ExcKind, args: Vec<Value>) -> Self {
        // BaseException.__str__: '' for no argument, str() of one (repr() for
        // KeyError, whose message is the missing key), str() of the tuple otherwise.
        let text = match args.as_slice() {
            [] => String::new(),
            [one] if kind == ExcKind::KeyError => one.repr(),
            [one] => one.to_str(),
            many => Value::tuple(many.to_vec()).to_str(),
        };
        ExcInstance {
            kind,
            args: Arc::new(args),
            text,
            exit_code: None,
        }
    }

    /// The exception to raise for this instance.
    pub fn to_exc(&self) -> Exc {
        let mut e = Exc::new(self.kind, self.text.clone());
        e.args = Some(ExcArgs(self.args.clone()));
        if self.kind.is_a(ExcKind::SystemExit) {
            e.exit_code = Some(self.exit_code.unwrap_or_else(|| exit_status(&self.args)));
        }
        e
    }
}

/// The exit status `SystemExit(args...)` asks for, as `sys.exit` computes it.
pub fn exit_status(args: &[Value]) -> i32 {
    match args {
        [] | [Value::None] => 0,
        [Value::Int(i)] => (*i & 0xFF) as i32,
        [Value::Bool(b)] => i32::from(*b),
        _ => 1,
    }
}

impl Object for ExcInstance {
    fn type_name(&self) -> &str {
        self.kind.name()
    }
    fn repr(&self) -> String {
        let args: Vec<String> = self.args.iter().map(Value::repr).collect();
        format!("{}({})", self.kind.name(), args.join(", "))
    }
    fn str(&self) -> String {
        self.text.clone()
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        Err(Exc::attr_error(format!(
            "'{}' object has no attribute '{name}'",
            self.kind.name()
        )))
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "args" => Ok(Value::tuple(self.args.to_vec())),
            "code" if self.kind == ExcKind::SystemExit => Ok(match self.args.as_slice() {
                [] => Value::None,
                [one] => one.clone(),
                many => Value::tuple(many.to_vec()),
            }),
            _ => Err(Exc::attr_error(format!(
                "'{}' object has no attribute '{name}'",
                self.kind.name()
            ))),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["args"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The instance `except ... as e` binds for a caught exception.
pub fn instance_of(exc: &Exc) -> Value {
    if let Some(u) = &exc.user {
        return u.instance.clone();
    }
    let args = match &exc.args {
        Some(a) => a.0.clone(),
        None if exc.msg.is_empty() => Arc::new(Vec::new()),
        None => Arc::new(vec![Value::str(&exc.msg)]),
    };
    Value::object(ExcInstance {
        kind: exc.kind,
        args,
        text: exc.msg.clone(),
        exit_code: exc.exit_code,
    })
}

/// The exception `raise value` raises: a class is instantiated without
/// arguments, an instance is raised as it is.
pub fn to_raise(value: &Value) -> Exc {
    if let Some(c) = value.downcast::<ExcClass>() {
        return ExcInstance::new(c.0, Vec::new()).to_exc();
    }
    if let Some(i) = value.downcast::<ExcInstance>() {
        return i.to_exc();
    }
    // A program's exception class (`raise MyError` makes an instance first).
    let instance = match value.downcast::<Class>() {
        Some(c) if c.exc_kind().is_some() => {
            match super::compile::call_value(value, Vec::new(), Vec::new()) {
                Ok(v) => v,
                Err(e) => return e,
            }
        }
        _ => value.clone(),
    };
    if let Some(e) = instance.downcast::<Instance>().and_then(Instance::to_exc) {
        return e;
    }
    Exc::type_error("exceptions must derive from BaseException")
}

/// Whether `except typ` catches `exc`: `typ` is a class or a tuple of classes.
pub fn matches(exc: &Exc, typ: &Value) -> PyResult<bool> {
    if let Some(c) = typ.downcast::<ExcClass>() {
        return Ok(exc.kind.is_a(c.0));
    }
    if let Some(c) = typ.downcast::<Class>() {
        if c.exc_kind().is_some() {
            return Ok(exc
                .user
                .as_ref()
                .and_then(|u| u.instance.downcast::<Instance>())
                .is_some_and(|i| i.class.is_subclass_of(c)));
        }
    }
    if let Value::Tuple(items) = typ {
        for t in items.iter() {
            if matches(exc, t)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    Err(Exc::type_error(
        "catching classes that do not inherit from BaseException is not allowed",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: Vec<Value>) -> Value {
        let Some(Value::Object(c)) = class(name) else {
            panic!("{name}")
        };
        c.call(&c, args, Vec::new()).expect("instance")
    }

    #[test]
    fn instances_print_as_python_prints_them() {
        let e = call("ValueError", vec![Value::str("bad")]);
        assert_eq!(e.repr(), "ValueError('bad')");
        assert_eq!(e.to_str(), "bad");
        let e = call("ValueError", vec![]);
        assert_eq!(e.repr(), "ValueError()");
        assert_eq!(e.to_str(), "");
        let e = call("KeyError", vec![Value::str("k")]);
        assert_eq!(e.to_str(), "'k'");
        let e = call("RuntimeError", vec![Value::str("a"), Value::Int(1)]);
        assert_eq!(e.repr(), "RuntimeError('a', 1)");
        assert_eq!(e.to_str(), "('a', 1)");
        assert_eq!(
            class("IOError").map(|c| c.repr()).as_deref(),
            Some("<class 'OSError'>")
        );
    }

    #[test]
    fn raising_and_matching_follow_the_hierarchy() {
        let exc = to_raise(&call("KeyError", vec![Value::str("k")]));
        assert_eq!(exc.to_string(), "KeyError: 'k'");
        let lookup = class("LookupError").expect("class");
        let exception = class("Exception").expect("class");
        assert!(matches(&exc, &lookup).expect("class"));
        assert!(matches(&exc, &Value::tuple(vec![Value::None, exception.clone()])).is_err());
        let exit = to_raise(&class("SystemExit").expect("class"));
        assert_eq!(exit.exit_code, Some(0));
        assert!(!matches(&exit, &exception).expect("class"));
        assert!(to_raise(&Value::Int(1))
            .msg
            .contains("must derive from BaseException"));
    }
}
