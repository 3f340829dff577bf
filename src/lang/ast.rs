//! The syntax tree of a streamlab program, with byte spans into the source.
//!
//! The tree is what the pest grammar (`grammar/streamlab.pest`) accepts, after
//! `lang::parse` has turned pest pairs into these types. It knows nothing about
//! meaning: names are not resolved and calls are not checked here (that is
//! `lang::compile`'s job), so the parser can be tested on its own.

use num_bigint::BigInt;

/// A half-open byte range `[start, end)` into the program text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub stmts: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `from pyspark.streaming import StreamingContext` (`names` holds each
    /// imported name with its `as` alias) or `import operator as op` (`names`
    /// empty, `alias` set when given). Binds names; has no other effect.
    Import {
        module: String,
        names: Vec<ImportName>,
        alias: Option<String>,
    },
    /// `target = value` (`a = 1`, `a, b = pair`, `d[k] = v`, `o.x = v`).
    Assign { target: Target, value: Expr },
    /// `a = b = value`: the value is evaluated once and stored into each
    /// target from left to right, as Python does.
    ChainAssign { targets: Vec<Target>, value: Expr },
    /// `target: annotation = value` or a bare `target: annotation`. The
    /// annotation is kept for tools but never evaluated (as under
    /// `from __future__ import annotations`), so it may name typing things
    /// like `Optional[int]` that the subset does not otherwise know.
    AnnAssign {
        target: Target,
        annotation: Expr,
        value: Option<Expr>,
    },
    /// `target op= value` (`n += 1`, `d[k] -= 1`, `o.n *= 2`).
    AugAssign {
        target: Target,
        op: BinOp,
        /// Where the operator is, for error locations.
        op_span: Span,
        value: Expr,
    },
    /// `del a, b[i]`.
    Del(Vec<Target>),
    /// `for target in iter: body` with an optional `else:` run when the
    /// loop ends without `break`.
    For {
        target: Target,
        iter: Expr,
        body: Vec<Stmt>,
        orelse: Option<Vec<Stmt>>,
    },
    /// `while test: body` with an optional `else:`.
    While {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Option<Vec<Stmt>>,
    },
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `try: body`, its `except` handlers, `else:` and `finally:`.
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Option<Vec<Stmt>>,
        finalbody: Option<Vec<Stmt>>,
    },
    /// `with a as x, b: body`: each context manager's `__enter__` runs in
    /// order (its result bound to the target), and its `__exit__` when the
    /// body ends, however it ends, innermost first.
    With {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
    },
    /// `raise`, `raise exc`, `raise exc from cause` (the cause is kept but
    /// has no effect).
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
    },
    /// `assert test` / `assert test, msg`.
    Assert { test: Expr, msg: Option<Expr> },
    /// `global a, b`: the names, each with its span.
    Global(Vec<(String, Span)>),
    /// `nonlocal a, b`.
    Nonlocal(Vec<(String, Span)>),
    /// An expression evaluated for its effect, e.g. `counts.pprint()`.
    Expr(Expr),
    /// `def name(params) -> ann: body`; annotations are parsed and dropped.
    Def(FunctionDef),
    /// `class Name(Base): body`.
    Class(ClassDef),
    /// `if c: ... elif c2: ... else: ...`; `branches` holds the `if` and every `elif`.
    If {
        branches: Vec<(Expr, Vec<Stmt>)>,
        orelse: Option<Vec<Stmt>>,
    },
    /// `return` or `return expr`.
    Return(Option<Expr>),
    /// `pass`.
    Pass,
}

/// One `except` clause of a `try`.
#[derive(Debug, Clone, PartialEq)]
pub struct Handler {
    /// The class (or tuple of classes) to catch; `None` for a bare `except:`.
    pub typ: Option<Expr>,
    /// The name bound by `as`, with its span.
    pub name: Option<(String, Span)>,
    pub body: Vec<Stmt>,
    /// The `except ...:` header.
    pub span: Span,
}

/// One `expr as target` of a `with` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Target>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportName {
    pub name: String,
    pub alias: Option<String>,
    pub span: Span,
}

impl Stmt {
    /// The blocks nested directly in this statement (bodies of `if`, `for`,
    /// `while`, `try` and its clauses; not the body of a `def` or a `class`,
    /// which have scopes of their own).
    pub fn blocks(&self) -> Vec<&[Stmt]> {
        let mut out: Vec<&[Stmt]> = Vec::new();
        match &self.kind {
            StmtKind::If { branches, orelse } => {
                out.extend(branches.iter().map(|(_, b)| b.as_slice()));
                out.extend(orelse.as_deref());
            }
            StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                out.push(body);
                out.extend(orelse.as_deref());
            }
            StmtKind::With { body, .. } => out.push(body),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                out.push(body);
                out.extend(handlers.iter().map(|h| h.body.as_slice()));
                out.extend(orelse.as_deref());
                out.extend(finalbody.as_deref());
            }
            _ => {}
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    pub name_span: Span,
    pub params: Vec<Param>,
    pub body: Vec<Stmt>,
    /// `@expr` lines above the `def`, outermost first.
    pub decorators: Vec<Expr>,
}

