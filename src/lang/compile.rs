//! Turning the syntax tree into closures, once.
//!
//! Every expression becomes a boxed Rust closure over a [`Frame`] (the local
//! variable slots of the function being run). Names are resolved while
//! compiling: parameters and assigned names of a function get slots, names of
//! enclosing functions are captured by value when the inner function is
//! created, and module-level names are looked up in [`Globals`] when the code
//! runs (late binding, as Python does, so a `def` can call a function defined
//! below it). Records flowing through a pipeline therefore never re-walk the
//! syntax tree: a `lambda w: (w, 1)` is one closure call building a tuple.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use parking_lot::RwLock;

use super::ast::{
    BinOp, BoolOp, ClassDef, CmpOp, Expr, ExprKind, FPart, Handler, Param, ParamKind, Program,
    Span, Stmt, StmtKind, Target, WithItem,
};
use super::diag::did_you_mean;
use super::value::{Callable, Exc, Kwargs, PyResult, Value};
use super::{builtins, classes, exceptions, limits, methods, ops};
use crate::lang::value::ExcKind;

/// The local variable slots of one running function (or of one module-level
/// statement). Small frames live on the stack: most lambdas have one or two slots.
pub type Frame = smallvec::SmallVec<[Value; 4]>;

fn new_frame(n: usize) -> Frame {
    smallvec::smallvec![Value::None; n]
}

type ExprCode = Box<dyn Fn(&mut Frame) -> PyResult + Send + Sync>;
type StmtCode = Box<dyn Fn(&mut Frame) -> PyResult<Flow> + Send + Sync>;
type StoreCode = Box<dyn Fn(&mut Frame, Value) -> PyResult<()> + Send + Sync>;
type DelCode = Box<dyn Fn(&mut Frame) + Send + Sync>;

/// What a statement tells the statement list that runs it.
pub enum Flow {
    Next,
    Return(Value),
    /// `break`: leave the innermost loop (the compiler only allows it inside one).
    Break,
    /// `continue`: go on with the next iteration of the innermost loop.
    Continue,
}

thread_local! {
    /// The exceptions being handled by `except` blocks running on this
    /// thread, innermost last: what a bare `raise` re-raises. Per thread, like
    /// Python's exception state, because batches run functions on rayon's threads.
    static HANDLING: std::cell::RefCell<Vec<Exc>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Pops [`HANDLING`] when an `except` block ends, however it ends.
struct Handling;

impl Handling {
    fn enter(e: Exc) -> Handling {
        HANDLING.with(|h| h.borrow_mut().push(e));
        Handling
    }
}

impl Drop for Handling {
    fn drop(&mut self) {
        HANDLING.with(|h| {
            h.borrow_mut().pop();
        });
    }
}

/// Module-level names: `sc`, `ssc`, the learner's variables and functions.
#[derive(Default)]
pub struct Globals {
    map: RwLock<HashMap<String, Value>>,
}

impl Globals {
    pub fn new() -> Arc<Globals> {
        Arc::new(Globals::default())
    }
    pub fn get(&self, name: &str) -> Option<Value> {
        self.map.read().get(name).cloned()
    }
    pub fn set(&self, name: &str, v: Value) {
        self.map.write().insert(name.to_string(), v);
    }
    pub fn contains(&self, name: &str) -> bool {
        self.map.read().contains_key(name)
    }
    /// Forget a name (`del name`); false when it was not set.
    pub fn remove(&self, name: &str) -> bool {
        self.map.write().remove(name).is_some()
    }
    /// All names, sorted (for completion and suggestions).
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.map.read().keys().cloned().collect();
        v.sort();
        v
    }
}

/// An error found while compiling (before anything runs): an undefined name, a
/// `return` outside a function, a keyword argument given twice.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileError {
    pub span: Span,
    pub kind: ExcKind,
    pub message: String,
}

impl From<CompileError> for Exc {
    fn from(e: CompileError) -> Exc {
        Exc::new(e.kind, e.message).at(e.span)
    }
}

/// A compiled module-level statement, ready to run against the globals.
pub struct TopLevel {
    code: StmtCode,
    nslots: usize,
    /// True for an expression statement (the REPL echoes its value).
    pub is_expr: bool,
    pub span: Span,
}

impl TopLevel {
    /// Run it. For an expression statement, returns the value.
    pub fn run(&self) -> PyResult<Option<Value>> {
        let mut frame = new_frame(self.nslots);
        match limits::grow(|| (self.code)(&mut frame))? {
            Flow::Return(v) => Ok(Some(v)),
            // `break`/`continue` never get out of a loop (checked when compiling).
            Flow::Next | Flow::Break | Flow::Continue => Ok(None),
        }
    }
}

#[derive(Default)]
struct Scope {
    /// name -> slot; module scope holds only comprehension variables here.
    locals: HashMap<String, usize>,
    nslots: usize,
    /// (slot in the enclosing scope, slot here) copied when the function is created.
    captures: Vec<(usize, usize)>,
    is_module: bool,
    /// How many loops enclose the statement being compiled, in this
    /// function: `break` and `continue` need one.
    loops: usize,
    /// Names declared `global` in this function.
    globals: HashSet<String>,
    /// A `class` body: its names are the class's attributes, which the
    /// functions defined in it do not see (Python's rule).
    is_class: bool,
    /// How many parameters the function has (`super()` needs the first).
    nparams: usize,
    /// For a class body, the class's name: its methods are called
    /// `Class.method` in reprs and messages (Python's `__qualname__`).
    class_name: Option<String>,
    /// Names declared `nonlocal` in this function.
    nonlocals: HashSet<String>,
    /// Slots holding a [`Cell`] (a variable an inner function rebinds with
    /// `nonlocal`, or such a variable captured from an enclosing function).
    cells: HashSet<usize>,
    /// Module-level names this function's body (or a function nested in it) reads:
    /// what PySpark pickles with the function.
    global_refs: BTreeSet<String>,
}

impl Scope {
    fn alloc(&mut self, name: &str) -> usize {
        if let Some(&s) = self.locals.get(name) {
            return s;
        }
        let s = self.nslots;
        self.nslots += 1;
        self.locals.insert(name.to_string(), s);
        s
    }
}

/// Compiles statements of one program (or one REPL session) against its globals.
pub struct Compiler {
    globals: Arc<Globals>,
    src: Arc<str>,
    scopes: Vec<Scope>,
    /// Names assigned or defined anywhere at module level of the program being
    /// compiled: a function may use them before they are bound.
    module_names: HashSet<String>,
    importer: Importer,
    /// How many expressions enclose the one being compiled: every
    /// [`limits::GROW_EVERY`]-th level gets a stack check at run time.
    expr_depth: usize,
}

/// Resolves `from MODULE import NAME` (NAME is None for `import MODULE`).
pub type Importer = Arc<dyn Fn(&str, Option<&str>) -> PyResult + Send + Sync>;

enum NameRef {
    Local(usize),
    /// A local slot holding a [`Cell`]: reads and writes go through it.
    Cell(usize),
    Global,
}

impl Compiler {
    pub fn new(globals: Arc<Globals>, src: &str, importer: Importer) -> Self {
        Compiler {
            importer,
            globals,
            src: Arc::from(src),
            scopes: vec![Scope {
                is_module: true,
                ..Scope::default()
            }],
            module_names: HashSet::new(),
            expr_depth: 0,
        }
    }

    /// Compile a whole program; module-level names of the entire program are
    /// known up front, so functions may refer to later definitions.
    pub fn compile_program(&mut self, prog: &Program) -> Result<Vec<TopLevel>, CompileError> {
        for st in &prog.stmts {
            collect_assigned(st, &mut self.module_names);
            self.collect_star_import(st);
        }
        prog.stmts.iter().map(|s| self.compile_top(s)).collect()
    }

    /// `from MODULE import *` binds the names the module offers: known
    /// module-level names, so that they shadow builtins of the same name
    /// (`sum`, `max`, `round` from `pyspark.sql.functions`).
    fn collect_star_import(&mut self, st: &Stmt) {
        if let StmtKind::Import { module, names, .. } = &st.kind {
            if names.len() == 1 && names[0].name == "*" {
                if let Ok(Value::Object(o)) = (self.importer)(module, None) {
                    self.module_names
                        .extend(o.attr_names().into_iter().map(str::to_string));
                }
            }
        }
    }

    /// Compile one module-level statement.
    pub fn compile_top(&mut self, st: &Stmt) -> Result<TopLevel, CompileError> {
        collect_assigned(st, &mut self.module_names);
        self.collect_star_import(st);
        let is_expr = matches!(st.kind, StmtKind::Expr(_));
        let code = if let StmtKind::Expr(e) = &st.kind {
            let c = self.expr(e)?;
            Box::new(move |f: &mut Frame| Ok(Flow::Return(c(f)?))) as StmtCode
        } else {
            self.stmt(st)?
        };
        Ok(TopLevel {
            code,
            nslots: self.scopes[0].nslots,
            is_expr,
            span: st.span,
        })
    }

    fn text(&self, span: Span) -> String {
        self.src.get(span.start..span.end).unwrap_or("").to_string()
    }

    fn in_function(&self) -> bool {
        self.scopes.len() > 1 && self.scopes.last().is_some_and(|s| !s.is_class)
    }

    fn resolve(&mut self, name: &str) -> NameRef {
        let idx = self.scopes.len() - 1;
        match self.resolve_in(idx, name, false) {
            Some(s) if self.scopes[idx].cells.contains(&s) => NameRef::Cell(s),
            Some(s) => NameRef::Local(s),
            None => NameRef::Global,
        }
    }

    /// The slot of `name` in scope `idx`, capturing it from enclosing
    /// scopes as needed. `from_inner` is set when a nested scope asks: a
    /// class body's own names are then hidden (methods do not see class
    /// attributes as variables), except its `__class__` cell, but what the
    /// class body captured from further out is passed on under a name of
    /// its own.
    fn resolve_in(&mut self, idx: usize, name: &str, from_inner: bool) -> Option<usize> {
        if self.scopes[idx].globals.contains(name) {
            return None;
        }
        let hidden = from_inner && self.scopes[idx].is_class && name != "__class__";
        let key = if hidden {
            format!("\u{0}{name}")
        } else {
            name.to_string()
        };
        if let Some(&s) = self.scopes[idx].locals.get(&key) {
            return Some(s);
        }
        if idx == 0 {
            return None;
        }
        let outer = self.resolve_in(idx - 1, name, true)?;
        let outer_is_cell = self.scopes[idx - 1].cells.contains(&outer);
        let scope = &mut self.scopes[idx];
        let inner = scope.alloc(&key);
        scope.captures.push((outer, inner));
        if outer_is_cell {
            // The captured value is the cell itself: both functions see one variable.
            scope.cells.insert(inner);
        }
        Some(inner)
    }

    fn known_name(&self, name: &str) -> bool {
        self.module_names.contains(name)
            || self.globals.contains(name)
            || builtins::lookup(name).is_some()
    }

