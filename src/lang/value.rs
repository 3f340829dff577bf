//! Runtime values of the streamlab language, with Python's semantics.
//!
//! Every record that flows through the engine is a [`Value`]. Values are cheap to
//! clone (containers are behind `Arc`) and `Send + Sync`, so partitions can be
//! processed on rayon's threads. How a value prints (`repr`/`str`), compares,
//! hashes and computes lives next to this type in `lang::{repr, ops, hash}`; the
//! builtins and the methods of `str`, `list` and `dict` in `lang::{builtins, methods}`.
//! Objects that belong to the engine (RDDs, DStreams, the two contexts) are
//! [`Object`]s, so this module does not depend on the engine.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use indexmap::IndexMap;
use num_bigint::BigInt;

use super::ast::Span;

#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    /// Ints that fit in 64 bits; arithmetic that overflows moves to [`Value::BigInt`].
    Int(i64),
    /// Ints outside the i64 range (always normalised: a BigInt that fits is an Int).
    BigInt(Arc<BigInt>),
    Float(f64),
    Str(Arc<str>),
    Tuple(Arc<Vec<Value>>),
    /// Shared and mutable, as Python's lists are: every name bound to one
    /// list sees an `append`.
    List(Arc<List>),
    /// Insertion-ordered, shared and mutable, like Python's dict.
    Dict(Arc<Dict>),
    /// A set or a frozenset (see `lang::set`).
    Set(Arc<super::set::Set>),
    /// `range(start, stop, step)`.
    Range(i64, i64, i64),
    /// The values of one key after `groupByKey`/`cogroup`: PySpark's `ResultIterable`.
    Iterable(Arc<Vec<Value>>),
    /// Lambdas, `def` functions and builtins.
    Func(Arc<dyn Callable>),
    /// RDDs, DStreams, contexts, classes: anything the engine or session defines.
    Object(Arc<dyn Object>),
}

/// A Python list: one shared, mutable sequence. Reads may nest (`a == a`,
/// a list printed inside itself), so they never wait for one another; a
/// write holds the list alone, and no code holds a read while it writes.
#[derive(Default)]
pub struct List(parking_lot::RwLock<Vec<Value>>);

impl List {
    pub fn new(items: Vec<Value>) -> Arc<List> {
        Arc::new(List(parking_lot::RwLock::new(items)))
    }
    /// The items, for reading.
    pub fn read(&self) -> parking_lot::RwLockReadGuard<'_, Vec<Value>> {
        self.0.read_recursive()
    }
    /// The items, for changing them.
    pub fn write(&self) -> parking_lot::RwLockWriteGuard<'_, Vec<Value>> {
        self.0.write()
    }
    /// A copy of the items.
    pub fn to_vec(&self) -> Vec<Value> {
        self.read().clone()
    }
    /// The items, taken without a copy when nothing else holds the list.
    pub fn into_vec(self: Arc<List>) -> Vec<Value> {
        match Arc::try_unwrap(self) {
            Ok(l) => l.0.into_inner(),
            Err(shared) => shared.to_vec(),
        }
    }
    pub fn len(&self) -> usize {
        self.read().len()
    }
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }
}

/// A Python dict: one shared, mutable, insertion-ordered map (see [`List`]
/// for how reads and writes share it). `kind` tells the dict subclasses of
/// `collections` apart (`Counter`, `defaultdict`, `OrderedDict`), which are
/// dicts with a few behaviours of their own (`lang::stdlib::collections`).
#[derive(Default)]
pub struct Dict {
    map: parking_lot::RwLock<IndexMap<Key, Value>>,
    pub kind: DictKind,
}

/// Which dict class a [`Dict`] is.
#[derive(Clone, Default)]
pub enum DictKind {
    #[default]
    Plain,
    Counter,
    OrderedDict,
    /// A `defaultdict` and its `default_factory` (None or a callable).
    DefaultDict(Value),
}

