//! Issue 15: Python classes in streamlab's language, run end to end with
//! `streamlab run`: the `class` statement (attributes, methods, single
//! inheritance, `super()`, `@staticmethod`/`@classmethod`/`@property`), the
//! dunder methods wherever values go (printing, dict and shuffle keys,
//! sorting, arithmetic, calls), program-defined exception classes, the
//! builtins around classes (`isinstance`, `type`, `getattr`, ...), instances
//! inside Spark functions, and the located messages for what is outside the
//! subset. Expected outputs are what CPython 3.11 prints for the same programs.

use assert_cmd::Command;

/// Run a program with `streamlab run` in a fresh directory: (exit code, stdout, stderr).
fn run(body: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("prog.py");
    std::fs::write(&p, body).expect("write program");
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .current_dir(dir.path())
        .arg("run")
        .arg(&p)
        .args(extra)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A program that must succeed; its standard output.
fn output(body: &str) -> String {
    let (code, out, err) = run(body, &[]);
    assert_eq!(code, 0, "{body}\nstdout:\n{out}\nstderr:\n{err}");
    out
}

/// A program that must fail; its error report (stderr).
fn error(body: &str) -> String {
    let (code, out, err) = run(body, &[]);
    assert_ne!(code, 0, "{body}\nstdout:\n{out}");
    err
}

/// The class statement: scoping of class bodies and methods (methods see
/// enclosing functions and globals, not class attributes), inheritance of
/// attributes, bound methods as values, `__eq__`/`__hash__` for dict keys and
/// `in`, and `__eq__` without `__hash__` making instances unhashable.
#[test]
fn issue_15_class_statement_scoping_inheritance_and_keys() {
    let want = r#"30 global class
Node(1) -> Node('a') -> Node(2.5)
['Square with 4 sides', 'Tri with 3 sides', 'Shape with 0 sides']
Shape with 0 sides
Square with 4 sides
['Square with 4 sides', 'Tri with 3 sides', 'Shape with 0 sides']
[1, 2]
Acc (<class 'object'>,) (<class '__main__.Shape'>,)
[('a', 2), ('b', 1)]
True False True
True False False False
unhashable type: 'V'
"#;
    assert_eq!(
        output(
            r#"RATE = 2
size = "global"


def make(factor):
    class Scaler:
        size = "class"

        def apply(self, x):
            return x * factor * RATE

        def which(self):
            return size

    return Scaler()


s = make(3)
print(s.apply(5), s.which(), s.size)


class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next

    def __repr__(self):
        if self.next is None:
            return "Node(%r)" % self.value
        return "Node(%r) -> %r" % (self.value, self.next)


print(Node(1, Node("a", Node(2.5))))


class Shape:
    sides = 0

    def describe(self):
        return "%s with %d sides" % (type(self).__name__, self.sides)


class Square(Shape):
    sides = 4


class Tri(Shape):
    sides = 3


shapes = [Square(), Tri(), Shape()]
print([sh.describe() for sh in shapes])
print(sorted(shapes, key=lambda sh: sh.sides)[0].describe())
f = Square().describe
print(f())
print(list(map(Shape.describe, shapes)))


class Acc:
    def __init__(self):
        self.items = []

    def add(self, x):
        self.items.append(x)
        return self


print(Acc().add(1).add(2).items)
print(Acc.__name__, Shape.__bases__, Square.__bases__)


class K:
    def __init__(self, k):
        self.k = k

    def __eq__(self, o):
        return self.k == o.k

    def __hash__(self):
        return hash(self.k)


d = {}
for w in ["a", "b", "a"]:
    d[K(w)] = d.get(K(w), 0) + 1
print(sorted((k.k, v) for k, v in d.items()))
print(K("a") in [K("b"), K("a")], K("z") in d, hash(K(3)) == hash(3))


class V:
    def __eq__(self, o):
        return isinstance(o, V)


print(V() == V(), V() != V(), V() == 1, 1 == V())
x = V()
try:
    print(hash(x))
except TypeError as e:
    print(e)
"#
        ),
        want
    );
}

/// Properties with setters, `__str__` in print/str/format/%, `__len__`,
/// `__contains__`, `__getitem__`, `__call__`, arithmetic dunders (reflected
/// ones through `sum`), comparisons falling back to TypeError, class
/// attributes changed through the class, `super()` in an overriding method,
/// exception subclasses with `__str__`, bare `raise`, and `type`/`isinstance`/
/// `issubclass`/`getattr`/`hasattr` on builtin and program types.
#[test]
fn issue_15_dunder_methods_exceptions_and_type_builtins() {
    let want = r#"25 25.0 C 25.0 C 25.0 C / 1 25.0 C!
<__main__.Temp object at 0
error: too cold
3 True False 3 [3, 1] True False
Money(12) Money(3) Money(6) Money(-4) True True
'<' not supported between instances of 'Money' and 'Money'
'<' not supported between instances of 'Money' and 'int'
2 1 2 2
base C! base B True False
DbError db failed: timeout ('timeout',) True True
AppError ('x', 1) ('x', 1) True True
KeyError 'k' ('k',) False True
reraised DbError('inner')
3 2.5
['int', 'float', 'str', 'list', 'dict', 'tuple', 'NoneType', 'bool', 'range', 'builtin_function_or_method', 'type']
True True True True
2 False Child DbError
{'x': 1}
"#;
    assert_eq!(
        output(
            r#"class Temp:
    def __init__(self, c):
        self._c = c

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, v):
        if v < -273:
            raise ValueError("too cold")
        self._c = v

    def __str__(self):
        return "%.1f C" % self._c


t = Temp(20)
t.celsius = 25
print(t.celsius, t, str(t), "{} / {}".format(t, 1), "%s!" % t)
print(repr(t)[:26])
try:
    t.celsius = -300
except ValueError as e:
    print("error:", e)


class Seq:
    def __init__(self, items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __contains__(self, x):
        return x in self.items

    def __getitem__(self, i):
        return self.items[i]

    def __call__(self, n):
        return self.items[:n]


s = Seq([3, 1, 2])
print(len(s), 2 in s, 5 in s, s[0], s(2), bool(s), bool(Seq([])))


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, int):
            return Money(self.cents + other)
        return Money(self.cents + other.cents)

    def __radd__(self, other):
        return self.__add__(other)

    def __mul__(self, k):
        return Money(self.cents * k)

    def __neg__(self):
        return Money(-self.cents)

    def __le__(self, other):
        return self.cents <= other.cents

    def __repr__(self):
        return "Money(%d)" % self.cents


print(Money(5) + Money(7), sum([Money(1), Money(2)]), Money(3) * 2, -Money(4), Money(1) <= Money(2), Money(3) >= Money(2))
items = [Money(3), Money(1)]
try:
    sorted(items)
except TypeError as e:
    print(e)
try:
    Money(1) < 3
except TypeError as e:
    print(e)


class Counter:
    count = 0

    def __init__(self):
        Counter.count += 1
        self.id = Counter.count


a, b = Counter(), Counter()
print(Counter.count, a.id, b.id, a.count)


class Base:
    def hello(self):
        return "base " + self.name()

    def name(self):
        return "B"


class Child(Base):
    def name(self):
        return "C"

    def hello(self):
        return super().hello() + "!"


print(Child().hello(), Base().hello(), type(Child()) == Child, type(Child()) is Base)


class AppError(Exception):
    pass


class DbError(AppError):
    def __str__(self):
        return "db failed: " + self.args[0]


for exc in [DbError("timeout"), AppError("x", 1), KeyError("k")]:
    try:
        raise exc
    except (KeyError, AppError) as e:
        print(type(e).__name__, str(e), e.args, isinstance(e, AppError), isinstance(e, Exception))
try:
    try:
        raise DbError("inner")
    except DbError:
        raise
except AppError as e:
    print("reraised", repr(e))


def check(x):
    if not isinstance(x, (int, float)) or isinstance(x, bool):
        raise TypeError("not a number: %r" % (x,))
    return x


print(check(3), check(2.5))
print([type(v).__name__ for v in [1, 1.5, "s", [], {}, (), None, True, range(3), len, Counter]])
print(issubclass(bool, int), issubclass(DbError, Exception), issubclass(KeyError, LookupError), issubclass(Child, object))
print(getattr(Counter, "count"), hasattr(Counter, "nope"), Child.__name__, DbError.__name__)
class Empty:
    pass
e = Empty()
e.x = 1
print(e.__dict__)
"#
        ),
        want
    );
}