    fn undefined(&self, name: &str, span: Span) -> CompileError {
        let mut candidates: Vec<String> = self.module_names.iter().cloned().collect();
        candidates.extend(self.globals.names());
        candidates.extend(builtins::names().iter().map(|s| s.to_string()));
        candidates.extend(exceptions::names().map(str::to_string));
        for sc in &self.scopes {
            candidates.extend(sc.locals.keys().cloned());
        }
        let mut message = format!("name '{name}' is not defined");
        if let Some(m) = builtins::missing_builtin(name) {
            message = m;
        } else if let Some(s) = did_you_mean(name, candidates.iter().map(|s| s.as_str())) {
            message.push_str(&format!(". Did you mean: '{s}'?"));
        }
        CompileError {
            span,
            kind: ExcKind::NameError,
            message,
        }
    }

    // ---- statements -------------------------------------------------------

    fn block(&mut self, stmts: &[Stmt]) -> Result<StmtCode, CompileError> {
        let codes: Vec<StmtCode> = stmts
            .iter()
            .map(|s| self.stmt(s))
            .collect::<Result<_, _>>()?;
        Ok(Box::new(move |f| {
            for c in &codes {
                match c(f)? {
                    Flow::Next => {}
                    other => return Ok(other),
                }
            }
            Ok(Flow::Next)
        }))
    }

    fn stmt(&mut self, st: &Stmt) -> Result<StmtCode, CompileError> {
        limits::grow(|| self.stmt_here(st))
    }

