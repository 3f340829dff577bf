//! Functions written in Rust that the session hands to the engine where
//! PySpark passes its own helpers (`operator.add` for `countByWindow`,
//! `lambda x: (x, 1)` for `countByValueAndWindow`, ...).

use crate::lang::value::{Callable, Kwargs, PyResult, Value};

type NativeBody = dyn Fn(&[Value]) -> PyResult + Send + Sync;

pub struct NativeFn {
    name: String,
    argc: usize,
    body: Box<NativeBody>,
}

impl NativeFn {
    pub fn new(
        name: &str,
        argc: usize,
        body: impl Fn(&[Value]) -> PyResult + Send + Sync + 'static,
    ) -> NativeFn {
        NativeFn {
            name: name.to_string(),
            argc,
            body: Box::new(body),
        }
    }

    /// As a callable value.
    pub fn value(
        name: &str,
        argc: usize,
        body: impl Fn(&[Value]) -> PyResult + Send + Sync + 'static,
    ) -> Value {
        Value::Func(std::sync::Arc::new(NativeFn::new(name, argc, body)))
    }
}

impl Callable for NativeFn {
    fn name(&self) -> &str {
        &self.name
    }
    fn call(&self, args: Vec<Value>, _kwargs: Kwargs) -> PyResult {
        (self.body)(&args)
    }
    fn call1(&self, a: Value) -> PyResult {
        (self.body)(std::slice::from_ref(&a))
    }
    fn call2(&self, a: Value, b: Value) -> PyResult {
        (self.body)(&[a, b])
    }
    fn arg_count(&self) -> Option<usize> {
        Some(self.argc)
    }
    fn source(&self) -> Option<&str> {
        Some(&self.name)
    }
}

type BoundBody = dyn Fn(crate::lang::registry::Bound) -> PyResult + Send + Sync;

/// A builtin function with a Python signature: its arguments are bound by
/// [`Signature::bind`](crate::lang::registry::Signature::bind) (the one
/// binder, with Python's errors) and handed over by name.
pub struct SigFn {
    name: &'static str,
    signature: crate::lang::registry::Signature,
    body: Box<BoundBody>,
    shape: Option<crate::lang::shape::Shape>,
}

impl SigFn {
    /// As a callable value: `SigFn::value("sleep", "(secs, /)", |b| ...)`.
    pub fn value(
        name: &'static str,
        signature: &'static str,
        body: impl Fn(crate::lang::registry::Bound) -> PyResult + Send + Sync + 'static,
    ) -> Value {
        SigFn::with_shape(name, signature, None, body)
    }

    /// [`SigFn::value`] for a function the engine may run natively where
    /// `shape` says the result cannot differ (`operator.add`).
    pub fn with_shape(
        name: &'static str,
        signature: &'static str,
        shape: Option<crate::lang::shape::Shape>,
        body: impl Fn(crate::lang::registry::Bound) -> PyResult + Send + Sync + 'static,
    ) -> Value {
        Value::Func(std::sync::Arc::new(SigFn {
            name,
            signature: crate::lang::registry::Signature::parse(signature),
            body: Box::new(body),
            shape,
        }))
    }
}

impl Callable for SigFn {
    fn name(&self) -> &str {
        self.name
    }
    fn call(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        (self.body)(self.signature.bind(self.name, args, kwargs)?)
    }
    fn is_builtin(&self) -> bool {
        true
    }
    fn shape(&self) -> Option<&crate::lang::shape::Shape> {
        self.shape.as_ref()
    }
}