/// `class Name(bases, keywords): body`. Keywords (`metaclass=...`) and more
/// than one base are kept so that the compiler can name them as outside the subset.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    pub name: String,
    pub name_span: Span,
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Vec<Stmt>,
    /// `@expr` lines above the `class`, outermost first.
    pub decorators: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub default: Option<Expr>,
    pub span: Span,
    pub kind: ParamKind,
}

/// Where a parameter sits in a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParamKind {
    /// Positional or keyword (`a`, `a=1`).
    #[default]
    Normal,
    /// `*args`: the extra positional arguments, as a tuple.
    VarArgs,
    /// After `*` or `*args`: given by keyword only.
    KwOnly,
    /// `**kwargs`: the extra keyword arguments, as a dict.
    VarKw,
}

/// An assignment or loop target.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Name(String, Span),
    /// `a, b` or `(a, b)` or `[a, b]`.
    Tuple(Vec<Target>, Span),
    /// `value[index]`.
    Subscript {
        value: Box<Expr>,
        index: Box<Expr>,
        span: Span,
    },
    /// `value.attr`.
    Attribute {
        value: Box<Expr>,
        attr: String,
        attr_span: Span,
        span: Span,
    },
    /// `*rest` inside a tuple target (`first, *rest = items`).
    Starred(Box<Target>, Span),
}

impl Target {
    pub fn span(&self) -> Span {
        match self {
            Target::Name(_, s) | Target::Tuple(_, s) | Target::Starred(_, s) => *s,
            Target::Subscript { span, .. } | Target::Attribute { span, .. } => *span,
        }
    }

    /// Call `f` on each expression inside the target (`d` and `k` of `d[k]`).
    pub fn for_each_expr<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        match self {
            Target::Name(..) => {}
            Target::Tuple(ts, _) => ts.iter().for_each(|t| t.for_each_expr(f)),
            Target::Starred(t, _) => t.for_each_expr(f),
            Target::Subscript { value, index, .. } => {
                f(value);
                f(index);
            }
            Target::Attribute { value, .. } => f(value),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Name(String),
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    /// A string literal with escapes already decoded; adjacent literals are concatenated.
    Str(String),
    Lambda {
        params: Vec<Param>,
        body: Box<Expr>,
    },
    /// `body if test else orelse`
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    /// `a and b and c` / `a or b`
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    Not(Box<Expr>),
    /// `a < b <= c`: `left` then each `(op, right)` in order.
    Compare {
        left: Box<Expr>,
        ops: Vec<(CmpOp, Expr)>,
    },
    BinOp {
        op: BinOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// Unary minus.
    Neg(Box<Expr>),
    /// Unary plus.
    Pos(Box<Expr>),
    /// `~x`: bitwise invert (an int), logical NOT (a pyspark Column).
    Invert(Box<Expr>),
    /// `value.attr`
    Attribute {
        value: Box<Expr>,
        attr: String,
        attr_span: Span,
    },
    /// `func(args, name=value)`
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        kwargs: Vec<Keyword>,
    },
    /// `value[index]`
    Subscript {
        value: Box<Expr>,
        index: Box<Expr>,
    },
    /// `value[lower:upper:step]`, any part may be missing.
    Slice {
        value: Box<Expr>,
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    /// `[elt for target in iter if cond ...]`; a generator expression passed as
    /// the only argument of a call (`sum(x for x in xs)`) is parsed as this too.
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `(elt for target in iter ...)`, also as the only argument of a call.
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `{a, b}`: a set display (never empty: `{}` is a dict).
    Set(Vec<Expr>),
    /// `{elt for target in iter ...}`
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `{key: value for target in iter ...}`
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `{**m, k: v}`: a dict display with `**` items (a `None` key is `**value`).
    DictUnpack(Vec<(Option<Expr>, Expr)>),
    /// `*value` in a call, or in a list, tuple or set display.
    Starred(Box<Expr>),
    /// `f"text {expr!r:spec}"`: literal text and replacement fields, in order.
    FString(Vec<FPart>),
    /// `yield value` / `yield from value` (as a statement).
    Yield {
        value: Option<Box<Expr>>,
        from: bool,
    },
}

/// One piece of an f-string.
#[derive(Debug, Clone, PartialEq)]
pub enum FPart {
    Lit(String),
    Field {
        value: Box<Expr>,
        /// `!r`, `!s` or `!a`.
        conv: Option<char>,
        /// The format spec after `:`, itself an f-string (`{x:>{w}}`).
        spec: Vec<FPart>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// Empty for `**mapping`.
    pub name: String,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    pub target: Target,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    In,
    NotIn,
    Is,
    IsNot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    BitOr,
    BitAnd,
    BitXor,
    LShift,
    RShift,
}

impl BinOp {
    /// The operator as Python writes it, for messages such as
    /// `unsupported operand type(s) for +: 'int' and 'str'`.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::BitOr => "|",
            BinOp::BitAnd => "&",
            BinOp::BitXor => "^",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
        }
    }
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

impl Expr {
    /// Call `f` on each direct sub-expression (parameter defaults of a
    /// `lambda` and the parts of a comprehension included).
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::Name(_)
            | ExprKind::None
            | ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_) => {}
            ExprKind::Lambda { params, body } => {
                params
                    .iter()
                    .filter_map(|p| p.default.as_ref())
                    .for_each(&mut f);
                f(body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                f(body);
                f(test);
                f(orelse);
            }
            ExprKind::BoolOp { values, .. } => values.iter().for_each(f),
            ExprKind::Not(e) | ExprKind::Neg(e) | ExprKind::Pos(e) | ExprKind::Invert(e) => f(e),
            ExprKind::Compare { left, ops } => {
                f(left);
                ops.iter().for_each(|(_, e)| f(e));
            }
            ExprKind::BinOp { left, right, .. } => {
                f(left);
                f(right);
            }
            ExprKind::Attribute { value, .. } => f(value),
            ExprKind::Call { func, args, kwargs } => {
                f(func);
                args.iter().for_each(&mut f);
                kwargs.iter().for_each(|k| f(&k.value));
            }
            ExprKind::Subscript { value, index } => {
                f(value);
                f(index);
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
            } => {
                f(value);
                for part in [lower, upper, step].into_iter().flatten() {
                    f(part);
                }
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().for_each(f),
            ExprKind::Dict(pairs) => pairs.iter().for_each(|(k, v)| {
                f(k);
                f(v);
            }),
            ExprKind::ListComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators }
            | ExprKind::SetComp { elt, generators } => {
                f(elt);
                for g in generators {
                    f(&g.iter);
                    g.ifs.iter().for_each(&mut f);
                }
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                f(key);
                f(value);
                for g in generators {
                    f(&g.iter);
                    g.ifs.iter().for_each(&mut f);
                }
            }
            ExprKind::Set(items) => items.iter().for_each(f),
            ExprKind::DictUnpack(pairs) => pairs.iter().for_each(|(k, v)| {
                if let Some(k) = k {
                    f(k);
                }
                f(v);
            }),
            ExprKind::Starred(e) => f(e),
            ExprKind::FString(parts) => {
                fn walk<'a>(parts: &'a [FPart], f: &mut impl FnMut(&'a Expr)) {
                    for p in parts {
                        if let FPart::Field { value, spec, .. } = p {
                            f(value);
                            walk(spec, f);
                        }
                    }
                }
                walk(parts, &mut f);
            }
            ExprKind::Yield { value, .. } => value.iter().for_each(|v| f(v)),
        }
    }

