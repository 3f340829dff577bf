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

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use parking_lot::RwLock;

use super::ast::{
    BinOp, BoolOp, CmpOp, Expr, ExprKind, Handler, Param, Program, Span, Stmt, StmtKind, Target,
};
use super::diag::did_you_mean;
use super::value::{Callable, Exc, Kwargs, PyResult, Value};
use super::{builtins, exceptions, limits, methods, ops};
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
        }
        prog.stmts.iter().map(|s| self.compile_top(s)).collect()
    }

    /// Compile one module-level statement.
    pub fn compile_top(&mut self, st: &Stmt) -> Result<TopLevel, CompileError> {
        collect_assigned(st, &mut self.module_names);
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
        self.scopes.len() > 1
    }

    fn resolve(&mut self, name: &str) -> NameRef {
        match self.resolve_in(self.scopes.len() - 1, name) {
            Some(s) => NameRef::Local(s),
            None => NameRef::Global,
        }
    }

    fn resolve_in(&mut self, idx: usize, name: &str) -> Option<usize> {
        if self.scopes[idx].globals.contains(name) {
            return None;
        }
        if let Some(&s) = self.scopes[idx].locals.get(name) {
            return Some(s);
        }
        if idx == 0 {
            return None;
        }
        let outer = self.resolve_in(idx - 1, name)?;
        let scope = &mut self.scopes[idx];
        let inner = scope.alloc(name);
        scope.captures.push((outer, inner));
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
            StmtKind::Nonlocal(_) => Err(CompileError {
                span: st.span,
                kind: ExcKind::SyntaxError,
                message: if self.in_function() {
                    "'nonlocal' is not supported in streamlab's Python subset".into()
                } else {
                    "nonlocal declaration not allowed at module level".into()
                },
            }),
            StmtKind::Def(def) => {
                let make =
                    self.function_inner(&def.name, &def.params, FnBody::Stmts(&def.body), st.span)?;
                let store = self.store(&Target::Name(def.name.clone(), def.name_span))?;
                Ok(Box::new(move |f| {
                    let func = make(f)?;
                    store(f, func)?;
                    Ok(Flow::Next)
                }))
            }
        }
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
            Target::Tuple(_, span) => Err(CompileError {
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
                    Ok(Box::new(move |f, v| {
                        f[slot] = v;
                        Ok(())
                    }))
                }
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

    // ---- functions --------------------------------------------------------

    fn function_inner(
        &mut self,
        name: &str,
        params: &[Param],
        body: FnBody<'_>,
        span: Span,
    ) -> Result<ExprCode, CompileError> {
        // Defaults are evaluated when the function is created, in the enclosing scope.
        let mut defaults = Vec::new();
        for p in params {
            defaults.push(match &p.default {
                Some(d) => Some(self.expr(d)?),
                None => None,
            });
        }
        let mut scope = Scope::default();
        let mut seen = HashSet::new();
        for p in params {
            if !seen.insert(p.name.clone()) {
                return Err(CompileError {
                    span: p.span,
                    kind: ExcKind::SyntaxError,
                    message: format!("duplicate argument '{}' in function definition", p.name),
                });
            }
            scope.alloc(&p.name);
        }
        // Every name assigned anywhere in the body is local to the function
        // (Python's rule), except the names it declares `global`.
        if let FnBody::Stmts(stmts) = &body {
            if let Some(span) = find_nonlocal(stmts) {
                // Inner functions capture enclosing variables by value (see
                // the module doc), so rebinding one from inside cannot work.
                return Err(CompileError {
                    span,
                    kind: ExcKind::SyntaxError,
                    message: "'nonlocal' is not supported in streamlab's Python subset; \
                              return the new value from the inner function instead"
                        .into(),
                });
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
                .filter(|n| !scope.globals.contains(n))
                .collect();
            assigned.sort();
            for n in assigned {
                scope.alloc(&n);
            }
        }
        self.scopes.push(scope);
        let compiled = match body {
            FnBody::Expr(e) => self.expr(e).map(FuncBody::Expr),
            FnBody::Stmts(s) => self.block(s).map(FuncBody::Stmts),
        };
        let scope = self.scopes.pop().expect("function scope");
        let compiled = Arc::new(compiled?);
        let proto = Arc::new(Proto {
            name: name.to_string(),
            params: params.iter().map(|p| p.name.clone()).collect(),
            nslots: scope.nslots,
            body: compiled,
            source: self.text(span),
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
            ExprKind::Tuple(items) => {
                let cs = self.exprs(items)?;
                Box::new(move |f| Ok(Value::tuple(eval_all(&cs, f)?)))
            }
            ExprKind::List(items) => {
                let cs = self.exprs(items)?;
                Box::new(move |f| Ok(Value::list(eval_all(&cs, f)?)))
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
            ExprKind::ListComp { elt, generators } => self.list_comp(elt, generators)?,
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
            NameRef::Global => {
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

    fn list_comp(
        &mut self,
        elt: &Expr,
        gens: &[super::ast::Comprehension],
    ) -> Result<ExprCode, CompileError> {
        // Comprehension variables get slots of the current scope, visible only
        // while compiling the comprehension (the previous binding is restored).
        struct Gen {
            iter: ExprCode,
            store: StoreCode,
            ifs: Vec<ExprCode>,
        }
        let mut saved: Vec<(String, Option<usize>)> = Vec::new();
        let mut compiled = Vec::new();
        let result = (|| -> Result<ExprCode, CompileError> {
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
            let elt = self.expr(elt)?;
            let gens = std::mem::take(&mut compiled);
            Ok(Box::new(move |f| {
                let mut out = Vec::new();
                run_gens(&gens, 0, &elt, f, &mut out)?;
                Ok(Value::list(out))
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
            elt: &ExprCode,
            f: &mut Frame,
            out: &mut Vec<Value>,
        ) -> PyResult<()> {
            let Some(g) = gens.get(i) else {
                out.push(elt(f)?);
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
                    run_gens(gens, i + 1, elt, f, out)?;
                }
            }
            Ok(())
        }
        result
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
    params: Vec<String>,
    nslots: usize,
    body: Arc<FuncBody>,
    source: String,
}

/// A function value: the compiled code plus defaults and captured variables.
pub struct Function {
    proto: Arc<Proto>,
    defaults: Vec<Option<Value>>,
    captures: Vec<(usize, Value)>,
}

impl Function {
    fn run(&self, frame: Frame) -> PyResult {
        let _frame = limits::enter_frame()?;
        limits::grow(|| self.run_here(frame))
    }

    fn run_here(&self, mut frame: Frame) -> PyResult {
        for (slot, v) in &self.captures {
            frame[*slot] = v.clone();
        }
        match &*self.proto.body {
            FuncBody::Expr(c) => c(&mut frame),
            FuncBody::Stmts(c) => match c(&mut frame)? {
                Flow::Return(v) => Ok(v),
                Flow::Next | Flow::Break | Flow::Continue => Ok(Value::None),
            },
        }
    }

    fn bind(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Frame> {
        let p = &self.proto;
        let n = p.params.len();
        if args.len() > n {
            return Err(Exc::type_error(format!(
                "{}() takes {} positional argument{} but {} {} given",
                p.name,
                n,
                if n == 1 { "" } else { "s" },
                args.len(),
                if args.len() == 1 { "was" } else { "were" }
            )));
        }
        let mut frame = new_frame(p.nslots);
        let mut set = vec![false; n];
        for (i, a) in args.into_iter().enumerate() {
            frame[i] = a;
            set[i] = true;
        }
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
                None => {
                    return Err(Exc::type_error(format!(
                        "{}() got an unexpected keyword argument '{}'",
                        p.name, k
                    )))
                }
            }
        }
        let mut missing = Vec::new();
        for i in 0..n {
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
                "{}() missing {} required positional argument{}: {}",
                p.name,
                count,
                if count == 1 { "" } else { "s" },
                list
            )));
        }
        Ok(frame)
    }
}

impl Callable for Function {
    fn name(&self) -> &str {
        &self.proto.name
    }
    fn call(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let frame = self.bind(args, kwargs)?;
        self.run(frame)
    }
    fn call1(&self, a: Value) -> PyResult {
        if self.proto.params.len() == 1 {
            let mut frame = new_frame(self.proto.nslots);
            frame[0] = a;
            self.run(frame)
        } else {
            self.call(vec![a], Vec::new())
        }
    }
    fn call2(&self, a: Value, b: Value) -> PyResult {
        if self.proto.params.len() == 2 {
            let mut frame = new_frame(self.proto.nslots);
            frame[0] = a;
            frame[1] = b;
            self.run(frame)
        } else {
            self.call(vec![a, b], Vec::new())
        }
    }
    fn arg_count(&self) -> Option<usize> {
        Some(self.proto.params.len())
    }
    fn source(&self) -> Option<&str> {
        Some(&self.proto.source)
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

/// The first `nonlocal` statement in a function body, if any.
fn find_nonlocal(stmts: &[Stmt]) -> Option<Span> {
    stmts.iter().find_map(|st| match &st.kind {
        StmtKind::Nonlocal(_) => Some(st.span),
        _ => st.blocks().into_iter().find_map(find_nonlocal),
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
