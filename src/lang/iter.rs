//! Iterators: generators (from `def` functions with `yield` and from
//! generator expressions) and what `iter()` returns.
//!
//! Values in streamlab are built eagerly, so a generator is too: its body
//! runs to completion the first time it is iterated or `next()` is called,
//! and the items it yielded are then handed out one by one. A generator that
//! never ends (`while True: yield n`) stops with a MemoryError at the size
//! limit of one value (`lang::limits`) instead of running forever. Like
//! Python's, an iterator is used up by going through it once.

use std::any::Any;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;

use parking_lot::Mutex;

use super::repr::FAKE_ADDRESS;
use super::value::{Exc, ExcKind, Kwargs, Object, PyResult, Value};

type Body = Box<dyn FnOnce() -> PyResult<Vec<Value>> + Send>;

enum State {
    /// Not started: the body that will produce the items.
    Pending(Body),
    Ready(VecDeque<Value>),
    /// The body is running (a generator iterating itself).
    Running,
}

/// A Python iterator object: `generator`, `list_iterator`, ...
pub struct PyIter {
    /// Python's type name (`generator`, `list_iterator`).
    type_name: &'static str,
    /// The function's name, for a generator's repr.
    name: Option<String>,
    state: Mutex<State>,
}

impl PyIter {
    /// A generator whose items `body` computes when first needed.
    pub fn generator(name: &str, body: Body) -> Value {
        Value::object(PyIter {
            type_name: "generator",
            name: Some(name.to_string()),
            state: Mutex::new(State::Pending(body)),
        })
    }

    /// An iterator over items already computed (`iter(list)`).
    pub fn over(type_name: &'static str, items: Vec<Value>) -> Value {
        Value::object(PyIter {
            type_name,
            name: None,
            state: Mutex::new(State::Ready(items.into())),
        })
    }

    /// Run the body if it has not run yet.
    fn start(&self) -> PyResult<()> {
        let body = {
            let mut st = self.state.lock();
            match std::mem::replace(&mut *st, State::Running) {
                State::Pending(b) => b,
                State::Running => {
                    return Err(Exc::new(ExcKind::ValueError, "generator already executing"))
                }
                ready => {
                    *st = ready;
                    return Ok(());
                }
            }
        };
        let result = body();
        let mut st = self.state.lock();
        match result {
            Ok(items) => {
                *st = State::Ready(items.into());
                Ok(())
            }
            Err(e) => {
                // A generator that raised is finished.
                *st = State::Ready(VecDeque::new());
                Err(e)
            }
        }
    }

    /// `next(it)`: the next item, None when exhausted.
    pub fn next(&self) -> PyResult<Option<Value>> {
        self.start()?;
        match &mut *self.state.lock() {
            State::Ready(items) => Ok(items.pop_front()),
            _ => Ok(None),
        }
    }

    /// Every remaining item (the iterator is used up).
    pub fn drain(&self) -> PyResult<Vec<Value>> {
        self.start()?;
        match &mut *self.state.lock() {
            State::Ready(items) => Ok(std::mem::take(items).into()),
            _ => Ok(Vec::new()),
        }
    }
}

impl Object for PyIter {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn repr(&self) -> String {
        match &self.name {
            Some(n) => format!("<{} object {n} at {FAKE_ADDRESS}>", self.type_name),
            None => format!("<{} object at {FAKE_ADDRESS}>", self.type_name),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let _ = (this, args, kwargs);
        Err(Exc::attr_error(format!(
            "'{}' object has no attribute '{name}'",
            self.type_name
        )))
    }
    fn iterate(&self, this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        let _ = this;
        Some(self.drain())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

thread_local! {
    /// The items yielded so far by each generator body running on this
    /// thread, innermost last.
    static YIELDED: RefCell<Vec<Vec<Value>>> = const { RefCell::new(Vec::new()) };
}

/// Run a generator's body, collecting what it yields.
pub fn collect_yields(run: impl FnOnce() -> PyResult) -> PyResult<Vec<Value>> {
    YIELDED.with(|y| y.borrow_mut().push(Vec::new()));
    let result = run();
    let items = YIELDED.with(|y| y.borrow_mut().pop()).unwrap_or_default();
    result.map(|_| items)
}

/// `yield value` inside a running generator body.
pub fn yield_value(v: Value) -> PyResult<()> {
    YIELDED.with(|y| {
        let mut stack = y.borrow_mut();
        let Some(top) = stack.last_mut() else {
            return Err(Exc::new(
                ExcKind::RuntimeError,
                "'yield' outside a running generator",
            ));
        };
        if top.len() >= super::limits::MAX_GENERATOR_ITEMS {
            return Err(Exc::new(
                ExcKind::MemoryError,
                format!(
                    "a generator yielded more than {} items; streamlab runs a generator to its end the first time it is used, so it must stop by itself",
                    super::limits::MAX_GENERATOR_ITEMS
                ),
            ));
        }
        top.push(v);
        Ok(())
    })
}