    fn stmt_here(&mut self, st: &Stmt) -> Result<StmtCode, CompileError> {
        match &st.kind {
            StmtKind::Pass => Ok(Box::new(|_| Ok(Flow::Next))),
            StmtKind::Import {
                module,
                names,
                alias,
            } => {
                let importer = self.importer.clone();
                let module = module.clone();
                let span = st.span;
                // Each binding: (name bound here, name in the module or None for the module itself).
                let mut binds: Vec<(Target, Option<String>, Span)> = Vec::new();
                if names.is_empty() {
                    let bound = alias
                        .clone()
                        .unwrap_or_else(|| module.split('.').next().unwrap_or(&module).to_string());
                    binds.push((Target::Name(bound, span), None, span));
                } else if names.len() == 1 && names[0].name == "*" {
                    // `from MODULE import *`: the names the module offers.
                    let sp = names[0].span;
                    let offered = match (self.importer)(&module, None) {
                        Ok(Value::Object(o)) => o.attr_names(),
                        _ => Vec::new(),
                    };
                    if offered.is_empty() {
                        return Err(CompileError {
                            kind: ExcKind::ImportError,
                            message: format!(
                                "from {module} import * is not part of streamlab's subset: import the names it needs"
                            ),
                            span: sp,
                        });
                    }
                    for n in offered {
                        binds.push((Target::Name(n.to_string(), sp), Some(n.to_string()), sp));
                    }
                } else {
                    for n in names {
                        let bound = n.alias.clone().unwrap_or_else(|| n.name.clone());
                        binds.push((Target::Name(bound, n.span), Some(n.name.clone()), n.span));
                    }
                }
                let mut stores = Vec::new();
                for (t, name, sp) in binds {
                    stores.push((self.store(&t)?, name, sp));
                }
                // `import os.path` imports `os.path` and binds the package `os`.
                let package = match (names.is_empty(), alias, module.split_once('.')) {
                    (true, None, Some((top, _))) => Some(top.to_string()),
                    _ => None,
                };
                Ok(Box::new(move |f| {
                    for (store, name, sp) in &stores {
                        let mut v = importer(&module, name.as_deref()).map_err(|e| e.at(*sp))?;
                        if let Some(top) = &package {
                            v = importer(top, None).map_err(|e| e.at(*sp))?;
                        }
                        store(f, v)?;
                    }
                    let _ = span;
                    Ok(Flow::Next)
                }))
            }
            StmtKind::Expr(e) => {
                let c = self.expr(e)?;
                Ok(Box::new(move |f| {
                    c(f)?;
                    Ok(Flow::Next)
                }))
            }
            StmtKind::Assign { target, value } => {
                let v = self.expr(value)?;
                let store = self.store(target)?;
                Ok(Box::new(move |f| {
                    let x = v(f)?;
                    store(f, x)?;
                    Ok(Flow::Next)
                }))
            }
            StmtKind::Return(e) => {
                if !self.in_function() {
                    return Err(CompileError {
                        span: st.span,
                        kind: ExcKind::SyntaxError,
                        message: "'return' outside function".into(),
                    });
                }
                match e {
                    Some(e) => {
                        let c = self.expr(e)?;
                        Ok(Box::new(move |f| Ok(Flow::Return(c(f)?))))
                    }
                    None => Ok(Box::new(|_| Ok(Flow::Return(Value::None)))),
                }
            }
            StmtKind::If { branches, orelse } => {
                let mut bs = Vec::new();
                for (cond, body) in branches {
                    bs.push((self.expr(cond)?, self.block(body)?));
                }
                let other = match orelse {
                    Some(b) => Some(self.block(b)?),
                    None => None,
                };
                Ok(Box::new(move |f| {
                    for (c, b) in &bs {
                        if c(f)?.truthy() {
                            return b(f);
                        }
                    }
                    match &other {
                        Some(b) => b(f),
                        None => Ok(Flow::Next),
                    }
                }))
            }
            StmtKind::ChainAssign { targets, value } => {
                let v = self.expr(value)?;
                let stores = targets
                    .iter()
                    .map(|t| self.store(t))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Box::new(move |f| {
                    let x = v(f)?;
                    for store in &stores {
                        store(f, x.clone())?;
                    }
                    Ok(Flow::Next)
                }))
            }
            // The annotation is not evaluated (as under `from __future__
            // import annotations`): it may name typing constructs such as
            // `Optional[int]` that mean nothing at run time.
            StmtKind::AnnAssign { target, value, .. } => match value {
                Some(value) => {
                    let v = self.expr(value)?;
                    let store = self.store(target)?;
                    Ok(Box::new(move |f| {
                        let x = v(f)?;
                        store(f, x)?;
                        Ok(Flow::Next)
                    }))
                }
                None => Ok(Box::new(|_| Ok(Flow::Next))),
            },
            StmtKind::AugAssign {
                target,
                op,
                op_span,
                value,
            } => self.aug_assign(target, *op, *op_span, value),
            StmtKind::Del(targets) => {
                let dels = targets
                    .iter()
                    .map(|t| self.delete(t))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Box::new(move |f| {
                    for d in &dels {
                        d(f)?;
                    }
                    Ok(Flow::Next)
                }))
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => self.for_loop(target, iter, body, orelse.as_deref()),
            StmtKind::While { test, body, orelse } => {
                let t = self.expr(test)?;
                let b = self.loop_body(body)?;
                let other = self.opt_block(orelse.as_deref())?;
                Ok(Box::new(move |f| {
                    while t(f)?.truthy() {
                        match b(f)? {
                            Flow::Next | Flow::Continue => {}
                            Flow::Break => return Ok(Flow::Next),
                            ret @ Flow::Return(_) => return Ok(ret),
                        }
                    }
                    match &other {
                        Some(o) => o(f),
                        None => Ok(Flow::Next),
                    }
                }))
            }
            StmtKind::Break | StmtKind::Continue => {
                let is_break = matches!(st.kind, StmtKind::Break);
                if self.scopes.last().is_none_or(|s| s.loops == 0) {
                    return Err(CompileError {
                        span: st.span,
                        kind: ExcKind::SyntaxError,
                        message: if is_break {
                            "'break' outside loop".into()
                        } else {
                            "'continue' not properly in loop".into()
                        },
                    });
                }
                if is_break {
                    Ok(Box::new(|_| Ok(Flow::Break)))
                } else {
                    Ok(Box::new(|_| Ok(Flow::Continue)))
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(body, handlers, orelse.as_deref(), finalbody.as_deref()),
            StmtKind::With { items, body } => self.with_stmt(items, body),
            StmtKind::Raise { exc, cause } => {
                let span = st.span;
                let exc = self.opt_expr(exc.as_ref())?;
                // The cause is evaluated (it may fail) and otherwise ignored.
                let cause = self.opt_expr(cause.as_ref())?;
                Ok(Box::new(move |f| {
                    let Some(exc) = &exc else {
                        let current = HANDLING.with(|h| h.borrow().last().cloned());
                        return Err(current.unwrap_or_else(|| {
                            Exc::new(ExcKind::RuntimeError, "No active exception to reraise")
                                .at(span)
                        }));
                    };
                    let v = exc(f)?;
                    if let Some(c) = &cause {
                        c(f)?;
                    }
                    Err(exceptions::to_raise(&v).at(span))
                }))
            }
            StmtKind::Assert { test, msg } => {
                let span = st.span;
                let t = self.expr(test)?;
                let m = self.opt_expr(msg.as_ref())?;
                Ok(Box::new(move |f| {
                    if t(f)?.truthy() {
                        return Ok(Flow::Next);
                    }
                    let args = match &m {
                        Some(m) => vec![m(f)?],
                        None => Vec::new(),
                    };
                    let e = exceptions::ExcInstance::new(ExcKind::AssertionError, args);
                    Err(e.to_exc().at(span))
                }))
            }
            // Scoping only: `function_inner` reads these before compiling the body.
            StmtKind::Global(_) => Ok(Box::new(|_| Ok(Flow::Next))),
            StmtKind::Nonlocal(_) if self.in_function() => Ok(Box::new(|_| Ok(Flow::Next))),
            StmtKind::Nonlocal(_) => Err(CompileError {
                span: st.span,
                kind: ExcKind::SyntaxError,
                message: "nonlocal declaration not allowed at module level".into(),
            }),
            StmtKind::Def(def) => {
                let decorators = self.decorators(&def.decorators)?;
                let qualname = match self.scopes.last().and_then(|s| s.class_name.as_ref()) {
                    Some(class) => format!("{class}.{}", def.name),
                    None => def.name.clone(),
                };
                let make =
                    self.function_inner(&qualname, &def.params, FnBody::Stmts(&def.body), st.span)?;
                let store = self.store(&Target::Name(def.name.clone(), def.name_span))?;
                Ok(Box::new(move |f| {
                    let decos = eval_decorators(&decorators, f)?;
                    let func = apply_decorators(decos, make(f)?)?;
                    store(f, func)?;
                    Ok(Flow::Next)
                }))
            }
            StmtKind::Class(cd) => self.class_def(cd),
        }
    }

    /// The `@expr` lines of a `def` or `class`, with their spans.
    fn decorators(&mut self, decos: &[Expr]) -> Result<Vec<(ExprCode, Span)>, CompileError> {
        decos.iter().map(|d| Ok((self.expr(d)?, d.span))).collect()
    }

    /// `class Name(Base): body`. The body runs once, in a scope of its own,
    /// when the statement runs; the names it binds become the class's
    /// attributes.
    fn class_def(&mut self, cd: &ClassDef) -> Result<StmtCode, CompileError> {
        let outside = |span: Span, what: &str| CompileError {
            span,
            kind: ExcKind::SyntaxError,
            message: format!("{what} not supported in streamlab's Python subset"),
        };
        if let Some(k) = cd.keywords.first() {
            return Err(if k.name == "metaclass" {
                outside(k.span, "metaclasses ('metaclass=...') are")
            } else {
                outside(
                    k.span,
                    &format!("class keyword arguments ('{}=...') are", k.name),
                )
            });
        }
        if let Some(second) = cd.bases.get(1) {
            return Err(outside(
                second.span,
                "multiple inheritance (a class with more than one base) is",
            ));
        }
        for st in &cd.body {
            let mut names = Vec::new();
            if let StmtKind::Assign { target, .. } | StmtKind::AnnAssign { target, .. } = &st.kind {
                target_names(target, &mut names);
            }
            if names.iter().any(|n| n == "__slots__") {
                return Err(outside(st.span, "'__slots__' is"));
            }
            // A special method streamlab would not call is refused, not ignored.
            let defined = match &st.kind {
                StmtKind::Def(d) => Some((d.name.as_str(), d.name_span)),
                _ => names
                    .first()
                    .filter(|n| names.len() == 1 && !matches!(n.as_str(), "__doc__" | "__module__"))
                    .map(|n| (n.as_str(), st.span)),
            };
            if let Some((n, at)) = defined {
                if classes::is_special(n) && !classes::SPECIAL_METHODS.contains(&n) {
                    return Err(outside(at, &format!("the special method '{n}' is")));
                }
            }
        }
        let decorators = self.decorators(&cd.decorators)?;
        let base = self.opt_expr(cd.bases.first())?;
        let base_span = cd.bases.first().map_or(cd.name_span, |b| b.span);
        let mut scope = Scope {
            is_class: true,
            class_name: Some(cd.name.clone()),
            ..Scope::default()
        };
        let cell_slot = scope.alloc("__class__");
        let mut assigned = HashSet::new();
        for st in &cd.body {
            collect_assigned(st, &mut assigned);
        }
        let mut names: Vec<String> = assigned.into_iter().collect();
        names.sort();
        let attrs: Vec<(String, usize)> = names
            .into_iter()
            .map(|n| {
                let slot = scope.alloc(&n);
                (n, slot)
            })
            .collect();
        self.scopes.push(scope);
        let body = self.block(&cd.body);
        let scope = self.scopes.pop().expect("class scope");
        let body = body?;
        let (nslots, captures) = (scope.nslots, scope.captures);
        let store = self.store(&Target::Name(cd.name.clone(), cd.name_span))?;
        let name = cd.name.clone();
        Ok(Box::new(move |f| {
            let decos = eval_decorators(&decorators, f)?;
            let base = match &base {
                Some(b) => classes::Class::base_from(&b(f)?).map_err(|e| e.at(base_span))?,
                None => None,
            };
            let mut frame = new_frame(nslots);
            for &(outer, inner) in &captures {
                frame[inner] = f[outer].clone();
            }
            let cell = Arc::new(classes::ClassCell::default());
            frame[cell_slot] = Value::Object(cell.clone());
            body(&mut frame)?;
            let mut map = indexmap::IndexMap::new();
            for (n, slot) in &attrs {
                map.insert(n.clone(), frame[*slot].clone());
            }
            let class = classes::Class::create(&name, base, map);
            cell.set(class.clone());
            store(f, apply_decorators(decos, class)?)?;
            Ok(Flow::Next)
        }))
    }

    fn opt_block(&mut self, stmts: Option<&[Stmt]>) -> Result<Option<StmtCode>, CompileError> {
        stmts.map(|b| self.block(b)).transpose()
    }

    /// The body of a loop, where `break` and `continue` are allowed.
    fn loop_body(&mut self, body: &[Stmt]) -> Result<StmtCode, CompileError> {
        self.scopes.last_mut().expect("scope").loops += 1;
        let code = self.block(body);
        self.scopes.last_mut().expect("scope").loops -= 1;
        code
    }

    fn for_loop(
        &mut self,
        target: &Target,
        iter: &Expr,
        body: &[Stmt],
        orelse: Option<&[Stmt]>,
    ) -> Result<StmtCode, CompileError> {
        let it = self.expr(iter)?;
        let store = self.store(target)?;
        let b = self.loop_body(body)?;
        let other = self.opt_block(orelse)?;
        let ispan = iter.span;
        // One iteration: bind the item, run the body; `Some` ends the loop.
        let step = move |f: &mut Frame, item: Value| -> PyResult<Option<Flow>> {
            store(f, item)?;
            Ok(match b(f)? {
                Flow::Next | Flow::Continue => None,
                Flow::Break => Some(Flow::Next),
                ret @ Flow::Return(_) => Some(ret),
            })
        };
        Ok(Box::new(move |f| {
            let seq = it(f)?;
            if let Value::Range(start, stop, by) = seq {
                // A range is counted, not built: `for i in range(10**12)`
                // runs (and may be stopped) like Python's.
                let mut i = start;
                while (by > 0 && i < stop) || (by < 0 && i > stop) {
                    if let Some(done) = step(f, Value::Int(i))? {
                        return Ok(done);
                    }
                    match i.checked_add(by) {
                        Some(n) => i = n,
                        None => break,
                    }
                }
            } else {
                for item in ops::iterate(&seq).map_err(|e| e.at(ispan))? {
                    if let Some(done) = step(f, item)? {
                        return Ok(done);
                    }
                }
            }
            match &other {
                Some(o) => o(f),
                None => Ok(Flow::Next),
            }
        }))
    }

    /// `with a as x, b as y: body` is `with a as x: with b as y: body`.
    /// Python's protocol: `__enter__()` (its result bound to the target),
    /// the body, then `__exit__(None, None, None)`; when the body raises,
    /// `__exit__(type, value, None)` runs and a true result suppresses the
    /// exception. An exception from `__exit__` itself replaces the outcome.
    fn with_stmt(&mut self, items: &[WithItem], body: &[Stmt]) -> Result<StmtCode, CompileError> {
        let Some((first, rest)) = items.split_first() else {
            return self.block(body);
        };
        let ctx = self.expr(&first.context)?;
        let cspan = first.context.span;
        let store = first.target.as_ref().map(|t| self.store(t)).transpose()?;
        let inner = if rest.is_empty() {
            self.block(body)?
        } else {
            self.with_stmt(rest, body)?
        };
        Ok(Box::new(move |f| {
            let mgr = ctx(f)?;
            let entered = call_method(&mgr, "__enter__", Vec::new(), Vec::new())
                .map_err(|e| with_protocol_error(e, &mgr, "__enter__").at(cspan))?;
            let outcome = match &store {
                Some(store) => store(f, entered).and_then(|()| inner(f)),
                None => inner(f),
            };
            match outcome {
                Ok(flow) => {
                    call_method(&mgr, "__exit__", vec![Value::None; 3], Vec::new())
                        .map_err(|e| with_protocol_error(e, &mgr, "__exit__").at(cspan))?;
                    Ok(flow)
                }
                Err(exc) => {
                    let instance = exceptions::instance_of(&exc);
                    let class = classes::type_of(&instance);
                    let suppress = call_method(
                        &mgr,
                        "__exit__",
                        vec![class, instance, Value::None],
                        Vec::new(),
                    )
                    .map_err(|e| with_protocol_error(e, &mgr, "__exit__").at(cspan))?;
                    if suppress.truthy() {
                        Ok(Flow::Next)
                    } else {
                        Err(exc)
                    }
                }
            }
        }))
    }

    fn try_stmt(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: Option<&[Stmt]>,
        finalbody: Option<&[Stmt]>,
    ) -> Result<StmtCode, CompileError> {
        struct Clause {
            typ: Option<(ExprCode, Span)>,
            bind: Option<(StoreCode, DelCode)>,
            body: StmtCode,
        }
        let b = self.block(body)?;
        let mut clauses = Vec::new();
        for h in handlers {
            let typ = match &h.typ {
                Some(t) => Some((self.expr(t)?, t.span)),
                None => None,
            };
            let bind = match &h.name {
                Some((n, span)) => {
                    let t = Target::Name(n.clone(), *span);
                    Some((self.store(&t)?, self.unbind(n)))
                }
                None => None,
            };
            let body = self.block(&h.body)?;
            clauses.push(Clause { typ, bind, body });
        }
        let other = self.opt_block(orelse)?;
        let fin = self.opt_block(finalbody)?;
        Ok(Box::new(move |f| {
            let mut result = match b(f) {
                Ok(Flow::Next) => match &other {
                    Some(o) => o(f),
                    None => Ok(Flow::Next),
                },
                Ok(flow) => Ok(flow),
                Err(exc) => {
                    let mut outcome = Err(exc.clone());
                    for c in &clauses {
                        let caught = match &c.typ {
                            None => true,
                            Some((t, tspan)) => {
                                let typ = t(f)?;
                                exceptions::matches(&exc, &typ).map_err(|e| e.at(*tspan))?
                            }
                        };
                        if !caught {
                            continue;
                        }
                        let _handling = Handling::enter(exc.clone());
                        if let Some((store, _)) = &c.bind {
                            store(f, exceptions::instance_of(&exc))?;
                        }
                        outcome = (c.body)(f);
                        // Python deletes the name bound by `as` when the block ends.
                        if let Some((_, unbind)) = &c.bind {
                            unbind(f);
                        }
                        break;
                    }
                    outcome
                }
            };
            if let Some(fin) = &fin {
                // `finally` runs whatever happened; its own exception, return,
                // break or continue replaces the outcome.
                match fin(f)? {
                    Flow::Next => {}
                    flow => result = Ok(flow),
                }
            }
            result
        }))
    }

    /// Forget a name after an `except ... as name` block (Python deletes it).
    fn unbind(&mut self, name: &str) -> DelCode {
        match self.resolve(name) {
            NameRef::Local(slot) => Box::new(move |f: &mut Frame| f[slot] = Value::None),
            NameRef::Cell(slot) => Box::new(move |f: &mut Frame| Cell::set(&f[slot], Value::None)),
            NameRef::Global => {
                let g = self.globals.clone();
                let name = name.to_string();
                Box::new(move |_: &mut Frame| {
                    g.remove(&name);
                })
            }
        }
    }

    /// `del target`.
    fn delete(&mut self, target: &Target) -> Result<StmtCode, CompileError> {
        match target {
            Target::Name(name, span) => {
                let span = *span;
                match self.resolve(name) {
                    // A deleted local reads as None afterwards: the frame
                    // has no "unbound" state (Python would raise UnboundLocalError).
                    NameRef::Local(slot) => Ok(Box::new(move |f| {
                        f[slot] = Value::None;
                        Ok(Flow::Next)
                    })),
                    NameRef::Cell(slot) => Ok(Box::new(move |f| {
                        Cell::set(&f[slot], Value::None);
                        Ok(Flow::Next)
                    })),
                    NameRef::Global => {
                        let g = self.globals.clone();
                        let name = name.clone();
                        Ok(Box::new(move |_| {
                            if g.remove(&name) {
                                Ok(Flow::Next)
                            } else {
                                Err(Exc::new(
                                    ExcKind::NameError,
                                    format!("name '{name}' is not defined"),
                                )
                                .at(span))
                            }
                        }))
                    }
                }
            }
            Target::Tuple(items, _) => {
                let dels = items
                    .iter()
                    .map(|t| self.delete(t))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Box::new(move |f| {
                    for d in &dels {
                        d(f)?;
                    }
                    Ok(Flow::Next)
                }))
            }
            Target::Subscript { value, index, span } => {
                let (v, i, span) = (self.expr(value)?, self.expr(index)?, *span);
                Ok(Box::new(move |f| {
                    let obj = v(f)?;
                    let idx = i(f)?;
                    ops::del_item(&obj, &idx).map_err(|e| e.at(span))?;
                    Ok(Flow::Next)
                }))
            }
            Target::Attribute { span, .. } => Err(CompileError {
                span: *span,
                kind: ExcKind::SyntaxError,
                message: "deleting an attribute is not supported in streamlab's Python subset"
                    .into(),
            }),
            Target::Starred(_, span) => Err(CompileError {
                span: *span,
                kind: ExcKind::SyntaxError,
                message: "cannot delete starred".into(),
            }),
        }
    }

