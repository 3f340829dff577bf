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
    /// `target = value` (`a = 1`, `a, b = pair`).
    Assign { target: Target, value: Expr },
    /// An expression evaluated for its effect, e.g. `counts.pprint()`.
    Expr(Expr),
    /// `def name(params) -> ann: body`; annotations are parsed and dropped.
    Def(FunctionDef),
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

#[derive(Debug, Clone, PartialEq)]
pub struct ImportName {
    pub name: String,
    pub alias: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    pub name_span: Span,
    pub params: Vec<Param>,
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub default: Option<Expr>,
    pub span: Span,
}

/// An assignment or loop target.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Name(String, Span),
    /// `a, b` or `(a, b)` or `[a, b]`.
    Tuple(Vec<Target>, Span),
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
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
            ExprKind::Not(e) | ExprKind::Neg(e) | ExprKind::Pos(e) => f(e),
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
            ExprKind::ListComp { elt, generators } => {
                f(elt);
                for g in generators {
                    f(&g.iter);
                    g.ifs.iter().for_each(&mut f);
                }
            }
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
    /// the statements of a nested block).
    pub fn for_each_expr<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match &self.kind {
            StmtKind::Assign { value, .. } => f(value),
            StmtKind::Expr(e) => f(e),
            StmtKind::Return(e) => e.iter().for_each(f),
            StmtKind::Def(d) => d
                .params
                .iter()
                .filter_map(|p| p.default.as_ref())
                .for_each(f),
            StmtKind::If { branches, .. } => branches.iter().for_each(|(t, _)| f(t)),
            StmtKind::Import { .. } | StmtKind::Pass => {}
        }
    }
}