/// Instances print as CPython's `<__main__.Name object at 0x...>`, with a
/// fake address that differs between instances (a creation number), and
/// `__repr__`/`__str__` are used inside containers.
#[test]
fn issue_15_default_repr_and_repr_in_containers() {
    let out = output(
        r#"class Plain:
    pass


class Named:
    def __init__(self, n):
        self.n = n

    def __repr__(self):
        return "Named(%r)" % self.n


a, b = Plain(), Plain()
print(repr(a))
print(str(b))
print(repr(a) == str(a), repr(a) != repr(b), a == a, a == b, a is a)
print([Named(1), (Named("x"),), {"k": Named(None)}])
print(Plain, Named, type(a))
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    for l in &lines[..2] {
        let addr = l
            .strip_prefix("<__main__.Plain object at 0x")
            .and_then(|s| s.strip_suffix('>'))
            .unwrap_or_else(|| panic!("not a default repr: {l}"));
        assert!(u64::from_str_radix(addr, 16).is_ok(), "{l}");
    }
    assert_eq!(
        &lines[2..],
        [
            "True True True False True",
            "[Named(1), (Named('x'),), {'k': Named(None)}]",
            "<class '__main__.Plain'> <class '__main__.Named'> <class '__main__.Plain'>",
        ]
    );
}

/// Program-defined exceptions: raised and caught by their own class, a base
/// class or a builtin base, `e.args`, attributes set by `__init__`, and an
/// uncaught one reported with its class name and where it was raised.
#[test]
fn issue_15_user_exception_classes() {
    let out = output(
        r#"class AppError(Exception):
    pass


class Invalid(AppError, ):
    def __init__(self, field, value):
        super().__init__("invalid %s: %r" % (field, value))
        self.field = field


class Missing(KeyError):
    pass


def check(rec):
    if "id" not in rec:
        raise Missing("id")
    if rec["id"] < 0:
        raise Invalid("id", rec["id"])
    return rec["id"]


for rec in [{"id": 1}, {"id": -2}, {}]:
    try:
        print("ok", check(rec))
    except AppError as e:
        print("app:", e, e.args, e.field, repr(e))
    except LookupError as e:
        print("lookup:", e, type(e).__name__, isinstance(e, Missing))
try:
    raise AppError
except Exception as e:
    print(repr(e), str(e) == "", e.args)
try:
    try:
        raise Invalid("x", 1)
    except ValueError:
        print("not here")
except (TypeError, AppError) as e:
    print("tuple:", e.field)
class NotAnError:
    pass
try:
    raise NotAnError()
except TypeError as e:
    print(e)
"#,
    );
    assert_eq!(
        out,
        "ok 1\n\
         app: invalid id: -2 ('invalid id: -2',) id Invalid('invalid id: -2')\n\
         lookup: 'id' Missing True\n\
         AppError() True ()\n\
         tuple: x\n\
         exceptions must derive from BaseException\n"
    );
    let err = error(
        "class Boom(RuntimeError):\n    pass\n\n\ndef f(x):\n    raise Boom('bad value %d' % x)\n\n\nf(3)\n",
    );
    assert!(err.contains("error: Boom: bad value 3"), "{err}");
    assert!(err.contains("prog.py:6:5"), "{err}");
}

/// A failing `__repr__` is not swallowed by print: its exception is raised
/// where the value is printed, located in the method.
#[test]
fn issue_15_repr_exceptions_propagate() {
    let err = error("class A:\n    def __repr__(self):\n        return 1 / 0\n\n\nprint([A()])\n");
    assert!(err.contains("ZeroDivisionError: division by zero"), "{err}");
    assert!(err.contains("prog.py:3:16"), "{err}");
    let err = error("class A:\n    def __str__(self):\n        return 3\n\n\nprint(str(A()))\n");
    assert!(
        err.contains("TypeError: __str__ returned non-string (type int)"),
        "{err}"
    );
}

/// What classes can do that the subset does not have gets a located
/// message naming it.
#[test]
fn issue_15_outside_the_subset_is_named_with_its_location() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "class A(metaclass=type):\n    pass\n",
            "metaclasses ('metaclass=...') are not supported in streamlab's Python subset",
            "prog.py:1:9",
        ),
        (
            "class A:\n    pass\nclass B:\n    pass\nclass C(A, B):\n    pass\n",
            "multiple inheritance (a class with more than one base) is not supported",
            "prog.py:5:12",
        ),
        (
            "class A:\n    __slots__ = ('x',)\n",
            "'__slots__' is not supported in streamlab's Python subset",
            "prog.py:2:5",
        ),
        (
            "class A(dict):\n    pass\n",
            "subclassing the builtin type 'dict' is not supported",
            "prog.py:1:9",
        ),
        (
            "class A:\n    def m(self):\n        return 1\n    return 2\n",
            "SyntaxError: 'return' outside function",
            "prog.py:4:5",
        ),
        (
            "class A:\n    def __init__(self):\n        pass\n\n    def __iter__(self):\n        return self\n",
            "the special method '__iter__' is not supported in streamlab's Python subset",
            "prog.py:5:9",
        ),
        (
            "@staticmethod\nx = 1\n",
            "a decorator must be followed by a 'def' or a 'class'",
            "prog.py:1:2",
        ),
    ];
    for (prog, msg, at) in cases {
        let err = error(prog);
        assert!(err.contains(msg), "{prog}\n{err}");
        assert!(err.contains(at), "{prog}\n{err}");
        assert!(!err.contains("panicked"), "{prog}\n{err}");
    }
}