    /// `target op= value`: the target's parts are evaluated once, then its
    /// current value, then `value`, as Python does.
    fn aug_assign(
        &mut self,
        target: &Target,
        op: BinOp,
        op_span: Span,
        value: &Expr,
    ) -> Result<StmtCode, CompileError> {
        let rhs = self.expr(value)?;
        match target {
            Target::Name(name, span) => {
                let load = self.name(name, *span)?;
                let store = self.store(target)?;
                Ok(Box::new(move |f| {
                    let a = load(f)?;
                    let b = rhs(f)?;
                    let x = aug_binary(op, &a, &b).map_err(|e| e.at(op_span))?;
                    store(f, x)?;
                    Ok(Flow::Next)
                }))
            }
            Target::Subscript { value, index, span } => {
                let (v, i, span) = (self.expr(value)?, self.expr(index)?, *span);
                Ok(Box::new(move |f| {
                    let obj = v(f)?;
                    let idx = i(f)?;
                    let a = ops::subscript(&obj, &idx).map_err(|e| e.at(span))?;
                    let b = rhs(f)?;
                    let x = aug_binary(op, &a, &b).map_err(|e| e.at(op_span))?;
                    ops::set_item(&obj, &idx, x).map_err(|e| e.at(span))?;
                    Ok(Flow::Next)
                }))
            }
            Target::Attribute {
                value,
                attr,
                attr_span,
                ..
            } => {
                let (v, attr, aspan) = (self.expr(value)?, attr.clone(), *attr_span);
                Ok(Box::new(move |f| {
                    let obj = v(f)?;
                    let a = get_attr(&obj, &attr).map_err(|e| e.at(aspan))?;
                    let b = rhs(f)?;
                    let x = aug_binary(op, &a, &b).map_err(|e| e.at(op_span))?;
                    ops::set_attr(&obj, &attr, x).map_err(|e| e.at(aspan))?;
                    Ok(Flow::Next)
                }))
            }
            Target::Tuple(_, span) | Target::Starred(_, span) => Err(CompileError {
                span: *span,
                kind: ExcKind::SyntaxError,
                message: "'tuple' is an illegal expression for augmented assignment".into(),
            }),
        }
    }

    /// A closure that stores a value into a target (slot, global, or unpacking).
    #[allow(clippy::type_complexity)]
    fn store(
        &mut self,
        target: &Target,
    ) -> Result<Box<dyn Fn(&mut Frame, Value) -> PyResult<()> + Send + Sync>, CompileError> {
        match target {
            Target::Subscript { value, index, span } => {
                let (v, i, span) = (self.expr(value)?, self.expr(index)?, *span);
                Ok(Box::new(move |f, x| {
                    let obj = v(f)?;
                    let idx = i(f)?;
                    ops::set_item(&obj, &idx, x).map_err(|e| e.at(span))
                }))
            }
            Target::Attribute {
                value,
                attr,
                attr_span,
                ..
            } => {
                let (v, attr, aspan) = (self.expr(value)?, attr.clone(), *attr_span);
                Ok(Box::new(move |f, x| {
                    let obj = v(f)?;
                    ops::set_attr(&obj, &attr, x).map_err(|e| e.at(aspan))
                }))
            }
            Target::Name(name, _) => {
                if self
                    .scopes
                    .last()
                    .is_some_and(|s| s.nonlocals.contains(name))
                {
                    if let NameRef::Cell(slot) = self.resolve(name) {
                        return Ok(Box::new(move |f, v| {
                            Cell::set(&f[slot], v);
                            Ok(())
                        }));
                    }
                }
                let scope = self.scopes.last_mut().expect("module scope");
                if (scope.is_module && !scope.locals.contains_key(name))
                    || scope.globals.contains(name)
                {
                    let g = self.globals.clone();
                    let name = name.clone();
                    Ok(Box::new(move |_, v| {
                        g.set(&name, v);
                        Ok(())
                    }))
                } else {
                    let slot = scope.alloc(name);
                    if scope.cells.contains(&slot) {
                        return Ok(Box::new(move |f, v| {
                            Cell::set(&f[slot], v);
                            Ok(())
                        }));
                    }
                    Ok(Box::new(move |f, v| {
                        f[slot] = v;
                        Ok(())
                    }))
                }
            }
            Target::Starred(_, span) => Err(CompileError {
                span: *span,
                kind: ExcKind::SyntaxError,
                message: "starred assignment target must be in a list or tuple".into(),
            }),
            Target::Tuple(items, span)
                if items.iter().any(|t| matches!(t, Target::Starred(..))) =>
            {
                self.store_starred(items, *span)
            }
            Target::Tuple(items, span) => {
                let stores = items
                    .iter()
                    .map(|t| self.store(t))
                    .collect::<Result<Vec<_>, _>>()?;
                let span = *span;
                Ok(Box::new(move |f, v| {
                    let vals = ops::iterate(&v).map_err(|e| e.at(span))?;
                    if vals.len() != stores.len() {
                        let msg = if vals.len() > stores.len() {
                            format!("too many values to unpack (expected {})", stores.len())
                        } else {
                            format!(
                                "not enough values to unpack (expected {}, got {})",
                                stores.len(),
                                vals.len()
                            )
                        };
                        return Err(Exc::value_error(msg).at(span));
                    }
                    for (s, x) in stores.iter().zip(vals) {
                        s(f, x)?;
                    }
                    Ok(())
                }))
            }
        }
    }