impl DictKind {
    /// Python's class name.
    pub fn name(&self) -> &'static str {
        match self {
            DictKind::Plain => "dict",
            DictKind::Counter => "Counter",
            DictKind::OrderedDict => "OrderedDict",
            DictKind::DefaultDict(_) => "defaultdict",
        }
    }
}

impl Dict {
    pub fn new(items: IndexMap<Key, Value>) -> Arc<Dict> {
        Dict::with_kind(items, DictKind::Plain)
    }
    pub fn with_kind(items: IndexMap<Key, Value>, kind: DictKind) -> Arc<Dict> {
        Arc::new(Dict {
            map: parking_lot::RwLock::new(items),
            kind,
        })
    }
    pub fn is_plain(&self) -> bool {
        matches!(self.kind, DictKind::Plain)
    }
    pub fn read(&self) -> parking_lot::RwLockReadGuard<'_, IndexMap<Key, Value>> {
        self.map.read_recursive()
    }
    pub fn write(&self) -> parking_lot::RwLockWriteGuard<'_, IndexMap<Key, Value>> {
        self.map.write()
    }
    /// A copy of the entries.
    pub fn to_map(&self) -> IndexMap<Key, Value> {
        self.read().clone()
    }
    pub fn len(&self) -> usize {
        self.read().len()
    }
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }
}

/// The items of a tuple, a list or a ResultIterable, for reading.
pub enum Items<'a> {
    Shared(&'a [Value]),
    Locked(parking_lot::RwLockReadGuard<'a, Vec<Value>>),
}

impl std::ops::Deref for Items<'_> {
    type Target = [Value];
    fn deref(&self) -> &[Value] {
        match self {
            Items::Shared(s) => s,
            Items::Locked(g) => g,
        }
    }
}

/// Keyword arguments as passed to calls.
pub type Kwargs = Vec<(Arc<str>, Value)>;

/// The class of a Python exception, with the hierarchy `except` will follow
/// (`ZeroDivisionError` is an `ArithmeticError` is an `Exception`). The
/// exceptions PySpark raises from the JVM (`IllegalArgumentException`,
/// `AnalysisException`, ...) are here under the names PySpark gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExcKind {
    BaseException,
    /// `sys.exit(...)`: not an `Exception`, so `except Exception` lets it through.
    SystemExit,
    KeyboardInterrupt,
    Exception,
    ArithmeticError,
    AssertionError,
    AttributeError,
    ImportError,
    ModuleNotFoundError,
    LookupError,
    IndexError,
    KeyError,
    MemoryError,
    NameError,
    OSError,
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    OverflowError,
    RuntimeError,
    /// `next()` on an exhausted iterator.
    StopIteration,
    NotImplementedError,
    RecursionError,
    SyntaxError,
    TypeError,
    ValueError,
    ZeroDivisionError,
    /// `json.JSONDecodeError`, a `ValueError`.
    JSONDecodeError,
    /// `re.error`: a pattern that does not compile.
    ReError,
    /// `pyspark.errors.PySparkAttributeError` (an `AttributeError`), as
    /// `writeStream.foreach(obj)` raises it for an object without `process`.
    PySparkAttributeError,
    /// `pyspark.errors.PySparkTypeError` (a `TypeError`), as `fillna([1])`
    /// and `withColumns([...])` raise it.
    PySparkTypeError,
    /// `pyspark.errors.PySparkValueError` (a `ValueError`), as `replace`
    /// with mixed types raises it.
    PySparkValueError,
    /// `awaitTermination()` of a query that failed (its foreachBatch raised).
    StreamingQueryException,
    /// PySpark's errors raised for the JVM's.
    AnalysisException,
    ParseException,
    IllegalArgumentException,
    IllegalStateException,
    /// Java's `java.io.IOException`, as `ssc.start()` raises it when the checkpointed
    /// graph cannot be written.
    IOException,
    /// `pyspark.errors.SparkRuntimeException`, e.g. `toTable` over a directory
    /// that exists (`[LOCATION_ALREADY_EXISTS]`).
    SparkRuntimeException,
}