/// Instances inside Spark functions: a `map` building instances printed by
/// `pprint` through `__repr__`, `reduceByKey` over keys with
/// `__eq__`/`__hash__` (equal keys from different records meet), `sortBy`
/// through `__lt__`, and `foreachRDD` with a bound method taking
/// `(self, time, rdd)` as PySpark calls it.
#[test]
fn issue_15_instances_in_streaming_functions() {
    let (code, out, err) = run(
        r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext


class Word:
    def __init__(self, text):
        self.text = text.lower()

    def __eq__(self, other):
        return self.text == other.text

    def __hash__(self):
        return hash(self.text)

    def __lt__(self, other):
        return self.text < other.text

    def __repr__(self):
        return "Word(%s)" % self.text


class Collector:
    def __init__(self):
        self.sizes = []

    def take(self, time, rdd):
        self.sizes.append(rdd.count())
        print("sizes", self.sizes)


sc = SparkContext("local[2]", "Words")
ssc = StreamingContext(sc, 1)
words = ssc.queueStream([["b A a", "B c"], ["c"]]).flatMap(lambda l: l.split()).map(Word)
words.map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b).transform(lambda rdd: rdd.sortBy(lambda kv: kv[0])).pprint()
collector = Collector()
words.foreachRDD(collector.take)
ssc.start()
ssc.awaitTermination()
"#,
        &["--batches", "2"],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with("---") && !l.starts_with("Time:") && !l.is_empty())
        .collect();
    assert_eq!(
        lines,
        [
            "(Word(a), 2)",
            "(Word(b), 2)",
            "(Word(c), 1)",
            "sizes [5]",
            "(Word(c), 1)",
            "sizes [5, 1]",
        ]
    );
}