    /// `first, *rest = items`: the starred name gets a list of what the
    /// other names leave.
    fn store_starred(&mut self, items: &[Target], span: Span) -> Result<StoreCode, CompileError> {
        let stars: Vec<&Target> = items
            .iter()
            .filter(|t| matches!(t, Target::Starred(..)))
            .collect();
        if stars.len() > 1 {
            return Err(CompileError {
                span: stars[1].span(),
                kind: ExcKind::SyntaxError,
                message: "multiple starred expressions in assignment".into(),
            });
        }
        let star = items
            .iter()
            .position(|t| matches!(t, Target::Starred(..)))
            .unwrap_or(0);
        let mut stores = Vec::new();
        for t in items {
            stores.push(match t {
                Target::Starred(inner, _) => self.store(inner)?,
                other => self.store(other)?,
            });
        }
        let after = items.len() - star - 1;
        Ok(Box::new(move |f, v| {
            let mut vals = ops::iterate(&v).map_err(|e| e.at(span))?;
            if vals.len() < star + after {
                return Err(Exc::value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    star + after,
                    vals.len()
                ))
                .at(span));
            }
            let tail = vals.split_off(vals.len() - after);
            let middle = vals.split_off(star);
            let mut all = vals;
            all.push(Value::list(middle));
            all.extend(tail);
            for (s, x) in stores.iter().zip(all) {
                s(f, x)?;
            }
            Ok(())
        }))
    }

    // ---- functions --------------------------------------------------------

    fn function_inner(
        &mut self,
        name: &str,
        params: &[Param],
        body: FnBody<'_>,
        span: Span,
    ) -> Result<ExprCode, CompileError> {
        // Slots follow Python's order: positional parameters, keyword-only
        // ones, then `*args` and `**kwargs`.
        let mut ordered: Vec<&Param> = Vec::new();
        for kind in [
            ParamKind::Normal,
            ParamKind::KwOnly,
            ParamKind::VarArgs,
            ParamKind::VarKw,
        ] {
            ordered.extend(params.iter().filter(|p| p.kind == kind));
        }
        // Defaults are evaluated when the function is created, in the enclosing scope.
        let mut defaults = Vec::new();
        for p in ordered
            .iter()
            .filter(|p| matches!(p.kind, ParamKind::Normal | ParamKind::KwOnly))
        {
            defaults.push(match &p.default {
                Some(d) => Some(self.expr(d)?),
                None => None,
            });
        }
        let mut scope = Scope {
            nparams: params.len(),
            ..Scope::default()
        };
        let mut seen = HashSet::new();
        for p in &ordered {
            if !seen.insert(p.name.clone()) {
                return Err(CompileError {
                    span: p.span,
                    kind: ExcKind::SyntaxError,
                    message: format!("duplicate argument '{}' in function definition", p.name),
                });
            }
            scope.alloc(&p.name);
        }
        let mut is_generator = false;
        let mut nonlocals = Vec::new();
        // Every name assigned anywhere in the body is local to the function
        // (Python's rule), except the names it declares `global` or `nonlocal`.
        if let FnBody::Stmts(stmts) = &body {
            is_generator = contains_yield(stmts);
            collect_nonlocals(stmts, &mut nonlocals);
            for (n, nspan) in &nonlocals {
                if scope.locals.contains_key(n) {
                    return Err(CompileError {
                        span: *nspan,
                        kind: ExcKind::SyntaxError,
                        message: format!("name '{n}' is parameter and nonlocal"),
                    });
                }
                scope.nonlocals.insert(n.clone());
            }
            let mut globals = Vec::new();
            collect_globals(stmts, &mut globals);
            for (g, gspan) in globals {
                if scope.locals.contains_key(&g) {
                    return Err(CompileError {
                        span: gspan,
                        kind: ExcKind::SyntaxError,
                        message: format!("name '{g}' is parameter and global"),
                    });
                }
                self.module_names.insert(g.clone());
                scope.globals.insert(g);
            }
            let mut assigned = HashSet::new();
            for s in stmts.iter() {
                collect_assigned(s, &mut assigned);
            }
            let mut assigned: Vec<_> = assigned
                .into_iter()
                .filter(|n| !scope.globals.contains(n) && !scope.nonlocals.contains(n))
                .collect();
            assigned.sort();
            for n in assigned {
                scope.alloc(&n);
            }
            // Variables an inner function rebinds with `nonlocal` live in cells.
            let mut shared = HashSet::new();
            nested_nonlocals(stmts, &mut shared);
            for n in shared {
                if let Some(&slot) = scope.locals.get(&n) {
                    scope.cells.insert(slot);
                }
            }
        }
        let mut cell_slots: Vec<usize> = scope.cells.iter().copied().collect();
        cell_slots.sort_unstable();
        self.scopes.push(scope);
        for (n, nspan) in &nonlocals {
            if !matches!(self.resolve(n), NameRef::Cell(_)) {
                self.scopes.pop();
                return Err(CompileError {
                    span: *nspan,
                    kind: ExcKind::SyntaxError,
                    message: format!("no binding for nonlocal '{n}' found"),
                });
            }
        }
        let shape = match &body {
            FnBody::Expr(e) => super::shape::of_lambda(params, e),
            FnBody::Stmts(_) => None,
        };
        let compiled = match body {
            FnBody::Expr(e) => self.expr(e).map(FuncBody::Expr),
            FnBody::Stmts(s) => self.block(s).map(FuncBody::Stmts),
        };
        let scope = self.scopes.pop().expect("function scope");
        if let Some(outer) = self.scopes.last_mut() {
            if !outer.is_module {
                outer.global_refs.extend(scope.global_refs.iter().cloned());
            }
        }
        let compiled = Arc::new(compiled?);
        let count = |k: ParamKind| params.iter().filter(|p| p.kind == k).count();
        let proto = Arc::new(Proto {
            name: name.to_string(),
            params: ordered
                .iter()
                .filter(|p| matches!(p.kind, ParamKind::Normal | ParamKind::KwOnly))
                .map(|p| p.name.clone())
                .collect(),
            positional: count(ParamKind::Normal),
            varargs: count(ParamKind::VarArgs) > 0,
            varkw: count(ParamKind::VarKw) > 0,
            is_generator,
            cell_slots,
            nslots: scope.nslots,
            body: compiled,
            source: self.text(span),
            global_refs: scope.global_refs.into_iter().collect(),
            globals: self.globals.clone(),
            shape,
        });
        let captures = scope.captures;
        Ok(Box::new(move |f| {
            let mut defs = Vec::with_capacity(defaults.len());
            for d in &defaults {
                defs.push(match d {
                    Some(c) => Some(c(f)?),
                    None => None,
                });
            }
            let caps = captures
                .iter()
                .map(|&(outer, inner)| (inner, f[outer].clone()))
                .collect();
            Ok(Value::Func(Arc::new(Function {
                proto: proto.clone(),
                defaults: defs,
                captures: caps,
            })))
        }))
    }

    // ---- expressions ------------------------------------------------------

    pub fn expr(&mut self, e: &Expr) -> Result<ExprCode, CompileError> {
        self.expr_depth += 1;
        let code = limits::grow(|| self.expr_here(e));
        let depth = self.expr_depth;
        self.expr_depth -= 1;
        let code = code?;
        if depth.is_multiple_of(limits::GROW_EVERY) {
            // Evaluation nests like the expression does: check the stack here.
            return Ok(Box::new(move |f| limits::grow(|| code(f))));
        }
        Ok(code)
    }

    fn expr_here(&mut self, e: &Expr) -> Result<ExprCode, CompileError> {
        let span = e.span;
        Ok(match &e.kind {
            ExprKind::None => constant(Value::None),
            ExprKind::Bool(b) => constant(Value::Bool(*b)),
            ExprKind::Int(i) => constant(ops::int_from_big(i.clone())),
            ExprKind::Float(x) => constant(Value::Float(*x)),
            ExprKind::Str(s) => constant(Value::str(s)),
            ExprKind::Name(name) => self.name(name, span)?,
            ExprKind::Lambda { params, body } => {
                self.function_inner("<lambda>", params, FnBody::Expr(body), span)?
            }
            ExprKind::IfExp { test, body, orelse } => {
                let (t, b, o) = (self.expr(test)?, self.expr(body)?, self.expr(orelse)?);
                Box::new(move |f| if t(f)?.truthy() { b(f) } else { o(f) })
            }
            ExprKind::BoolOp { op, values } => {
                let codes = values
                    .iter()
                    .map(|v| self.expr(v))
                    .collect::<Result<Vec<_>, _>>()?;
                let is_and = *op == BoolOp::And;
                Box::new(move |f| {
                    let mut last = Value::None;
                    for c in &codes {
                        last = c(f)?;
                        if last.truthy() != is_and {
                            return Ok(last);
                        }
                    }
                    Ok(last)
                })
            }
            ExprKind::Not(x) => {
                let c = self.expr(x)?;
                Box::new(move |f| Ok(Value::Bool(!c(f)?.truthy())))
            }
            ExprKind::Compare { left, ops: rest } => {
                let l = self.expr(left)?;
                let mut rs: Vec<(CmpOp, ExprCode)> = Vec::new();
                for (op, r) in rest {
                    rs.push((*op, self.expr(r)?));
                }
                if rs.len() == 1 {
                    let (op, r) = rs.pop().expect("one comparison");
                    Box::new(move |f| {
                        let a = l(f)?;
                        let b = r(f)?;
                        ops::compare_value(op, &a, &b).map_err(|e| e.at(span))
                    })
                } else {
                    Box::new(move |f| {
                        let mut a = l(f)?;
                        for (op, r) in &rs {
                            let b = r(f)?;
                            if !ops::compare(*op, &a, &b).map_err(|e| e.at(span))? {
                                return Ok(Value::Bool(false));
                            }
                            a = b;
                        }
                        Ok(Value::Bool(true))
                    })
                }
            }
            ExprKind::BinOp { op, left, right } => {
                // `a + b` on two locals (every reduce lambda): read the slots
                // in place instead of cloning both operands.
                if let (ExprKind::Name(a), ExprKind::Name(b)) = (&left.kind, &right.kind) {
                    if let (NameRef::Local(sa), NameRef::Local(sb)) =
                        (self.resolve(a), self.resolve(b))
                    {
                        let op = *op;
                        return Ok(Box::new(move |f| {
                            ops::binary(op, &f[sa], &f[sb]).map_err(|e| e.at(span))
                        }));
                    }
                }
                let (l, r, op) = (self.expr(left)?, self.expr(right)?, *op);
                Box::new(move |f| {
                    let a = l(f)?;
                    let b = r(f)?;
                    ops::binary(op, &a, &b).map_err(|e| e.at(span))
                })
            }
            ExprKind::Neg(x) => {
                let c = self.expr(x)?;
                Box::new(move |f| ops::neg(&c(f)?).map_err(|e| e.at(span)))
            }
            ExprKind::Pos(x) => {
                let c = self.expr(x)?;
                Box::new(move |f| ops::pos(&c(f)?).map_err(|e| e.at(span)))
            }
            ExprKind::Invert(x) => {
                let c = self.expr(x)?;
                Box::new(move |f| ops::invert(&c(f)?).map_err(|e| e.at(span)))
            }
            ExprKind::Attribute {
                value,
                attr,
                attr_span,
            } => {
                let c = self.expr(value)?;
                let attr = attr.clone();
                let aspan = *attr_span;
                Box::new(move |f| get_attr(&c(f)?, &attr).map_err(|e| e.at(aspan)))
            }
            ExprKind::Call { func, args, kwargs } => self.call(func, args, kwargs, span)?,
            ExprKind::Subscript { value, index } => {
                let (v, i) = (self.expr(value)?, self.expr(index)?);
                Box::new(move |f| {
                    let a = v(f)?;
                    let b = i(f)?;
                    ops::subscript(&a, &b).map_err(|e| e.at(span))
                })
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
            } => {
                let v = self.expr(value)?;
                let lo = self.opt_expr(lower.as_deref())?;
                let hi = self.opt_expr(upper.as_deref())?;
                let st = self.opt_expr(step.as_deref())?;
                Box::new(move |f| {
                    let a = v(f)?;
                    let lo = lo.as_ref().map(|c| c(f)).transpose()?;
                    let hi = hi.as_ref().map(|c| c(f)).transpose()?;
                    let st = st.as_ref().map(|c| c(f)).transpose()?;
                    ops::slice(&a, lo.as_ref(), hi.as_ref(), st.as_ref()).map_err(|e| e.at(span))
                })
            }
            ExprKind::Tuple(items) if has_star(items) => {
                let c = self.seq_items(items)?;
                Box::new(move |f| Ok(Value::tuple(c(f)?)))
            }
            ExprKind::List(items) if has_star(items) => {
                let c = self.seq_items(items)?;
                Box::new(move |f| Ok(Value::list(c(f)?)))
            }
            ExprKind::Tuple(items) => {
                let cs = self.exprs(items)?;
                Box::new(move |f| Ok(Value::tuple(eval_all(&cs, f)?)))
            }
            ExprKind::List(items) => {
                let cs = self.exprs(items)?;
                Box::new(move |f| Ok(Value::list(eval_all(&cs, f)?)))
            }
            ExprKind::Set(items) => {
                // CPython folds a display of three or more constants into a
                // frozenset constant, which changes the table's layout.
                let folded = items.len() > 2 && items.iter().all(is_constant);
                let c = self.seq_items(items)?;
                Box::new(move |f| super::set::display(c(f)?, folded).map_err(|e| e.at(span)))
            }
            ExprKind::SetComp { elt, generators } => {
                let c = self.comprehension(&[elt], generators)?;
                Box::new(move |f| {
                    let mut t = super::set::Table::default();
                    for v in c(f)? {
                        t.add(super::value::Key::new(v).map_err(|e| e.at(span))?)?;
                    }
                    Ok(super::set::value(t, false))
                })
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                let c = self.comprehension(&[key, value], generators)?;
                Box::new(move |f| {
                    let mut m = indexmap::IndexMap::new();
                    let mut it = c(f)?.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        m.insert(super::value::Key::new(k).map_err(|e| e.at(span))?, v);
                    }
                    Ok(Value::dict(m))
                })
            }
            ExprKind::GeneratorExp { elt, generators } => {
                // Evaluated when created: streamlab's generators are eager (see `lang::iter`).
                let c = self.comprehension(&[elt], generators)?;
                Box::new(move |f| {
                    let items = c(f)?;
                    Ok(super::iter::PyIter::generator(
                        "<genexpr>",
                        Box::new(move || Ok(items)),
                    ))
                })
            }
            ExprKind::DictUnpack(pairs) => {
                let mut cs = Vec::new();
                for (k, v) in pairs {
                    cs.push((self.opt_expr(k.as_ref())?, self.expr(v)?, v.span));
                }
                Box::new(move |f| {
                    let mut m = indexmap::IndexMap::new();
                    for (k, v, vspan) in &cs {
                        match k {
                            Some(k) => {
                                let key =
                                    super::value::Key::new(k(f)?).map_err(|e| e.at(*vspan))?;
                                m.insert(key, v(f)?);
                            }
                            None => {
                                let d = v(f)?;
                                let Value::Dict(d) = &d else {
                                    return Err(Exc::type_error(format!(
                                        "'{}' object is not a mapping",
                                        d.type_name()
                                    ))
                                    .at(*vspan));
                                };
                                for (key, val) in d.read().iter() {
                                    m.insert(key.clone(), val.clone());
                                }
                            }
                        }
                    }
                    Ok(Value::dict(m))
                })
            }
            ExprKind::Starred(_) => {
                return Err(CompileError {
                    span,
                    kind: ExcKind::SyntaxError,
                    message: "can't use starred expression here".into(),
                })
            }
            ExprKind::FString(parts) => {
                let code = self.fstring(parts)?;
                Box::new(move |f| {
                    let mut out = String::new();
                    run_fstring(&code, f, &mut out).map_err(|e| e.at(span))?;
                    Ok(Value::str(&out))
                })
            }
            ExprKind::Yield { value, from } => {
                if !self.in_function() {
                    return Err(CompileError {
                        span,
                        kind: ExcKind::SyntaxError,
                        message: "'yield' outside function".into(),
                    });
                }
                let v = self.opt_expr(value.as_deref())?;
                let from = *from;
                Box::new(move |f| {
                    let x = match &v {
                        Some(c) => c(f)?,
                        None => Value::None,
                    };
                    if from {
                        for item in ops::iterate(&x).map_err(|e| e.at(span))? {
                            super::iter::yield_value(item).map_err(|e| e.at(span))?;
                        }
                    } else {
                        super::iter::yield_value(x).map_err(|e| e.at(span))?;
                    }
                    Ok(Value::None)
                })
            }
            ExprKind::Dict(pairs) => {
                let mut cs = Vec::new();
                for (k, v) in pairs {
                    cs.push((self.expr(k)?, self.expr(v)?, k.span));
                }
                Box::new(move |f| {
                    let mut m = indexmap::IndexMap::new();
                    for (k, v, ks) in &cs {
                        let key = super::value::Key::new(k(f)?).map_err(|e| e.at(*ks))?;
                        m.insert(key, v(f)?);
                    }
                    Ok(Value::dict(m))
                })
            }
            ExprKind::ListComp { elt, generators } => {
                let c = self.comprehension(&[elt], generators)?;
                Box::new(move |f| Ok(Value::list(c(f)?)))
            }
        })
    }

    fn opt_expr(&mut self, e: Option<&Expr>) -> Result<Option<ExprCode>, CompileError> {
        e.map(|e| self.expr(e)).transpose()
    }

    fn exprs(&mut self, es: &[Expr]) -> Result<Vec<ExprCode>, CompileError> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    fn name(&mut self, name: &str, span: Span) -> Result<ExprCode, CompileError> {
        match self.resolve(name) {
            NameRef::Local(slot) => Ok(Box::new(move |f| Ok(f[slot].clone()))),
            NameRef::Cell(slot) => Ok(Box::new(move |f| Ok(Cell::get(&f[slot])))),
            NameRef::Global => {
                if self.in_function() {
                    if let Some(scope) = self.scopes.last_mut() {
                        scope.global_refs.insert(name.to_string());
                    }
                }
                // A builtin that no module-level name shadows is bound now.
                if !self.module_names.contains(name) && !self.globals.contains(name) {
                    if let Some(b) = builtins::lookup(name) {
                        return Ok(constant(b));
                    }
                }
                // Inside functions an unknown name is an error now, not when a
                // batch runs: the learner sees it before starting the stream.
                if self.in_function() && !self.known_name(name) {
                    return Err(self.undefined(name, span));
                }
                let g = self.globals.clone();
                let name = name.to_string();
                let module_names: Vec<String> = self.module_names.iter().cloned().collect();
                Ok(Box::new(move |_| match g.get(&name) {
                    Some(v) => Ok(v),
                    None => match builtins::lookup(&name) {
                        Some(b) => Ok(b),
                        None => {
                            let mut cands = g.names();
                            cands.extend(module_names.iter().cloned());
                            cands.extend(builtins::names().iter().map(|s| s.to_string()));
                            cands.extend(exceptions::names().map(str::to_string));
                            let mut msg = format!("name '{name}' is not defined");
                            if let Some(m) = builtins::missing_builtin(&name) {
                                msg = m;
                            } else if let Some(s) =
                                did_you_mean(&name, cands.iter().map(|s| s.as_str()))
                            {
                                msg.push_str(&format!(". Did you mean: '{s}'?"));
                            }
                            Err(Exc::new(ExcKind::NameError, msg).at(span))
                        }
                    },
                }))
            }
        }
    }

    fn call(
        &mut self,
        func: &Expr,
        args: &[Expr],
        kwargs: &[super::ast::Keyword],
        span: Span,
    ) -> Result<ExprCode, CompileError> {
        if let Some(code) = self.zero_arg_super(func, args, kwargs, span) {
            return Ok(code);
        }
        if has_star(args) || kwargs.iter().any(|k| k.name.is_empty()) {
            return self.call_unpacking(func, args, kwargs, span);
        }
        let argc = self.exprs(args)?;
        let mut seen = HashSet::new();
        let mut kwc = Vec::new();
        for k in kwargs {
            if !seen.insert(k.name.clone()) {
                return Err(CompileError {
                    span: k.span,
                    kind: ExcKind::SyntaxError,
                    message: format!("keyword argument repeated: {}", k.name),
                });
            }
            kwc.push((Arc::<str>::from(k.name.as_str()), self.expr(&k.value)?));
        }
        let eval_args = move |f: &mut Frame| -> PyResult<(Vec<Value>, Kwargs)> {
            let a = eval_all(&argc, f)?;
            let mut kw = Vec::with_capacity(kwc.len());
            for (n, c) in &kwc {
                kw.push((n.clone(), c(f)?));
            }
            Ok((a, kw))
        };
        if let ExprKind::Attribute {
            value,
            attr,
            attr_span,
        } = &func.kind
        {
            // `recv.method(args)`: dispatch without creating a bound method.
            let recv = self.expr(value)?;
            let attr = attr.clone();
            let aspan = *attr_span;
            return Ok(Box::new(move |f| {
                let r = recv(f)?;
                let (a, kw) = eval_args(f)?;
                call_method(&r, &attr, a, kw).map_err(|e| {
                    if e.kind == ExcKind::AttributeError && e.span.is_none() && e.task.is_none() {
                        e.at(aspan)
                    } else {
                        e.at(span)
                    }
                })
            }));
        }
        let fc = self.expr(func)?;
        Ok(Box::new(move |f| {
            let callee = fc(f)?;
            let (a, kw) = eval_args(f)?;
            call_value(&callee, a, kw).map_err(|e| e.at(span))
        }))
    }

    /// `super()` in a method: the class the method was defined in (its
    /// `__class__` cell) and the method's first argument. None when this is
    /// not such a call, which then runs as the `super` builtin.
    fn zero_arg_super(
        &mut self,
        func: &Expr,
        args: &[Expr],
        kwargs: &[super::ast::Keyword],
        span: Span,
    ) -> Option<ExprCode> {
        let ExprKind::Name(n) = &func.kind else {
            return None;
        };
        if n != "super" || !args.is_empty() || !kwargs.is_empty() || self.module_names.contains(n) {
            return None;
        }
        if !self.in_function() || self.scopes.last().is_none_or(|s| s.nparams == 0) {
            return None;
        }
        let NameRef::Local(cell_slot) = self.resolve("__class__") else {
            return None;
        };
        Some(Box::new(move |f| {
            let class = f[cell_slot]
                .downcast::<classes::ClassCell>()
                .and_then(|c| c.get())
                .ok_or_else(|| {
                    Exc::new(ExcKind::RuntimeError, "super(): empty __class__ cell").at(span)
                })?;
            classes::make_super(&class, f[0].clone()).map_err(|e| e.at(span))
        }))
    }

    /// A call with `*iterable` or `**mapping` arguments.
    fn call_unpacking(
        &mut self,
        func: &Expr,
        args: &[Expr],
        kwargs: &[super::ast::Keyword],
        span: Span,
    ) -> Result<ExprCode, CompileError> {
        let fname = match &func.kind {
            ExprKind::Name(n) => n.clone(),
            ExprKind::Attribute { attr, .. } => attr.clone(),
            _ => self.text(func.span),
        };
        let fc = self.expr(func)?;
        let pos = self.seq_items(args)?;
        let mut kwc = Vec::new();
        for k in kwargs {
            let name = (!k.name.is_empty()).then(|| Arc::<str>::from(k.name.as_str()));
            kwc.push((name, self.expr(&k.value)?, k.value.span));
        }
        let star_spans: Vec<Span> = args
            .iter()
            .filter_map(|a| match &a.kind {
                ExprKind::Starred(inner) => Some(inner.span),
                _ => None,
            })
            .collect();
        Ok(Box::new(move |f| {
            let callee = fc(f)?;
            // Python names a user's function with its module in these messages.
            let fname = match &callee {
                Value::Func(func) if !func.is_builtin() => format!("__main__.{}", func.name()),
                Value::Func(func) => func.name().to_string(),
                _ => fname.clone(),
            };
            let a = pos(f).map_err(|e| {
                if e.kind == ExcKind::TypeError && e.msg.ends_with("is not iterable") {
                    let ty = e.msg.split('\'').nth(1).unwrap_or("object").to_string();
                    let at = star_spans.first().copied().unwrap_or(span);
                    Exc::type_error(format!(
                        "{fname}() argument after * must be an iterable, not {ty}"
                    ))
                    .at(at)
                } else {
                    e
                }
            })?;
            let mut kw: Kwargs = Vec::new();
            for (name, c, vspan) in &kwc {
                let v = c(f)?;
                let mut add = |k: Arc<str>, v: Value| -> PyResult<()> {
                    if kw.iter().any(|(x, _)| *x == k) {
                        return Err(Exc::type_error(format!(
                            "{fname}() got multiple values for keyword argument '{k}'"
                        ))
                        .at(*vspan));
                    }
                    kw.push((k, v));
                    Ok(())
                };
                match name {
                    Some(n) => add(n.clone(), v)?,
                    None => {
                        let Value::Dict(d) = &v else {
                            return Err(Exc::type_error(format!(
                                "{fname}() argument after ** must be a mapping, not {}",
                                v.type_name()
                            ))
                            .at(*vspan));
                        };
                        let entries = d.to_map();
                        for (k, val) in entries {
                            let Value::Str(k) = k.0 else {
                                return Err(Exc::type_error("keywords must be strings").at(*vspan));
                            };
                            add(k, val)?;
                        }
                    }
                }
            }
            call_value(&callee, a, kw).map_err(|e| e.at(span))
        }))
    }

    /// The items of a display with `*iterable` parts (`[*a, b]`).
    fn seq_items(&mut self, items: &[Expr]) -> Result<ItemsCode, CompileError> {
        let mut cs = Vec::new();
        for e in items {
            cs.push(match &e.kind {
                ExprKind::Starred(inner) => (self.expr(inner)?, Some(inner.span)),
                _ => (self.expr(e)?, None),
            });
        }
        Ok(Box::new(move |f| {
            let mut out = Vec::with_capacity(cs.len());
            for (c, star) in &cs {
                let v = c(f)?;
                match star {
                    Some(sp) => out.extend(ops::iterate(&v).map_err(|e| e.at(*sp))?),
                    None => out.push(v),
                }
            }
            Ok(out)
        }))
    }

    fn fstring(&mut self, parts: &[FPart]) -> Result<Vec<FCode>, CompileError> {
        let mut out = Vec::new();
        for p in parts {
            out.push(match p {
                FPart::Lit(t) => FCode::Lit(t.clone()),
                FPart::Field { value, conv, spec } => {
                    FCode::Field(self.expr(value)?, *conv, self.fstring(spec)?)
                }
            });
        }
        Ok(out)
    }

    /// A comprehension's values: for each iteration, each of `elts` in
    /// order (a dict comprehension's key then value).
    fn comprehension(
        &mut self,
        elts: &[&Expr],
        gens: &[super::ast::Comprehension],
    ) -> Result<ItemsCode, CompileError> {
        // Comprehension variables get slots of the current scope, visible only
        // while compiling the comprehension (the previous binding is restored).
        struct Gen {
            iter: ExprCode,
            store: StoreCode,
            ifs: Vec<ExprCode>,
        }
        let mut saved: Vec<(String, Option<usize>)> = Vec::new();
        let mut compiled = Vec::new();
        let result = (|| -> Result<ItemsCode, CompileError> {
            for g in gens {
                let iter = self.expr(&g.iter)?;
                let mut names = Vec::new();
                target_names(&g.target, &mut names);
                for n in names {
                    let scope = self.scopes.last_mut().expect("scope");
                    saved.push((n.clone(), scope.locals.get(&n).copied()));
                    let slot = scope.nslots;
                    scope.nslots += 1;
                    scope.locals.insert(n, slot);
                }
                let store = self.store(&g.target)?;
                let ifs = self.exprs(&g.ifs)?;
                compiled.push(Gen { iter, store, ifs });
            }
            let elts = elts
                .iter()
                .map(|e| self.expr(e))
                .collect::<Result<Vec<_>, _>>()?;
            let gens = std::mem::take(&mut compiled);
            Ok(Box::new(move |f| {
                let mut out = Vec::new();
                run_gens(&gens, 0, &elts, f, &mut out)?;
                Ok(out)
            }))
        })();
        let scope = self.scopes.last_mut().expect("scope");
        for (n, prev) in saved.into_iter().rev() {
            match prev {
                Some(s) => {
                    scope.locals.insert(n, s);
                }
                None => {
                    scope.locals.remove(&n);
                }
            }
        }
        fn run_gens(
            gens: &[Gen],
            i: usize,
            elts: &[ExprCode],
            f: &mut Frame,
            out: &mut Vec<Value>,
        ) -> PyResult<()> {
            let Some(g) = gens.get(i) else {
                limits::check_items(out.len() + elts.len(), "list")?;
                for e in elts {
                    out.push(e(f)?);
                }
                return Ok(());
            };
            for item in ops::iterate(&(g.iter)(f)?)? {
                (g.store)(f, item)?;
                let mut keep = true;
                for c in &g.ifs {
                    if !c(f)?.truthy() {
                        keep = false;
                        break;
                    }
                }
                if keep {
                    run_gens(gens, i + 1, elts, f, out)?;
                }
            }
            Ok(())
        }
        result
    }
}