    /// The first sub-expression (in depth-first order) that lies more than
    /// `limit` levels below `self`, if any. Walks with an explicit stack, so
    /// any depth is safe to measure.
    pub fn deeper_than(&self, limit: usize) -> Option<&Expr> {
        let mut stack: Vec<(&Expr, usize)> = vec![(self, 1)];
        while let Some((e, depth)) = stack.pop() {
            if depth > limit {
                return Some(e);
            }
            e.for_each_child(|c| stack.push((c, depth + 1)));
        }
        None
    }
}

impl Stmt {
    /// Call `f` on each expression written in this statement itself (not in
    /// the statements of a nested block; an `except` clause's class is
    /// counted, its body is not).
    pub fn for_each_expr<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match &self.kind {
            StmtKind::Assign { target, value } => {
                target.for_each_expr(&mut f);
                f(value);
            }
            StmtKind::ChainAssign { targets, value } => {
                targets.iter().for_each(|t| t.for_each_expr(&mut f));
                f(value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => {
                target.for_each_expr(&mut f);
                f(annotation);
                value.iter().for_each(f);
            }
            StmtKind::AugAssign { target, value, .. } => {
                target.for_each_expr(&mut f);
                f(value);
            }
            StmtKind::Del(targets) => targets.iter().for_each(|t| t.for_each_expr(&mut f)),
            StmtKind::For { target, iter, .. } => {
                target.for_each_expr(&mut f);
                f(iter);
            }
            StmtKind::While { test, .. } => f(test),
            StmtKind::With { items, .. } => {
                for item in items {
                    f(&item.context);
                    if let Some(t) = &item.target {
                        t.for_each_expr(&mut f);
                    }
                }
            }
            StmtKind::Try { handlers, .. } => {
                handlers.iter().filter_map(|h| h.typ.as_ref()).for_each(f)
            }
            StmtKind::Raise { exc, cause } => exc.iter().chain(cause.iter()).for_each(f),
            StmtKind::Assert { test, msg } => {
                f(test);
                msg.iter().for_each(f);
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Expr(e) => f(e),
            StmtKind::Return(e) => e.iter().for_each(f),
            StmtKind::Def(d) => {
                d.decorators.iter().for_each(&mut f);
                d.params
                    .iter()
                    .filter_map(|p| p.default.as_ref())
                    .for_each(f)
            }
            StmtKind::Class(c) => {
                c.decorators.iter().for_each(&mut f);
                c.bases.iter().for_each(&mut f);
                c.keywords.iter().for_each(|k| f(&k.value));
            }
            StmtKind::If { branches, .. } => branches.iter().for_each(|(t, _)| f(t)),
            StmtKind::Import { .. } | StmtKind::Pass => {}
        }
    }
}