/// `type()` of builtin values and builtin exceptions gives the very class
/// objects the names stand for (`is` holds, as in Python), usable as dict keys.
#[test]
fn issue_15_builtin_types_and_exception_classes_are_single_objects() {
    let out = output(
        r#"try:
    int("x")
except ValueError as e:
    print(type(e) == ValueError, type(e) is ValueError, type(e).__name__, type(e), isinstance(e, Exception))
print({ValueError: 1}[ValueError], KeyError != ValueError, IOError is OSError)
print(type(3) is int, type(3.0) is float, type("") is str, type([]) is list, type(True) is bool)
print(int("7") + 1, list(map(str, [1, 2])), sorted(["b", "A"]))
print(int, str, object, type)
"#,
    );
    assert_eq!(
        out,
        "True True ValueError <class 'ValueError'> True\n\
         1 True True\n\
         True True True True True\n\
         8 ['1', '2'] ['A', 'b']\n\
         <class 'int'> <class 'str'> <class 'object'> <class 'type'>\n"
    );
}

/// `pprint` prints `str(record)` as PySpark does (`__str__` for an instance,
/// `__repr__` inside a tuple), and a `__repr__` that raises fails the batch
/// with the method's exception and location instead of printing something.
#[test]
fn issue_15_pprint_uses_str_and_repr_errors_fail_the_batch() {
    let prog = r#"from pyspark import SparkContext
from pyspark.streaming import StreamingContext


class R:
    def __init__(self, v):
        self.v = v

    def __str__(self):
        return "str%d" % self.v

    def __repr__(self):
        return "R(%d)" % (10 // self.v)


sc = SparkContext("local[2]", "P")
ssc = StreamingContext(sc, 1)
s = ssc.queueStream([[1, 2], [0]]).map(R)
s.pprint()
s.map(lambda r: (r, 1)).pprint()
ssc.start()
ssc.awaitTermination()
"#;
    let (code, out, err) = run(prog, &["--batches", "2"]);
    assert_eq!(code, 1, "{out}\n{err}");
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with("---") && !l.starts_with("Time:") && !l.is_empty())
        .collect();
    assert_eq!(lines, ["str1", "str2", "(R(10), 1)", "(R(5), 1)", "str0"]);
    assert!(
        err.contains("ZeroDivisionError: integer division or modulo by zero")
            && err.contains("prog.py:13:27"),
        "{err}"
    );
}