type ItemsCode = Box<dyn Fn(&mut Frame) -> PyResult<Vec<Value>> + Send + Sync>;

/// A compiled piece of an f-string.
enum FCode {
    Lit(String),
    /// The value, its `!` conversion, its format spec.
    Field(ExprCode, Option<char>, Vec<FCode>),
}

fn run_fstring(parts: &[FCode], f: &mut Frame, out: &mut String) -> PyResult<()> {
    for p in parts {
        match p {
            FCode::Lit(t) => out.push_str(t),
            FCode::Field(value, conv, spec) => {
                let mut v = value(f)?;
                v = match conv {
                    Some('r') => Value::str(&v.repr()),
                    Some('a') => Value::str(&super::repr::ascii(&v.repr())),
                    Some(_) => Value::str(&v.to_str()),
                    None => v,
                };
                let mut sp = String::new();
                run_fstring(spec, f, &mut sp)?;
                let text = methods::format_spec(&v, &sp)?;
                limits::check_text(out.len() + text.len())?;
                out.push_str(&text);
            }
        }
    }
    Ok(())
}

fn has_star(items: &[Expr]) -> bool {
    items.iter().any(|e| matches!(e.kind, ExprKind::Starred(_)))
}

/// A literal CPython's compiler treats as a constant (for set displays).
fn is_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::None
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_) => true,
        ExprKind::Neg(x) | ExprKind::Pos(x) => {
            matches!(x.kind, ExprKind::Int(_) | ExprKind::Float(_))
        }
        ExprKind::Invert(x) => matches!(x.kind, ExprKind::Int(_) | ExprKind::Bool(_)),
        ExprKind::Tuple(items) => items.iter().all(is_constant),
        _ => false,
    }
}