impl ExcKind {
    /// The class name, as Python prints it.
    pub fn name(self) -> &'static str {
        use ExcKind::*;
        match self {
            BaseException => "BaseException",
            SystemExit => "SystemExit",
            KeyboardInterrupt => "KeyboardInterrupt",
            Exception => "Exception",
            ArithmeticError => "ArithmeticError",
            AssertionError => "AssertionError",
            AttributeError => "AttributeError",
            ImportError => "ImportError",
            ModuleNotFoundError => "ModuleNotFoundError",
            LookupError => "LookupError",
            IndexError => "IndexError",
            KeyError => "KeyError",
            MemoryError => "MemoryError",
            NameError => "NameError",
            OSError => "OSError",
            FileNotFoundError => "FileNotFoundError",
            FileExistsError => "FileExistsError",
            IsADirectoryError => "IsADirectoryError",
            NotADirectoryError => "NotADirectoryError",
            PermissionError => "PermissionError",
            OverflowError => "OverflowError",
            RuntimeError => "RuntimeError",
            StopIteration => "StopIteration",
            NotImplementedError => "NotImplementedError",
            RecursionError => "RecursionError",
            SyntaxError => "SyntaxError",
            TypeError => "TypeError",
            ValueError => "ValueError",
            ZeroDivisionError => "ZeroDivisionError",
            JSONDecodeError => "JSONDecodeError",
            ReError => "error",
            PySparkAttributeError => "PySparkAttributeError",
            PySparkTypeError => "PySparkTypeError",
            PySparkValueError => "PySparkValueError",
            StreamingQueryException => "StreamingQueryException",
            AnalysisException => "AnalysisException",
            ParseException => "ParseException",
            IllegalArgumentException => "IllegalArgumentException",
            IllegalStateException => "IllegalStateException",
            IOException => "IOException",
            SparkRuntimeException => "SparkRuntimeException",
        }
    }

    /// The name Python's traceback prints: the module-qualified name for
    /// the exceptions of the standard library (`re.error`,
    /// `json.decoder.JSONDecodeError`), else [`ExcKind::name`].
    pub fn qualified_name(self) -> &'static str {
        match self {
            ExcKind::ReError => "re.error",
            ExcKind::JSONDecodeError => "json.decoder.JSONDecodeError",
            k => k.name(),
        }
    }

    /// The class it derives from (`None` for `BaseException`).
    pub fn parent(self) -> Option<ExcKind> {
        use ExcKind::*;
        Some(match self {
            BaseException => return None,
            Exception | SystemExit | KeyboardInterrupt => BaseException,
            ZeroDivisionError | OverflowError => ArithmeticError,
            ModuleNotFoundError => ImportError,
            FileNotFoundError | FileExistsError | IsADirectoryError | NotADirectoryError
            | PermissionError => OSError,
            IndexError | KeyError => LookupError,
            JSONDecodeError => ValueError,
            PySparkAttributeError => AttributeError,
            PySparkTypeError => TypeError,
            PySparkValueError => ValueError,
            NotImplementedError | RecursionError => RuntimeError,
            // pyspark.errors: ParseException derives from AnalysisException.
            ParseException => AnalysisException,
            _ => Exception,
        })
    }

    /// Whether an exception of this class is caught by `except other`.
    pub fn is_a(self, other: ExcKind) -> bool {
        let mut k = Some(self);
        while let Some(c) = k {
            if c == other {
                return true;
            }
            k = c.parent();
        }
        false
    }
}