/// The REPL waits for the body of a `class` and for the `def` after a
/// decorator, and runs a class typed over several lines.
#[test]
fn issue_15_repl_continues_class_and_decorator_lines() {
    use streamlab::lang::parse::is_incomplete;
    assert!(is_incomplete("class A:"));
    assert!(is_incomplete("class A(Base):\n    x = 1"));
    assert!(is_incomplete("@staticmethod"));
    assert!(!is_incomplete("class A:\n    x = 1\n\n"));
    assert!(!is_incomplete("class A: pass"));
}

/// Methods are named `Class.method` (Python's qualified name) in argument
/// errors, and a class without `__init__` takes no arguments.
#[test]
fn issue_15_method_argument_errors_name_the_class() {
    let out = output(
        r#"class A:
    def m(self, x):
        return x


a = A()
for call in [lambda: a.m(), lambda: a.m(1, 2), lambda: A(3), lambda: a.nope()]:
    try:
        call()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
"#,
    );
    assert_eq!(
        out,
        "TypeError A.m() missing 1 required positional argument: 'x'\n\
         TypeError A.m() takes 2 positional arguments but 3 were given\n\
         TypeError A() takes no arguments\n\
         AttributeError 'A' object has no attribute 'nope'\n"
    );
}

/// A class with `__enter__`/`__exit__` is a context manager for `with`
/// (`__exit__` gets the exception's class and may suppress it), and a
/// subclass of SystemExit exits with its status.
#[test]
fn issue_15_context_manager_class_and_system_exit_subclass() {
    let (code, out, err) = run(
        r#"class Timer:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, typ, value, tb):
        print("exit", self.name, typ, value)
        return typ is not None and issubclass(typ, KeyError)


with Timer("a") as t:
    print("inside", t.name)
with Timer("b"):
    raise KeyError("k")
print("after")


class Stop(SystemExit):
    pass


raise Stop(3)
"#,
        &[],
    );
    assert_eq!(code, 3, "{err}");
    assert_eq!(
        out,
        "enter a\ninside a\nexit a None None\nenter b\nexit b <class 'KeyError'> 'k'\nafter\n"
    );
}