enum FnBody<'a> {
    Expr(&'a Expr),
    Stmts(&'a [Stmt]),
}

enum FuncBody {
    Expr(ExprCode),
    Stmts(StmtCode),
}

/// What every instance of one `lambda`/`def` shares.
struct Proto {
    name: String,
    /// Positional-or-keyword parameters, then keyword-only ones (slots
    /// `0..params.len()`); `*args` and `**kwargs` take the next slots.
    params: Vec<String>,
    /// How many of `params` are positional.
    positional: usize,
    varargs: bool,
    varkw: bool,
    /// A body with `yield`: a call makes a generator.
    is_generator: bool,
    /// Slots that hold a [`Cell`], made when the function starts.
    cell_slots: Vec<usize>,
    nslots: usize,
    body: Arc<FuncBody>,
    source: String,
    /// Module-level names the body reads, and where they live.
    global_refs: Vec<String>,
    globals: Arc<Globals>,
    /// A lambda the engine can run natively (`lang::shape`).
    shape: Option<super::shape::Shape>,
}

impl Proto {
    /// True when a call with `n` positional arguments and no keywords
    /// fills exactly the parameters (the fast path of `call1`/`call2`).
    fn takes_exactly(&self, n: usize) -> bool {
        self.positional == n && self.params.len() == n && !self.varargs && !self.varkw
    }
}

/// A function value: the compiled code plus defaults and captured variables.
pub struct Function {
    proto: Arc<Proto>,
    /// One per entry of `Proto::params`.
    defaults: Vec<Option<Value>>,
    captures: Vec<(usize, Value)>,
}

impl Function {
    fn run(&self, frame: Frame) -> PyResult {
        if self.proto.is_generator {
            let gen = Function {
                proto: self.proto.clone(),
                defaults: Vec::new(),
                captures: self.captures.clone(),
            };
            return Ok(super::iter::PyIter::generator(
                &self.proto.name,
                Box::new(move || super::iter::collect_yields(|| gen.run_body(frame))),
            ));
        }
        self.run_body(frame)
    }

    fn run_body(&self, frame: Frame) -> PyResult {
        let _frame = limits::enter_frame()?;
        limits::grow(|| self.run_here(frame))
    }

    fn run_here(&self, mut frame: Frame) -> PyResult {
        for (slot, v) in &self.captures {
            frame[*slot] = v.clone();
        }
        for &slot in &self.proto.cell_slots {
            let v = std::mem::replace(&mut frame[slot], Value::None);
            frame[slot] = Cell::holding(v);
        }
        match &*self.proto.body {
            FuncBody::Expr(c) => c(&mut frame),
            FuncBody::Stmts(c) => match c(&mut frame)? {
                Flow::Return(v) => Ok(v),
                Flow::Next | Flow::Break | Flow::Continue => Ok(Value::None),
            },
        }
    }

    /// Put the arguments of a call into a new frame, with Python's
    /// TypeErrors for calls that do not fit the signature.
    fn bind(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Frame> {
        let p = &self.proto;
        let npos = p.positional;
        let nparams = p.params.len();
        let mut frame = new_frame(p.nslots);
        let mut set = vec![false; nparams];
        let given = args.len();
        if given > npos && !p.varargs {
            let required = (0..npos).filter(|&i| self.defaults[i].is_none()).count();
            let takes = if required < npos {
                format!("from {required} to {npos} positional arguments")
            } else {
                format!(
                    "{npos} positional argument{}",
                    if npos == 1 { "" } else { "s" }
                )
            };
            let kw_given = kwargs
                .iter()
                .filter(|(k, _)| p.params[npos..].iter().any(|x| **x == **k))
                .count();
            let extra = if kw_given > 0 {
                format!(
                    " positional argument{} (and {kw_given} keyword-only argument{})",
                    if given == 1 { "" } else { "s" },
                    if kw_given == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            return Err(Exc::type_error(format!(
                "{}() takes {takes} but {given}{extra} {} given",
                p.name,
                if given == 1 && kw_given == 0 {
                    "was"
                } else {
                    "were"
                }
            )));
        }
        let mut rest = Vec::new();
        for (i, a) in args.into_iter().enumerate() {
            if i < npos {
                frame[i] = a;
                set[i] = true;
            } else {
                rest.push(a);
            }
        }
        let mut next_slot = nparams;
        if p.varargs {
            frame[next_slot] = Value::tuple(rest);
            next_slot += 1;
        }
        let mut extra_kw = indexmap::IndexMap::new();
        for (k, v) in kwargs {
            match p.params.iter().position(|x| **x == *k) {
                Some(i) if set[i] => {
                    return Err(Exc::type_error(format!(
                        "{}() got multiple values for argument '{}'",
                        p.name, k
                    )))
                }
                Some(i) => {
                    frame[i] = v;
                    set[i] = true;
                }
                None if p.varkw => {
                    extra_kw.insert(super::value::Key::new(Value::Str(k))?, v);
                }
                None => {
                    return Err(Exc::type_error(format!(
                        "{}() got an unexpected keyword argument '{}'",
                        p.name, k
                    )))
                }
            }
        }
        if p.varkw {
            frame[next_slot] = Value::dict(extra_kw);
        }
        for (range, what) in [(0..npos, "positional"), (npos..nparams, "keyword-only")] {
            let mut missing = Vec::new();
            for i in range {
                if !set[i] {
                    match &self.defaults[i] {
                        Some(d) => frame[i] = d.clone(),
                        None => missing.push(format!("'{}'", p.params[i])),
                    }
                }
            }
            if !missing.is_empty() {
                let count = missing.len();
                let list = match missing.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} and {}", rest.join(", "), last)
                    }
                    _ => missing.join(""),
                };
                return Err(Exc::type_error(format!(
                    "{}() missing {} required {what} argument{}: {}",
                    p.name,
                    count,
                    if count == 1 { "" } else { "s" },
                    list
                )));
            }
        }
        Ok(frame)
    }
}

impl Callable for Function {
    fn name(&self) -> &str {
        &self.proto.name
    }
    /// The values this function carries with it when pickled: its default arguments, the
    /// variables it captured from enclosing functions, and the module-level values its body
    /// reads (their current values).
    fn referenced_values(&self) -> Vec<Value> {
        let mut out: Vec<Value> = self.defaults.iter().flatten().cloned().collect();
        out.extend(self.captures.iter().map(|(_, v)| v.clone()));
        out.extend(
            self.proto
                .global_refs
                .iter()
                .filter_map(|n| self.proto.globals.get(n)),
        );
        out
    }

    fn call(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let frame = self.bind(args, kwargs)?;
        self.run(frame)
    }
    fn call1(&self, a: Value) -> PyResult {
        if self.proto.takes_exactly(1) {
            let mut frame = new_frame(self.proto.nslots);
            frame[0] = a;
            self.run(frame)
        } else {
            self.call(vec![a], Vec::new())
        }
    }
    fn call2(&self, a: Value, b: Value) -> PyResult {
        if self.proto.takes_exactly(2) {
            let mut frame = new_frame(self.proto.nslots);
            frame[0] = a;
            frame[1] = b;
            self.run(frame)
        } else {
            self.call(vec![a, b], Vec::new())
        }
    }
    fn arg_count(&self) -> Option<usize> {
        Some(self.proto.positional)
    }
    fn source(&self) -> Option<&str> {
        Some(&self.proto.source)
    }
    fn binds_self(&self) -> bool {
        true
    }
    fn shape(&self) -> Option<&super::shape::Shape> {
        self.proto.shape.as_ref()
    }
}

/// A variable shared by a function and the functions nested in it that
/// rebind it with `nonlocal` (Python's cell): the frames hold the cell, and
/// reads and writes of the name go through it.
pub struct Cell(RwLock<Value>);

impl Cell {
    /// The value the variable holds now.
    pub fn value(&self) -> Value {
        self.0.read().clone()
    }
    fn holding(v: Value) -> Value {
        Value::object(Cell(RwLock::new(v)))
    }
    fn get(slot: &Value) -> Value {
        match slot.downcast::<Cell>() {
            Some(c) => c.0.read().clone(),
            None => slot.clone(),
        }
    }
    fn set(slot: &Value, v: Value) {
        if let Some(c) = slot.downcast::<Cell>() {
            *c.0.write() = v;
        }
    }
}

impl super::value::Object for Cell {
    fn type_name(&self) -> &str {
        "cell"
    }
    fn repr(&self) -> String {
        format!("<cell at {}>", super::repr::FAKE_ADDRESS)
    }
    fn call_method(
        &self,
        _this: &Arc<dyn super::value::Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        Err(Exc::attr_error(format!(
            "'cell' object has no attribute '{name}'"
        )))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A method of a builtin type taken as a value (`str.upper` is not in the
/// subset, but `s.upper` without a call is): calling it calls the method.
struct BoundMethod {
    recv: Value,
    name: String,
}

impl Callable for BoundMethod {
    fn name(&self) -> &str {
        &self.name
    }
    fn call(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        call_method(&self.recv, &self.name, args, kwargs)
    }
    fn is_builtin(&self) -> bool {
        true
    }
}

/// `a op= b`. A list's `+=` extends it with any iterable, as
/// `list.__iadd__` does; otherwise it is `a op b`, with CPython's wording
/// for the augmented operator in a TypeError (`for +=: 'int' and 'str'`).
fn aug_binary(op: BinOp, a: &Value, b: &Value) -> PyResult {
    if let Value::Set(s) = a {
        if let Some(r) = super::set::inplace(op, s, b) {
            r?;
            return Ok(a.clone());
        }
    }
    if let (BinOp::Add, Value::List(items)) = (op, a) {
        // In place: every name bound to the list sees it grow. The new items
        // are read first, so `a += a` doubles the list.
        let more = ops::iterate(b)?;
        let mut w = items.write();
        limits::check_items(w.len() + more.len(), "list")?;
        w.extend(more);
        drop(w);
        return Ok(a.clone());
    }
    ops::binary(op, a, b).map_err(|mut e| {
        let plain = format!("for {}:", op.symbol());
        if e.kind == ExcKind::TypeError && e.msg.contains(&plain) {
            let sym = if op == BinOp::Pow { "**" } else { op.symbol() };
            e.msg = e.msg.replacen(&plain, &format!("for {sym}=:"), 1);
        }
        e
    })
}

fn eval_decorators(decos: &[(ExprCode, Span)], f: &mut Frame) -> PyResult<Vec<(Value, Span)>> {
    decos.iter().map(|(c, span)| Ok((c(f)?, *span))).collect()
}

/// `@a @b def f` is `f = a(b(f))`: the innermost decorator first.
fn apply_decorators(decos: Vec<(Value, Span)>, mut v: Value) -> PyResult {
    for (d, span) in decos.into_iter().rev() {
        v = call_value(&d, vec![v], Vec::new()).map_err(|e| e.at(span))?;
    }
    Ok(v)
}

fn constant(v: Value) -> ExprCode {
    Box::new(move |_| Ok(v.clone()))
}

fn eval_all(cs: &[ExprCode], f: &mut Frame) -> PyResult<Vec<Value>> {
    let mut out = Vec::with_capacity(cs.len());
    for c in cs {
        out.push(c(f)?);
    }
    Ok(out)
}

/// Call any callable value.
pub fn call_value(callee: &Value, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    match callee {
        Value::Func(func) => func.call(args, kwargs),
        Value::Object(o) => o.call(o, args, kwargs),
        other => Err(Exc::type_error(format!(
            "'{}' object is not callable",
            other.type_name()
        ))),
    }
}

/// Python's wording when a `with` statement's value is no context manager:
/// `TypeError: 'int' object does not support the context manager protocol`.
fn with_protocol_error(e: Exc, mgr: &Value, method: &str) -> Exc {
    let missing = e.kind == ExcKind::AttributeError && e.msg.contains(&format!("'{method}'"));
    if missing {
        Exc::type_error(format!(
            "'{}' object does not support the context manager protocol",
            mgr.type_name()
        ))
    } else {
        e
    }
}

/// `recv.name(args...)` on any value.
pub fn call_method(recv: &Value, name: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
    match recv {
        Value::Object(o) => o.call_method(o, name, args, kwargs),
        Value::Func(_) => Err(Exc::attr_error(format!(
            "'{}' object has no attribute '{}'",
            recv.type_name(),
            name
        ))),
        _ => methods::call_method(recv, name, args, kwargs),
    }
}

/// `recv.name` without a call.
pub fn get_attr(recv: &Value, name: &str) -> PyResult {
    match recv {
        Value::Object(o) => o.get_attr(o, name),
        Value::Func(_) => Err(Exc::attr_error(format!(
            "'{}' object has no attribute '{}'",
            recv.type_name(),
            name
        ))),
        _ => {
            if methods::method_names(recv.type_name()).contains(&name) {
                Ok(Value::Func(Arc::new(BoundMethod {
                    recv: recv.clone(),
                    name: name.to_string(),
                })))
            } else {
                Err(super::diag::no_attribute(
                    recv.type_name(),
                    name,
                    methods::method_names(recv.type_name()).iter().copied(),
                ))
            }
        }
    }
}

fn target_names(t: &Target, out: &mut Vec<String>) {
    match t {
        Target::Name(n, _) => out.push(n.clone()),
        Target::Starred(inner, _) => target_names(inner, out),
        Target::Tuple(ts, _) => ts.iter().for_each(|t| target_names(t, out)),
        Target::Subscript { .. } | Target::Attribute { .. } => {}
    }
}

/// Names declared `global` in a function body (through nested blocks, not
/// in nested functions), each with where it is declared.
fn collect_globals(stmts: &[Stmt], out: &mut Vec<(String, Span)>) {
    for st in stmts {
        if let StmtKind::Global(names) = &st.kind {
            out.extend(names.iter().cloned());
        }
        for b in st.blocks() {
            collect_globals(b, out);
        }
    }
}

/// Names declared `nonlocal` in a function body (through nested blocks,
/// not in nested functions).
fn collect_nonlocals(stmts: &[Stmt], out: &mut Vec<(String, Span)>) {
    for st in stmts {
        if let StmtKind::Nonlocal(names) = &st.kind {
            out.extend(names.iter().cloned());
        }
        for b in st.blocks() {
            collect_nonlocals(b, out);
        }
    }
}

/// Names declared `nonlocal` in the functions nested (at any depth) in a
/// function body: the variables of that function that must live in cells.
fn nested_nonlocals(stmts: &[Stmt], out: &mut HashSet<String>) {
    for st in stmts {
        if let StmtKind::Def(d) = &st.kind {
            let mut own = Vec::new();
            collect_nonlocals(&d.body, &mut own);
            out.extend(own.into_iter().map(|(n, _)| n));
            nested_nonlocals(&d.body, out);
        }
        for b in st.blocks() {
            nested_nonlocals(b, out);
        }
    }
}

/// Whether a function body yields (through nested blocks, not in nested
/// functions): then calling it makes a generator.
fn contains_yield(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|st| {
        matches!(
            &st.kind,
            StmtKind::Expr(Expr {
                kind: ExprKind::Yield { .. },
                ..
            })
        ) || st.blocks().into_iter().any(contains_yield)
    })
}

/// Names a statement binds (assignments and `def`s, through `if` blocks; not
/// inside nested functions).
fn collect_assigned(st: &Stmt, out: &mut HashSet<String>) {
    let mut names = Vec::new();
    match &st.kind {
        StmtKind::Assign { target, .. }
        | StmtKind::AnnAssign { target, .. }
        | StmtKind::AugAssign { target, .. }
        | StmtKind::For { target, .. } => target_names(target, &mut names),
        StmtKind::With { items, .. } => items
            .iter()
            .filter_map(|i| i.target.as_ref())
            .for_each(|t| target_names(t, &mut names)),
        StmtKind::ChainAssign { targets, .. } | StmtKind::Del(targets) => {
            targets.iter().for_each(|t| target_names(t, &mut names))
        }
        StmtKind::Try { handlers, .. } => names.extend(
            handlers
                .iter()
                .filter_map(|h| h.name.as_ref().map(|(n, _)| n.clone())),
        ),
        _ => {}
    }
    out.extend(names);
    for b in st.blocks() {
        b.iter().for_each(|s| collect_assigned(s, out));
    }
    match &st.kind {
        StmtKind::Def(d) => {
            out.insert(d.name.clone());
        }
        StmtKind::Class(c) => {
            out.insert(c.name.clone());
        }
        StmtKind::Import {
            module,
            names,
            alias,
        } => {
            if names.is_empty() {
                out.insert(
                    alias
                        .clone()
                        .unwrap_or_else(|| module.split('.').next().unwrap_or(module).to_string()),
                );
            } else {
                out.extend(
                    names
                        .iter()
                        .map(|n| n.alias.clone().unwrap_or_else(|| n.name.clone())),
                );
            }
        }
        _ => {}
    }
}