impl fmt::Display for ExcKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A Python exception raised while evaluating: its class name and message,
/// printed as Python prints it (`TypeError: unsupported operand ...`).
#[derive(Debug, Clone, PartialEq)]
pub struct Exc {
    pub kind: ExcKind,
    pub msg: String,
    /// Where in the program it was raised, when known.
    pub span: Option<Span>,
    /// Set when the exception escaped a function applied to a record in a batch:
    /// which function and which record, for the learner's error report.
    pub task: Option<Arc<TaskInfo>>,
    /// For `SystemExit`: the process exit status it asks for (`sys.exit(-1)`
    /// is 255, as on a Unix shell; `sys.exit("message")` is 1).
    pub exit_code: Option<i32>,
    /// The arguments of an exception a program created
    /// (`ValueError("bad", 3)`), for `e.args` and `repr(e)`; `None` for the
    /// exceptions streamlab raises itself, whose `args` is `(msg,)`.
    pub args: Option<ExcArgs>,
    /// The instance of a class the program defined (`class MyError(ValueError)`)
    /// when that is what was raised; `kind` is then its nearest builtin base,
    /// which `except ValueError` follows.
    /// Behind an `Arc`, so that every `Result<_, Exc>` stays small.
    pub user: Option<Arc<UserExc>>,
}

/// A raised instance of a program-defined exception class.
#[derive(Clone)]
pub struct UserExc {
    /// The class name, as the error report prints it (`MyError: ...`).
    pub class_name: Arc<str>,
    pub instance: Value,
}

impl PartialEq for UserExc {
    fn eq(&self, other: &Self) -> bool {
        self.class_name == other.class_name && super::ops::is_same(&self.instance, &other.instance)
    }
}

impl fmt::Debug for UserExc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.class_name)
    }
}

/// The arguments of an exception instance. Compared by `repr` (values have
/// no `PartialEq`), which is all an `Exc` comparison in a test needs.
#[derive(Clone)]
pub struct ExcArgs(pub Arc<Vec<Value>>);

impl PartialEq for ExcArgs {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || format!("{self:?}") == format!("{other:?}")
    }
}

impl fmt::Debug for ExcArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

/// The record-level context of an exception raised while a batch ran.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskInfo {
    /// The source text of the function that was applied (`lambda x: x + 1`).
    pub func_source: Option<String>,
    /// `repr()` of the record it was applied to.
    pub record: String,
}

impl Exc {
    pub fn new(kind: ExcKind, msg: impl Into<String>) -> Self {
        Exc {
            kind,
            msg: msg.into(),
            span: None,
            task: None,
            exit_code: None,
            args: None,
            user: None,
        }
    }
    /// The class name Python prints for it: a program-defined class's own
    /// name, else the builtin one.
    pub fn type_name(&self) -> &str {
        match &self.user {
            Some(u) => &u.class_name,
            None => self.kind.name(),
        }
    }
    pub fn type_error(msg: impl Into<String>) -> Self {
        Exc::new(ExcKind::TypeError, msg)
    }
    pub fn value_error(msg: impl Into<String>) -> Self {
        Exc::new(ExcKind::ValueError, msg)
    }
    pub fn index_error(msg: impl Into<String>) -> Self {
        Exc::new(ExcKind::IndexError, msg)
    }
    pub fn zero_div(msg: impl Into<String>) -> Self {
        Exc::new(ExcKind::ZeroDivisionError, msg)
    }
    pub fn attr_error(msg: impl Into<String>) -> Self {
        Exc::new(ExcKind::AttributeError, msg)
    }
    pub fn overflow(msg: impl Into<String>) -> Self {
        Exc::new(ExcKind::OverflowError, msg)
    }
    pub fn key_error(msg: impl Into<String>) -> Self {
        Exc::new(ExcKind::KeyError, msg)
    }
    /// `KeyError(key)`: the message is the key's repr, as Python's `str()`
    /// of a KeyError shows it, and `args` holds the key itself.
    pub fn key_error_of(key: Value) -> Self {
        let mut e = Exc::key_error(key.short_repr());
        e.args = Some(ExcArgs(Arc::new(vec![key])));
        e
    }
    /// Attach a span if none is set yet (the innermost location wins).
    pub fn at(mut self, span: Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }
}

