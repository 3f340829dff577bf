//! `functools`: `reduce`, `partial`, and `lru_cache`/`cache` (decorators
//! that return the function unchanged: results are the same, only slower).

use std::any::Any;
use std::sync::Arc;

use indexmap::IndexMap;

use super::Attrs;
use crate::lang::compile::call_value;
use crate::lang::native::SigFn;
use crate::lang::ops;
use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};

pub const NAMES: &[&str] = &["reduce", "partial", "lru_cache", "cache", "wraps"];

pub fn make() -> Attrs {
    IndexMap::from([
        (
            "reduce",
            SigFn::value("reduce", "(function, iterable, /, *initial)", |b| {
                let f = b.get("function");
                let mut items = ops::iterate(&b.get("iterable"))?.into_iter();
                let mut acc = match b.rest() {
                    [] => items.next().ok_or_else(|| {
                        Exc::type_error("reduce() of empty iterable with no initial value")
                    })?,
                    [init] => init.clone(),
                    more => {
                        return Err(Exc::type_error(format!(
                            "reduce expected at most 3 arguments, got {}",
                            more.len() + 2
                        )))
                    }
                };
                for x in items {
                    acc = call_value(&f, vec![acc, x], Vec::new())?;
                }
                Ok(acc)
            }),
        ),
        (
            "partial",
            SigFn::value("partial", "(func, /, *args, **keywords)", |b| {
                let func = b.get("func");
                if !crate::lang::classes::callable(&func) {
                    return Err(Exc::type_error("the first argument must be callable"));
                }
                Ok(Value::object(Partial {
                    func,
                    args: b.rest().to_vec(),
                    kwargs: b.kwargs().clone(),
                }))
            }),
        ),
        (
            "lru_cache",
            SigFn::value("lru_cache", "(maxsize=128, typed=False)", |b| {
                // `@lru_cache` (the function itself) or `@lru_cache(maxsize=...)`.
                let m = b.get("maxsize");
                if crate::lang::classes::callable(&m) {
                    return Ok(m);
                }
                Ok(SigFn::value(
                    "decorating_function",
                    "(user_function, /)",
                    |b| Ok(b.get("user_function")),
                ))
            }),
        ),
        (
            "cache",
            SigFn::value(
                "cache",
                "(user_function, /)",
                |b| Ok(b.get("user_function")),
            ),
        ),
        (
            "wraps",
            SigFn::value("wraps", "(wrapped, assigned=None, updated=None)", |_| {
                Ok(SigFn::value("update_wrapper", "(wrapper, /)", |b| {
                    Ok(b.get("wrapper"))
                }))
            }),
        ),
    ])
}

/// `functools.partial(func, *args, **kwargs)`.
pub struct Partial {
    func: Value,
    args: Vec<Value>,
    kwargs: Kwargs,
}

impl Object for Partial {
    fn type_name(&self) -> &str {
        "functools.partial"
    }
    fn repr(&self) -> String {
        let mut parts = vec![self.func.repr()];
        parts.extend(self.args.iter().map(|a| a.repr()));
        parts.extend(self.kwargs.iter().map(|(k, v)| format!("{k}={}", v.repr())));
        format!("functools.partial({})", parts.join(", "))
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let mut all = self.args.clone();
        all.extend(args);
        let mut kw = self.kwargs.clone();
        for (k, v) in kwargs {
            match kw.iter_mut().find(|(n, _)| *n == k) {
                Some(slot) => slot.1 = v,
                None => kw.push((k, v)),
            }
        }
        call_value(&self.func, all, kw)
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "func" => Ok(self.func.clone()),
            "args" => Ok(Value::tuple(self.args.clone())),
            _ => Err(crate::lang::diag::no_attribute(
                "functools.partial",
                name,
                ["func", "args"].into_iter(),
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
        let f = self.get_attr(this, name)?;
        call_value(&f, args, kwargs)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