impl fmt::Display for Exc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match &self.user {
            Some(u) => &*u.class_name,
            None => self.kind.qualified_name(),
        };
        if self.msg.is_empty() {
            write!(f, "{name}")
        } else {
            write!(f, "{name}: {}", self.msg)
        }
    }
}

impl std::error::Error for Exc {}

pub type PyResult<T = Value> = Result<T, Exc>;

/// Something that can be called: a compiled lambda or `def`, or a builtin.
pub trait Callable: Send + Sync {
    /// The name Python would show (`<lambda>` for lambdas).
    fn name(&self) -> &str;
    fn call(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult;
    /// Fast path for one positional argument (`map`, `filter`, ...).
    fn call1(&self, a: Value) -> PyResult {
        self.call(vec![a], Vec::new())
    }
    /// Fast path for two positional arguments (`reduceByKey`, ...).
    fn call2(&self, a: Value, b: Value) -> PyResult {
        self.call(vec![a, b], Vec::new())
    }
    /// Positional parameter count, as `func.__code__.co_argcount` gives it
    /// (None for builtins, which have no `__code__`).
    fn arg_count(&self) -> Option<usize> {
        None
    }
    /// The program text that defined it, for error reports.
    fn source(&self) -> Option<&str> {
        None
    }
    /// The values pickled with the function: defaults, captured variables and the
    /// module-level values its body reads (none for builtins).
    fn referenced_values(&self) -> Vec<Value> {
        Vec::new()
    }
    /// True for builtins (`len`, `sorted`, ...), which print as `<built-in function len>`.
    fn is_builtin(&self) -> bool {
        false
    }
    /// True for the functions a `def` or `lambda` made: found on a class
    /// through an instance, they are bound to it (builtins are not).
    fn binds_self(&self) -> bool {
        false
    }
    /// What it computes, when it is one of the lambdas the engine runs
    /// natively (see `lang::shape`).
    fn shape(&self) -> Option<&super::shape::Shape> {
        None
    }
}

/// A value defined outside the language core: an RDD, a DStream, a context.
pub trait Object: Send + Sync + Any {
    /// Python's type name, used in messages (`'RDD' object has no attribute ...`).
    fn type_name(&self) -> &str;
    fn repr(&self) -> String;
    /// Python's `str(obj)`; the repr unless the type prints differently.
    fn str(&self) -> String {
        self.repr()
    }
    /// `obj.name(args...)`.
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult;
    /// `obj.name` without a call (most objects only have methods).
    fn get_attr(&self, this: &Arc<dyn Object>, name: &str) -> PyResult {
        let _ = this;
        Err(Exc::attr_error(format!(
            "'{}' object has no attribute '{}'",
            self.type_name(),
            name
        )))
    }
    /// `obj.name = value`; None when the object takes no attributes (the
    /// assignment then fails with Python's AttributeError).
    fn set_attr(&self, this: &Arc<dyn Object>, name: &str, value: Value) -> Option<PyResult<()>> {
        let _ = (this, name, value);
        None
    }
    /// Python's `hash(obj)`, as `__hash__`; None for the default (by identity).
    fn hash(&self, this: &Arc<dyn Object>) -> Option<PyResult<i64>> {
        let _ = this;
        None
    }
    /// `len(obj)`, as `__len__`; None when the object has no length.
    fn py_len(&self, this: &Arc<dyn Object>) -> Option<PyResult<usize>> {
        let _ = this;
        None
    }
    /// `bool(obj)`, as `__bool__`/`__len__`; None for always true.
    fn py_bool(&self, this: &Arc<dyn Object>) -> Option<PyResult<bool>> {
        let _ = this;
        None
    }
    /// Calling the object itself (`SparkContext(...)` when the object is the class).
    fn call(&self, this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let _ = (this, args, kwargs);
        Err(Exc::type_error(format!(
            "'{}' object is not callable",
            self.type_name()
        )))
    }
    /// Names offered for "did you mean ...?" when an attribute is unknown.
    fn attr_names(&self) -> Vec<&'static str> {
        Vec::new()
    }
    /// Operator overloading, as Python's `__add__`/`__radd__`: `self <op> other`,
    /// or `other <op> self` when `reflected`. None when the object takes no part
    /// in arithmetic (the operator then fails with Python's TypeError). Used by
    /// DataFrame columns (`col("n") + 1`).
    fn binary_op(
        &self,
        this: &Arc<dyn Object>,
        op: super::ast::BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult> {
        let _ = (this, op, other, reflected);
        None
    }
    /// Rich comparison, as Python's `__lt__`, `__eq__`, ...: `self <op> other`
    /// (a reflected comparison arrives with the operator flipped). None for
    /// Python's default (identity for `==`, TypeError for `<`).
    fn compare_op(
        &self,
        this: &Arc<dyn Object>,
        op: super::ast::CmpOp,
        other: &Value,
    ) -> Option<PyResult> {
        let _ = (this, op, other);
        None
    }
    /// `-self`, as Python's `__neg__`.
    fn neg(&self, this: &Arc<dyn Object>) -> Option<PyResult> {
        let _ = this;
        None
    }
    /// `~self`, as Python's `__invert__`.
    fn invert(&self, this: &Arc<dyn Object>) -> Option<PyResult> {
        let _ = this;
        None
    }
    /// `self[index]`, as Python's `__getitem__`.
    fn subscript(&self, this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        let _ = (this, index);
        None
    }
    /// `self[index] = value`, as Python's `__setitem__`; None when the
    /// object does not support item assignment.
    fn set_item(
        &self,
        this: &Arc<dyn Object>,
        index: &Value,
        value: Value,
    ) -> Option<PyResult<()>> {
        let _ = (this, index, value);
        None
    }
    /// `item in self`, as Python's `__contains__`; None to fall back to
    /// iterating the object.
    fn contains(&self, this: &Arc<dyn Object>, item: &Value) -> Option<PyResult<bool>> {
        let _ = (this, item);
        None
    }
    /// The items `for x in self` goes through, as Python's `__iter__`
    /// (a file gives its remaining lines); None when it is not iterable.
    fn iterate(&self, this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        let _ = this;
        None
    }
    fn as_any(&self) -> &dyn Any;
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Arc::new(items))
    }
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(List::new(items))
    }
    pub fn dict(items: IndexMap<Key, Value>) -> Value {
        Value::Dict(Dict::new(items))
    }
    pub fn object<T: Object>(o: T) -> Value {
        Value::Object(Arc::new(o))
    }

    /// Python's type name: `int`, `str`, `tuple`, ... (used in error messages).
    pub fn type_name(&self) -> &str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(d) => d.kind.name(),
            Value::Set(s) => s.type_name(),
            Value::Range(..) => "range",
            Value::Iterable(_) => "ResultIterable",
            Value::Func(f) => {
                if f.is_builtin() {
                    "builtin_function_or_method"
                } else {
                    "function"
                }
            }
            Value::Object(o) => o.type_name(),
        }
    }

    /// The items of a tuple, a list or a ResultIterable.
    pub fn items(&self) -> Option<Items<'_>> {
        match self {
            Value::Tuple(v) | Value::Iterable(v) => Some(Items::Shared(v)),
            Value::List(l) => Some(Items::Locked(l.read())),
            _ => None,
        }
    }

    /// Downcast an [`Object`] value to a concrete type.
    pub fn downcast<T: 'static>(&self) -> Option<&T> {
        match self {
            Value::Object(o) => o.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr())
    }
}

/// A value used as a dict key or a shuffle key: hashes and compares with
/// Python's rules (`1 == 1.0 == True`). Construct with [`Key::new`], which
/// refuses unhashable values (lists, dicts) with Python's `TypeError` and
/// computes Python's hash once (`.1`), so maps and shuffles never hash twice.
#[derive(Clone, Debug)]
pub struct Key(pub Value, pub i64);
